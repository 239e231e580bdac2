// Binding of the Kubernetes Quantity library (quantity.go).
#include "cel/common/errors.h"
#include "cel/lib/k8s/k8s_lib.h"
#include "cel/lib/k8s/values.h"
#include "value/result.h"

namespace kro::cel::lib {

using A = std::span<const Value>;
using k8s::Quantity;
using k8s::quantity_of;

namespace {

ParamKind quantity_kind() { return ParamKind::opaque_type(std::string(k8s::kQuantityType)); }
ParamKind str_kind() { return ParamKind::of(Kind::kString); }
ParamKind int_kind() { return ParamKind::of(Kind::kInt); }

Value wrap(const Result<Quantity>& r) {
  if (!r.ok()) return Value::error(r.error().message);
  return k8s::make_quantity(*r);
}

}  // namespace

Status register_k8s_quantity(FunctionRegistry& reg) {
  KRO_RETURN_IF_ERROR(reg.add_global("quantity", "string_to_quantity", {str_kind()},
                                     [](A a) { return wrap(Quantity::parse(a[0].as_string())); }));
  KRO_RETURN_IF_ERROR(reg.add_global("isQuantity", "is_quantity_string", {str_kind()}, [](A a) {
    return Value::boolean(Quantity::parse(a[0].as_string()).ok());
  }));
  KRO_RETURN_IF_ERROR(reg.add_global("sign", "quantity_sign", {quantity_kind()}, [](A a) {
    return Value::integer(quantity_of(a[0])->sign());
  }));
  struct Cmp {
    const char* name;
    const char* id;
    int want;  // 2: return the comparison itself
  };
  for (const Cmp& c : {Cmp{"isGreaterThan", "quantity_is_greater_than", 1},
                       Cmp{"isLessThan", "quantity_is_less_than", -1},
                       Cmp{"compareTo", "quantity_compare_to", 2}}) {
    const int want = c.want;
    KRO_RETURN_IF_ERROR(
        reg.add_receiver(c.name, c.id, {quantity_kind(), quantity_kind()}, [want](A a) {
          const int r = quantity_of(a[0])->compare(*quantity_of(a[1]));
          return want == 2 ? Value::integer(r) : Value::boolean(r == want);
        }));
  }
  KRO_RETURN_IF_ERROR(
      reg.add_receiver("asApproximateFloat", "quantity_get_float", {quantity_kind()},
                       [](A a) { return Value::dbl(quantity_of(a[0])->as_approximate_float()); }));
  KRO_RETURN_IF_ERROR(reg.add_receiver("asInteger", "quantity_get_int", {quantity_kind()}, [](A a) {
    int64_t v = 0;
    if (!quantity_of(a[0])->as_int64(&v)) return Value::error("cannot convert value to integer");
    return Value::integer(v);
  }));
  KRO_RETURN_IF_ERROR(
      reg.add_receiver("isInteger", "quantity_is_integer", {quantity_kind()}, [](A a) {
        int64_t v = 0;
        return Value::boolean(quantity_of(a[0])->as_int64(&v));
      }));
  for (bool add : {true, false}) {
    const std::string name = add ? "add" : "sub";
    KRO_RETURN_IF_ERROR(
        reg.add_receiver(name, "quantity_" + name, {quantity_kind(), quantity_kind()}, [add](A a) {
          const Quantity& x = *quantity_of(a[0]);
          const Quantity& y = *quantity_of(a[1]);
          return wrap(add ? x.add(y) : x.sub(y));
        }));
    KRO_RETURN_IF_ERROR(reg.add_receiver(
        name, "quantity_" + name + "_int", {quantity_kind(), int_kind()}, [add](A a) {
          const Quantity& x = *quantity_of(a[0]);
          const Quantity y =
              Quantity::from_int(a[1].as_int(), k8s::QuantityFormat::kDecimalExponent);
          return wrap(add ? x.add(y) : x.sub(y));
        }));
  }
  return {};
}

}  // namespace kro::cel::lib

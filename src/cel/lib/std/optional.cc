#include "cel/common/time.h"
#include "cel/internal/std_lib_shorthands.h"
#include "cel/lib/std/std_lib.h"
#include "value/result.h"

namespace kro::cel::lib {

using detail::dyn;
using detail::param_kind;
using A = std::span<const Value>;

namespace {

// optional.ofNonZeroValue: none for the zero value of the argument's type, as cel-go's
// traits.Zeroer defines it. Types without a Zeroer in cel-go (optionals, types, opaque values
// such as IPs and quantities) are never zero.
bool is_zero_value(const Value& v) {
  switch (v.kind()) {
    case Kind::kNull:
      return true;
    case Kind::kBool:
      return !v.as_bool();
    case Kind::kInt:
      return v.as_int() == 0;
    case Kind::kUint:
      return v.as_uint() == 0;
    case Kind::kDouble:
      return v.as_double() == 0;
    case Kind::kString:
    case Kind::kBytes:
      return v.as_string().empty();
    case Kind::kList:
      return v.list_size() == 0;
    case Kind::kMap:
      return v.map_size() == 0;
    case Kind::kTimestamp:
      // Go's zero time.Time, 0001-01-01T00:00:00Z, not the Unix epoch.
      return v.as_timestamp() == Timestamp{kMinTimestampSeconds, 0};
    case Kind::kDuration:
      return v.as_duration().nanos == 0;
    default:
      return false;
  }
}

Value unwrap_list(const Value& list) {
  std::vector<Value> out;
  for (std::size_t i = 0, n = list.list_size(); i < n; ++i) {
    Value e = list.list_at(i);
    if (!e.is(Kind::kOptional)) return errors::no_such_overload();
    if (e.optional_has_value()) out.push_back(e.optional_value());
  }
  return Value::list(std::move(out));
}

}  // namespace

Status register_optional_functions(FunctionRegistry& reg) {
  const Kind O = Kind::kOptional;
  KRO_RETURN_IF_ERROR(reg.add_global("optional.of", "optional_of", {dyn()},
                                     [](A a) { return Value::optional_of(a[0]); }));
  KRO_RETURN_IF_ERROR(reg.add_global(
      "optional.ofNonZeroValue", "optional_ofNonZeroValue", {dyn()},
      [](A a) { return is_zero_value(a[0]) ? Value::optional_none() : Value::optional_of(a[0]); }));
  KRO_RETURN_IF_ERROR(reg.add_global("optional.none", "optional_none", {},
                                     [](A) { return Value::optional_none(); }));
  KRO_RETURN_IF_ERROR(reg.add_receiver("value", "optional_value", {param_kind(O)}, [](A a) {
    if (!a[0].optional_has_value()) return Value::error("optional.none() dereference");
    return a[0].optional_value();
  }));
  KRO_RETURN_IF_ERROR(reg.add_receiver("hasValue", "optional_hasValue", {param_kind(O)}, [](A a) {
    return Value::boolean(a[0].optional_has_value());
  }));
  // or/orValue are lazy in cel-go (the alternative is evaluated only when needed).
  Overload or_opt;
  or_opt.id = "optional_or_optional";
  or_opt.receiver = true;
  or_opt.params = {param_kind(O), param_kind(O)};
  or_opt.lazy = [](const LazyArgs& args) {
    Value self = args.eval(0);
    if (self.is_error_or_unknown()) return self;
    if (!self.is(Kind::kOptional)) return errors::no_such_overload();
    if (self.optional_has_value()) return self;
    Value alt = args.eval(1);
    if (alt.is_error_or_unknown() || alt.is(Kind::kOptional)) return alt;
    return errors::no_such_overload();
  };
  KRO_RETURN_IF_ERROR(reg.add("or", or_opt));
  Overload or_value;
  or_value.id = "optional_orValue_value";
  or_value.receiver = true;
  or_value.params = {param_kind(O), dyn()};
  or_value.lazy = [](const LazyArgs& args) {
    Value self = args.eval(0);
    if (self.is_error_or_unknown()) return self;
    if (!self.is(Kind::kOptional)) return errors::no_such_overload();
    if (self.optional_has_value()) return std::move(self).optional_value();
    return args.eval(1);
  };
  KRO_RETURN_IF_ERROR(reg.add("orValue", or_value));
  KRO_RETURN_IF_ERROR(reg.add_global("optional.unwrap", "optional_unwrap_list",
                                     {param_kind(Kind::kList)},
                                     [](A a) { return unwrap_list(a[0]); }));
  KRO_RETURN_IF_ERROR(reg.add_receiver("unwrapOpt", "list_unwrapOpt", {param_kind(Kind::kList)},
                                       [](A a) { return unwrap_list(a[0]); }));
  KRO_RETURN_IF_ERROR(reg.add_receiver("first", "list_first", {param_kind(Kind::kList)}, [](A a) {
    if (a[0].list_size() == 0) return Value::optional_none();
    return Value::optional_of(a[0].list_at(0));
  }));
  KRO_RETURN_IF_ERROR(reg.add_receiver("last", "list_last", {param_kind(Kind::kList)}, [](A a) {
    std::size_t n = a[0].list_size();
    if (n == 0) return Value::optional_none();
    return Value::optional_of(a[0].list_at(n - 1));
  }));
  return {};
}

}  // namespace kro::cel::lib

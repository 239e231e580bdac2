// Binding of the Kubernetes Lists library (lists.go): isSorted, sum, min, max, indexOf,
// lastIndexOf. Elements are compared and added with CEL's own operators, so every element kind
// the checker admits (int, uint, double, bool, string, bytes, timestamp, duration) works.
#include "cel/common/errors.h"
#include "cel/lib/k8s/k8s_lib.h"
#include "value/result.h"

namespace kro::cel::lib {

using A = std::span<const Value>;

namespace {

ParamKind list_kind() { return ParamKind::of(Kind::kList); }

// CEL `+` for the summable kinds; nullopt-like error value otherwise.
Value add_values(const Value& a, const Value& b) {
  if (a.kind() != b.kind()) return errors::no_such_overload();
  switch (a.kind()) {
    case Kind::kInt: {
      int64_t r = 0;
      if (__builtin_add_overflow(a.as_int(), b.as_int(), &r)) return errors::int_overflow();
      return Value::integer(r);
    }
    case Kind::kUint: {
      uint64_t r = 0;
      if (__builtin_add_overflow(a.as_uint(), b.as_uint(), &r)) return errors::uint_overflow();
      return Value::uinteger(r);
    }
    case Kind::kDouble:
      return Value::dbl(a.as_double() + b.as_double());
    case Kind::kDuration: {
      auto r = add(a.as_duration(), b.as_duration());
      return r.ok() ? Value::duration(*r) : Value::error(r.error().message);
    }
    default:
      return errors::no_such_overload();
  }
}

Value extreme(const Value& list, const char* name, int prefer) {
  const std::size_t n = list.list_size();
  if (n == 0) return Value::error(std::string(name) + " called on empty list");
  Value best = list.list_at(0);
  for (std::size_t i = 1; i < n; i++) {
    Value next = list.list_at(i);
    auto c = compare(best, next);
    if (!c) return errors::no_such_overload();
    if (*c == prefer) best = std::move(next);
  }
  return best;
}

}  // namespace

Status register_k8s_lists(FunctionRegistry& reg) {
  KRO_RETURN_IF_ERROR(
      reg.add_receiver("isSorted", "list_int_is_sorted_bool", {list_kind()}, [](A a) {
        const std::size_t n = a[0].list_size();
        for (std::size_t i = 1; i < n; i++) {
          auto c = compare(a[0].list_at(i - 1), a[0].list_at(i));
          if (!c) return errors::no_such_overload();
          if (*c == 1) return Value::boolean(false);
        }
        return Value::boolean(true);
      }));
  KRO_RETURN_IF_ERROR(reg.add_receiver("sum", "list_int_sum_int", {list_kind()}, [](A a) {
    const std::size_t n = a[0].list_size();
    // The checker's element type picks the zero in Kubernetes; at run time an empty list has
    // none, and int is what `[].sum()` and list(int) give.
    if (n == 0) return Value::integer(0);
    Value acc = a[0].list_at(0);
    for (std::size_t i = 1; i < n; i++) {
      acc = add_values(acc, a[0].list_at(i));
      if (acc.is_error()) return acc;
    }
    return acc;
  }));
  KRO_RETURN_IF_ERROR(reg.add_receiver("min", "list_int_min_int", {list_kind()},
                                       [](A a) { return extreme(a[0], "min", 1); }));
  KRO_RETURN_IF_ERROR(reg.add_receiver("max", "list_int_max_int", {list_kind()},
                                       [](A a) { return extreme(a[0], "max", -1); }));
  KRO_RETURN_IF_ERROR(
      reg.add_receiver("indexOf", "list_a_index_of_int", {list_kind(), ParamKind::dyn()}, [](A a) {
        const std::size_t n = a[0].list_size();
        for (std::size_t i = 0; i < n; i++) {
          if (equal_values(a[0].list_at(i), a[1])) return Value::integer(static_cast<int64_t>(i));
        }
        return Value::integer(-1);
      }));
  return reg.add_receiver("lastIndexOf", "list_a_last_index_of_int",
                          {list_kind(), ParamKind::dyn()}, [](A a) {
                            for (std::size_t i = a[0].list_size(); i > 0; i--) {
                              if (equal_values(a[0].list_at(i - 1), a[1])) {
                                return Value::integer(static_cast<int64_t>(i - 1));
                              }
                            }
                            return Value::integer(-1);
                          });
}

}  // namespace kro::cel::lib

#include "cel/internal/std_lib_shorthands.h"
#include "cel/lib/std/std_lib.h"
#include "value/result.h"

namespace kro::cel::lib {

using detail::dyn;
using detail::param_kind;
using A = std::span<const Value>;

namespace {

std::string_view id_kind(Kind k) {
  switch (k) {
    case Kind::kBool:
      return "bool";
    case Kind::kInt:
      return "int64";
    case Kind::kUint:
      return "uint64";
    case Kind::kDouble:
      return "double";
    case Kind::kString:
      return "string";
    case Kind::kBytes:
      return "bytes";
    case Kind::kTimestamp:
      return "timestamp";
    case Kind::kDuration:
      return "duration";
    default:
      return "dyn";
  }
}

template <typename Pred>
Status add_ordering(FunctionRegistry& reg, std::string_view fn, std::string_view prefix,
                    Pred pred) {
  auto impl = [pred](A a) -> Value {
    auto c = compare(a[0], a[1]);
    if (!c) {
      // NaN against a number is simply false; other pairs have no overload.
      auto num = [](Kind k) { return k == Kind::kInt || k == Kind::kUint || k == Kind::kDouble; };
      if (num(a[0].kind()) && num(a[1].kind())) {
        return Value::boolean(false);
      }
      return errors::no_such_overload();
    }
    return Value::boolean(pred(*c));
  };
  const Kind same[] = {Kind::kBool,   Kind::kInt,   Kind::kUint,      Kind::kDouble,
                       Kind::kString, Kind::kBytes, Kind::kTimestamp, Kind::kDuration};
  for (Kind k : same) {
    KRO_RETURN_IF_ERROR(reg.add_global(fn, std::string(prefix) + "_" + std::string(id_kind(k)),
                                       {param_kind(k), param_kind(k)}, impl));
  }
  const Kind nums[] = {Kind::kInt, Kind::kUint, Kind::kDouble};
  for (Kind x : nums) {
    for (Kind y : nums) {
      if (x == y) continue;
      KRO_RETURN_IF_ERROR(reg.add_global(
          fn, std::string(prefix) + "_" + std::string(id_kind(x)) + "_" + std::string(id_kind(y)),
          {param_kind(x), param_kind(y)}, impl));
    }
  }
  return {};
}

// cel-go's `==` calls the left operand's Equal, which for some library types rejects another
// type instead of answering false.
bool equality_rejected(const Value& lhs, const Value& rhs) {
  if (!lhs.is(Kind::kOpaque) || rhs.is(Kind::kNull)) return false;
  const OpaqueValue& l = lhs.as_opaque();
  if (!l.equality_needs_same_type()) return false;
  return !rhs.is(Kind::kOpaque) || rhs.as_opaque().type_name() != l.type_name();
}

}  // namespace

Status register_comparisons(FunctionRegistry& reg) {
  KRO_RETURN_IF_ERROR(reg.add_global("_==_", "equals", {dyn(), dyn()}, [](A a) {
    if (equality_rejected(a[0], a[1])) return errors::no_such_overload();
    return Value::boolean(equal_values(a[0], a[1]));
  }));
  KRO_RETURN_IF_ERROR(reg.add_global("_!=_", "not_equals", {dyn(), dyn()}, [](A a) {
    return Value::boolean(!equal_values(a[0], a[1]));
  }));
  KRO_RETURN_IF_ERROR(add_ordering(reg, "_<_", "less", [](int c) { return c < 0; }));
  KRO_RETURN_IF_ERROR(add_ordering(reg, "_<=_", "less_equals", [](int c) { return c <= 0; }));
  KRO_RETURN_IF_ERROR(add_ordering(reg, "_>_", "greater", [](int c) { return c > 0; }));
  KRO_RETURN_IF_ERROR(add_ordering(reg, "_>=_", "greater_equals", [](int c) { return c >= 0; }));
  return {};
}

}  // namespace kro::cel::lib

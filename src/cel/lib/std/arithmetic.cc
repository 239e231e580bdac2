#include <cmath>
#include <limits>

#include "cel/internal/std_lib_shorthands.h"
#include "cel/lib/std/std_lib.h"
#include "value/result.h"

namespace kro::cel::lib {

using detail::param_kind;
using A = std::span<const Value>;

namespace {

Value int_add(A a) {
  int64_t r = 0;
  if (__builtin_add_overflow(a[0].as_int(), a[1].as_int(), &r)) return errors::int_overflow();
  return Value::integer(r);
}
Value int_sub(A a) {
  int64_t r = 0;
  if (__builtin_sub_overflow(a[0].as_int(), a[1].as_int(), &r)) return errors::int_overflow();
  return Value::integer(r);
}
Value int_mul(A a) {
  int64_t r = 0;
  if (__builtin_mul_overflow(a[0].as_int(), a[1].as_int(), &r)) return errors::int_overflow();
  return Value::integer(r);
}
Value int_div(A a) {
  int64_t x = a[0].as_int();
  int64_t y = a[1].as_int();
  if (y == 0) return errors::division_by_zero();
  if (x == std::numeric_limits<int64_t>::min() && y == -1) return errors::int_overflow();
  return Value::integer(x / y);
}
Value int_mod(A a) {
  int64_t x = a[0].as_int();
  int64_t y = a[1].as_int();
  if (y == 0) return errors::modulus_by_zero();
  if (x == std::numeric_limits<int64_t>::min() && y == -1) return errors::int_overflow();
  return Value::integer(x % y);
}
Value uint_add(A a) {
  uint64_t r = 0;
  if (__builtin_add_overflow(a[0].as_uint(), a[1].as_uint(), &r)) return errors::uint_overflow();
  return Value::uinteger(r);
}
Value uint_sub(A a) {
  uint64_t r = 0;
  if (__builtin_sub_overflow(a[0].as_uint(), a[1].as_uint(), &r)) return errors::uint_overflow();
  return Value::uinteger(r);
}
Value uint_mul(A a) {
  uint64_t r = 0;
  if (__builtin_mul_overflow(a[0].as_uint(), a[1].as_uint(), &r)) return errors::uint_overflow();
  return Value::uinteger(r);
}
Value uint_div(A a) {
  if (a[1].as_uint() == 0) return errors::division_by_zero();
  return Value::uinteger(a[0].as_uint() / a[1].as_uint());
}
Value uint_mod(A a) {
  if (a[1].as_uint() == 0) return errors::modulus_by_zero();
  return Value::uinteger(a[0].as_uint() % a[1].as_uint());
}

Value concat_strings(A a, bool bytes) {
  std::string s(a[0].as_string());
  s += a[1].as_string();
  return bytes ? Value::bytes(std::move(s)) : Value::string(std::move(s));
}

Value concat_lists(A a) {
  std::size_t n = a[0].list_size();
  std::size_t m = a[1].list_size();
  if (n == 0) return a[1];
  if (m == 0) return a[0];
  std::vector<Value> out;
  out.reserve(n + m);
  for (std::size_t i = 0; i < n; ++i) out.push_back(a[0].list_at(i));
  for (std::size_t i = 0; i < m; ++i) out.push_back(a[1].list_at(i));
  return Value::list(std::move(out));
}

Value ts(const Result<Timestamp>& r) {
  if (!r.ok()) return errors::timestamp_overflow();
  return Value::timestamp(*r);
}
Value dur(const Result<Duration>& r) {
  if (!r.ok()) return errors::duration_overflow();
  return Value::duration(*r);
}

}  // namespace

Status register_arithmetic(FunctionRegistry& reg) {
  const Kind I = Kind::kInt;
  const Kind U = Kind::kUint;
  const Kind D = Kind::kDouble;
  const Kind S = Kind::kString;
  const Kind B = Kind::kBytes;
  const Kind L = Kind::kList;
  const Kind T = Kind::kTimestamp;
  const Kind Du = Kind::kDuration;

  KRO_RETURN_IF_ERROR(reg.add_global("_+_", "add_int64", {param_kind(I), param_kind(I)}, int_add));
  KRO_RETURN_IF_ERROR(
      reg.add_global("_+_", "add_uint64", {param_kind(U), param_kind(U)}, uint_add));
  KRO_RETURN_IF_ERROR(reg.add_global("_+_", "add_double", {param_kind(D), param_kind(D)}, [](A a) {
    return Value::dbl(a[0].as_double() + a[1].as_double());
  }));
  KRO_RETURN_IF_ERROR(reg.add_global("_+_", "add_string", {param_kind(S), param_kind(S)},
                                     [](A a) { return concat_strings(a, false); }));
  KRO_RETURN_IF_ERROR(reg.add_global("_+_", "add_bytes", {param_kind(B), param_kind(B)},
                                     [](A a) { return concat_strings(a, true); }));
  KRO_RETURN_IF_ERROR(
      reg.add_global("_+_", "add_list", {param_kind(L), param_kind(L)}, concat_lists));
  KRO_RETURN_IF_ERROR(
      reg.add_global("_+_", "add_timestamp_duration", {param_kind(T), param_kind(Du)},
                     [](A a) { return ts(add(a[0].as_timestamp(), a[1].as_duration())); }));
  KRO_RETURN_IF_ERROR(
      reg.add_global("_+_", "add_duration_timestamp", {param_kind(Du), param_kind(T)},
                     [](A a) { return ts(add(a[1].as_timestamp(), a[0].as_duration())); }));
  KRO_RETURN_IF_ERROR(
      reg.add_global("_+_", "add_duration_duration", {param_kind(Du), param_kind(Du)},
                     [](A a) { return dur(add(a[0].as_duration(), a[1].as_duration())); }));

  KRO_RETURN_IF_ERROR(
      reg.add_global("_-_", "subtract_int64", {param_kind(I), param_kind(I)}, int_sub));
  KRO_RETURN_IF_ERROR(
      reg.add_global("_-_", "subtract_uint64", {param_kind(U), param_kind(U)}, uint_sub));
  KRO_RETURN_IF_ERROR(
      reg.add_global("_-_", "subtract_double", {param_kind(D), param_kind(D)},
                     [](A a) { return Value::dbl(a[0].as_double() - a[1].as_double()); }));
  KRO_RETURN_IF_ERROR(
      reg.add_global("_-_", "subtract_timestamp_timestamp", {param_kind(T), param_kind(T)},
                     [](A a) { return dur(sub(a[0].as_timestamp(), a[1].as_timestamp())); }));
  KRO_RETURN_IF_ERROR(
      reg.add_global("_-_", "subtract_timestamp_duration", {param_kind(T), param_kind(Du)},
                     [](A a) { return ts(sub(a[0].as_timestamp(), a[1].as_duration())); }));
  KRO_RETURN_IF_ERROR(
      reg.add_global("_-_", "subtract_duration_duration", {param_kind(Du), param_kind(Du)},
                     [](A a) { return dur(sub(a[0].as_duration(), a[1].as_duration())); }));

  KRO_RETURN_IF_ERROR(
      reg.add_global("_*_", "multiply_int64", {param_kind(I), param_kind(I)}, int_mul));
  KRO_RETURN_IF_ERROR(
      reg.add_global("_*_", "multiply_uint64", {param_kind(U), param_kind(U)}, uint_mul));
  KRO_RETURN_IF_ERROR(
      reg.add_global("_*_", "multiply_double", {param_kind(D), param_kind(D)},
                     [](A a) { return Value::dbl(a[0].as_double() * a[1].as_double()); }));

  KRO_RETURN_IF_ERROR(
      reg.add_global("_/_", "divide_int64", {param_kind(I), param_kind(I)}, int_div));
  KRO_RETURN_IF_ERROR(
      reg.add_global("_/_", "divide_uint64", {param_kind(U), param_kind(U)}, uint_div));
  KRO_RETURN_IF_ERROR(
      reg.add_global("_/_", "divide_double", {param_kind(D), param_kind(D)},
                     [](A a) { return Value::dbl(a[0].as_double() / a[1].as_double()); }));

  KRO_RETURN_IF_ERROR(
      reg.add_global("_%_", "modulo_int64", {param_kind(I), param_kind(I)}, int_mod));
  KRO_RETURN_IF_ERROR(
      reg.add_global("_%_", "modulo_uint64", {param_kind(U), param_kind(U)}, uint_mod));

  KRO_RETURN_IF_ERROR(reg.add_global("-_", "negate_int64", {param_kind(I)}, [](A a) {
    if (a[0].as_int() == std::numeric_limits<int64_t>::min()) return errors::int_overflow();
    return Value::integer(-a[0].as_int());
  }));
  KRO_RETURN_IF_ERROR(reg.add_global("-_", "negate_double", {param_kind(D)},
                                     [](A a) { return Value::dbl(-a[0].as_double()); }));
  return {};
}

}  // namespace kro::cel::lib

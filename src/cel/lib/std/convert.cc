#include <cerrno>
#include <charconv>
#include <clocale>
#include <cmath>
#include <cstdlib>

#include "cel/common/format.h"
#include "cel/internal/std_lib_shorthands.h"
#include "cel/lib/std/std_lib.h"
#include "value/result.h"
#include "value/utf8.h"

namespace kro::cel::lib {

using detail::dyn;
using detail::param_kind;
// The overload tables name parameter kinds by their enumerators.
using enum Kind;
using A = std::span<const Value>;

namespace {

Value string_to_int(A a) {
  std::string_view s = a[0].as_string();
  int64_t v = 0;
  std::string_view digits = s;
  if (!digits.empty() && digits[0] == '+') digits.remove_prefix(1);
  auto r = std::from_chars(digits.data(), digits.data() + digits.size(), v);
  if (digits.empty() || r.ec != std::errc() || r.ptr != digits.data() + digits.size() ||
      (s[0] == '+' && digits[0] == '-')) {
    return Value::error("cannot convert string '" + std::string(s) + "' to int: invalid syntax" +
                        (r.ec == std::errc::result_out_of_range ? " (out of range)" : ""));
  }
  return Value::integer(v);
}

Value string_to_uint(A a) {
  std::string_view s = a[0].as_string();
  uint64_t v = 0;
  std::string_view digits = s;
  if (!digits.empty() && digits[0] == '+') digits.remove_prefix(1);
  auto r = std::from_chars(digits.data(), digits.data() + digits.size(), v);
  if (digits.empty() || digits[0] == '-' || r.ec != std::errc() ||
      r.ptr != digits.data() + digits.size()) {
    return Value::error("cannot convert string '" + std::string(s) + "' to uint: invalid syntax");
  }
  return Value::uinteger(v);
}

Value string_to_double(A a) {
  std::string s(a[0].as_string());
  // Go's ParseFloat: decimal and special forms, no surrounding space.
  if (s.empty() || std::isspace(static_cast<unsigned char>(s.front())) != 0) {
    return Value::error("cannot convert string '" + s + "' to double");
  }
  errno = 0;
  char* end = nullptr;
  double d = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size())
    return Value::error("cannot convert string '" + s + "' to double");
  if (errno == ERANGE && std::isinf(d)) {
    return Value::error("cannot convert string '" + s + "' to double: out of range");
  }
  return Value::dbl(d);
}

Value double_to_int(A a) {
  double d = a[0].as_double();
  if (!(d > -9223372036854775808.0 && d < 9223372036854775807.0)) {
    return errors::conversion_range(format_double(d), "int");
  }
  return Value::integer(static_cast<int64_t>(d));
}

Value double_to_uint(A a) {
  double d = a[0].as_double();
  if (!(d >= 0 && d < 18446744073709551615.0)) {
    return errors::conversion_range(format_double(d), "uint");
  }
  return Value::uinteger(static_cast<uint64_t>(d));
}

Value string_to_bool(A a) {
  std::string_view s = a[0].as_string();
  if (s == "1" || s == "t" || s == "T" || s == "TRUE" || s == "true" || s == "True") {
    return Value::boolean(true);
  }
  if (s == "0" || s == "f" || s == "F" || s == "FALSE" || s == "false" || s == "False") {
    return Value::boolean(false);
  }
  return Value::error("type conversion error from 'string' to 'bool'");
}

Value identity(A a) { return a[0]; }

Value checked_timestamp(Timestamp t) {
  if (!timestamp_in_range(t)) return Value::error("timestamp out of range");
  return Value::timestamp(t);
}

// int(), uint(), double().
Status register_numeric_conversions(FunctionRegistry& reg) {
  // int()
  KRO_RETURN_IF_ERROR(reg.add_global("int", "int64_to_int64", {param_kind(kInt)}, identity));
  KRO_RETURN_IF_ERROR(reg.add_global("int", "uint64_to_int64", {param_kind(kUint)}, [](A a) {
    if (a[0].as_uint() > static_cast<uint64_t>(INT64_MAX)) {
      return errors::conversion_range(std::to_string(a[0].as_uint()) + "u", "int");
    }
    return Value::integer(static_cast<int64_t>(a[0].as_uint()));
  }));
  KRO_RETURN_IF_ERROR(
      reg.add_global("int", "double_to_int64", {param_kind(kDouble)}, double_to_int));
  KRO_RETURN_IF_ERROR(
      reg.add_global("int", "string_to_int64", {param_kind(kString)}, string_to_int));
  KRO_RETURN_IF_ERROR(
      reg.add_global("int", "timestamp_to_int64", {param_kind(kTimestamp)},
                     [](A a) { return Value::integer(a[0].as_timestamp().seconds); }));
  KRO_RETURN_IF_ERROR(reg.add_global("int", "duration_to_int64", {param_kind(kDuration)},
                                     [](A a) { return Value::integer(a[0].as_duration().nanos); }));

  // uint()
  KRO_RETURN_IF_ERROR(reg.add_global("uint", "int64_to_uint64", {param_kind(kInt)}, [](A a) {
    if (a[0].as_int() < 0) return errors::conversion_range(std::to_string(a[0].as_int()), "uint");
    return Value::uinteger(static_cast<uint64_t>(a[0].as_int()));
  }));
  KRO_RETURN_IF_ERROR(reg.add_global("uint", "uint64_to_uint64", {param_kind(kUint)}, identity));
  KRO_RETURN_IF_ERROR(
      reg.add_global("uint", "double_to_uint64", {param_kind(kDouble)}, double_to_uint));
  KRO_RETURN_IF_ERROR(
      reg.add_global("uint", "string_to_uint64", {param_kind(kString)}, string_to_uint));

  // double()
  KRO_RETURN_IF_ERROR(reg.add_global("double", "int64_to_double", {param_kind(kInt)}, [](A a) {
    return Value::dbl(static_cast<double>(a[0].as_int()));
  }));
  KRO_RETURN_IF_ERROR(reg.add_global("double", "uint64_to_double", {param_kind(kUint)}, [](A a) {
    return Value::dbl(static_cast<double>(a[0].as_uint()));
  }));
  KRO_RETURN_IF_ERROR(
      reg.add_global("double", "double_to_double", {param_kind(kDouble)}, identity));
  KRO_RETURN_IF_ERROR(
      reg.add_global("double", "string_to_double", {param_kind(kString)}, string_to_double));

  return {};
}

// string().
Status register_string_conversions(FunctionRegistry& reg) {
  // string()
  KRO_RETURN_IF_ERROR(reg.add_global("string", "int64_to_string", {param_kind(kInt)}, [](A a) {
    return Value::string(std::to_string(a[0].as_int()));
  }));
  KRO_RETURN_IF_ERROR(reg.add_global("string", "uint64_to_string", {param_kind(kUint)}, [](A a) {
    return Value::string(std::to_string(a[0].as_uint()));
  }));
  KRO_RETURN_IF_ERROR(reg.add_global("string", "double_to_string", {param_kind(kDouble)}, [](A a) {
    return Value::string(format_double(a[0].as_double()));
  }));
  KRO_RETURN_IF_ERROR(
      reg.add_global("string", "string_to_string", {param_kind(kString)}, identity));
  KRO_RETURN_IF_ERROR(reg.add_global("string", "bytes_to_string", {param_kind(kBytes)}, [](A a) {
    if (!utf8::valid(a[0].as_string()))
      return Value::error("invalid UTF-8 in bytes, cannot convert to string");
    return Value::string(std::string(a[0].as_string()));
  }));
  KRO_RETURN_IF_ERROR(reg.add_global("string", "bool_to_string", {param_kind(kBool)}, [](A a) {
    return Value::string(a[0].as_bool() ? "true" : "false");
  }));
  KRO_RETURN_IF_ERROR(
      reg.add_global("string", "timestamp_to_string", {param_kind(kTimestamp)},
                     [](A a) { return Value::string(format_timestamp(a[0].as_timestamp())); }));
  KRO_RETURN_IF_ERROR(
      reg.add_global("string", "duration_to_string", {param_kind(kDuration)},
                     [](A a) { return Value::string(format_duration(a[0].as_duration())); }));

  return {};
}

// bytes(), bool(), timestamp(), duration(), dyn(), type().
Status register_other_conversions(FunctionRegistry& reg) {
  // bytes(), bool()
  KRO_RETURN_IF_ERROR(reg.add_global("bytes", "bytes_to_bytes", {param_kind(kBytes)}, identity));
  KRO_RETURN_IF_ERROR(reg.add_global("bytes", "string_to_bytes", {param_kind(kString)}, [](A a) {
    return Value::bytes(std::string(a[0].as_string()));
  }));
  KRO_RETURN_IF_ERROR(reg.add_global("bool", "bool_to_bool", {param_kind(kBool)}, identity));
  KRO_RETURN_IF_ERROR(
      reg.add_global("bool", "string_to_bool", {param_kind(kString)}, string_to_bool));

  // timestamp(), duration()
  KRO_RETURN_IF_ERROR(
      reg.add_global("timestamp", "timestamp_to_timestamp", {param_kind(kTimestamp)}, identity));
  KRO_RETURN_IF_ERROR(
      reg.add_global("timestamp", "string_to_timestamp", {param_kind(kString)}, [](A a) {
        return detail::from_result(parse_timestamp(a[0].as_string()),
                                   [](Timestamp t) { return Value::timestamp(t); });
      }));
  KRO_RETURN_IF_ERROR(
      reg.add_global("timestamp", "int64_to_timestamp", {param_kind(kInt)}, [](A a) {
        return checked_timestamp(Timestamp{a[0].as_int(), 0});
      }));
  KRO_RETURN_IF_ERROR(
      reg.add_global("duration", "duration_to_duration", {param_kind(kDuration)}, identity));
  KRO_RETURN_IF_ERROR(
      reg.add_global("duration", "string_to_duration", {param_kind(kString)}, [](A a) {
        return detail::from_result(parse_duration(a[0].as_string()),
                                   [](Duration d) { return Value::duration(d); });
      }));

  // dyn(), type()
  KRO_RETURN_IF_ERROR(reg.add_global("dyn", "to_dyn", {dyn()}, identity));
  KRO_RETURN_IF_ERROR(reg.add_global("type", "type", {dyn()}, [](A a) { return a[0].type_of(); }));
  return {};
}

}  // namespace

Status register_conversions(FunctionRegistry& reg) {
  KRO_RETURN_IF_ERROR(register_numeric_conversions(reg));
  KRO_RETURN_IF_ERROR(register_string_conversions(reg));
  return register_other_conversions(reg);
}

}  // namespace kro::cel::lib

#include "cel/common/errors.h"

#include <string>

namespace kro::cel::errors {

Value no_such_overload() { return Value::error("no such overload"); }

Value no_matching_overload(std::string_view function, std::span<const Value> args) {
  std::string msg = "no matching overload for '";
  msg += function;
  msg += "' applied to '(";
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (i > 0) msg += ", ";
    msg += args[i].cel_type_name();
  }
  msg += ")'";
  return Value::error(std::move(msg));
}

Value no_such_key(const Value& key) {
  if (key.is(Kind::kString)) return Value::error("no such key: " + std::string(key.as_string()));
  return Value::error("no such key: " + debug_string(key));
}

Value no_such_field(std::string_view field) {
  return Value::error("no such field: " + std::string(field));
}

Value no_such_attribute(std::string_view name) {
  return Value::error("no such attribute(s): " + std::string(name));
}

Value index_out_of_range(int64_t index, std::size_t size) {
  return Value::error("index out of bounds: " + std::to_string(index) + " (list size " +
                      std::to_string(size) + ")");
}

Value division_by_zero() { return Value::error("division by zero"); }
Value modulus_by_zero() { return Value::error("modulus by zero"); }
Value int_overflow() { return Value::error("integer overflow"); }
Value uint_overflow() { return Value::error("unsigned integer overflow"); }
Value duration_overflow() { return Value::error("duration overflow"); }
Value timestamp_overflow() { return Value::error("timestamp overflow"); }

Value conversion_range(std::string_view what, std::string_view target) {
  return Value::error("range error converting " + std::string(what) + " to " + std::string(target));
}

Value from_error(const Error& e) { return Value::error(e.message); }

}  // namespace kro::cel::errors

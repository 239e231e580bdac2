// CEL runtime error values with cel-go's wording. Library code builds its errors through these
// helpers so a message says the same thing wherever it comes from.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "cel/common/value.h"

namespace kro::cel::errors {

// "no such overload" (cel-go's runtime dispatch error, also used when a function is given an
// argument kind it does not support).
Value no_such_overload();
// "no matching overload for 'name' applied to '(int, string)'": dispatch failed, with the
// argument types named.
Value no_matching_overload(std::string_view function, std::span<const Value> args);
// "no such key: k" (map lookups; string keys are printed bare, as cel-go's %v does).
Value no_such_key(const Value& key);
// "no such field: f" is not cel-go's map wording; this is for opaque values without the field.
Value no_such_field(std::string_view field);
// "no such attribute(s): name" (an identifier that the activation does not bind).
Value no_such_attribute(std::string_view name);
// "index out of bounds: i" (cel-go: "index out of range" variants).
Value index_out_of_range(int64_t index, std::size_t size);
Value division_by_zero();    // "division by zero"
Value modulus_by_zero();     // "modulus by zero"
Value int_overflow();        // "integer overflow"
Value uint_overflow();       // "unsigned integer overflow"
Value duration_overflow();   // "duration overflow"
Value timestamp_overflow();  // "timestamp overflow"
// "range error converting X to int" style messages for conversions out of range.
Value conversion_range(std::string_view what, std::string_view target);
// A kro::Error turned into a CEL error value (message only).
Value from_error(const Error& e);

}  // namespace kro::cel::errors

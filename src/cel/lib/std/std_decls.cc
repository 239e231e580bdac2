// Checker signatures of the standard library and cel-go's OptionalTypes, with the overload ids
// src/cel/lib/std registers (cel-go's ids). Operators the interpreter evaluates itself (&&, ||,
// ?:, indexing) are declared here too: the checker types them like any function.
#include "cel/check/decls.h"
#include "cel/internal/decl_shorthands.h"
#include "cel/lib/std/std_lib.h"
#include "cel/syntax/strcat.h"
#include "value/result.h"

namespace kro::cel::lib {

namespace {

using check::parse_type;
// clang-format off
const Sig kStd[] = {
    {"!_", "logical_not", kGlobal, "bool -> bool"},
    {"_&&_", "logical_and", kGlobal, "bool, bool -> bool"},
    {"_||_", "logical_or", kGlobal, "bool, bool -> bool"},
    {"_?_:_", "conditional", kGlobal, "bool, A, A -> A"},
    {"@not_strictly_false", "not_strictly_false", kGlobal, "bool -> bool"},
    {"__not_strictly_false__", "not_strictly_false_legacy", kGlobal, "bool -> bool"},
    {"-_", "negate_int64", kGlobal, "int -> int"},
    {"-_", "negate_double", kGlobal, "double -> double"},
    {"_==_", "equals", kGlobal, "A, A -> bool"},
    {"_!=_", "not_equals", kGlobal, "A, A -> bool"},
    {"@in", "in_list", kGlobal, "A, list(A) -> bool"},
    {"@in", "in_map", kGlobal, "A, map(A, B) -> bool"},
    {"_in_", "in_list_legacy", kGlobal, "A, list(A) -> bool"},
    {"_in_", "in_map_legacy", kGlobal, "A, map(A, B) -> bool"},
    {"_[_]", "index_list", kGlobal, "list(A), int -> A"},
    {"_[_]", "index_map", kGlobal, "map(A, B), A -> B"},
    {"_[_]", "optional_list_index_int", kGlobal, "optional_type(list(V)), int -> optional_type(V)"},
    {"_[_]", "optional_map_index_value", kGlobal, "optional_type(map(K, V)), K -> optional_type(V)"},
    {"_[?_]", "list_optindex_optional_int", kGlobal, "list(V), int -> optional_type(V)"},
    {"_[?_]", "optional_list_optindex_optional_int", kGlobal,
     "optional_type(list(V)), int -> optional_type(V)"},
    {"_[?_]", "map_optindex_optional_value", kGlobal, "map(K, V), K -> optional_type(V)"},
    {"_[?_]", "optional_map_optindex_optional_value", kGlobal,
     "optional_type(map(K, V)), K -> optional_type(V)"},
    // Arithmetic.
    {"_+_", "add_int64", kGlobal, "int, int -> int"},
    {"_+_", "add_uint64", kGlobal, "uint, uint -> uint"},
    {"_+_", "add_double", kGlobal, "double, double -> double"},
    {"_+_", "add_string", kGlobal, "string, string -> string"},
    {"_+_", "add_bytes", kGlobal, "bytes, bytes -> bytes"},
    {"_+_", "add_list", kGlobal, "list(A), list(A) -> list(A)"},
    {"_+_", "add_timestamp_duration", kGlobal, "timestamp, duration -> timestamp"},
    {"_+_", "add_duration_timestamp", kGlobal, "duration, timestamp -> timestamp"},
    {"_+_", "add_duration_duration", kGlobal, "duration, duration -> duration"},
    {"_-_", "subtract_int64", kGlobal, "int, int -> int"},
    {"_-_", "subtract_uint64", kGlobal, "uint, uint -> uint"},
    {"_-_", "subtract_double", kGlobal, "double, double -> double"},
    {"_-_", "subtract_timestamp_timestamp", kGlobal, "timestamp, timestamp -> duration"},
    {"_-_", "subtract_timestamp_duration", kGlobal, "timestamp, duration -> timestamp"},
    {"_-_", "subtract_duration_duration", kGlobal, "duration, duration -> duration"},
    {"_*_", "multiply_int64", kGlobal, "int, int -> int"},
    {"_*_", "multiply_uint64", kGlobal, "uint, uint -> uint"},
    {"_*_", "multiply_double", kGlobal, "double, double -> double"},
    {"_/_", "divide_int64", kGlobal, "int, int -> int"},
    {"_/_", "divide_uint64", kGlobal, "uint, uint -> uint"},
    {"_/_", "divide_double", kGlobal, "double, double -> double"},
    {"_%_", "modulo_int64", kGlobal, "int, int -> int"},
    {"_%_", "modulo_uint64", kGlobal, "uint, uint -> uint"},
    // size.
    {"size", "size_string", kGlobal, "string -> int"},
    {"size", "size_bytes", kGlobal, "bytes -> int"},
    {"size", "size_list", kGlobal, "list(A) -> int"},
    {"size", "size_map", kGlobal, "map(A, B) -> int"},
    {"size", "string_size", kReceiver, "string -> int"},
    {"size", "bytes_size", kReceiver, "bytes -> int"},
    {"size", "list_size", kReceiver, "list(A) -> int"},
    {"size", "map_size", kReceiver, "map(A, B) -> int"},
    // Conversions.
    {"bool", "bool_to_bool", kGlobal, "bool -> bool"},
    {"bool", "string_to_bool", kGlobal, "string -> bool"},
    {"bytes", "bytes_to_bytes", kGlobal, "bytes -> bytes"},
    {"bytes", "string_to_bytes", kGlobal, "string -> bytes"},
    {"double", "int64_to_double", kGlobal, "int -> double"},
    {"double", "uint64_to_double", kGlobal, "uint -> double"},
    {"double", "double_to_double", kGlobal, "double -> double"},
    {"double", "string_to_double", kGlobal, "string -> double"},
    {"duration", "duration_to_duration", kGlobal, "duration -> duration"},
    {"duration", "string_to_duration", kGlobal, "string -> duration"},
    {"dyn", "to_dyn", kGlobal, "A -> dyn"},
    {"int", "int64_to_int64", kGlobal, "int -> int"},
    {"int", "uint64_to_int64", kGlobal, "uint -> int"},
    {"int", "double_to_int64", kGlobal, "double -> int"},
    {"int", "string_to_int64", kGlobal, "string -> int"},
    {"int", "timestamp_to_int64", kGlobal, "timestamp -> int"},
    {"int", "duration_to_int64", kGlobal, "duration -> int"},
    {"string", "int64_to_string", kGlobal, "int -> string"},
    {"string", "uint64_to_string", kGlobal, "uint -> string"},
    {"string", "double_to_string", kGlobal, "double -> string"},
    {"string", "string_to_string", kGlobal, "string -> string"},
    {"string", "bytes_to_string", kGlobal, "bytes -> string"},
    {"string", "bool_to_string", kGlobal, "bool -> string"},
    {"string", "timestamp_to_string", kGlobal, "timestamp -> string"},
    {"string", "duration_to_string", kGlobal, "duration -> string"},
    {"timestamp", "timestamp_to_timestamp", kGlobal, "timestamp -> timestamp"},
    {"timestamp", "string_to_timestamp", kGlobal, "string -> timestamp"},
    {"timestamp", "int64_to_timestamp", kGlobal, "int -> timestamp"},
    {"type", "type", kGlobal, "A -> type(A)"},
    {"uint", "int64_to_uint64", kGlobal, "int -> uint"},
    {"uint", "uint64_to_uint64", kGlobal, "uint -> uint"},
    {"uint", "double_to_uint64", kGlobal, "double -> uint"},
    {"uint", "string_to_uint64", kGlobal, "string -> uint"},
    // Strings.
    {"contains", "contains_string", kReceiver, "string, string -> bool"},
    {"endsWith", "ends_with_string", kReceiver, "string, string -> bool"},
    {"startsWith", "starts_with_string", kReceiver, "string, string -> bool"},
    {"matches", "matches_string", kReceiver, "string, string -> bool"},
    {"matches", "matches", kGlobal, "string, string -> bool"},
    // Time accessors.
    {"getDate", "timestamp_to_day_of_month_1_based", kReceiver, "timestamp -> int"},
    {"getDate", "timestamp_to_day_of_month_1_based_with_tz", kReceiver, "timestamp, string -> int"},
    {"getDayOfMonth", "timestamp_to_day_of_month", kReceiver, "timestamp -> int"},
    {"getDayOfMonth", "timestamp_to_day_of_month_with_tz", kReceiver, "timestamp, string -> int"},
    {"getDayOfWeek", "timestamp_to_day_of_week", kReceiver, "timestamp -> int"},
    {"getDayOfWeek", "timestamp_to_day_of_week_with_tz", kReceiver, "timestamp, string -> int"},
    {"getDayOfYear", "timestamp_to_day_of_year", kReceiver, "timestamp -> int"},
    {"getDayOfYear", "timestamp_to_day_of_year_with_tz", kReceiver, "timestamp, string -> int"},
    {"getFullYear", "timestamp_to_year", kReceiver, "timestamp -> int"},
    {"getFullYear", "timestamp_to_year_with_tz", kReceiver, "timestamp, string -> int"},
    {"getHours", "timestamp_to_hours", kReceiver, "timestamp -> int"},
    {"getHours", "timestamp_to_hours_with_tz", kReceiver, "timestamp, string -> int"},
    {"getHours", "duration_to_hours", kReceiver, "duration -> int"},
    {"getMilliseconds", "timestamp_to_milliseconds", kReceiver, "timestamp -> int"},
    {"getMilliseconds", "timestamp_to_milliseconds_with_tz", kReceiver, "timestamp, string -> int"},
    {"getMilliseconds", "duration_to_milliseconds", kReceiver, "duration -> int"},
    {"getMinutes", "timestamp_to_minutes", kReceiver, "timestamp -> int"},
    {"getMinutes", "timestamp_to_minutes_with_tz", kReceiver, "timestamp, string -> int"},
    {"getMinutes", "duration_to_minutes", kReceiver, "duration -> int"},
    {"getMonth", "timestamp_to_month", kReceiver, "timestamp -> int"},
    {"getMonth", "timestamp_to_month_with_tz", kReceiver, "timestamp, string -> int"},
    {"getSeconds", "timestamp_to_seconds", kReceiver, "timestamp -> int"},
    {"getSeconds", "timestamp_to_seconds_with_tz", kReceiver, "timestamp, string -> int"},
    {"getSeconds", "duration_to_seconds", kReceiver, "duration -> int"},
    // OptionalTypes.
    {"optional.none", "optional_none", kGlobal, "-> optional_type(T)"},
    {"optional.of", "optional_of", kGlobal, "V -> optional_type(V)"},
    {"optional.ofNonZeroValue", "optional_ofNonZeroValue", kGlobal, "V -> optional_type(V)"},
    {"optional.unwrap", "optional_unwrap_list", kGlobal, "list(optional_type(V)) -> list(V)"},
    {"unwrapOpt", "list_unwrapOpt", kReceiver, "list(optional_type(V)) -> list(V)"},
    {"value", "optional_value", kReceiver, "optional_type(V) -> V"},
    {"hasValue", "optional_hasValue", kReceiver, "optional_type(V) -> bool"},
    {"or", "optional_or_optional", kReceiver, "optional_type(V), optional_type(V) -> optional_type(V)"},
    {"orValue", "optional_orValue_value", kReceiver, "optional_type(V), V -> V"},
    {"first", "list_first", kReceiver, "list(V) -> optional_type(V)"},
    {"last", "list_last", kReceiver, "list(V) -> optional_type(V)"},
    // Internal helpers of the two-variable comprehension macros.
    {"cel.@mapInsert", "cel_@mapInsert_map_key_value", kGlobal, "map(K, V), K, V -> map(K, V)"},
    {"cel.@mapInsert", "cel_@mapInsert_map_map", kGlobal, "map(K, V), map(K, V) -> map(K, V)"},
};
// clang-format on

const char* const kOrdered[] = {"bool",   "int",   "uint",      "double",
                                "string", "bytes", "timestamp", "duration"};
const char* const kOrderedIds[] = {"bool",   "int64", "uint64",    "double",
                                   "string", "bytes", "timestamp", "duration"};

}  // namespace

Status declare_standard_library(check::Declarations& decls) {
  KRO_RETURN_IF_ERROR(check::add_signatures(decls, kStd));
  // Comparisons: same-type orderings, then cel-go's cross-type numeric ones (which the checker
  // only considers with cross_type_numeric_comparisons, as cel-go does).
  const std::pair<const char*, const char*> ops[] = {
      {"_<_", "less"}, {"_<=_", "less_equals"}, {"_>_", "greater"}, {"_>=_", "greater_equals"}};
  for (const auto& [fn, prefix] : ops) {
    for (size_t i = 0; i < std::size(kOrdered); ++i) {
      std::string t = kOrdered[i];
      KRO_RETURN_IF_ERROR(decls.add_overload(fn, syntax::cat(prefix, "_", kOrderedIds[i]), false,
                                             syntax::cat(t, ", ", t, " -> bool")));
    }
    const char* const nums[] = {"int", "uint", "double"};
    const char* const num_ids[] = {"int64", "uint64", "double"};
    for (size_t a = 0; a < 3; ++a) {
      for (size_t b = 0; b < 3; ++b) {
        if (a == b) continue;
        KRO_RETURN_IF_ERROR(
            decls.add_overload(fn, syntax::cat(prefix, "_", num_ids[a], "_", num_ids[b]), false,
                               syntax::cat(nums[a], ", ", nums[b], " -> bool")));
      }
    }
  }
  // Type identifiers.
  for (const char* t : {"int", "uint", "double", "bool", "string", "bytes", "null_type",
                        "google.protobuf.Timestamp", "google.protobuf.Duration"}) {
    KRO_ASSIGN_OR_RETURN(auto parsed, parse_type(t));
    decls.add_type_name(t, parsed);
  }
  decls.add_type_name("list", types::Type::list(types::Type::dyn()));
  decls.add_type_name("map", types::Type::map(types::Type::dyn(), types::Type::dyn()));
  decls.add_type_name("type", types::Type::type_of(types::Type::dyn()));
  decls.add_type_name("optional_type", types::Type::optional(types::Type::dyn()));
  return {};
}

}  // namespace kro::cel::lib

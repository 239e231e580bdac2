// Checker signatures of the standard library and cel-go's OptionalTypes, with the overload ids
// src/cel/lib/std registers (cel-go's ids). Operators the interpreter evaluates itself (&&, ||,
// ?:, indexing) are declared here too: the checker types them like any function.
#include "cel/check/library_decls.h"
#include "cel/syntax/strcat.h"

namespace kro::cel::check {

namespace {

struct Sig {
  const char* function;
  const char* id;
  bool receiver;
  const char* signature;
};

constexpr bool G = false;
constexpr bool R = true;

// clang-format off
const Sig kStd[] = {
    {"!_", "logical_not", G, "bool -> bool"},
    {"_&&_", "logical_and", G, "bool, bool -> bool"},
    {"_||_", "logical_or", G, "bool, bool -> bool"},
    {"_?_:_", "conditional", G, "bool, A, A -> A"},
    {"@not_strictly_false", "not_strictly_false", G, "bool -> bool"},
    {"__not_strictly_false__", "not_strictly_false_legacy", G, "bool -> bool"},
    {"-_", "negate_int64", G, "int -> int"},
    {"-_", "negate_double", G, "double -> double"},
    {"_==_", "equals", G, "A, A -> bool"},
    {"_!=_", "not_equals", G, "A, A -> bool"},
    {"@in", "in_list", G, "A, list(A) -> bool"},
    {"@in", "in_map", G, "A, map(A, B) -> bool"},
    {"_in_", "in_list_legacy", G, "A, list(A) -> bool"},
    {"_in_", "in_map_legacy", G, "A, map(A, B) -> bool"},
    {"_[_]", "index_list", G, "list(A), int -> A"},
    {"_[_]", "index_map", G, "map(A, B), A -> B"},
    {"_[_]", "optional_list_index_int", G, "optional_type(list(V)), int -> optional_type(V)"},
    {"_[_]", "optional_map_index_value", G, "optional_type(map(K, V)), K -> optional_type(V)"},
    {"_[?_]", "list_optindex_optional_int", G, "list(V), int -> optional_type(V)"},
    {"_[?_]", "optional_list_optindex_optional_int", G,
     "optional_type(list(V)), int -> optional_type(V)"},
    {"_[?_]", "map_optindex_optional_value", G, "map(K, V), K -> optional_type(V)"},
    {"_[?_]", "optional_map_optindex_optional_value", G,
     "optional_type(map(K, V)), K -> optional_type(V)"},
    // Arithmetic.
    {"_+_", "add_int64", G, "int, int -> int"},
    {"_+_", "add_uint64", G, "uint, uint -> uint"},
    {"_+_", "add_double", G, "double, double -> double"},
    {"_+_", "add_string", G, "string, string -> string"},
    {"_+_", "add_bytes", G, "bytes, bytes -> bytes"},
    {"_+_", "add_list", G, "list(A), list(A) -> list(A)"},
    {"_+_", "add_timestamp_duration", G, "timestamp, duration -> timestamp"},
    {"_+_", "add_duration_timestamp", G, "duration, timestamp -> timestamp"},
    {"_+_", "add_duration_duration", G, "duration, duration -> duration"},
    {"_-_", "subtract_int64", G, "int, int -> int"},
    {"_-_", "subtract_uint64", G, "uint, uint -> uint"},
    {"_-_", "subtract_double", G, "double, double -> double"},
    {"_-_", "subtract_timestamp_timestamp", G, "timestamp, timestamp -> duration"},
    {"_-_", "subtract_timestamp_duration", G, "timestamp, duration -> timestamp"},
    {"_-_", "subtract_duration_duration", G, "duration, duration -> duration"},
    {"_*_", "multiply_int64", G, "int, int -> int"},
    {"_*_", "multiply_uint64", G, "uint, uint -> uint"},
    {"_*_", "multiply_double", G, "double, double -> double"},
    {"_/_", "divide_int64", G, "int, int -> int"},
    {"_/_", "divide_uint64", G, "uint, uint -> uint"},
    {"_/_", "divide_double", G, "double, double -> double"},
    {"_%_", "modulo_int64", G, "int, int -> int"},
    {"_%_", "modulo_uint64", G, "uint, uint -> uint"},
    // size.
    {"size", "size_string", G, "string -> int"},
    {"size", "size_bytes", G, "bytes -> int"},
    {"size", "size_list", G, "list(A) -> int"},
    {"size", "size_map", G, "map(A, B) -> int"},
    {"size", "string_size", R, "string -> int"},
    {"size", "bytes_size", R, "bytes -> int"},
    {"size", "list_size", R, "list(A) -> int"},
    {"size", "map_size", R, "map(A, B) -> int"},
    // Conversions.
    {"bool", "bool_to_bool", G, "bool -> bool"},
    {"bool", "string_to_bool", G, "string -> bool"},
    {"bytes", "bytes_to_bytes", G, "bytes -> bytes"},
    {"bytes", "string_to_bytes", G, "string -> bytes"},
    {"double", "int64_to_double", G, "int -> double"},
    {"double", "uint64_to_double", G, "uint -> double"},
    {"double", "double_to_double", G, "double -> double"},
    {"double", "string_to_double", G, "string -> double"},
    {"duration", "duration_to_duration", G, "duration -> duration"},
    {"duration", "string_to_duration", G, "string -> duration"},
    {"dyn", "to_dyn", G, "A -> dyn"},
    {"int", "int64_to_int64", G, "int -> int"},
    {"int", "uint64_to_int64", G, "uint -> int"},
    {"int", "double_to_int64", G, "double -> int"},
    {"int", "string_to_int64", G, "string -> int"},
    {"int", "timestamp_to_int64", G, "timestamp -> int"},
    {"int", "duration_to_int64", G, "duration -> int"},
    {"string", "int64_to_string", G, "int -> string"},
    {"string", "uint64_to_string", G, "uint -> string"},
    {"string", "double_to_string", G, "double -> string"},
    {"string", "string_to_string", G, "string -> string"},
    {"string", "bytes_to_string", G, "bytes -> string"},
    {"string", "bool_to_string", G, "bool -> string"},
    {"string", "timestamp_to_string", G, "timestamp -> string"},
    {"string", "duration_to_string", G, "duration -> string"},
    {"timestamp", "timestamp_to_timestamp", G, "timestamp -> timestamp"},
    {"timestamp", "string_to_timestamp", G, "string -> timestamp"},
    {"timestamp", "int64_to_timestamp", G, "int -> timestamp"},
    {"type", "type", G, "A -> type(A)"},
    {"uint", "int64_to_uint64", G, "int -> uint"},
    {"uint", "uint64_to_uint64", G, "uint -> uint"},
    {"uint", "double_to_uint64", G, "double -> uint"},
    {"uint", "string_to_uint64", G, "string -> uint"},
    // Strings.
    {"contains", "contains_string", R, "string, string -> bool"},
    {"endsWith", "ends_with_string", R, "string, string -> bool"},
    {"startsWith", "starts_with_string", R, "string, string -> bool"},
    {"matches", "matches_string", R, "string, string -> bool"},
    {"matches", "matches", G, "string, string -> bool"},
    // Time accessors.
    {"getDate", "timestamp_to_day_of_month_1_based", R, "timestamp -> int"},
    {"getDate", "timestamp_to_day_of_month_1_based_with_tz", R, "timestamp, string -> int"},
    {"getDayOfMonth", "timestamp_to_day_of_month", R, "timestamp -> int"},
    {"getDayOfMonth", "timestamp_to_day_of_month_with_tz", R, "timestamp, string -> int"},
    {"getDayOfWeek", "timestamp_to_day_of_week", R, "timestamp -> int"},
    {"getDayOfWeek", "timestamp_to_day_of_week_with_tz", R, "timestamp, string -> int"},
    {"getDayOfYear", "timestamp_to_day_of_year", R, "timestamp -> int"},
    {"getDayOfYear", "timestamp_to_day_of_year_with_tz", R, "timestamp, string -> int"},
    {"getFullYear", "timestamp_to_year", R, "timestamp -> int"},
    {"getFullYear", "timestamp_to_year_with_tz", R, "timestamp, string -> int"},
    {"getHours", "timestamp_to_hours", R, "timestamp -> int"},
    {"getHours", "timestamp_to_hours_with_tz", R, "timestamp, string -> int"},
    {"getHours", "duration_to_hours", R, "duration -> int"},
    {"getMilliseconds", "timestamp_to_milliseconds", R, "timestamp -> int"},
    {"getMilliseconds", "timestamp_to_milliseconds_with_tz", R, "timestamp, string -> int"},
    {"getMilliseconds", "duration_to_milliseconds", R, "duration -> int"},
    {"getMinutes", "timestamp_to_minutes", R, "timestamp -> int"},
    {"getMinutes", "timestamp_to_minutes_with_tz", R, "timestamp, string -> int"},
    {"getMinutes", "duration_to_minutes", R, "duration -> int"},
    {"getMonth", "timestamp_to_month", R, "timestamp -> int"},
    {"getMonth", "timestamp_to_month_with_tz", R, "timestamp, string -> int"},
    {"getSeconds", "timestamp_to_seconds", R, "timestamp -> int"},
    {"getSeconds", "timestamp_to_seconds_with_tz", R, "timestamp, string -> int"},
    {"getSeconds", "duration_to_seconds", R, "duration -> int"},
    // OptionalTypes.
    {"optional.none", "optional_none", G, "-> optional_type(T)"},
    {"optional.of", "optional_of", G, "V -> optional_type(V)"},
    {"optional.ofNonZeroValue", "optional_ofNonZeroValue", G, "V -> optional_type(V)"},
    {"optional.unwrap", "optional_unwrap_list", G, "list(optional_type(V)) -> list(V)"},
    {"unwrapOpt", "list_unwrapOpt", R, "list(optional_type(V)) -> list(V)"},
    {"value", "optional_value", R, "optional_type(V) -> V"},
    {"hasValue", "optional_hasValue", R, "optional_type(V) -> bool"},
    {"or", "optional_or_optional", R, "optional_type(V), optional_type(V) -> optional_type(V)"},
    {"orValue", "optional_orValue_value", R, "optional_type(V), V -> V"},
    {"first", "list_first", R, "list(V) -> optional_type(V)"},
    {"last", "list_last", R, "list(V) -> optional_type(V)"},
    // Internal helpers of the two-variable comprehension macros.
    {"cel.@mapInsert", "cel_@mapInsert_map_key_value", G, "map(K, V), K, V -> map(K, V)"},
    {"cel.@mapInsert", "cel_@mapInsert_map_map", G, "map(K, V), map(K, V) -> map(K, V)"},
};
// clang-format on

const char* const kOrdered[] = {"bool",   "int",   "uint",      "double",
                                "string", "bytes", "timestamp", "duration"};
const char* const kOrderedIds[] = {"bool",   "int64", "uint64",    "double",
                                   "string", "bytes", "timestamp", "duration"};

}  // namespace

Status declare_std(Declarations& decls) {
  for (const Sig& s : kStd) {
    if (auto st = decls.add_overload(s.function, s.id, s.receiver, s.signature); !st) return st;
  }
  // Comparisons: same-type orderings, then cel-go's cross-type numeric ones (which the checker
  // only considers with cross_type_numeric_comparisons, as cel-go does).
  const std::pair<const char*, const char*> ops[] = {
      {"_<_", "less"}, {"_<=_", "less_equals"}, {"_>_", "greater"}, {"_>=_", "greater_equals"}};
  for (const auto& [fn, prefix] : ops) {
    for (size_t i = 0; i < std::size(kOrdered); ++i) {
      std::string t = kOrdered[i];
      auto st = decls.add_overload(fn, syntax::cat(prefix, "_", kOrderedIds[i]), false,
                                   syntax::cat(t, ", ", t, " -> bool"));
      if (!st) return st;
    }
    const char* const nums[] = {"int", "uint", "double"};
    const char* const num_ids[] = {"int64", "uint64", "double"};
    for (size_t a = 0; a < 3; ++a) {
      for (size_t b = 0; b < 3; ++b) {
        if (a == b) continue;
        auto st = decls.add_overload(fn, syntax::cat(prefix, "_", num_ids[a], "_", num_ids[b]),
                                     false, syntax::cat(nums[a], ", ", nums[b], " -> bool"));
        if (!st) return st;
      }
    }
  }
  // Type identifiers.
  for (const char* t : {"int", "uint", "double", "bool", "string", "bytes", "null_type",
                        "google.protobuf.Timestamp", "google.protobuf.Duration"}) {
    auto parsed = parse_type(t);
    if (!parsed) return parsed.error();
    decls.add_type_name(t, *parsed);
  }
  decls.add_type_name("list", types::Type::list(types::Type::dyn()));
  decls.add_type_name("map", types::Type::map(types::Type::dyn(), types::Type::dyn()));
  decls.add_type_name("type", types::Type::type_of(types::Type::dyn()));
  decls.add_type_name("optional_type", types::Type::optional(types::Type::dyn()));
  return {};
}

bool is_cross_type_numeric_comparison(std::string_view overload_id) {
  for (std::string_view prefix : {"less_", "less_equals_", "greater_", "greater_equals_"}) {
    if (overload_id.substr(0, prefix.size()) != prefix) continue;
    std::string_view rest = overload_id.substr(prefix.size());
    for (std::string_view a : {"int64_", "uint64_", "double_"}) {
      if (rest.substr(0, a.size()) != a) continue;
      std::string_view b = rest.substr(a.size());
      if (b == "int64" || b == "uint64" || b == "double") return true;
    }
  }
  return false;
}

}  // namespace kro::cel::check

// SimpleSchema type expressions: the part of a field string before the first "|".
//
//   type := "string" | "integer" | "boolean" | "float" | "object"
//         | "[]" type | "map[string]" type | CustomTypeName
//
// Any other word is a reference to a custom type from `schema.types`; whether it exists is
// checked when the schema is built. Nesting of [] and map[string] is limited to 16 levels, as
// upstream does, so pathological input cannot exhaust the stack.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "schema/box.h"
#include "schema/markers.h"
#include "value/result.h"

namespace kro::schema {

struct TypeExpr {
  enum class Kind { kAtomic, kObject, kSlice, kMap, kCustom };
  Kind kind = Kind::kAtomic;
  std::string name;    // atomic type word, or the custom type name
  Box<TypeExpr> elem;  // element of a slice, value of a map
};

inline constexpr int kMaxTypeNestingDepth = 16;

// True for string, integer, boolean and float (there is no number/int/bool/double).
bool is_atomic_type(std::string_view word);

// Parses a type expression (whitespace around it is ignored).
Result<TypeExpr> parse_type(std::string_view text);

// Custom type names the expression refers to, in order of appearance.
void type_dependencies(const TypeExpr& t, std::vector<std::string>& out);

// A whole field string: type, then optional markers after the first "|".
struct FieldString {
  TypeExpr type;
  std::vector<Marker> markers;
};
Result<FieldString> parse_field_string(std::string_view text);

}  // namespace kro::schema

// Field paths as kro spells them in messages, descriptors and compiled graphs: dots between
// names, `[i]` for array items, and `["a.b"]` (Go-quoted, strconv.Quote) for names that are
// empty or contain a dot (upstream's joinPathAndFieldName), e.g.
// `spec.template.spec.containers[0].image` or `metadata.annotations["example.com/x"]`.
// The one grammar: the graph layer writes paths with join_field / join_index and reads them
// back while typing, the runtime reads them to place values.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "value/result.h"

namespace kro {

// One step: an object member name or an array index.
using PathStep = std::variant<std::string, std::size_t>;

// Appends an object member name to a path (quoted when empty or dotted).
std::string join_field(std::string_view path, std::string_view name);
// Appends an array index to a path.
std::string join_index(std::string_view path, std::size_t index);
// The spelling of a whole path. parse_field_path(format_field_path(p)) == p for a non-empty p
// whose names have no '[' (upstream quotes only empty and dotted names, and so do we).
std::string format_field_path(const std::vector<PathStep>& steps);

// "a.b[2][\"c.d\"]" → {"a", "b", 2, "c.d"}. A quoted name takes every escape Go's
// strconv.Unquote takes for a double-quoted string except octal: \a \b \f \n \r \t \v \\ \" \'
// \xNN (a raw byte), \uNNNN and \UNNNNNNNN (a code point, encoded as UTF-8). Errors for an
// empty path, an empty or leading-dot name, a bad index, a bad escape, a missing ']' or '"'.
Result<std::vector<PathStep>> parse_field_path(std::string_view path);

}  // namespace kro

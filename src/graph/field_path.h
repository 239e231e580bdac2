// Field paths as kro spells them in messages and descriptors: dots between names, `[i]` for
// array items, and `["a.b"]` (Go-quoted) for names that are empty or contain a dot
// (upstream's joinPathAndFieldName), e.g. `spec.template.spec.containers[0].image` or
// `metadata.annotations["example.com/x"]`.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "value/json.h"

namespace kro::graph {

// Appends an object member name to a path.
std::string join_field(std::string_view path, std::string_view name);
// Appends an array index to a path.
std::string join_index(std::string_view path, std::size_t index);

// The path of the node a JSON pointer designates inside `root` ("/spec/resources/0/id" →
// "spec.resources[0].id"). A step is an index when the node it steps into is an array.
std::string pointer_to_path(std::string_view pointer, const Json& root);

// A double-quoted literal with Go's strconv.Quote escaping (\a \b \f \n \r \t \v \\ \", \xNN for
// invalid UTF-8 bytes, \uNNNN / \UNNNNNNNN for non-printable code points). The result is also a
// valid CEL string literal with the same value.
std::string go_quote(std::string_view s);

}  // namespace kro::graph

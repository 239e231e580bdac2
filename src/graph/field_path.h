// Field paths in the graph layer. The grammar itself (join_field, join_index, parse_field_path,
// format_field_path: `spec.containers[0].image`, `metadata.annotations["example.com/x"]`) lives
// in value/field_path.h, shared with the runtime; this adds the step from a JSON pointer.
#pragma once

#include <string>
#include <string_view>

#include "value/field_path.h"
#include "value/json.h"
#include "value/strings.h"

namespace kro::graph {

// The path of the node a JSON pointer designates inside `root` ("/spec/resources/0/id" →
// "spec.resources[0].id"). A step is an index when the node it steps into is an array.
std::string pointer_to_path(std::string_view pointer, const Json& root);

}  // namespace kro::graph

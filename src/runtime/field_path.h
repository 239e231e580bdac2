// Field paths as the graph layer spells them (graph/field_path.h: `spec.containers[0].image`,
// `metadata.annotations["example.com/x"]`), parsed into steps, and the two edits the runtime makes
// with them on a JSON object: replace the value at a path that exists (a template field) and
// upsert a value at a path that may not exist yet (a status field).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "value/json.h"
#include "value/result.h"

namespace kro::runtime {

// One step: an object member name or an array index.
using PathStep = std::variant<std::string, std::size_t>;

// "a.b[2][\"c.d\"]" → {"a", "b", 2, "c.d"}. Quoted names use Go's escapes.
Result<std::vector<PathStep>> parse_field_path(std::string_view path);

// The node at the path, or nullptr when a step is missing or of the wrong kind.
Json* find_at(Json& root, const std::vector<PathStep>& steps);

// Sets the value at the path, creating missing objects (and growing arrays with nulls) on the
// way; an error when an existing node has the wrong kind for a step.
Status upsert_at(Json& root, const std::vector<PathStep>& steps, Json value);

// Removes the member or array element at the path; false when there is nothing there.
bool erase_at(Json& root, const std::vector<PathStep>& steps);

}  // namespace kro::runtime

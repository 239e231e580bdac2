// The edits the runtime makes on a JSON object along a field path parsed with
// value/field_path.h (the grammar the graph layer writes): find the node at a path, replace the
// value at a path that exists (a template field), upsert a value at a path that may not exist yet
// (a status field), and erase.
#pragma once

#include <cstddef>
#include <vector>

#include "value/field_path.h"
#include "value/json.h"
#include "value/result.h"

namespace kro::runtime {

// The node at the path, or nullptr when a step is missing or of the wrong kind.
Json* find_at(Json& root, const std::vector<PathStep>& steps);

// Sets the value at the path, creating missing objects (and growing arrays with nulls) on the
// way; an error when an existing node has the wrong kind for a step.
Status upsert_at(Json& root, const std::vector<PathStep>& steps, Json value);

// Removes the member or array element at the path; false when there is nothing there.
bool erase_at(Json& root, const std::vector<PathStep>& steps);

}  // namespace kro::runtime

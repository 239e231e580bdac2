// Small helpers over the objects the controller reads and writes (reads of single fields are
// value/json.h's string_at and kube/object_meta.h's helpers).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "kube/discovery.h"
#include "value/json.h"

namespace kro::controller::internal {

// The JSON object at `key` of `parent`, made an empty object when absent or not an object.
JsonObject& ensure_object(JsonObject& parent, std::string_view key);
// The metadata object of `object`, made when absent.
JsonObject& metadata_of(Json& object);

// Objects of built-in kinds arrive from a list without apiVersion and kind (watch events carry
// them); the runtime's identities and the drift check need them, so they are filled in.
Document with_type(Document d, const kube::ApiResource& resource);

// Cached objects in the order the API server lists them (namespace, then name), so that a
// collection read from the cache evaluates exactly as one read live.
void sort_like_a_list(std::vector<Document>& docs);

}  // namespace kro::controller::internal

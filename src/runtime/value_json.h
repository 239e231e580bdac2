// CEL results written into Kubernetes objects: cel::to_json's conversion (ints stay ints,
// timestamps become RFC 3339 strings, ...) plus kro's omit() sentinel, which removes the field
// or list item holding it — at the top (the whole field) and anywhere inside lists and maps.
#pragma once

#include <optional>

#include "cel/common/value.h"
#include "value/json.h"
#include "value/result.h"

namespace kro::runtime {

// True for the value of kro's omit() (type kro.omit).
bool is_omit_value(const cel::Value& v);

// The JSON form of a result; nullopt when the whole value is omit(). Errors for values with no
// JSON form (bytes, types, uint out of int64 range, non-string map keys, errors).
Result<std::optional<Json>> value_to_json(const cel::Value& v);

}  // namespace kro::runtime

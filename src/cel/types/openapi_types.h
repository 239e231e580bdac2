// OpenAPI v3 schema → CEL type, with Kubernetes' semantics (apiserver SchemaDeclType), which is
// how kro types resource fields:
//   type integer/number/boolean/string       → int / double / bool / string
//   string with format byte / duration / date, date-time → bytes / duration / timestamp
//   type array with items                    → list(items)
//   type object with additionalProperties    → map(string, additionalProperties)
//   type object with properties              → an object type; property names escaped for CEL
//                                              (escaping.h; names with no CEL form are left
//                                              out), `required` kept per field
//   x-kubernetes-int-or-string, x-kubernetes-preserve-unknown-fields, anyOf/oneOf, no type → dyn
//   x-kubernetes-embedded-resource objects always have apiVersion, kind and metadata.name /
//   metadata.generateName.
// Object types are named after their place: the root gets `type_name`, a property
// "<parent>.<field>", list items "<parent>.@idx", map values "<parent>.@elem" (Kubernetes'
// naming). `$ref`s are followed through the resolver; a schema nested deeper than 64 levels
// (recursive definitions) becomes dyn.
#pragma once

#include <functional>
#include <string_view>

#include "cel/types/type.h"
#include "value/json.h"
#include "value/result.h"

namespace kro::cel::types {

// Returns the schema a "$ref" names (e.g. "#/components/schemas/io.k8s.api.core.v1.Pod"), or
// nullptr when unknown.
using RefResolver = std::function<const Json*(std::string_view ref)>;

// The CEL type of `schema`. Errors (not an object, an unresolvable $ref, a malformed keyword)
// carry the schema path in Error::path, e.g. "properties.spec.items".
Result<Type> type_from_schema(const Json& schema, std::string_view type_name,
                              const RefResolver& resolver = nullptr);

}  // namespace kro::cel::types

// SimpleSchema → OpenAPI: turns `spec.schema.spec` (and the custom types of
// `spec.schema.types`) of a ResourceGraphDefinition into the OpenAPI schema of the generated
// CRD's `spec`, as upstream kro's pkg/simpleschema does.
//
//   spec:                                 type: object
//     name: string | required=true   →    required: [name]
//     port: integer | default=80          properties: {name: {type: string},
//     labels: map[string]string                         port: {type: integer, default: 80}, ...}
//
// Behaviour kept from upstream:
// - A nested map is an inline object; `object` is a schemaless object (preserve-unknown-fields).
// - Custom types are resolved in dependency order; a reference cycle is an error naming the
//   cycle; an unknown name is "unknown type: X". A custom type is inlined (deep copy, no $ref).
// - An alias type carrying `required=true` makes every field that uses it required.
// - An object with no required fields and at least one defaulted child gets `default: {}` so the
//   API server materialises the nested defaults.
// - `required` lists are sorted.
// Errors carry upstream's message, the field path (e.g. "spec.schema.spec.contacts.phone") and,
// when a SourceMap is given, the file position of that field.
#pragma once

#include <string>

#include "schema/openapi_schema.h"
#include "value/json.h"
#include "value/result.h"
#include "value/yaml.h"

namespace kro::schema {

struct SimpleSchemaOptions {
  // Field paths reported in errors for the two inputs.
  std::string spec_path = "spec.schema.spec";
  std::string types_path = "spec.schema.types";
  // Optional positions of the RGD document, and the JSON pointers of the two inputs in it.
  const SourceMap* positions = nullptr;
  std::string spec_pointer = "/spec/schema/spec";
  std::string types_pointer = "/spec/schema/types";
};

// `spec` must be an object (null is treated as empty); `types` may be null or an object.
Result<Schema> simple_schema_to_openapi(const Json& spec, const Json& types,
                                        const SimpleSchemaOptions& options = {});

}  // namespace kro::schema

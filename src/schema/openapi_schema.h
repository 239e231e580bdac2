// The OpenAPI v3 schema model of Kubernetes CRDs (apiextensions.k8s.io/v1 JSONSchemaProps), the
// form SimpleSchema compiles to and CRDs carry. It covers the structural-schema subset the API
// server accepts plus the Kubernetes extensions (x-kubernetes-*).
//
// Conversion to JSON follows what upstream kro (Go) sends and the API server returns: members in
// the Go struct's field order, optional members left out when unset, and `properties` keys sorted
// (Go marshals maps in key order). Properties are kept in insertion order in memory so callers
// can report them in the order the user wrote them.
//
// Numbers: Go keeps minimum/maximum/multipleOf as float64 and prints integral values without a
// fraction; to_json writes integral bounds as JSON integers so `minimum: 1` stays `1`.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "schema/box.h"
#include "value/json.h"
#include "value/result.h"

namespace kro::schema {

// One entry of x-kubernetes-validations (a CEL rule checked by the API server).
struct ValidationRule {
  std::string rule;
  std::string message;
  std::string message_expression;
  std::string reason;
  std::string field_path;
  std::optional<bool> optional_old_self;

  bool operator==(const ValidationRule&) const = default;
};

struct Property;

struct Schema {
  std::string description;
  std::string type;
  std::string format;
  std::string title;
  std::optional<Json> default_value;
  std::optional<double> maximum;
  bool exclusive_maximum = false;
  std::optional<double> minimum;
  bool exclusive_minimum = false;
  std::optional<std::int64_t> max_length;
  std::optional<std::int64_t> min_length;
  std::string pattern;
  std::optional<std::int64_t> max_items;
  std::optional<std::int64_t> min_items;
  bool unique_items = false;
  std::optional<double> multiple_of;
  std::vector<Json> enum_values;
  std::optional<std::int64_t> max_properties;
  std::optional<std::int64_t> min_properties;
  std::vector<std::string> required;
  Box<Schema> items;
  std::vector<Schema> all_of;
  std::vector<Schema> one_of;
  std::vector<Schema> any_of;
  Box<Schema> not_schema;
  std::vector<Property> properties;
  // additionalProperties is either a schema or a bare boolean (when no schema is set).
  Box<Schema> additional_properties;
  std::optional<bool> additional_properties_allowed;
  std::optional<Json> example;
  bool nullable = false;
  std::optional<bool> preserve_unknown_fields;
  bool embedded_resource = false;
  bool int_or_string = false;
  std::vector<std::string> list_map_keys;
  std::optional<std::string> list_type;
  std::optional<std::string> map_type;
  std::vector<ValidationRule> validations;
  // Members this model does not interpret but keeps for a faithful round trip ($ref, id,
  // $schema, externalDocs, patternProperties, dependencies, additionalItems, definitions).
  std::vector<std::pair<std::string, Json>> extra;

  // Property lookup by name; nullptr when absent.
  const Schema* property(std::string_view name) const;
  Schema* property(std::string_view name);
  // Adds or replaces a property, keeping the position of a replaced one.
  void set_property(std::string name, Schema value);
  bool is_required(std::string_view name) const;
};

struct Property {
  std::string name;
  Schema schema;
};

// Reads a JSONSchemaProps object. Errors name the offending member by its path below `path`
// (e.g. "spec.versions[0].schema.openAPIV3Schema.properties.spec.type").
Result<Schema> schema_from_json(const Json& v, const std::string& path = "");

// Writes the schema as upstream serializes it (see the file comment for the order).
Json to_json(const Schema& s);

// Structural equality through the JSON form (numbers compare by value).
bool equal(const Schema& a, const Schema& b);

}  // namespace kro::schema

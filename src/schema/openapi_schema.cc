#include "schema/openapi_schema.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

namespace kro::schema {

const Schema* Schema::property(std::string_view name) const {
  for (const auto& p : properties) {
    if (p.name == name) return &p.schema;
  }
  return nullptr;
}

Schema* Schema::property(std::string_view name) {
  for (auto& p : properties) {
    if (p.name == name) return &p.schema;
  }
  return nullptr;
}

void Schema::set_property(std::string name, Schema value) {
  if (Schema* existing = property(name)) {
    *existing = std::move(value);
    return;
  }
  properties.push_back(Property{std::move(name), std::move(value)});
}

bool Schema::is_required(std::string_view name) const {
  return std::find(required.begin(), required.end(), name) != required.end();
}

namespace {

// ---- reading -------------------------------------------------------------------------------

Error field_error(const std::string& path, std::string message) {
  Error e(std::move(message));
  e.path = path;
  return e;
}

std::string join(const std::string& path, std::string_view key) {
  if (path.empty()) return std::string(key);
  return path + "." + std::string(key);
}

Result<std::string> read_string(const Json& v, const std::string& path) {
  if (!v.is_string()) return field_error(path, "must be a string");
  return std::string(v.get_string());
}

Result<bool> read_bool(const Json& v, const std::string& path) {
  if (!v.is_bool()) return field_error(path, "must be a boolean");
  return v.get_bool();
}

Result<double> read_number(const Json& v, const std::string& path) {
  if (v.is_int64()) return static_cast<double>(v.get_int64());
  if (v.is_uint64()) return static_cast<double>(v.get_uint64());
  if (v.is_double()) return v.get_double();
  return field_error(path, "must be a number");
}

Result<std::int64_t> read_int(const Json& v, const std::string& path) {
  if (v.is_int64()) return v.get_int64();
  if (v.is_uint64() &&
      v.get_uint64() <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
    return static_cast<std::int64_t>(v.get_uint64());
  }
  if (v.is_double()) {
    double d = v.get_double();
    if (std::trunc(d) == d && std::fabs(d) < 9.2e18) return static_cast<std::int64_t>(d);
  }
  return field_error(path, "must be an integer");
}

Result<std::vector<std::string>> read_strings(const Json& v, const std::string& path) {
  if (!v.is_array()) return field_error(path, "must be a list of strings");
  std::vector<std::string> out;
  std::size_t i = 0;
  for (const auto& item : v.get_array()) {
    if (!item.is_string()) {
      return field_error(path + "[" + std::to_string(i) + "]", "must be a string");
    }
    out.emplace_back(item.get_string());
    ++i;
  }
  return out;
}

Result<std::vector<Schema>> read_schemas(const Json& v, const std::string& path) {
  if (!v.is_array()) return field_error(path, "must be a list of schemas");
  std::vector<Schema> out;
  std::size_t i = 0;
  for (const auto& item : v.get_array()) {
    KRO_ASSIGN_OR_RETURN(auto s, schema_from_json(item, path + "[" + std::to_string(i) + "]"));
    out.push_back(std::move(s));
    ++i;
  }
  return out;
}

Result<ValidationRule> read_rule(const Json& v, const std::string& path) {
  if (!v.is_object()) return field_error(path, "must be an object");
  ValidationRule r;
  for (const auto& kv : v.get_object()) {
    std::string p = join(path, kv.key());
    std::string_view k = kv.key();
    if (k == "optionalOldSelf") {
      KRO_ASSIGN_OR_RETURN(auto b, read_bool(kv.value(), p));
      r.optional_old_self = b;
      continue;
    }
    std::string* target = nullptr;
    if (k == "rule") {
      target = &r.rule;
    } else if (k == "message") {
      target = &r.message;
    } else if (k == "messageExpression") {
      target = &r.message_expression;
    } else if (k == "reason") {
      target = &r.reason;
    } else if (k == "fieldPath") {
      target = &r.field_path;
    }
    if (target == nullptr) return field_error(p, "unknown field \"" + std::string(k) + "\"");
    KRO_ASSIGN_OR_RETURN(auto s, read_string(kv.value(), p));
    *target = std::move(s);
  }
  if (r.rule.empty()) return field_error(join(path, "rule"), "a validation rule is required");
  return r;
}

bool is_extra_key(std::string_view k) {
  return k == "id" || k == "$schema" || k == "$ref" || k == "patternProperties" ||
         k == "dependencies" || k == "additionalItems" || k == "definitions" || k == "externalDocs";
}

// Reads member k when its value is a scalar or a list of strings: nothing when k is another key,
// otherwise the outcome.
std::optional<Status> read_scalar_member(Schema& s, std::string_view k, const Json& v,
                                         const std::string& p) {
  if (k == "description") {
    KRO_ASSIGN_OR_RETURN(s.description, read_string(v, p));
  } else if (k == "type") {
    KRO_ASSIGN_OR_RETURN(s.type, read_string(v, p));
  } else if (k == "format") {
    KRO_ASSIGN_OR_RETURN(s.format, read_string(v, p));
  } else if (k == "title") {
    KRO_ASSIGN_OR_RETURN(s.title, read_string(v, p));
  } else if (k == "default") {
    s.default_value = v;
  } else if (k == "example") {
    s.example = v;
  } else if (k == "maximum") {
    KRO_ASSIGN_OR_RETURN(s.maximum, read_number(v, p));
  } else if (k == "minimum") {
    KRO_ASSIGN_OR_RETURN(s.minimum, read_number(v, p));
  } else if (k == "multipleOf") {
    KRO_ASSIGN_OR_RETURN(s.multiple_of, read_number(v, p));
  } else if (k == "exclusiveMaximum") {
    KRO_ASSIGN_OR_RETURN(s.exclusive_maximum, read_bool(v, p));
  } else if (k == "exclusiveMinimum") {
    KRO_ASSIGN_OR_RETURN(s.exclusive_minimum, read_bool(v, p));
  } else if (k == "maxLength") {
    KRO_ASSIGN_OR_RETURN(s.max_length, read_int(v, p));
  } else if (k == "minLength") {
    KRO_ASSIGN_OR_RETURN(s.min_length, read_int(v, p));
  } else if (k == "maxItems") {
    KRO_ASSIGN_OR_RETURN(s.max_items, read_int(v, p));
  } else if (k == "minItems") {
    KRO_ASSIGN_OR_RETURN(s.min_items, read_int(v, p));
  } else if (k == "maxProperties") {
    KRO_ASSIGN_OR_RETURN(s.max_properties, read_int(v, p));
  } else if (k == "minProperties") {
    KRO_ASSIGN_OR_RETURN(s.min_properties, read_int(v, p));
  } else if (k == "pattern") {
    KRO_ASSIGN_OR_RETURN(s.pattern, read_string(v, p));
  } else if (k == "uniqueItems") {
    KRO_ASSIGN_OR_RETURN(s.unique_items, read_bool(v, p));
  } else if (k == "nullable") {
    KRO_ASSIGN_OR_RETURN(s.nullable, read_bool(v, p));
  } else if (k == "required") {
    KRO_ASSIGN_OR_RETURN(s.required, read_strings(v, p));
  } else if (k == "x-kubernetes-preserve-unknown-fields") {
    KRO_ASSIGN_OR_RETURN(s.preserve_unknown_fields, read_bool(v, p));
  } else if (k == "x-kubernetes-embedded-resource") {
    KRO_ASSIGN_OR_RETURN(s.embedded_resource, read_bool(v, p));
  } else if (k == "x-kubernetes-int-or-string") {
    KRO_ASSIGN_OR_RETURN(s.int_or_string, read_bool(v, p));
  } else if (k == "x-kubernetes-list-map-keys") {
    KRO_ASSIGN_OR_RETURN(s.list_map_keys, read_strings(v, p));
  } else if (k == "x-kubernetes-list-type") {
    KRO_ASSIGN_OR_RETURN(s.list_type, read_string(v, p));
  } else if (k == "x-kubernetes-map-type") {
    KRO_ASSIGN_OR_RETURN(s.map_type, read_string(v, p));
  } else {
    return std::nullopt;
  }
  return Status();
}

// Reads one member into s; returns an error for unknown keys or wrong value kinds.
Status read_member(Schema& s, std::string_view k, const Json& v, const std::string& p) {
  if (auto scalar = read_scalar_member(s, k, v, p)) return std::move(*scalar);
  if (k == "allOf") {
    KRO_ASSIGN_OR_RETURN(s.all_of, read_schemas(v, p));
  } else if (k == "oneOf") {
    KRO_ASSIGN_OR_RETURN(s.one_of, read_schemas(v, p));
  } else if (k == "anyOf") {
    KRO_ASSIGN_OR_RETURN(s.any_of, read_schemas(v, p));
  } else if (k == "enum") {
    if (!v.is_array()) return field_error(p, "must be a list");
    s.enum_values.assign(v.get_array().begin(), v.get_array().end());
  } else if (k == "items") {
    if (v.is_array()) {
      return field_error(p, "a list of item schemas is not supported; use one schema");
    }
    KRO_ASSIGN_OR_RETURN(s.items, schema_from_json(v, p));
  } else if (k == "not") {
    KRO_ASSIGN_OR_RETURN(s.not_schema, schema_from_json(v, p));
  } else if (k == "additionalProperties") {
    if (v.is_bool()) {
      s.additional_properties_allowed = v.get_bool();
    } else {
      KRO_ASSIGN_OR_RETURN(s.additional_properties, schema_from_json(v, p));
    }
  } else if (k == "properties") {
    if (!v.is_object()) return field_error(p, "must be an object");
    for (const auto& kv : v.get_object()) {
      KRO_ASSIGN_OR_RETURN(auto child, schema_from_json(kv.value(), join(p, kv.key())));
      s.properties.push_back(Property{std::string(kv.key()), std::move(child)});
    }
  } else if (k == "x-kubernetes-validations") {
    if (!v.is_array()) return field_error(p, "must be a list");
    std::size_t i = 0;
    for (const auto& item : v.get_array()) {
      KRO_ASSIGN_OR_RETURN(auto r, read_rule(item, p + "[" + std::to_string(i++) + "]"));
      s.validations.push_back(std::move(r));
    }
  } else if (is_extra_key(k)) {
    s.extra.emplace_back(std::string(k), v);
  } else {
    return field_error(p, "unknown field \"" + std::string(k) + "\"");
  }
  return {};
}

// ---- writing -------------------------------------------------------------------------------

Json number(double d) {
  // Go prints float64 without a fraction when it is integral; keep that shape.
  if (std::isfinite(d) && std::trunc(d) == d && std::fabs(d) < 1e15) {
    return Json(static_cast<std::int64_t>(d));
  }
  return Json(d);
}

Json strings(const std::vector<std::string>& v) {
  JsonArray a;
  for (const auto& s : v) a.emplace_back(s);
  return a;
}

Json rule_json(const ValidationRule& r) {
  JsonObject o;
  o["rule"] = r.rule;
  if (!r.message.empty()) o["message"] = r.message;
  if (!r.message_expression.empty()) o["messageExpression"] = r.message_expression;
  if (!r.reason.empty()) o["reason"] = r.reason;
  if (!r.field_path.empty()) o["fieldPath"] = r.field_path;
  if (r.optional_old_self) o["optionalOldSelf"] = *r.optional_old_self;
  return o;
}

const Json* find_extra(const Schema& s, std::string_view key) {
  for (const auto& [k, v] : s.extra) {
    if (k == key) return &v;
  }
  return nullptr;
}

void put_extra(JsonObject& o, const Schema& s, std::string_view key) {
  if (const Json* v = find_extra(s, key)) o[key] = *v;
}

Json schemas_json(const std::vector<Schema>& v) {
  JsonArray a;
  for (const auto& s : v) a.push_back(to_json(s));
  return a;
}

}  // namespace

Result<Schema> schema_from_json(const Json& v, const std::string& path) {
  if (!v.is_object()) return field_error(path, "a schema must be an object");
  Schema s;
  for (const auto& kv : v.get_object()) {
    KRO_RETURN_IF_ERROR(read_member(s, kv.key(), kv.value(), join(path, kv.key())));
  }
  return s;
}

Json to_json(const Schema& s) {
  JsonObject o;
  put_extra(o, s, "id");
  put_extra(o, s, "$schema");
  put_extra(o, s, "$ref");
  if (!s.description.empty()) o["description"] = s.description;
  if (!s.type.empty()) o["type"] = s.type;
  if (!s.format.empty()) o["format"] = s.format;
  if (!s.title.empty()) o["title"] = s.title;
  if (s.default_value) o["default"] = *s.default_value;
  if (s.maximum) o["maximum"] = number(*s.maximum);
  if (s.exclusive_maximum) o["exclusiveMaximum"] = true;
  if (s.minimum) o["minimum"] = number(*s.minimum);
  if (s.exclusive_minimum) o["exclusiveMinimum"] = true;
  if (s.max_length) o["maxLength"] = *s.max_length;
  if (s.min_length) o["minLength"] = *s.min_length;
  if (!s.pattern.empty()) o["pattern"] = s.pattern;
  if (s.max_items) o["maxItems"] = *s.max_items;
  if (s.min_items) o["minItems"] = *s.min_items;
  if (s.unique_items) o["uniqueItems"] = true;
  if (s.multiple_of) o["multipleOf"] = number(*s.multiple_of);
  if (!s.enum_values.empty()) o["enum"] = JsonArray(s.enum_values.begin(), s.enum_values.end());
  if (s.max_properties) o["maxProperties"] = *s.max_properties;
  if (s.min_properties) o["minProperties"] = *s.min_properties;
  if (!s.required.empty()) o["required"] = strings(s.required);
  if (s.items) o["items"] = to_json(*s.items);
  if (!s.all_of.empty()) o["allOf"] = schemas_json(s.all_of);
  if (!s.one_of.empty()) o["oneOf"] = schemas_json(s.one_of);
  if (!s.any_of.empty()) o["anyOf"] = schemas_json(s.any_of);
  if (s.not_schema) o["not"] = to_json(*s.not_schema);
  if (!s.properties.empty()) {
    std::vector<const Property*> sorted;
    sorted.reserve(s.properties.size());
    for (const auto& p : s.properties) sorted.push_back(&p);
    std::sort(sorted.begin(), sorted.end(),
              [](const Property* a, const Property* b) { return a->name < b->name; });
    JsonObject props;
    for (const Property* p : sorted) props[p->name] = to_json(p->schema);
    o["properties"] = std::move(props);
  }
  if (s.additional_properties) {
    o["additionalProperties"] = to_json(*s.additional_properties);
  } else if (s.additional_properties_allowed) {
    o["additionalProperties"] = *s.additional_properties_allowed;
  }
  put_extra(o, s, "patternProperties");
  put_extra(o, s, "dependencies");
  put_extra(o, s, "additionalItems");
  put_extra(o, s, "definitions");
  put_extra(o, s, "externalDocs");
  if (s.example) o["example"] = *s.example;
  if (s.nullable) o["nullable"] = true;
  if (s.preserve_unknown_fields) {
    o["x-kubernetes-preserve-unknown-fields"] = *s.preserve_unknown_fields;
  }
  if (s.embedded_resource) o["x-kubernetes-embedded-resource"] = true;
  if (s.int_or_string) o["x-kubernetes-int-or-string"] = true;
  if (!s.list_map_keys.empty()) o["x-kubernetes-list-map-keys"] = strings(s.list_map_keys);
  if (s.list_type) o["x-kubernetes-list-type"] = *s.list_type;
  if (s.map_type) o["x-kubernetes-map-type"] = *s.map_type;
  if (!s.validations.empty()) {
    JsonArray a;
    for (const auto& r : s.validations) a.push_back(rule_json(r));
    o["x-kubernetes-validations"] = std::move(a);
  }
  return o;
}

bool equal(const Schema& a, const Schema& b) { return deep_equal(to_json(a), to_json(b)); }

}  // namespace kro::schema

#include "cli/instance.h"

namespace kro::cli {

void apply_defaults(const schema::Schema& schema, Json& value) {
  if (JsonObject* object = value.if_object()) {
    for (const auto& prop : schema.properties) {
      if (!prop.schema.default_value) continue;
      Json* current = object->if_contains(prop.name);
      if (current == nullptr || (current->is_null() && !prop.schema.nullable)) {
        (*object)[prop.name] = *prop.schema.default_value;
      }
    }
    for (auto& kv : *object) {
      if (const schema::Schema* prop = schema.property(kv.key())) {
        apply_defaults(*prop, kv.value());
      } else if (schema.additional_properties) {
        apply_defaults(*schema.additional_properties, kv.value());
      }
    }
  } else if (JsonArray* array = value.if_array()) {
    if (!schema.items) return;
    for (auto& item : *array) apply_defaults(*schema.items, item);
  }
}

Result<Json> prepare_instance(const YamlDocument& doc, const graph::CompiledGraph& compiled) {
  auto fail = [&doc](std::string_view pointer, std::string message) {
    Error e(std::move(message), doc.positions.at(pointer));
    return e;
  };
  const JsonObject* root = doc.value.if_object();
  if (root == nullptr) return fail("", "an instance must be an object");
  const std::string want_api = compiled.api_version();
  auto string_member = [root](std::string_view key) -> std::string {
    const Json* v = root->if_contains(key);
    return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
  };
  if (string_member("apiVersion") != want_api) {
    return fail("/apiVersion", "instance apiVersion \"" + string_member("apiVersion") +
                                   "\" does not match the RGD's \"" + want_api + "\"");
  }
  if (string_member("kind") != compiled.kind) {
    return fail("/kind", "instance kind \"" + string_member("kind") +
                             "\" does not match the RGD's \"" + compiled.kind + "\"");
  }
  Json instance = doc.value;
  JsonObject& obj = instance.as_object();
  Json& metadata = obj["metadata"];
  if (!metadata.is_object()) return fail("/metadata", "instance metadata must be an object");
  const Json* name = metadata.as_object().if_contains("name");
  if (name == nullptr || !name->is_string() || name->get_string().empty()) {
    return fail("/metadata", "instance metadata.name is required");
  }
  if (!compiled.cluster_scoped) {
    Json& ns = metadata.as_object()["namespace"];
    if (!ns.is_string() || ns.get_string().empty()) ns = "default";
  }
  schema::Schema root_schema;
  root_schema.type = "object";
  root_schema.set_property("spec", compiled.spec_schema);
  apply_defaults(root_schema, instance);
  return instance;
}

}  // namespace kro::cli

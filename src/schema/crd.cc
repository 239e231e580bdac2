#include "schema/crd.h"

#include <algorithm>
#include <map>

#include "schema/pluralize.h"
#include "value/strings.h"

namespace kro::schema {

namespace {

Schema typed(std::string type) {
  Schema s;
  s.type = std::move(type);
  return s;
}

Json column(std::string_view name, std::string_view type, std::string_view description,
            std::string_view path) {
  JsonObject o;
  o["name"] = name;
  o["type"] = type;
  o["description"] = description;
  o["jsonPath"] = path;
  return o;
}

Error column_error(std::size_t index, std::string_view field, std::string message) {
  Error e(std::move(message));
  e.path = "spec.schema.additionalPrinterColumns[";
  e.path.append(std::to_string(index)).append("]");
  if (!field.empty()) e.path.append(".").append(field);
  return e;
}

// Re-emits a printer column in the Go field order, checking member types; unknown members are
// rejected rather than silently dropped.
Result<Json> normalize_column(const Json& v, std::size_t index) {
  if (!v.is_object()) return column_error(index, "", "a printer column must be an object");
  const JsonObject& in = v.get_object();
  for (const auto& kv : in) {
    std::string_view k = kv.key();
    if (k != "name" && k != "type" && k != "format" && k != "description" && k != "priority" &&
        k != "jsonPath") {
      return column_error(index, k, "unknown field \"" + std::string(k) + "\"");
    }
  }
  JsonObject out;
  for (const char* key : {"name", "type", "format", "description"}) {
    const Json* f = in.if_contains(key);
    if (f == nullptr) {
      if (std::string_view(key) == "name" || std::string_view(key) == "type") {
        return column_error(index, key, "Required value");
      }
      continue;
    }
    if (!f->is_string()) return column_error(index, key, "must be a string");
    if (!f->get_string().empty()) out[key] = *f;
  }
  if (const Json* p = in.if_contains("priority")) {
    if (!p->is_int64() && !p->is_uint64())
      return column_error(index, "priority", "must be an integer");
    if (p->to_number<std::int64_t>() != 0) out["priority"] = p->to_number<std::int64_t>();
  }
  const Json* path = in.if_contains("jsonPath");
  if (path == nullptr) return column_error(index, "jsonPath", "Required value");
  if (!path->is_string()) return column_error(index, "jsonPath", "must be a string");
  out["jsonPath"] = *path;
  return Json(std::move(out));
}

Json string_map(const std::map<std::string, std::string>& m) {
  JsonObject o;
  for (const auto& [k, v] : m) o[k] = v;
  return o;
}

Json string_list(const std::vector<std::string>& v) {
  JsonArray a;
  for (const auto& s : v) a.emplace_back(s);
  return a;
}

}  // namespace

Schema default_state_schema() { return typed("string"); }

Schema default_conditions_schema() {
  Schema item = typed("object");
  item.properties.push_back({"type", typed("string")});
  item.properties.push_back({"status", typed("string")});
  item.properties.push_back({"reason", typed("string")});
  item.properties.push_back({"message", typed("string")});
  item.properties.push_back({"lastTransitionTime", typed("string")});
  item.properties.push_back({"observedGeneration", typed("integer")});
  Schema list = typed("array");
  list.items = std::move(item);
  return list;
}

std::vector<Json> default_printer_columns() {
  return {
      column("State", "string", "The state of a ResourceGraphDefinition instance", ".status.state"),
      column("Ready", "string", "Whether a ResourceGraphDefinition instance is ready",
             ".status.conditions[?(@.type==\"Ready\")].status"),
      column("Age", "date", "Age of the resource", ".metadata.creationTimestamp"),
  };
}

Schema merge_status_schema(Schema user_status) {
  if (user_status.type.empty()) user_status.type = "object";
  if (!user_status.property("state")) user_status.set_property("state", default_state_schema());
  if (!user_status.property("conditions")) {
    user_status.set_property("conditions", default_conditions_schema());
  }
  return user_status;
}

Schema instance_schema(const Schema& spec, const Schema& status) {
  Schema root = typed("object");
  root.properties.push_back({"apiVersion", typed("string")});
  root.properties.push_back({"kind", typed("string")});
  root.properties.push_back({"metadata", typed("object")});
  root.properties.push_back({"spec", spec});
  root.properties.push_back({"status", merge_status_schema(status)});
  return root;
}

namespace {

// The CRD's metadata: its name, the user's labels and annotations, and kro's labels.
JsonObject crd_metadata(const CrdOptions& o, const std::string& name) {
  // Go maps serialise in key order; kro's own labels win over user labels of the same key.
  std::map<std::string, std::string> labels(o.labels.begin(), o.labels.end());
  if (!o.rgd_name.empty()) {
    std::string version = o.kro_version;
    std::replace(version.begin(), version.end(), '+', '-');
    labels[kOwnedLabel] = "true";
    labels[kKroVersionLabel] = version;
    labels[kRgdIdLabel] = o.rgd_uid;
    labels[kRgdNameLabel] = o.rgd_name;
  }
  std::map<std::string, std::string> annotations(o.annotations.begin(), o.annotations.end());

  JsonObject metadata;
  metadata["name"] = name;
  if (!labels.empty()) metadata["labels"] = string_map(labels);
  if (!annotations.empty()) metadata["annotations"] = string_map(annotations);
  return metadata;
}

// The CRD's one version, serving the instance schema.
JsonObject crd_version(const CrdOptions& o, const std::vector<Json>& columns) {
  JsonObject version;
  version["name"] = o.api_version;
  version["served"] = true;
  version["storage"] = true;
  JsonObject validation;
  validation["openAPIV3Schema"] = to_json(instance_schema(o.spec, o.status));
  version["schema"] = std::move(validation);
  JsonObject subresources;
  subresources["status"] = JsonObject();
  version["subresources"] = std::move(subresources);
  version["additionalPrinterColumns"] = JsonArray(columns.begin(), columns.end());
  return version;
}

}  // namespace

Result<Json> synthesize_crd(const CrdOptions& o) {
  if (o.kind.empty()) {
    Error e("kind is required");
    e.path = "spec.schema.kind";
    return e;
  }
  if (o.api_version.empty()) {
    Error e("apiVersion is required");
    e.path = "spec.schema.apiVersion";
    return e;
  }
  if (o.scope != "Namespaced" && o.scope != "Cluster") {
    Error e("scope must be Namespaced or Cluster, got \"" + o.scope + "\"");
    e.path = "spec.schema.scope";
    return e;
  }
  const std::string group = o.group.empty() ? "kro.run" : o.group;
  const std::string plural = kind_plural(o.kind);

  std::vector<Json> columns;
  if (o.printer_columns.empty()) {
    columns = default_printer_columns();
  } else {
    for (std::size_t i = 0; i < o.printer_columns.size(); ++i) {
      KRO_ASSIGN_OR_RETURN(auto c, normalize_column(o.printer_columns[i], i));
      columns.push_back(std::move(c));
    }
  }

  JsonObject metadata = crd_metadata(o, plural + "." + group);

  JsonObject names;
  names["plural"] = plural;
  names["singular"] = ascii_lower(o.kind);
  if (!o.short_names.empty()) names["shortNames"] = string_list(o.short_names);
  names["kind"] = o.kind;
  names["listKind"] = o.kind + "List";
  if (!o.categories.empty()) names["categories"] = string_list(o.categories);

  JsonObject version = crd_version(o, columns);

  JsonObject spec;
  spec["group"] = group;
  spec["names"] = std::move(names);
  spec["scope"] = o.scope;
  JsonArray versions;
  versions.emplace_back(std::move(version));
  spec["versions"] = std::move(versions);

  JsonObject crd;
  crd["apiVersion"] = "apiextensions.k8s.io/v1";
  crd["kind"] = "CustomResourceDefinition";
  crd["metadata"] = std::move(metadata);
  crd["spec"] = std::move(spec);
  return Json(std::move(crd));
}

}  // namespace kro::schema

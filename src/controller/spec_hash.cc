#include "controller/spec_hash.h"

#include <algorithm>
#include <cstdint>
#include <string_view>
#include <vector>

#include "value/go_json.h"

namespace kro::controller {

namespace {

// Writes Go struct fields in order, with the comma between them.
class StructWriter {
 public:
  explicit StructWriter(std::string& out) : out_(out) { out_ += '{'; }
  ~StructWriter() { out_ += '}'; }
  StructWriter(const StructWriter&) = delete;
  StructWriter& operator=(const StructWriter&) = delete;

  std::string& field(std::string_view name) {
    if (!first_) out_ += ',';
    first_ = false;
    append_go_json_string(out_, name);
    out_ += ':';
    return out_;
  }

 private:
  std::string& out_;
  bool first_ = true;
};

const Json* member(const Json* obj, std::string_view key) {
  if (obj == nullptr || !obj->is_object()) return nullptr;
  return obj->as_object().if_contains(key);
}

std::string string_member(const Json* obj, std::string_view key) {
  const Json* v = member(obj, key);
  return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
}

// A `string` field with omitempty.
void string_field(StructWriter& w, std::string_view name, const std::string& value) {
  if (!value.empty()) append_go_json_string(w.field(name), value);
}

// A runtime.RawExtension field: never omitted (omitempty does not apply to a struct), "null"
// when absent, else the canonical re-encoding.
void raw_field(StructWriter& w, std::string_view name, const Json* value) {
  std::string& out = w.field(name);
  if (value == nullptr || value->is_null()) {
    out += "null";
  } else {
    append_go_json_canonical(out, *value);
  }
}

// The strings of a []string field, optionally sorted.
std::vector<std::string> strings_of(const Json* list) {
  std::vector<std::string> out;
  if (list == nullptr || !list->is_array()) return out;
  for (const Json& v : list->as_array()) {
    if (v.is_string()) out.emplace_back(v.as_string());
  }
  return out;
}

// A []string field with omitempty.
void strings_field(StructWriter& w, std::string_view name, std::vector<std::string> values,
                   bool sorted) {
  if (values.empty()) return;
  if (sorted) std::sort(values.begin(), values.end());
  std::string& out = w.field(name);
  out += '[';
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += ',';
    append_go_json_string(out, values[i]);
  }
  out += ']';
}

// The string members of an object: what a Go map[string]string decodes from it.
JsonObject string_members(const Json& map) {
  JsonObject strings;
  for (const auto& kv : map.as_object()) {
    if (kv.value().is_string()) strings[kv.key()] = kv.value();
  }
  return strings;
}

// A map[string]string field with omitempty: keys sorted.
void string_map_field(StructWriter& w, std::string_view name, const Json* map) {
  if (map == nullptr || !map->is_object() || map->as_object().empty()) return;
  append_go_json_canonical(w.field(name), string_members(*map));
}

// A slice field with omitempty, each element written by `write(out, element)`.
template <typename Write>
void list_field(StructWriter& w, std::string_view name, const Json* list, Write write) {
  if (list == nullptr || !list->is_array() || list->as_array().empty()) return;
  std::string& out = w.field(name);
  out += '[';
  bool first = true;
  for (const Json& item : list->as_array()) {
    if (!first) out += ',';
    first = false;
    write(out, item);
  }
  out += ']';
}

void write_printer_column(std::string& out, const Json& c) {
  StructWriter w(out);
  append_go_json_string(w.field("name"), string_member(&c, "name"));
  append_go_json_string(w.field("type"), string_member(&c, "type"));
  string_field(w, "format", string_member(&c, "format"));
  string_field(w, "description", string_member(&c, "description"));
  const Json* priority = member(&c, "priority");
  if (priority != nullptr && priority->is_number() && priority->to_number<double>() != 0) {
    append_go_json_number(w.field("priority"), priority->to_number<double>());
  }
  append_go_json_string(w.field("jsonPath"), string_member(&c, "jsonPath"));
}

void write_schema(std::string& out, const Json& schema) {
  StructWriter w(out);
  string_field(w, "kind", string_member(&schema, "kind"));
  string_field(w, "apiVersion", string_member(&schema, "apiVersion"));
  std::string group = string_member(&schema, "group");
  string_field(w, "group", group.empty() ? "kro.run" : group);
  raw_field(w, "spec", member(&schema, "spec"));
  raw_field(w, "types", member(&schema, "types"));
  raw_field(w, "status", member(&schema, "status"));
  std::string scope = string_member(&schema, "scope");
  string_field(w, "scope", scope.empty() ? "Namespaced" : scope);
  list_field(w, "additionalPrinterColumns", member(&schema, "additionalPrinterColumns"),
             write_printer_column);
  strings_field(w, "shortNames", strings_of(member(&schema, "shortNames")), false);
  strings_field(w, "categories", strings_of(member(&schema, "categories")), false);
  const Json* metadata = member(&schema, "metadata");
  if (metadata != nullptr && metadata->is_object()) {
    std::string& o = w.field("metadata");
    StructWriter m(o);
    string_map_field(m, "labels", member(metadata, "labels"));
    string_map_field(m, "annotations", member(metadata, "annotations"));
  }
}

void write_external_ref(std::string& out, const Json& ref) {
  StructWriter w(out);
  append_go_json_string(w.field("apiVersion"), string_member(&ref, "apiVersion"));
  append_go_json_string(w.field("kind"), string_member(&ref, "kind"));
  const Json* metadata = member(&ref, "metadata");
  std::string& o = w.field("metadata");
  StructWriter m(o);
  string_field(m, "name", string_member(metadata, "name"));
  string_field(m, "namespace", string_member(metadata, "namespace"));
  raw_field(m, "selector", member(metadata, "selector"));
}

void write_resource(std::string& out, const Json& r) {
  StructWriter w(out);
  string_field(w, "id", string_member(&r, "id"));
  raw_field(w, "template", member(&r, "template"));
  const Json* ref = member(&r, "externalRef");
  if (ref != nullptr && ref->is_object()) write_external_ref(w.field("externalRef"), *ref);
  strings_field(w, "readyWhen", strings_of(member(&r, "readyWhen")), true);
  strings_field(w, "includeWhen", strings_of(member(&r, "includeWhen")), true);
  // A ForEachDimension is a map[string]string; null when it is not an object.
  list_field(w, "forEach", member(&r, "forEach"), [](std::string& out, const Json& dim) {
    if (!dim.is_object()) {
      out += "null";
      return;
    }
    append_go_json_canonical(out, string_members(dim));
  });
  // kro-cpp's deletionPolicy (docs/controller.md, "Beyond upstream"), last and only when set: a
  // spec without it hashes exactly as upstream's, a change of it is a new revision.
  string_field(w, "deletionPolicy", string_member(&r, "deletionPolicy"));
}

void write_spec(std::string& out, const Json& rgd_spec) {
  StructWriter w(out);
  const Json* schema = member(&rgd_spec, "schema");
  if (schema != nullptr && schema->is_object()) write_schema(w.field("schema"), *schema);
  const Json* resources = member(&rgd_spec, "resources");
  if (resources != nullptr && resources->is_array() && !resources->as_array().empty()) {
    std::vector<const Json*> sorted;
    for (const Json& r : resources->as_array()) sorted.push_back(&r);
    std::stable_sort(sorted.begin(), sorted.end(), [](const Json* a, const Json* b) {
      return string_member(a, "id") < string_member(b, "id");
    });
    std::string& o = w.field("resources");
    o += '[';
    for (std::size_t i = 0; i < sorted.size(); ++i) {
      if (i > 0) o += ',';
      if (sorted[i]->is_object()) {
        write_resource(o, *sorted[i]);
      } else {
        o += "null";
      }
    }
    o += ']';
  }
}

}  // namespace

std::string graph_revision_spec_json(const Json& rgd_spec) {
  std::string out;
  write_spec(out, rgd_spec);
  return out;
}

std::string graph_revision_spec_hash(const Json& rgd_spec) {
  const std::string json = graph_revision_spec_json(rgd_spec);
  std::uint64_t h = 14695981039346656037ULL;  // FNV-64 offset basis
  for (unsigned char c : json) {
    h ^= c;
    h *= 1099511628211ULL;  // FNV-64 prime
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i) {
    out[static_cast<std::size_t>(i)] = kHex[h & 0xF];
    h >>= 4;
  }
  return out;
}

}  // namespace kro::controller

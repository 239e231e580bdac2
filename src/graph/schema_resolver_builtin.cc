#include "graph/schema_resolver_builtin.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <optional>
#include <sstream>

#include "value/yaml.h"

namespace kro::graph {

namespace internal {
std::string_view embedded_openapi_snapshot();
}  // namespace internal

namespace {

constexpr std::string_view kComponents = "#/components/schemas/";

std::optional<std::string> string_member(const JsonObject& o, std::string_view key) {
  const Json* v = o.if_contains(key);
  if (v == nullptr || !v->is_string()) return std::nullopt;
  return std::string(v->get_string());
}

Result<std::string> read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error("cannot read " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

Result<std::shared_ptr<const SnapshotSchemaResolver>> SnapshotSchemaResolver::from_json(
    Json snapshot) {
  auto bad = [](const std::string& what) { return Error("invalid OpenAPI snapshot: " + what); };
  if (!snapshot.is_object()) return bad("not an object");
  std::shared_ptr<SnapshotSchemaResolver> r(new SnapshotSchemaResolver());
  const JsonObject& root = snapshot.get_object();
  if (auto v = string_member(root, "kubernetesVersion")) r->version_ = *v;
  const Json* kinds = root.if_contains("kinds");
  if (kinds == nullptr || !kinds->is_array()) return bad("\"kinds\" is not a list");
  Json kinds_copy = *kinds;
  snapshot.get_object().erase("kinds");
  r->document_ = make_document(std::move(snapshot));
  std::size_t i = 0;
  for (const Json& k : kinds_copy.get_array()) {
    const std::string where = "kinds[" + std::to_string(i++) + "]";
    if (!k.is_object()) return bad(where + " is not an object");
    const JsonObject& o = k.get_object();
    auto ks = std::make_shared<KindSchema>();
    auto v = string_member(o, "apiVersion");
    if (!v) return bad(where + ".apiVersion is missing");
    ks->api_version = *v;
    v = string_member(o, "kind");
    if (!v) return bad(where + ".kind is missing");
    ks->kind = *v;
    v = string_member(o, "schema");
    if (!v) return bad(where + ".schema is missing");
    JsonObject ref;
    ref["$ref"] = std::string(kComponents) + *v;
    ks->schema = std::move(ref);
    const Json* ns = o.if_contains("namespaced");
    ks->namespaced = ns == nullptr || !ns->is_bool() || ns->get_bool();
    ks->document = r->document_;
    ks->source = "built-in Kubernetes " + r->version_;
    if (ks->ref(ks->schema.at("$ref").get_string()) == nullptr) {
      return bad(where + ".schema names a missing component \"" + *v + "\"");
    }
    auto key = std::make_pair(ks->api_version, ks->kind);
    r->kinds_.emplace(std::move(key), std::move(ks));
  }
  return std::shared_ptr<const SnapshotSchemaResolver>(std::move(r));
}

Result<std::shared_ptr<const SnapshotSchemaResolver>> SnapshotSchemaResolver::load(
    const std::string& path) {
  KRO_ASSIGN_OR_RETURN(auto text, read_text(path));
  KRO_ASSIGN_OR_RETURN(auto json, parse_json(text, path));
  auto r = from_json(std::move(json));
  if (!r.ok()) {
    Error e = std::move(r).take_error();
    e.message = path + ": " + e.message;
    return e;
  }
  return r;
}

Result<std::shared_ptr<const SnapshotSchemaResolver>> SnapshotSchemaResolver::builtin() {
  static std::once_flag once;
  static std::optional<Result<std::shared_ptr<const SnapshotSchemaResolver>>> cached;
  std::call_once(once, [] {
    std::string_view data = internal::embedded_openapi_snapshot();
    if (data.empty()) {
      cached.emplace(
          Error("no built-in Kubernetes schemas: this build embedded no OpenAPI "
                "snapshot (run dev/capture-openapi)"));
      return;
    }
    auto json = parse_json(data, "built-in OpenAPI snapshot");
    if (!json.ok()) {
      cached.emplace(std::move(json).take_error());
      return;
    }
    cached.emplace(from_json(std::move(*json)));
  });
  return *cached;
}

Result<KindSchemaPtr> SnapshotSchemaResolver::resolve(std::string_view api_version,
                                                      std::string_view kind) const {
  auto it = kinds_.find(std::make_pair(std::string(api_version), std::string(kind)));
  if (it == kinds_.end()) return schema_not_found(api_version, kind);
  return it->second;
}

// --- CRDs ---

Result<std::shared_ptr<const CrdSchemaResolver>> CrdSchemaResolver::from_objects(
    const std::vector<Json>& crds, Document refs) {
  std::shared_ptr<CrdSchemaResolver> r(new CrdSchemaResolver());
  const bool have_object_meta = refs != nullptr && [&refs] {
    KindSchema probe;
    probe.document = refs;
    return probe.ref(kObjectMetaRef) != nullptr;
  }();
  for (const Json& crd : crds) {
    const Json* name = find_path(crd, "metadata.name");
    const std::string crd_name =
        name != nullptr && name->is_string() ? std::string(name->get_string()) : "<unnamed>";
    auto bad = [&crd_name](const std::string& path, const std::string& what) {
      std::string message = "CustomResourceDefinition \"";
      message.append(crd_name).append("\": ").append(path).append(" ").append(what);
      Error e(std::move(message));
      e.path = path;
      return e;
    };
    const Json* group = find_path(crd, "spec.group");
    const Json* kind = find_path(crd, "spec.names.kind");
    const Json* scope = find_path(crd, "spec.scope");
    const Json* versions = find_path(crd, "spec.versions");
    if (group == nullptr || !group->is_string()) return bad("spec.group", "must be a string");
    if (kind == nullptr || !kind->is_string()) return bad("spec.names.kind", "must be a string");
    if (versions == nullptr || !versions->is_array()) {
      return bad("spec.versions", "must be a list");
    }
    const bool namespaced =
        scope == nullptr || !scope->is_string() || scope->get_string() != "Cluster";
    std::size_t i = 0;
    for (const Json& v : versions->get_array()) {
      const std::string vp = "spec.versions[" + std::to_string(i++) + "]";
      const Json* vname = v.is_object() ? v.get_object().if_contains("name") : nullptr;
      if (vname == nullptr || !vname->is_string()) return bad(vp + ".name", "must be a string");
      const Json* served = v.get_object().if_contains("served");
      if (served != nullptr && served->is_bool() && !served->get_bool()) continue;
      const Json* schema = find_path(v, "schema.openAPIV3Schema");
      auto ks = std::make_shared<KindSchema>();
      ks->api_version = std::string(group->get_string()) + "/" + std::string(vname->get_string());
      ks->kind = std::string(kind->get_string());
      ks->namespaced = namespaced;
      ks->source = "CustomResourceDefinition " + crd_name;
      if (schema == nullptr) {
        JsonObject any;
        any["type"] = "object";
        any["x-kubernetes-preserve-unknown-fields"] = true;
        ks->schema = std::move(any);
      } else if (!schema->is_object()) {
        return bad(vp + ".schema.openAPIV3Schema", "must be an object");
      } else {
        ks->schema = *schema;
      }
      // What the API server publishes for a CRD: apiVersion and kind strings, full ObjectMeta.
      if (JsonObject* o = ks->schema.if_object()) {
        Json& props = (*o)["properties"];
        if (!props.is_object()) props = JsonObject();
        JsonObject& p = props.get_object();
        for (const char* field : {"apiVersion", "kind"}) {
          if (!p.contains(field)) p[field] = JsonObject{{"type", "string"}};
        }
        if (have_object_meta) {
          p["metadata"] = JsonObject{{"$ref", kObjectMetaRef}};
        } else if (!p.contains("metadata")) {
          p["metadata"] = JsonObject{{"type", "object"}};
        }
        if (!o->contains("type")) (*o)["type"] = "object";
      }
      ks->document = refs;
      auto key = std::make_pair(ks->api_version, ks->kind);
      r->kinds_[std::move(key)] = std::move(ks);
    }
  }
  return std::shared_ptr<const CrdSchemaResolver>(std::move(r));
}

Result<std::shared_ptr<const CrdSchemaResolver>> CrdSchemaResolver::load(const std::string& path,
                                                                         Document refs) {
  namespace fs = std::filesystem;
  std::vector<std::string> files;
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    for (const auto& entry : fs::directory_iterator(path, ec)) {
      if (!entry.is_regular_file()) continue;
      std::string ext = entry.path().extension().string();
      if (ext == ".yaml" || ext == ".yml" || ext == ".json") files.push_back(entry.path().string());
    }
    if (ec) return Error("cannot list " + path + ": " + ec.message());
    std::sort(files.begin(), files.end());
  } else if (fs::exists(path, ec)) {
    files.push_back(path);
  } else {
    return Error("CRD path " + path + " does not exist");
  }
  std::vector<Json> crds;
  for (const auto& f : files) {
    KRO_ASSIGN_OR_RETURN(auto docs, read_yaml_file(f));
    for (auto& d : docs) {
      const Json* kind = find_path(d.value, "kind");
      if (kind != nullptr && kind->is_string() &&
          kind->get_string() == "CustomResourceDefinition") {
        crds.push_back(std::move(d.value));
      }
    }
  }
  return from_objects(crds, std::move(refs));
}

Result<KindSchemaPtr> CrdSchemaResolver::resolve(std::string_view api_version,
                                                 std::string_view kind) const {
  auto it = kinds_.find(std::make_pair(std::string(api_version), std::string(kind)));
  if (it == kinds_.end()) return schema_not_found(api_version, kind);
  return it->second;
}

Result<SchemaResolverPtr> offline_schema_resolver(const std::string& crd_path) {
  KRO_ASSIGN_OR_RETURN(auto builtin, SnapshotSchemaResolver::builtin());
  if (crd_path.empty()) return SchemaResolverPtr(builtin);
  KRO_ASSIGN_OR_RETURN(auto crds, CrdSchemaResolver::load(crd_path, builtin->document()));
  return SchemaResolverPtr(
      std::make_shared<ChainSchemaResolver>(std::vector<SchemaResolverPtr>{crds, builtin}));
}

}  // namespace kro::graph

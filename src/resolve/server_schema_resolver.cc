#include "resolve/server_schema_resolver.h"

#include <algorithm>

namespace kro::resolve {

ServerSchemaResolver::ServerSchemaResolver(std::shared_ptr<kube::OpenApiV3> openapi,
                                           std::shared_ptr<kube::Discovery> discovery)
    : openapi_(std::move(openapi)), discovery_(std::move(discovery)) {}

Result<bool> ServerSchemaResolver::namespaced(const kube::GroupVersionKind& gvk) const {
  auto find = [&]() -> std::optional<bool> {
    auto snap = discovery_->snapshot();
    if (!snap) return std::nullopt;
    for (const auto& r : snap->resources) {
      if (r.gvr.group == gvk.group && r.gvr.version == gvk.version && r.kind == gvk.kind &&
          r.gvr.resource.find('/') == std::string::npos) {
        return r.namespaced;
      }
    }
    return std::nullopt;
  };
  if (auto n = find()) return *n;
  if (auto st = discovery_->refresh(); !st.ok()) {
    return Error("discovery failed: " + st.error().str());
  }
  if (auto n = find()) return *n;
  return graph::schema_not_found(gvk.api_version(), gvk.kind);
}

// Which of the two not-found errors upstream's resolver gives: the group-version has no
// document at all, or its document has no such kind.
Error ServerSchemaResolver::not_found(const kube::GroupVersion& gv, std::string_view api_version,
                                      std::string_view kind) const {
  const std::string key =
      gv.group.empty() ? "api/" + gv.version : "apis/" + gv.group + "/" + gv.version;
  auto paths = openapi_->paths();
  if (paths.ok() && std::find(paths->begin(), paths->end(), key) == paths->end()) {
    return graph::group_version_not_found(api_version);
  }
  return graph::schema_not_found(api_version, kind);
}

Result<graph::KindSchemaPtr> ServerSchemaResolver::resolve(std::string_view api_version,
                                                           std::string_view kind) const {
  kube::GroupVersion gv = kube::GroupVersion::parse(api_version);
  kube::GroupVersionKind gvk{gv.group, gv.version, std::string(kind)};
  if (stale_.exchange(false)) {
    if (auto st = openapi_->refresh_index(); !st.ok()) {
      stale_ = true;  // the next lookup tries again
      return Error("failed to read the OpenAPI index: " + st.error().str());
    }
  }
  auto found = openapi_->schema_for(gvk);
  if (!found.ok() && found.error().is_not_found()) {
    // A CRD established since the index was read: its group-version, or a new hash.
    if (auto st = openapi_->refresh_index(); !st.ok()) {
      return Error("failed to read the OpenAPI index: " + st.error().str());
    }
    found = openapi_->schema_for(gvk);
  }
  if (!found.ok()) {
    if (found.error().is_not_found()) return not_found(gv, api_version, kind);
    return Error("failed to fetch the OpenAPI schema of " + graph::gvk_string(api_version, kind) +
                 ": " + found.error().str());
  }
  KRO_ASSIGN_OR_RETURN(auto scope, namespaced(gvk));

  std::lock_guard<std::mutex> lock(mu_);
  auto key = std::make_pair(std::string(api_version), std::string(kind));
  if (auto it = cache_.find(key); it != cache_.end() && it->second->document == found->document &&
                                  it->second->namespaced == scope) {
    return it->second;
  }
  auto ks = std::make_shared<graph::KindSchema>();
  ks->api_version = std::string(api_version);
  ks->kind = std::string(kind);
  ks->namespaced = scope;
  ks->document = found->document;
  ks->schema = JsonObject{{"$ref", "#/components/schemas/" + found->name}};
  ks->source = "server";
  graph::KindSchemaPtr out = ks;
  cache_[key] = out;
  return out;
}

}  // namespace kro::resolve

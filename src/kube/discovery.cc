#include "kube/discovery.h"

#include <algorithm>

namespace kro::kube {

namespace {

// Aggregated discovery, v2 (GA since Kubernetes 1.30); v2beta1 is asked second for older
// servers. A server that knows neither answers with the legacy document instead.
constexpr std::string_view kAggregatedAccept =
    "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,"
    "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,"
    "application/json";

std::vector<std::string> strings_at(const Json& o, std::string_view key) {
  std::vector<std::string> out;
  if (!o.is_object()) return out;
  auto it = o.get_object().find(key);
  if (it == o.get_object().end() || !it->value().is_array()) return out;
  for (const auto& v : it->value().get_array())
    if (v.is_string()) out.emplace_back(v.get_string());
  return out;
}

const JsonArray* array_at(const Json& o, std::string_view key) {
  if (!o.is_object()) return nullptr;
  auto it = o.get_object().find(key);
  return it != o.get_object().end() && it->value().is_array() ? &it->value().get_array() : nullptr;
}

}  // namespace

bool ApiResource::has_verb(std::string_view v) const {
  return std::find(verbs.begin(), verbs.end(), v) != verbs.end();
}

bool ApiResource::has_subresource(std::string_view s) const {
  return std::find(subresources.begin(), subresources.end(), s) != subresources.end();
}

Status parse_aggregated_discovery(const Json& list, DiscoverySnapshot& out) {
  const JsonArray* groups = array_at(list, "items");
  if (groups == nullptr) return Error("aggregated discovery: no items list");
  for (const auto& g : *groups) {
    std::string group = string_at(g, "metadata.name");
    const JsonArray* versions = array_at(g, "versions");
    if (versions == nullptr) continue;
    bool first = true;
    for (const auto& v : *versions) {
      std::string version = string_at(v, "version");
      if (version.empty()) continue;
      // Versions are listed in preference order.
      if (first) out.preferred.emplace(group, version);
      first = false;
      const JsonArray* resources = array_at(v, "resources");
      if (resources == nullptr) continue;
      for (const auto& r : *resources) {
        ApiResource res;
        res.gvr = {group, version, string_at(r, "resource")};
        if (res.gvr.resource.empty()) continue;
        const Json* kind = find_path(r, "responseKind.kind");
        res.kind = kind != nullptr && kind->is_string() ? std::string(kind->get_string()) : "";
        res.singular = string_at(r, "singularResource");
        res.namespaced = string_at(r, "scope") == "Namespaced";
        res.verbs = strings_at(r, "verbs");
        res.short_names = strings_at(r, "shortNames");
        res.categories = strings_at(r, "categories");
        if (const JsonArray* subs = array_at(r, "subresources"))
          for (const auto& s : *subs)
            if (auto name = string_at(s, "subresource"); !name.empty())
              res.subresources.push_back(std::move(name));
        out.resources.push_back(std::move(res));
      }
    }
  }
  return {};
}

Discovery::Discovery(RestClient client)
    : client_(std::move(client)), snap_(std::make_shared<DiscoverySnapshot>()) {}

ApiResult<void> Discovery::refresh() {
  DiscoverySnapshot snap;
  bool legacy = false;
  for (std::string_view root : {"/api", "/apis"}) {
    HttpRequest req;
    req.path = std::string(root);
    req.accept = std::string(kAggregatedAccept);
    KRO_ASSIGN_OR_RETURN(HttpResponse resp, client_.request(req));
    if (resp.content_type.find("as=APIGroupDiscoveryList") == std::string::npos) {
      legacy = true;
      break;
    }
    auto parsed = parse_json(resp.body);
    if (!parsed.ok()) return decode_error(std::string(root) + ": " + parsed.error().message);
    if (auto st = parse_aggregated_discovery(*parsed, snap); !st.ok())
      return decode_error(std::string(root) + ": " + st.error().message);
  }
  if (legacy) {
    snap = DiscoverySnapshot{};
    KRO_RETURN_IF_ERROR(refresh_legacy(snap));
  }
  std::lock_guard lock(mu_);
  snap_ = std::make_shared<const DiscoverySnapshot>(std::move(snap));
  ++generation_;
  return {};
}

namespace {

// Adds the resources of one legacy APIResourceList (/api/v1, /apis/apps/v1).
void add_resource_list(const Json& list, const GroupVersion& gv, DiscoverySnapshot& out) {
  const JsonArray* resources = array_at(list, "resources");
  if (resources == nullptr) return;
  std::vector<ApiResource> found;
  std::vector<std::pair<std::string, std::string>> subs;  // resource, subresource
  for (const auto& r : *resources) {
    std::string name = string_at(r, "name");
    if (auto slash = name.find('/'); slash != std::string::npos) {
      subs.emplace_back(name.substr(0, slash), name.substr(slash + 1));
      continue;
    }
    ApiResource res;
    res.gvr = {gv.group, gv.version, name};
    res.kind = string_at(r, "kind");
    res.singular = string_at(r, "singularName");
    const Json* ns = r.is_object() ? r.get_object().if_contains("namespaced") : nullptr;
    res.namespaced = ns != nullptr && ns->is_bool() && ns->get_bool();
    res.verbs = strings_at(r, "verbs");
    res.short_names = strings_at(r, "shortNames");
    res.categories = strings_at(r, "categories");
    found.push_back(std::move(res));
  }
  for (auto& [res, sub] : subs)
    for (auto& f : found)
      if (f.gvr.resource == res) f.subresources.push_back(sub);
  for (auto& f : found) out.resources.push_back(std::move(f));
}

}  // namespace

ApiResult<void> Discovery::refresh_legacy(DiscoverySnapshot& out) {
  KRO_ASSIGN_OR_RETURN(Json core, client_.get_path("/api"));
  std::vector<GroupVersion> gvs;
  bool first = true;
  for (const auto& v : strings_at(core, "versions")) {
    if (first) out.preferred.emplace("", v);
    first = false;
    gvs.push_back({"", v});
  }
  KRO_ASSIGN_OR_RETURN(Json groups, client_.get_path("/apis"));
  if (const JsonArray* gl = array_at(groups, "groups")) {
    for (const auto& g : *gl) {
      std::string name = string_at(g, "name");
      const Json* pref = find_path(g, "preferredVersion.version");
      if (pref != nullptr && pref->is_string()) out.preferred.emplace(name, pref->get_string());
      if (const JsonArray* vs = array_at(g, "versions"))
        for (const auto& v : *vs) gvs.push_back({name, string_at(v, "version")});
    }
  }
  for (const auto& gv : gvs) {
    auto list = client_.get_path(gv.api_path());
    if (!list.ok()) {
      // An aggregated API whose backend is down answers 503; skip it as kubectl does rather
      // than failing all of discovery.
      if (list.error().code == 503 || list.error().is_not_found()) continue;
      return std::move(list).take_error();
    }
    add_resource_list(*list, gv, out);
  }
  return {};
}

std::shared_ptr<const DiscoverySnapshot> Discovery::snapshot() const {
  std::lock_guard lock(mu_);
  return snap_;
}

std::uint64_t Discovery::generation() const {
  std::lock_guard lock(mu_);
  return generation_;
}

}  // namespace kro::kube

#include "cli/preview_live.h"

#include <set>

#include "cli/observed.h"
#include "controller/applyset.h"
#include "controller/labels.h"
#include "kube/config.h"
#include "kube/kubeconfig.h"

namespace kro::cli {

namespace {

Error error_of(const kube::ApiError& e) { return Error(e.str()); }

// List items of built-in kinds come without apiVersion and kind; the identities need them.
Json typed(Json item, const kube::ApiResource& res) {
  if (JsonObject* o = item.if_object()) {
    const std::string& g = res.gvr.group;
    if (!o->contains("apiVersion")) {
      (*o)["apiVersion"] = g.empty() ? res.gvr.version : g + "/" + res.gvr.version;
    }
    if (!o->contains("kind")) (*o)["kind"] = res.kind;
  }
  return item;
}

}  // namespace

Result<std::unique_ptr<LiveCluster>> LiveCluster::connect(const std::string& kubeconfig,
                                                          const std::string& context) {
  kube::RestConfig config;
  if (kubeconfig.empty()) {
    KRO_ASSIGN_OR_RETURN(config, kube::default_config(context));
  } else {
    KRO_ASSIGN_OR_RETURN(kube::Kubeconfig kc, kube::load_kubeconfig_files({kubeconfig}));
    KRO_ASSIGN_OR_RETURN(config, kc.rest_config(context));
  }
  config.user_agent = "kro-preview";
  KRO_ASSIGN_OR_RETURN(kube::RestClient client, kube::RestClient::create(config));
  auto mapper = std::make_shared<kube::RestMapper>(std::make_shared<kube::Discovery>(client));
  return std::unique_ptr<LiveCluster>(new LiveCluster(std::move(client), std::move(mapper)));
}

Result<std::optional<Json>> LiveCluster::get(const kube::GroupVersionResource& gvr,
                                             const std::string& ns, const std::string& name) const {
  auto got = client_.get(gvr, ns, name);
  if (got.ok()) return std::optional<Json>(std::move(*got));
  if (got.error().is_not_found()) return std::optional<Json>();
  return error_of(got.error());
}

Result<std::vector<Json>> LiveCluster::list_all(const kube::GroupVersionResource& gvr,
                                                const std::string& label_selector) const {
  auto listed = client_.list(gvr, "", {.label_selector = label_selector});
  if (!listed.ok()) return error_of(listed.error());
  std::vector<Json> out;
  if (const Json* items = find_path(*listed, "items"); items != nullptr && items->is_array()) {
    for (const auto& i : items->get_array()) out.push_back(i);
  }
  return out;
}

const Document* LiveCluster::find(const runtime::ObjectIdentity& id) const {
  auto [it, inserted] = cache_.try_emplace(id.str());
  if (!inserted) return it->second ? &it->second : nullptr;
  auto res = mapper_->resource_for({id.group, id.version, id.kind});
  if (!res.ok()) return nullptr;
  auto got = client_.get(res->gvr, res->namespaced ? id.namespace_ : "", id.name);
  if (!got.ok()) return nullptr;
  it->second = make_document(typed(std::move(*got), *res));
  return &it->second;
}

std::vector<Document> LiveCluster::select(std::string_view api_version, std::string_view kind,
                                          std::string_view namespace_, const Json& selector) const {
  std::vector<Document> out;
  std::string av(api_version);
  auto slash = av.find('/');
  kube::GroupVersionKind gvk{slash == std::string::npos ? "" : av.substr(0, slash),
                             slash == std::string::npos ? av : av.substr(slash + 1),
                             std::string(kind)};
  auto res = mapper_->resource_for(gvk);
  if (!res.ok()) return out;
  auto listed = client_.list(res->gvr, res->namespaced ? namespace_ : "");
  if (!listed.ok()) return out;
  const Json* items = find_path(*listed, "items");
  if (items == nullptr || !items->is_array()) return out;
  for (const auto& i : items->get_array()) {
    const Json* labels = find_path(i, "metadata.labels");
    if (selector_matches(selector, labels != nullptr ? *labels : Json(nullptr))) {
      out.push_back(make_document(typed(i, *res)));
    }
  }
  return out;
}

Result<std::vector<Json>> LiveCluster::members(const Json& instance) {
  KRO_ASSIGN_OR_RETURN(controller::ApplySetInventory inventory,
                       controller::parse_inventory(instance));
  std::string selector =
      std::string(controller::kApplySetPartOfLabel) + "=" + controller::applyset_id_of(instance);
  std::vector<Json> out;
  for (const auto& gk : inventory.group_kinds) {
    auto dot = gk.find('.');
    std::string kind = gk.substr(0, dot);
    std::string group = dot == std::string::npos ? "" : gk.substr(dot + 1);
    auto res = mapper_->resource_for_group_kind(group, kind);
    if (!res.ok()) {
      if (res.error().is_not_found()) continue;  // the kind is gone, and its objects with it
      return error_of(res.error());
    }
    std::set<std::string> namespaces{""};
    if (res->namespaced) {
      namespaces = inventory.namespaces;
      namespaces.insert(string_at(instance, "metadata.namespace"));
    }
    for (const auto& ns : namespaces) {
      auto listed = client_.list(res->gvr, ns, {.label_selector = selector});
      if (!listed.ok()) return error_of(listed.error());
      const Json* items = find_path(*listed, "items");
      if (items == nullptr || !items->is_array()) continue;
      for (const auto& i : items->get_array()) out.push_back(typed(i, *res));
    }
  }
  return out;
}

Result<Json> LiveCluster::after_apply(const Json& object, const Json& /*live*/,
                                      const Json* /*previous*/) {
  runtime::ObjectIdentity id = runtime::identity_of(object);
  auto res = mapper_->resource_for({id.group, id.version, id.kind});
  if (!res.ok()) return error_of(res.error());
  auto applied = client_.apply(
      res->gvr, res->namespaced ? id.namespace_ : "", object,
      {.field_manager = std::string(controller::kApplySetManager), .force = true, .dry_run = true});
  if (!applied.ok()) return error_of(applied.error());
  return typed(std::move(*applied), *res);
}

}  // namespace kro::cli

#include "controller/access_review.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <set>

#include "value/json.h"

namespace kro::controller {

std::vector<AccessNeed> access_needs(const kube::GroupVersionResource& instance,
                                     const std::vector<kube::GroupVersionResource>& children) {
  std::vector<AccessNeed> out;
  out.push_back({instance, "", {"list", "watch", "patch", "update"}});
  out.push_back({instance, "status", {"patch", "update"}});
  std::set<std::pair<std::string, std::string>> seen;  // group and resource: versions share RBAC
  for (const auto& child : children) {
    if (child.group == instance.group && child.resource == instance.resource) continue;
    if (!seen.emplace(child.group, child.resource).second) continue;
    out.push_back({child, "", {"get", "list", "watch", "create", "patch", "delete"}});
  }
  return out;
}

std::string resource_name(const kube::GroupVersionResource& gvr, std::string_view subresource) {
  std::string name = gvr.resource;
  if (!gvr.group.empty()) name += "." + gvr.group;
  if (!subresource.empty()) name += fmt::format("/{}", subresource);
  return name;
}

SelfSubjectAccessReviewer::SelfSubjectAccessReviewer(
    kube::RestClient& client, std::chrono::steady_clock::duration remember_allowed)
    : client_(client), remember_(remember_allowed) {}

Result<bool> SelfSubjectAccessReviewer::allowed(const kube::GroupVersionResource& gvr,
                                                std::string_view subresource,
                                                std::string_view verb) {
  const std::string key = fmt::format("{} {}", verb, resource_name(gvr, subresource));
  const auto now = std::chrono::steady_clock::now();
  {
    std::lock_guard lock(mu_);
    auto it = allowed_until_.find(key);
    if (it != allowed_until_.end() && it->second > now) return true;
  }
  JsonObject attrs{{"verb", std::string(verb)},
                   {"group", gvr.group},
                   {"version", gvr.version},
                   {"resource", gvr.resource}};
  if (!subresource.empty()) attrs["subresource"] = std::string(subresource);
  Json review = JsonObject{{"apiVersion", "authorization.k8s.io/v1"},
                           {"kind", "SelfSubjectAccessReview"},
                           {"spec", JsonObject{{"resourceAttributes", attrs}}}};
  static const kube::GroupVersionResource kReviews{"authorization.k8s.io", "v1",
                                                   "selfsubjectaccessreviews"};
  auto answer = client_.create(kReviews, "", review);
  if (!answer) return Error("cannot review access (" + key + "): " + answer.error().str());
  const Json* ok = find_path(*answer, "status.allowed");
  const bool allowed = ok != nullptr && ok->is_bool() && ok->as_bool();
  if (allowed) {
    std::lock_guard lock(mu_);
    allowed_until_[key] = now + remember_;
  }
  return allowed;
}

Result<std::string> missing_access(AccessReviewer& reviewer, const std::vector<AccessNeed>& needs) {
  std::vector<std::string> parts;
  for (const auto& need : needs) {
    std::vector<std::string> denied;
    for (const auto& verb : need.verbs) {
      KRO_ASSIGN_OR_RETURN(bool ok, reviewer.allowed(need.gvr, need.subresource, verb));
      if (!ok) denied.push_back(verb);
    }
    if (!denied.empty()) {
      parts.push_back(
          fmt::format("{} {}", fmt::join(denied, ", "), resource_name(need.gvr, need.subresource)));
    }
  }
  if (parts.empty()) return std::string();
  return fmt::format(
      "kro-controller is not allowed to {} (grant it with a ClusterRole labelled "
      "rbac.kro.run/aggregate-to-controller: \"true\")",
      fmt::join(parts, "; "));
}

}  // namespace kro::controller

// Whether kro-controller may do what serving an RGD's kind takes. Under the Helm chart's
// rbac.mode=aggregation it may only do what ClusterRoles grant it; without this check a kind it
// may not list or a child kind it may not create would only fail inside informers and reconciles
// (403s nobody sees). Before a kind is served, each verb below is put to the API server as a
// SelfSubjectAccessReview; whatever is denied becomes ControllerReady=False on the RGD, naming
// the verbs and resources, and the kind is not served until a retry finds them granted (the RGD
// controller retries such an RGD every 10 s, RgdControllerOptions::access_denied_retry). Other
// RGDs are unaffected. A review that fails (rather than denies) does not block: the manager then
// serves the kind and logs a warning.
//
//   auto needs = access_needs(instance_gvr, child_gvrs);
//   KRO_ASSIGN_OR_RETURN(std::string missing, missing_access(reviewer, needs));
//   if (!missing.empty()) ... // ControllerReady=False with `missing`
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "kube/gvk.h"
#include "kube/rest_client.h"
#include "value/result.h"

namespace kro::controller {

// Verbs on one resource (or one of its subresources).
struct AccessNeed {
  kube::GroupVersionResource gvr;
  std::string subresource;  // "" or "status"
  std::vector<std::string> verbs;
};

// What serving a kind takes (the rights the chart's values.yaml tells users to grant):
// list, watch, patch and update on the instance resource and patch, update on its status
// (informer, finalizer, status writes); get, list, watch, create, patch and delete on each child
// resource (informer, server-side apply, pruning and deletion). Children are deduplicated.
std::vector<AccessNeed> access_needs(const kube::GroupVersionResource& instance,
                                     const std::vector<kube::GroupVersionResource>& children);

// Answers "may this process <verb> <resource> in every namespace?".
class AccessReviewer {
 public:
  virtual ~AccessReviewer() = default;
  virtual Result<bool> allowed(const kube::GroupVersionResource& gvr, std::string_view subresource,
                               std::string_view verb) = 0;
};

// SelfSubjectAccessReviews (authorization.k8s.io/v1; every authenticated user may create them).
// An allowed answer is remembered for `remember_allowed`, so RGDs sharing child kinds (and
// re-registrations) do not repeat reviews; a denial is always asked again.
class SelfSubjectAccessReviewer final : public AccessReviewer {
 public:
  explicit SelfSubjectAccessReviewer(
      kube::RestClient& client,
      std::chrono::steady_clock::duration remember_allowed = std::chrono::minutes(5));
  Result<bool> allowed(const kube::GroupVersionResource& gvr, std::string_view subresource,
                       std::string_view verb) override;

 private:
  kube::RestClient& client_;
  std::chrono::steady_clock::duration remember_;
  std::mutex mu_;
  std::map<std::string, std::chrono::steady_clock::time_point> allowed_until_;
};

// "" when every verb of every need is allowed; otherwise one sentence naming what is missing:
// `kro-controller is not allowed to list, watch applications.kro.run; create deployments.apps
// (grant it with a ClusterRole labelled rbac.kro.run/aggregate-to-controller: "true")`. A review
// that fails (not a denial) is an error.
Result<std::string> missing_access(AccessReviewer& reviewer, const std::vector<AccessNeed>& needs);

// "deployments.apps", "services", "applications.kro.run/status": kubectl's spelling.
std::string resource_name(const kube::GroupVersionResource& gvr, std::string_view subresource);

}  // namespace kro::controller

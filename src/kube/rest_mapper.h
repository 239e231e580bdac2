// REST mapping: kind ↔ resource, and scope, from discovery. A lookup that misses refreshes
// discovery once (at most every min_refresh_interval) before answering NotFound, so a CRD
// created a moment ago is found without the caller managing refreshes.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <string_view>

#include "kube/discovery.h"

namespace kro::kube {

class RestMapper {
 public:
  explicit RestMapper(std::shared_ptr<Discovery> discovery,
                      std::chrono::milliseconds min_refresh_interval = std::chrono::seconds(1));

  // The resource serving exactly this group/version/kind.
  ApiResult<ApiResource> resource_for(const GroupVersionKind& gvk);
  // The resource for a group and kind at the group's preferred version (version ignored).
  ApiResult<ApiResource> resource_for_group_kind(std::string_view group, std::string_view kind);
  // The resource entry for a GVR (its kind and scope).
  ApiResult<ApiResource> kind_for(const GroupVersionResource& gvr);
  // Resolves a resource name as a user types it ("deploy", "deployments.apps", "Pod").
  ApiResult<ApiResource> resolve(std::string_view name);

  Discovery& discovery() { return *discovery_; }

 private:
  template <typename Pred>
  ApiResult<ApiResource> find(Pred pred, const std::string& what);
  std::shared_ptr<Discovery> discovery_;
  std::chrono::milliseconds min_interval_;
  std::mutex mu_;
  std::chrono::steady_clock::time_point last_refresh_{};
};

}  // namespace kro::kube

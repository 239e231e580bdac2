// API discovery: which resources the server serves, with kind, scope, verbs and subresources.
//
// refresh() uses aggregated discovery (apidiscovery.k8s.io/v2: the whole server in two
// requests, /api and /apis) and falls back to the legacy per-group-version documents when the
// server does not offer it. A refresh swaps in a new immutable snapshot, so readers never lock
// for long and never see a half-built view. Call refresh() again when CRDs may have appeared;
// RestMapper does so on a miss.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "kube/api_error.h"
#include "kube/gvk.h"
#include "kube/rest_client.h"

namespace kro::kube {

struct ApiResource {
  GroupVersionResource gvr;
  std::string kind;
  std::string singular;
  bool namespaced = false;
  std::vector<std::string> verbs;
  std::vector<std::string> short_names;
  std::vector<std::string> categories;
  std::vector<std::string> subresources;  // "status", "scale", ...

  GroupVersionKind gvk() const { return {gvr.group, gvr.version, kind}; }
  bool has_verb(std::string_view v) const;
  bool has_subresource(std::string_view s) const;
};

struct DiscoverySnapshot {
  std::vector<ApiResource> resources;            // every served group/version/resource
  std::map<std::string, std::string> preferred;  // group → preferred version ("" = core)
};

// Parses an aggregated discovery list (APIGroupDiscoveryList) into resources (appended) and
// preferred versions. Exposed for tests.
Status parse_aggregated_discovery(const Json& list, DiscoverySnapshot& out);

class Discovery {
 public:
  explicit Discovery(RestClient client);

  // Fetches the server's resources and replaces the snapshot. Thread-safe; concurrent calls
  // each fetch.
  ApiResult<void> refresh();
  // The last snapshot; empty (no resources) before the first refresh.
  std::shared_ptr<const DiscoverySnapshot> snapshot() const;
  // Number of successful refreshes so far.
  std::uint64_t generation() const;

 private:
  ApiResult<void> refresh_legacy(DiscoverySnapshot& out);

  RestClient client_;
  mutable std::mutex mu_;
  std::shared_ptr<const DiscoverySnapshot> snap_;
  std::uint64_t generation_ = 0;
};

}  // namespace kro::kube

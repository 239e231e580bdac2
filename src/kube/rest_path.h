// URL paths and query strings of the Kubernetes REST API. Pure functions, no I/O.
//
//   core, namespaced:   /api/v1/namespaces/<ns>/<resource>[/<name>[/<subresource>]]
//   group, cluster:     /apis/<group>/<version>/<resource>[/<name>[/<subresource>]]
//
// An empty namespace means cluster-scoped, or all namespaces for a list/watch of a namespaced
// resource — the same convention as client-go's dynamic client.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "kube/gvk.h"

namespace kro::kube {

std::string resource_path(const GroupVersionResource& gvr, std::string_view ns,
                          std::string_view name = "", std::string_view subresource = "");

// Percent-encodes a query value (RFC 3986 unreserved characters are kept).
std::string url_encode(std::string_view s);
// Percent-encodes one path segment (a name may hold ':' — e.g. RBAC names — which is kept).
std::string path_escape(std::string_view s);

// Builds "?a=1&b=2" from pairs whose value is non-empty; "" when none.
class Query {
 public:
  Query& add(std::string_view key, std::string_view value);
  Query& add(std::string_view key, long long value);  // skipped when 0
  Query& add_bool(std::string_view key, bool value);  // "true", skipped when false
  std::string str() const;

 private:
  std::vector<std::pair<std::string, std::string>> params_;
};

}  // namespace kro::kube

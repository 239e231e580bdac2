// Kinds' schemas from the API server (upstream's ClientDiscoveryResolver): the kind's
// components.schemas entry of its group-version's /openapi/v3 document (kube::OpenApiV3, which
// caches documents by content hash) and its scope from discovery. This is how CRDs, including
// other RGDs' generated kinds, get typed. A miss refreshes the OpenAPI index and discovery once
// (a CRD may have just been established) before answering "schema not found".
//
// kro-controller uses it behind the built-in snapshot, as upstream puts its compiled-in
// definitions first (cluster_schema_resolver.h).
#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>

#include "graph/schema_resolver.h"
#include "kube/discovery.h"
#include "kube/openapi_client.h"

namespace kro::resolve {

class ServerSchemaResolver final : public graph::SchemaResolver {
 public:
  ServerSchemaResolver(std::shared_ptr<kube::OpenApiV3> openapi,
                       std::shared_ptr<kube::Discovery> discovery);

  Result<graph::KindSchemaPtr> resolve(std::string_view api_version,
                                       std::string_view kind) const override;

  // The next resolve() re-reads the OpenAPI index first: a kind found in a cached document may
  // have a newer schema now (a CRD was updated). Thread-safe.
  void mark_stale() { stale_ = true; }

 private:
  Result<bool> namespaced(const kube::GroupVersionKind& gvk) const;
  Error not_found(const kube::GroupVersion& gv, std::string_view api_version,
                  std::string_view kind) const;

  std::shared_ptr<kube::OpenApiV3> openapi_;
  std::shared_ptr<kube::Discovery> discovery_;
  mutable std::atomic<bool> stale_{false};
  mutable std::mutex mu_;
  // One KindSchema per kind and document, so repeated builds share converted types' sources.
  mutable std::map<std::pair<std::string, std::string>, graph::KindSchemaPtr> cache_;
};

}  // namespace kro::resolve

// ClusterSchemaResolver: the schemas kro-controller types RGDs against, in upstream's order: the
// built-in kinds from the compiled-in snapshot first (data/openapi/, the Kubernetes release we
// build against), then the API server for everything else (CRDs, other RGDs' generated kinds,
// aggregated APIs). docs/behaviour/compile-and-typing.md says where upstream's types come from.
//
// Server answers are cached per group-version by the content hash the server publishes;
// refresh() makes the next server lookup re-read the OpenAPI index (one small GET) so that a CRD
// created or changed since is typed by its current schema, and a document is fetched again only
// when its hash changed. The RGD controller calls refresh() before each compile. When the server
// cannot answer, resolve() fails with that error: the RGD is never compiled untyped.
#pragma once

#include <memory>

#include "graph/schema_resolver.h"
#include "graph/schema_resolver_builtin.h"
#include "kube/rest_client.h"
#include "resolve/server_schema_resolver.h"

namespace kro::resolve {

class ClusterSchemaResolver final : public graph::SchemaResolver {
 public:
  // The built-in snapshot (an error only if the compiled-in data is unreadable) and a resolver
  // over `client`'s server.
  static Result<std::shared_ptr<ClusterSchemaResolver>> create(const kube::RestClient& client);

  Result<graph::KindSchemaPtr> resolve(std::string_view api_version,
                                       std::string_view kind) const override;

  void refresh() { server_->mark_stale(); }

 private:
  ClusterSchemaResolver(std::shared_ptr<const graph::SnapshotSchemaResolver> builtin,
                        std::shared_ptr<ServerSchemaResolver> server)
      : builtin_(std::move(builtin)), server_(std::move(server)) {}

  std::shared_ptr<const graph::SnapshotSchemaResolver> builtin_;
  std::shared_ptr<ServerSchemaResolver> server_;
};

}  // namespace kro::resolve

#include "resolve/cluster_schema_resolver.h"

namespace kro::resolve {

Result<std::shared_ptr<ClusterSchemaResolver>> ClusterSchemaResolver::create(
    const kube::RestClient& client) {
  KRO_ASSIGN_OR_RETURN(auto builtin, graph::SnapshotSchemaResolver::builtin());
  auto server = std::make_shared<ServerSchemaResolver>(std::make_shared<kube::OpenApiV3>(client),
                                                       std::make_shared<kube::Discovery>(client));
  return std::shared_ptr<ClusterSchemaResolver>(
      new ClusterSchemaResolver(std::move(builtin), std::move(server)));
}

Result<graph::KindSchemaPtr> ClusterSchemaResolver::resolve(std::string_view api_version,
                                                            std::string_view kind) const {
  auto found = builtin_->resolve(api_version, kind);
  if (found.ok() || !graph::is_schema_not_found(found.error())) return found;
  return server_->resolve(api_version, kind);
}

}  // namespace kro::resolve

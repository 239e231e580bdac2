// LiveObjectSource: an ObjectSource that asks the API server for every object, for graphs
// whose expressions may read metadata.managedFields (graph::reads_managed_fields), which the
// controller's caches leave out (cache_compaction.h). Such an instance then sees its objects
// exactly as upstream, which reads them live, does; every other graph keeps reading the caches.
//
// Kinds and resources are still resolved by the wrapped source, and reads of external
// references still go through it first, so that the watches that wake the instance on a change
// are recorded as for any other graph.
#pragma once

#include "controller/object_source.h"

namespace kro::controller {

class LiveObjectSource final : public ObjectSource {
 public:
  // Both must outlive this source.
  LiveObjectSource(ObjectSource& wrapped, kube::RestClient& client)
      : wrapped_(wrapped), client_(client) {}

  kube::ApiResult<kube::ApiResource> resource_for(const kube::GroupVersionKind& gvk) override {
    return wrapped_.resource_for(gvk);
  }
  kube::ApiResult<kube::ApiResource> resource_for_group_kind(std::string_view group,
                                                             std::string_view kind) override {
    return wrapped_.resource_for_group_kind(group, kind);
  }
  kube::ApiResult<Document> get(const kube::ApiResource& resource, std::string_view ns,
                                std::string_view name) override;
  kube::ApiResult<std::vector<Document>> list(const kube::ApiResource& resource,
                                              std::string_view ns,
                                              const Labels& match_labels) override {
    return wrapped_.list_live(resource, ns, match_labels);
  }
  kube::ApiResult<std::vector<Document>> list_live(const kube::ApiResource& resource,
                                                   std::string_view ns,
                                                   const Labels& match_labels) override {
    return wrapped_.list_live(resource, ns, match_labels);
  }
  // The wrapped source's selector lists already ask the API server.
  kube::ApiResult<std::vector<Document>> list_selector(const kube::ApiResource& resource,
                                                       std::string_view ns,
                                                       const Json& selector) override {
    return wrapped_.list_selector(resource, ns, selector);
  }
  kube::ApiResult<Document> get_external(const InstanceKey& reader,
                                         const kube::ApiResource& resource, std::string_view ns,
                                         std::string_view name) override;
  kube::ApiResult<std::vector<Document>> list_external(const InstanceKey& reader,
                                                       const kube::ApiResource& resource,
                                                       std::string_view ns,
                                                       const Json& selector) override;

 private:
  ObjectSource& wrapped_;
  kube::RestClient& client_;
};

}  // namespace kro::controller

// CachedObjectSource: the dynamic controller's ObjectSource. Reads of instances and children
// come from the synced informer caches of the KindRegistry, external references from the
// ExternalInformers; whatever no synced cache covers is read from the API server.
//
// External reads record the reader's watch request before the read, so that an event landing
// after the read (the cache moved on) finds the reconcile in flight and wakes it again.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "controller/object_source.h"
#include "controller/watch_coordinator.h"
#include "kube/rest_client.h"
#include "kube/rest_mapper.h"

namespace kro::controller::internal {

class ExternalInformers;
class KindRegistry;

class CachedObjectSource final : public ObjectSource {
 public:
  // Everything but `mapper` must outlive the source.
  CachedObjectSource(kube::RestClient& client, std::shared_ptr<kube::RestMapper> mapper,
                     const KindRegistry& kinds, ExternalInformers& externals,
                     WatchCoordinator& watches);

  kube::ApiResult<kube::ApiResource> resource_for(const kube::GroupVersionKind& gvk) override;
  kube::ApiResult<kube::ApiResource> resource_for_group_kind(std::string_view group,
                                                             std::string_view kind) override;
  kube::ApiResult<Document> get(const kube::ApiResource& resource, std::string_view ns,
                                std::string_view name) override;
  kube::ApiResult<ChildLookup> get_child(const kube::ApiResource& resource, std::string_view ns,
                                         std::string_view name) override;
  kube::ApiResult<std::vector<Document>> list(const kube::ApiResource& resource,
                                              std::string_view ns,
                                              const Labels& match_labels) override;
  kube::ApiResult<std::vector<Document>> list_live(const kube::ApiResource& resource,
                                                   std::string_view ns,
                                                   const Labels& match_labels) override;
  kube::ApiResult<std::vector<Document>> list_selector(const kube::ApiResource& resource,
                                                       std::string_view ns,
                                                       const Json& selector) override;
  kube::ApiResult<Document> get_external(const InstanceKey& reader,
                                         const kube::ApiResource& resource, std::string_view ns,
                                         std::string_view name) override;
  kube::ApiResult<std::vector<Document>> list_external(const InstanceKey& reader,
                                                       const kube::ApiResource& resource,
                                                       std::string_view ns,
                                                       const Json& selector) override;

  // Child lookups a synced cache answered as absent without asking, and those sent live.
  std::uint64_t child_lookups_unconfirmed() const { return child_lookups_unconfirmed_; }
  std::uint64_t child_reads_live() const { return child_reads_live_; }
  // External reads answered by a synced informer, and sent to the API server.
  std::uint64_t external_reads_cached() const { return external_reads_cached_; }
  std::uint64_t external_reads_live() const { return external_reads_live_; }

 private:
  kube::ApiResult<std::vector<Document>> list_selected(const kube::ApiResource& resource,
                                                       std::string_view ns,
                                                       const std::string& selector);

  kube::RestClient& client_;
  std::shared_ptr<kube::RestMapper> mapper_;
  const KindRegistry& kinds_;
  ExternalInformers& externals_;
  WatchCoordinator& watches_;
  std::atomic<std::uint64_t> child_lookups_unconfirmed_{0};
  std::atomic<std::uint64_t> child_reads_live_{0};
  std::atomic<std::uint64_t> external_reads_cached_{0};
  std::atomic<std::uint64_t> external_reads_live_{0};
};

}  // namespace kro::controller::internal

// KindRegistry: the kinds the dynamic controller serves, each with its compiled graph (KindEntry)
// and the informer over its instances, plus the informers over child kinds, shared by every kind
// whose templates name them and stopped when none does. It only does the bookkeeping: informers
// are started and stopped by the caller, outside the registry's lock, because their event
// handlers read the registry.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "controller/instance_reconciler.h"
#include "kube/gvk.h"
#include "kube/informer.h"

namespace kro::controller::internal {

class InformerFactory;

class KindRegistry {
 public:
  // What add() changed, for the caller to act on outside the lock.
  struct Added {
    std::vector<std::shared_ptr<kube::Informer>> to_stop;
    std::vector<kube::Informer*> to_start;
    // "ns/name" of the cached instances, which the new graph applies to at once.
    std::vector<std::string> cached_keys;
  };
  // A served kind as a worker sees it.
  struct Served {
    std::shared_ptr<const KindEntry> entry;  // null: not served
    bool synced = false;                     // its instance informer has listed
  };

  // Serves entry->gvr (of the kind `group`/`kind`) with the child kinds `wanted` (by gvr_key),
  // making the informers it now needs with `informers`. A known kind with a new executable gets a
  // fresh instance informer. Nothing (nullopt) once closed.
  std::optional<Added> add(std::shared_ptr<const KindEntry> entry, const std::string& group,
                           const std::string& kind,
                           const std::map<std::string, kube::GroupVersionResource>& wanted,
                           InformerFactory& informers);
  // Stops serving `gvr`; the informers to stop (nullopt when it was not served).
  std::optional<std::vector<std::shared_ptr<kube::Informer>>> remove(
      const kube::GroupVersionResource& gvr);

  bool is_registered(const kube::GroupVersionResource& gvr) const;
  std::vector<kube::GroupVersionResource> registered_kinds() const;
  // The kind's instance informer and every child informer it uses have listed.
  bool has_synced(const kube::GroupVersionResource& gvr) const;
  std::size_t kind_count() const;
  std::size_t informer_count() const;  // instance and child informers

  // The synced informer caching a GVR (instances or children), or null. Shared, so that a
  // remove() meanwhile cannot pull the cache from under a running reconcile.
  std::shared_ptr<const kube::Informer> synced_cache_for(
      const kube::GroupVersionResource& gvr) const;
  // Whether `gvr` is a served instance kind (whose cache holds every instance).
  bool serves(const kube::GroupVersionResource& gvr) const;
  // The instance GVR served for a group and kind (children's labels name only those).
  std::optional<kube::GroupVersionResource> instance_gvr_for(const std::string& group,
                                                             const std::string& kind) const;
  // The kind with this gvr_key, for a worker.
  Served served(const std::string& gvr_key) const;
  // Whether the instance is known to be gone: its kind's synced cache does not hold it.
  bool instance_gone(const std::string& gvr_key, const std::string& ns,
                     const std::string& name) const;

  // Refuses later add()s; then take_informers() empties the registry.
  void close();
  std::vector<std::shared_ptr<kube::Informer>> take_informers();

 private:
  struct Kind {
    std::shared_ptr<const KindEntry> entry;
    std::shared_ptr<kube::Informer> informer;
    std::set<std::string> child_gvrs;  // gvr keys of the children informers it holds
  };
  struct Child {
    kube::GroupVersionResource gvr;
    std::shared_ptr<kube::Informer> informer;
    int refs = 0;
  };

  void update_children_locked(Kind& k,
                              const std::map<std::string, kube::GroupVersionResource>& wanted,
                              InformerFactory& informers, Added& out);
  // Drops references; returns the informers to stop (outside the lock).
  std::vector<std::shared_ptr<kube::Informer>> release_children_locked(
      const std::set<std::string>& keys);

  mutable std::mutex mu_;
  std::map<std::string, Kind> kinds_;      // by gvr key
  std::map<std::string, Child> children_;  // by gvr key
  std::map<std::pair<std::string, std::string>, kube::GroupVersionResource> kind_by_gk_;
  bool closed_ = false;
};

}  // namespace kro::controller::internal

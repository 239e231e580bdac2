// ExternalInformers: one unfiltered informer per kind that some instance reads as an external
// reference (by name or selector), and no other. The WatchCoordinator says which kinds are
// watched; each read notes the kind's resource first (a request always comes with a read), so
// that sync() can start an informer for it. Informer events wake the reading instances
// (EventRouter); once synced, the informer answers their reads (CachedObjectSource).
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "controller/watch_coordinator.h"
#include "kube/discovery.h"
#include "kube/gvk.h"
#include "kube/informer.h"

namespace kro::controller::internal {

class InformerFactory;

class ExternalInformers {
 public:
  // Both must outlive this.
  ExternalInformers(const WatchCoordinator& watches, InformerFactory& informers);

  // Remembers the resource of a kind read as an external reference.
  void note_resource(const kube::ApiResource& resource);
  // The synced informer over every object of `gvr`, or null.
  std::shared_ptr<const kube::Informer> synced_cache_for(const kube::GroupVersionResource& gvr);
  // Runs one informer per kind the coordinator has requests for, and no other. A new informer's
  // initial Adds wake its watchers once, which then read from the cache. Nothing once closed.
  void sync();
  std::size_t count() const;

  // Refuses later sync()s; then take_informers() empties this.
  void close();
  std::vector<std::shared_ptr<kube::Informer>> take_informers();

 private:
  // An informer over every object of a kind (no label filter: external objects carry no kro
  // labels).
  struct External {
    kube::ApiResource resource;
    std::shared_ptr<kube::Informer> informer;
  };

  const WatchCoordinator& watches_;
  InformerFactory& informers_;
  // Serializes the start/stop of informers (taken before mu_, never inside it).
  std::mutex sync_mu_;
  mutable std::mutex mu_;
  std::map<std::string, External> externals_;           // by gvr key
  std::map<std::string, kube::ApiResource> resources_;  // kinds read as external refs
  bool closed_ = false;
};

}  // namespace kro::controller::internal

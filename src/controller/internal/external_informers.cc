#include "controller/internal/external_informers.h"

#include <set>

#include "controller/internal/informer_factory.h"
#include "controller/internal/work_item.h"
#include "spdlog/spdlog.h"

namespace kro::controller::internal {

using kube::GroupVersionResource;

ExternalInformers::ExternalInformers(const WatchCoordinator& watches, InformerFactory& informers)
    : watches_(watches), informers_(informers) {}

void ExternalInformers::note_resource(const kube::ApiResource& resource) {
  std::lock_guard lock(mu_);
  resources_.insert_or_assign(gvr_key(resource.gvr), resource);
}

std::shared_ptr<const kube::Informer> ExternalInformers::synced_cache_for(
    const GroupVersionResource& gvr) {
  std::lock_guard lock(mu_);
  auto it = externals_.find(gvr_key(gvr));
  if (it == externals_.end() || !it->second.informer->has_synced()) return nullptr;
  return it->second.informer;
}

void ExternalInformers::sync() {
  std::lock_guard serial(sync_mu_);
  std::vector<GroupVersionResource> wanted = watches_.watched_kinds();
  std::vector<std::shared_ptr<kube::Informer>> to_start;
  std::vector<std::shared_ptr<kube::Informer>> to_stop;
  {
    std::lock_guard lock(mu_);
    if (closed_) return;
    std::set<std::string> keys;
    for (const auto& gvr : wanted) {
      std::string key = gvr_key(gvr);
      keys.insert(key);
      if (externals_.count(key) != 0) continue;
      auto res = resources_.find(key);
      if (res == resources_.end()) continue;  // every request comes with a read
      External e{res->second, informers_.make_external_informer(gvr)};
      to_start.push_back(e.informer);
      externals_.emplace(key, std::move(e));
    }
    for (auto it = externals_.begin(); it != externals_.end();) {
      if (keys.count(it->first) != 0) {
        ++it;
        continue;
      }
      to_stop.push_back(std::move(it->second.informer));
      it = externals_.erase(it);
    }
  }
  for (auto& inf : to_stop) inf->stop();
  for (auto& inf : to_start) inf->start();
  if (!to_start.empty() || !to_stop.empty()) {
    spdlog::info("dynamic controller: watching {} external kind(s) (+{} -{})", wanted.size(),
                 to_start.size(), to_stop.size());
  }
}

std::size_t ExternalInformers::count() const {
  std::lock_guard lock(mu_);
  return externals_.size();
}

void ExternalInformers::close() {
  std::lock_guard lock(mu_);
  closed_ = true;
}

std::vector<std::shared_ptr<kube::Informer>> ExternalInformers::take_informers() {
  std::lock_guard serial(sync_mu_);
  std::lock_guard lock(mu_);
  std::vector<std::shared_ptr<kube::Informer>> informers;
  for (auto& [k, v] : externals_) informers.push_back(std::move(v.informer));
  externals_.clear();
  return informers;
}

}  // namespace kro::controller::internal

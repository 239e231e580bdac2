#include "controller/internal/kind_registry.h"

#include "controller/internal/informer_factory.h"
#include "controller/internal/work_item.h"

namespace kro::controller::internal {

using kube::GroupVersionResource;

std::optional<KindRegistry::Added> KindRegistry::add(
    std::shared_ptr<const KindEntry> entry, const std::string& group, const std::string& kind,
    const std::map<std::string, GroupVersionResource>& wanted, InformerFactory& informers) {
  const GroupVersionResource& gvr = entry->gvr;
  std::string key = gvr_key(gvr);
  Added out;
  std::lock_guard lock(mu_);
  if (closed_) return std::nullopt;
  Kind& k = kinds_[key];
  bool fresh = !k.informer;
  bool graph_changed = k.entry && k.entry->executable != entry->executable;
  k.entry = std::move(entry);
  kind_by_gk_[{group, kind}] = gvr;
  update_children_locked(k, wanted, informers, out);
  if (fresh) {
    k.informer = informers.make_instance_informer(gvr);
    out.to_start.push_back(k.informer.get());
  } else if (graph_changed) {
    // A new graph usually comes with a new CRD schema, and the API server applies the new
    // defaults only when it serves an object. The cached instances predate that, so the cache
    // is listed afresh; its Add events enqueue every instance, and until it has synced the
    // reconciler reads instances live.
    out.to_stop.push_back(std::move(k.informer));
    k.informer = informers.make_instance_informer(gvr);
    out.to_start.push_back(k.informer.get());
  } else {
    out.cached_keys = k.informer->store().keys();
  }
  return out;
}

void KindRegistry::update_children_locked(Kind& k,
                                          const std::map<std::string, GroupVersionResource>& wanted,
                                          InformerFactory& informers, Added& out) {
  std::set<std::string> keys;
  for (const auto& [ck, cgvr] : wanted) {
    keys.insert(ck);
    if (k.child_gvrs.count(ck) != 0) continue;
    Child& c = children_[ck];
    if (!c.informer) {
      c.gvr = cgvr;
      c.informer = informers.make_child_informer(cgvr);
      out.to_start.push_back(c.informer.get());
    }
    ++c.refs;
  }
  std::set<std::string> gone;
  for (const auto& ck : k.child_gvrs) {
    if (keys.count(ck) == 0) gone.insert(ck);
  }
  out.to_stop = release_children_locked(gone);
  k.child_gvrs = std::move(keys);
}

std::vector<std::shared_ptr<kube::Informer>> KindRegistry::release_children_locked(
    const std::set<std::string>& keys) {
  std::vector<std::shared_ptr<kube::Informer>> out;
  for (const auto& key : keys) {
    auto it = children_.find(key);
    if (it == children_.end()) continue;
    if (--it->second.refs <= 0) {
      out.push_back(std::move(it->second.informer));
      children_.erase(it);
    }
  }
  return out;
}

std::optional<std::vector<std::shared_ptr<kube::Informer>>> KindRegistry::remove(
    const GroupVersionResource& gvr) {
  std::lock_guard lock(mu_);
  auto it = kinds_.find(gvr_key(gvr));
  if (it == kinds_.end()) return std::nullopt;
  std::vector<std::shared_ptr<kube::Informer>> to_stop =
      release_children_locked(it->second.child_gvrs);
  to_stop.push_back(std::move(it->second.informer));
  for (auto gk = kind_by_gk_.begin(); gk != kind_by_gk_.end();) {
    gk = gk->second == gvr ? kind_by_gk_.erase(gk) : std::next(gk);
  }
  kinds_.erase(it);
  return to_stop;
}

bool KindRegistry::is_registered(const GroupVersionResource& gvr) const {
  std::lock_guard lock(mu_);
  return kinds_.count(gvr_key(gvr)) != 0;
}

std::vector<GroupVersionResource> KindRegistry::registered_kinds() const {
  std::lock_guard lock(mu_);
  std::vector<GroupVersionResource> out;
  for (const auto& [k, v] : kinds_) out.push_back(v.entry->gvr);
  return out;
}

bool KindRegistry::has_synced(const GroupVersionResource& gvr) const {
  std::lock_guard lock(mu_);
  auto it = kinds_.find(gvr_key(gvr));
  if (it == kinds_.end() || !it->second.informer->has_synced()) return false;
  for (const auto& ck : it->second.child_gvrs) {
    auto c = children_.find(ck);
    if (c == children_.end() || !c->second.informer->has_synced()) return false;
  }
  return true;
}

std::size_t KindRegistry::kind_count() const {
  std::lock_guard lock(mu_);
  return kinds_.size();
}

std::size_t KindRegistry::informer_count() const {
  std::lock_guard lock(mu_);
  return kinds_.size() + children_.size();
}

std::shared_ptr<const kube::Informer> KindRegistry::synced_cache_for(
    const GroupVersionResource& gvr) const {
  std::lock_guard lock(mu_);
  std::string key = gvr_key(gvr);
  if (auto it = kinds_.find(key);
      it != kinds_.end() && it->second.informer && it->second.informer->has_synced()) {
    return it->second.informer;
  }
  if (auto it = children_.find(key); it != children_.end() && it->second.informer->has_synced()) {
    return it->second.informer;
  }
  return nullptr;
}

bool KindRegistry::serves(const GroupVersionResource& gvr) const {
  std::lock_guard lock(mu_);
  return kinds_.count(gvr_key(gvr)) != 0;
}

std::optional<GroupVersionResource> KindRegistry::instance_gvr_for(const std::string& group,
                                                                   const std::string& kind) const {
  std::lock_guard lock(mu_);
  auto it = kind_by_gk_.find({group, kind});
  if (it == kind_by_gk_.end()) return std::nullopt;
  return it->second;
}

KindRegistry::Served KindRegistry::served(const std::string& gvr_key) const {
  std::lock_guard lock(mu_);
  Served out;
  auto it = kinds_.find(gvr_key);
  if (it != kinds_.end()) {
    out.entry = it->second.entry;
    out.synced = it->second.informer->has_synced();
  }
  return out;
}

bool KindRegistry::instance_gone(const std::string& gvr_key, const std::string& ns,
                                 const std::string& name) const {
  std::lock_guard lock(mu_);
  auto it = kinds_.find(gvr_key);
  if (it == kinds_.end()) return true;
  const auto& inf = it->second.informer;
  return inf && inf->has_synced() && !inf->store().get(ns, name);
}

void KindRegistry::close() {
  std::lock_guard lock(mu_);
  closed_ = true;
}

std::vector<std::shared_ptr<kube::Informer>> KindRegistry::take_informers() {
  std::lock_guard lock(mu_);
  std::vector<std::shared_ptr<kube::Informer>> informers;
  for (auto& [k, v] : kinds_) informers.push_back(std::move(v.informer));
  for (auto& [k, v] : children_) informers.push_back(std::move(v.informer));
  kinds_.clear();
  children_.clear();
  kind_by_gk_.clear();
  return informers;
}

}  // namespace kro::controller::internal

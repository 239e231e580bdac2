#include "controller/watch_coordinator.h"

#include <algorithm>
#include <tuple>

namespace kro::controller {

namespace {}  // namespace

bool WatchRequest::covers(const Json& object, const Json* old_object) const {
  std::string obj_ns = string_at(object, "metadata.namespace");
  if (!selector) return obj_ns == ns && string_at(object, "metadata.name") == name;
  if (!ns.empty() && obj_ns != ns) return false;
  return selector->matches(object) || (old_object != nullptr && selector->matches(*old_object));
}

bool WatchRequest::operator<(const WatchRequest& o) const {
  // Scalar requests (no selector) sort before collections of the same place.
  return std::tie(gvr.group, gvr.version, gvr.resource, ns, name, selector) <
         std::tie(o.gvr.group, o.gvr.version, o.gvr.resource, o.ns, o.name, o.selector);
}

void WatchCoordinator::begin(const InstanceKey& instance) {
  std::lock_guard lock(mu_);
  pending_[instance].clear();
}

void WatchCoordinator::record(const InstanceKey& instance, WatchRequest request) {
  std::lock_guard lock(mu_);
  pending_[instance].insert(std::move(request));
}

bool WatchCoordinator::commit(const InstanceKey& instance, bool succeeded) {
  std::lock_guard lock(mu_);
  Requests next;
  if (auto it = pending_.find(instance); it != pending_.end()) {
    next = std::move(it->second);
    pending_.erase(it);
  }
  if (!succeeded) {
    if (auto it = committed_.find(instance); it != committed_.end()) {
      next.insert(it->second.begin(), it->second.end());
    }
  }
  return replace_locked(instance, std::move(next));
}

bool WatchCoordinator::forget(const InstanceKey& instance) {
  std::lock_guard lock(mu_);
  pending_.erase(instance);
  return replace_locked(instance, {});
}

bool WatchCoordinator::forget_kind(const kube::GroupVersionResource& instance_gvr) {
  std::lock_guard lock(mu_);
  std::erase_if(pending_, [&](const auto& kv) { return kv.first.gvr == instance_gvr; });
  std::vector<InstanceKey> gone;
  for (const auto& [key, reqs] : committed_) {
    if (key.gvr == instance_gvr) gone.push_back(key);
  }
  bool changed = false;
  for (const auto& key : gone) changed = replace_locked(key, {}) || changed;
  return changed;
}

bool WatchCoordinator::replace_locked(const InstanceKey& instance, Requests requests) {
  // The kinds this instance touches, and which of them are watched before the change.
  std::set<kube::GroupVersionResource, GvrLess> touched;
  auto old = committed_.find(instance);
  if (old != committed_.end()) {
    for (const auto& r : old->second) touched.insert(r.gvr);
  }
  for (const auto& r : requests) touched.insert(r.gvr);
  std::set<kube::GroupVersionResource, GvrLess> watched_before;
  for (const auto& gvr : touched) {
    if (kind_refs_.count(gvr) != 0) watched_before.insert(gvr);
  }

  if (old != committed_.end()) {
    for (const auto& r : old->second) unindex_locked(instance, r);
    committed_.erase(old);
  }
  for (const auto& r : requests) index_locked(instance, r);
  if (!requests.empty()) committed_.emplace(instance, std::move(requests));

  return std::any_of(touched.begin(), touched.end(), [&](const auto& gvr) {
    return (kind_refs_.count(gvr) != 0) != (watched_before.count(gvr) != 0);
  });
}

void WatchCoordinator::index_locked(const InstanceKey& instance, const WatchRequest& r) {
  ++kind_refs_[r.gvr];
  if (r.is_collection()) {
    by_selector_[r.gvr][instance].push_back(r);
  } else {
    by_name_[r.gvr][{r.ns, r.name}].insert(instance);
  }
}

void WatchCoordinator::unindex_locked(const InstanceKey& instance, const WatchRequest& r) {
  if (auto k = kind_refs_.find(r.gvr); k != kind_refs_.end() && --k->second == 0) {
    kind_refs_.erase(k);
  }
  if (r.is_collection()) {
    auto g = by_selector_.find(r.gvr);
    if (g == by_selector_.end()) return;
    auto i = g->second.find(instance);
    if (i == g->second.end()) return;
    std::erase(i->second, r);
    if (i->second.empty()) g->second.erase(i);
    if (g->second.empty()) by_selector_.erase(g);
  } else {
    auto g = by_name_.find(r.gvr);
    if (g == by_name_.end()) return;
    auto n = g->second.find({r.ns, r.name});
    if (n == g->second.end()) return;
    n->second.erase(instance);
    if (n->second.empty()) g->second.erase(n);
    if (g->second.empty()) by_name_.erase(g);
  }
}

std::vector<InstanceKey> WatchCoordinator::instances_for(const kube::GroupVersionResource& gvr,
                                                         const Json& object,
                                                         const Json* old_object) const {
  std::set<InstanceKey> out;
  std::string ns = string_at(object, "metadata.namespace");
  std::string name = string_at(object, "metadata.name");
  std::lock_guard lock(mu_);
  if (auto g = by_name_.find(gvr); g != by_name_.end()) {
    if (auto n = g->second.find({ns, name}); n != g->second.end()) {
      out.insert(n->second.begin(), n->second.end());
    }
  }
  if (auto g = by_selector_.find(gvr); g != by_selector_.end()) {
    for (const auto& [instance, requests] : g->second) {
      if (out.count(instance) != 0) continue;
      for (const auto& r : requests) {
        if (r.covers(object, old_object)) {
          out.insert(instance);
          break;
        }
      }
    }
  }
  // Reconciles in flight: few (one per worker at most), so a scan.
  for (const auto& [instance, requests] : pending_) {
    if (out.count(instance) != 0) continue;
    for (const auto& r : requests) {
      if (r.gvr == gvr && r.covers(object, old_object)) {
        out.insert(instance);
        break;
      }
    }
  }
  return {out.begin(), out.end()};
}

std::vector<kube::GroupVersionResource> WatchCoordinator::watched_kinds() const {
  std::lock_guard lock(mu_);
  std::vector<kube::GroupVersionResource> out;
  out.reserve(kind_refs_.size());
  for (const auto& [gvr, n] : kind_refs_) out.push_back(gvr);
  return out;
}

std::vector<WatchRequest> WatchCoordinator::requests_of(const InstanceKey& instance) const {
  std::lock_guard lock(mu_);
  auto it = committed_.find(instance);
  if (it == committed_.end()) return {};
  return {it->second.begin(), it->second.end()};
}

std::size_t WatchCoordinator::request_count() const {
  std::lock_guard lock(mu_);
  std::size_t n = 0;
  for (const auto& [gvr, refs] : kind_refs_) n += refs;
  return n;
}

}  // namespace kro::controller

// WatchCoordinator: which instances want to hear about which external objects (behaviour
// reference §5.1 "WatchCoordinator", §5.3 step 8).
//
// Each reconcile of an instance declares what it read: a scalar request {GVR, namespace, name}
// for an externalRef by name, a collection request {GVR, namespace or all, label selector} for an
// externalRef by selector. The declarations of one reconcile are collected between begin() and
// commit(); a successful reconcile's set replaces the instance's previous one (a request not
// repeated is dropped), a failed one adds to it (the instance keeps hearing about everything it
// has read until a reconcile succeeds). forget() drops an instance that is gone.
//
//   coord.begin(key);
//   coord.record(key, WatchRequest::scalar(cms, "ns", "settings"));    // while reconciling
//   bool kinds_changed = coord.commit(key, /*succeeded=*/true);
//   ...
//   for (const InstanceKey& k : coord.instances_for(cms, *new_obj, old_obj.get())) enqueue(k);
//
// Lookups: by name through an ordered index (O(log n)); selectors by a scan of the requests on
// that GVR, filtered by namespace, matched against the object's new and old labels (an object
// that stops matching must still wake the instance that used to select it). Requests of a
// reconcile still in flight are consulted too: an event arriving between the read and the commit
// must not be lost. Thread-safe.
#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "controller/instance_key.h"
#include "kube/gvk.h"
#include "kube/label_selector.h"
#include "value/json.h"

namespace kro::controller {

struct WatchRequest {
  kube::GroupVersionResource gvr;
  // Scalar: the object's namespace ("" when cluster-scoped). Collection: "" = all namespaces.
  std::string ns;
  std::string name;                             // scalar requests only
  std::optional<kube::LabelSelector> selector;  // set for collection requests

  static WatchRequest scalar(kube::GroupVersionResource gvr, std::string ns, std::string name) {
    return {std::move(gvr), std::move(ns), std::move(name), std::nullopt};
  }
  static WatchRequest collection(kube::GroupVersionResource gvr, std::string ns,
                                 kube::LabelSelector selector) {
    return {std::move(gvr), std::move(ns), {}, std::move(selector)};
  }
  bool is_collection() const { return selector.has_value(); }
  // Whether an object (with `old_object` its previous state, or null) falls under the request.
  bool covers(const Json& object, const Json* old_object) const;

  bool operator==(const WatchRequest&) const = default;
  bool operator<(const WatchRequest& o) const;
};

class WatchCoordinator {
 public:
  // Starts collecting the requests of one reconcile of `instance` (discarding any left over).
  void begin(const InstanceKey& instance);
  // Declares that the running reconcile of `instance` read what `request` covers.
  void record(const InstanceKey& instance, WatchRequest request);
  // Ends the reconcile: `succeeded` replaces the instance's requests by those recorded, otherwise
  // they are added to the ones it had. True when the set of watched kinds changed.
  bool commit(const InstanceKey& instance, bool succeeded);
  // Drops every request of the instance (deleted, or its kind no longer served). True when the
  // set of watched kinds changed.
  bool forget(const InstanceKey& instance);
  // forget() for every instance of one kind.
  bool forget_kind(const kube::GroupVersionResource& instance_gvr);

  // Instances to wake for an Add/Update/Delete of `object` (of resource `gvr`); `old_object` is
  // the previous state of an update, else null. Sorted, without duplicates.
  std::vector<InstanceKey> instances_for(const kube::GroupVersionResource& gvr, const Json& object,
                                         const Json* old_object = nullptr) const;

  // GVRs with at least one committed request: the kinds worth an informer.
  std::vector<kube::GroupVersionResource> watched_kinds() const;
  // Committed requests of one instance, sorted.
  std::vector<WatchRequest> requests_of(const InstanceKey& instance) const;
  // Committed requests of every instance.
  std::size_t request_count() const;

 private:
  using Requests = std::set<WatchRequest>;
  using NsName = std::pair<std::string, std::string>;

  // Replaces the committed requests of `instance` (keeping the indexes in step); returns whether
  // the watched kinds changed.
  bool replace_locked(const InstanceKey& instance, Requests requests);
  void index_locked(const InstanceKey& instance, const WatchRequest& r);
  void unindex_locked(const InstanceKey& instance, const WatchRequest& r);

  mutable std::mutex mu_;
  std::map<InstanceKey, Requests> committed_;
  std::map<InstanceKey, Requests> pending_;  // reconciles in flight
  std::map<kube::GroupVersionResource, std::map<NsName, std::set<InstanceKey>>, GvrLess> by_name_;
  std::map<kube::GroupVersionResource, std::map<InstanceKey, std::vector<WatchRequest>>, GvrLess>
      by_selector_;
  // Committed requests per GVR.
  std::map<kube::GroupVersionResource, std::size_t, GvrLess> kind_refs_;
};

}  // namespace kro::controller

// EventRouter: turns informer events into work queue items (the dynamic controller's event
// routing). Instance events enqueue the instance itself (updates only when worth a reconcile);
// a child's events enqueue the instance its kro labels name, after kChildEventDelay; an external
// object's events enqueue every instance whose last reconcile read it (WatchCoordinator).
#pragma once

#include <chrono>

#include "controller/watch_coordinator.h"
#include "kube/gvk.h"
#include "kube/informer.h"
#include "kube/work_queue.h"
#include "value/json.h"

namespace kro::controller::internal {

class KindRegistry;

// How long a child's event waits before it wakes its instance. The children of one instance
// change in bursts: the echoes of the instance's own applies (one per child), a rollout touching
// several objects, an edit by hand made of several writes. Waking the owner once per burst costs
// one reconcile where waking it per event costs one each; a key already waiting keeps its
// deadline, so a burst within the delay is one reconcile. Drift is then repaired a fifth of a
// second later than the event, not at once (docs/controller.md).
inline constexpr kube::Duration kChildEventDelay = std::chrono::milliseconds(200);

class EventRouter {
 public:
  // All three must outlive the router.
  EventRouter(kube::WorkQueue& queue, const KindRegistry& kinds, const WatchCoordinator& watches);

  // Handlers for the informer over the instances of `gvr`: add and delete always enqueue; an
  // update only on a generation change, a flip of the suspension annotation or of the deletion
  // timestamp, or a periodic resync.
  kube::EventHandlers instance_handlers(const kube::GroupVersionResource& gvr);
  // Handlers for an informer over kro-owned children of any kind.
  kube::EventHandlers child_handlers();
  // Handlers for the informer over the external objects of `gvr`.
  kube::EventHandlers external_handlers(const kube::GroupVersionResource& gvr);

 private:
  void enqueue_instance(const kube::GroupVersionResource& gvr, const Json& obj);
  void enqueue_owner(const Json& child);
  void wake_watchers(const kube::GroupVersionResource& gvr, const Json& object,
                     const Json* old_object);

  kube::WorkQueue& queue_;
  const KindRegistry& kinds_;
  const WatchCoordinator& watches_;
};

}  // namespace kro::controller::internal

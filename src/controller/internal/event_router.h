// EventRouter: turns informer events into work queue items (the dynamic controller's event
// routing). Instance events enqueue the instance itself (updates only when worth a reconcile);
// a child's events enqueue the instance its kro labels name; an external object's events
// enqueue every instance whose last reconcile read it (WatchCoordinator).
#pragma once

#include "controller/watch_coordinator.h"
#include "kube/gvk.h"
#include "kube/informer.h"
#include "kube/work_queue.h"
#include "value/json.h"

namespace kro::controller::internal {

class KindRegistry;

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

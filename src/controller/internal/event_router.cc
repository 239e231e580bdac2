#include "controller/internal/event_router.h"

#include <string>

#include "controller/internal/kind_registry.h"
#include "controller/internal/object_fields.h"
#include "controller/internal/work_item.h"
#include "controller/labels.h"
#include "kube/object_meta.h"

namespace kro::controller::internal {

using kube::GroupVersionResource;

EventRouter::EventRouter(kube::WorkQueue& queue, const KindRegistry& kinds,
                         const WatchCoordinator& watches)
    : queue_(queue), kinds_(kinds), watches_(watches) {}

void EventRouter::enqueue_instance(const GroupVersionResource& gvr, const Json& obj) {
  queue_.add(item_key(gvr, string_at(obj, "metadata.namespace"), string_at(obj, "metadata.name")));
}

// A child's labels name its instance; map them to the instance's work item.
void EventRouter::enqueue_owner(const Json& child) {
  std::string group = label_of(child, kInstanceGroupLabel);
  std::string kind = label_of(child, kInstanceKindLabel);
  std::string name = label_of(child, kInstanceNameLabel);
  if (kind.empty() || name.empty()) return;
  std::optional<GroupVersionResource> gvr = kinds_.instance_gvr_for(group, kind);
  if (!gvr) return;
  queue_.add_after(item_key(*gvr, label_of(child, kInstanceNamespaceLabel), name),
                   kChildEventDelay);
}

// Every event of a watched external object, status-only changes included, wakes the
// instances whose requests cover it (by its new labels or, for an update, its old ones).
void EventRouter::wake_watchers(const GroupVersionResource& gvr, const Json& object,
                                const Json* old_object) {
  for (const InstanceKey& k : watches_.instances_for(gvr, object, old_object)) {
    queue_.add(item_key(k.gvr, k.ns, k.name));
  }
}

kube::EventHandlers EventRouter::instance_handlers(const GroupVersionResource& gvr) {
  // An instance may also be another instance's child (a nested RGD). Its owner reads it from
  // this informer's cache, the one a served kind's objects are read from, so this informer's
  // events wake the owner too: an event of the child informer alone could come before this
  // cache has the change, and the owner would read the old status and then wait for nothing.
  return {
      .on_add =
          [this, gvr](const Document& o) {
            enqueue_instance(gvr, *o);
            enqueue_owner(*o);
          },
      .on_update =
          [this, gvr](const Document& old, const Document& o) {
            enqueue_owner(*o);  // any change, status included, may feed the owner's status
            // Status and label updates (ours included) are not worth a reconcile.
            bool relevant = !deep_equal(find_path(*old, "metadata.generation") != nullptr
                                            ? *find_path(*old, "metadata.generation")
                                            : Json(),
                                        find_path(*o, "metadata.generation") != nullptr
                                            ? *find_path(*o, "metadata.generation")
                                            : Json()) ||
                            is_suspended(*old) != is_suspended(*o) ||
                            kube::is_terminating(*old) != kube::is_terminating(*o) ||
                            old == o;  // periodic resync replays the same object
            if (relevant) enqueue_instance(gvr, *o);
          },
      .on_delete =
          [this, gvr](const Document& o) {
            enqueue_instance(gvr, *o);
            enqueue_owner(*o);
          },
  };
}

kube::EventHandlers EventRouter::child_handlers() {
  return {
      .on_add = [this](const Document& o) { enqueue_owner(*o); },
      .on_update =
          [this](const Document& old, const Document& o) {
            enqueue_owner(*o);
            // Labels edited away (any of those naming the instance) still wake the former
            // owner, which restores them and any drift the same edit brought.
            for (std::string_view key : {kInstanceNameLabel, kInstanceKindLabel,
                                         kInstanceGroupLabel, kInstanceNamespaceLabel}) {
              if (label_of(*old, key) != label_of(*o, key)) {
                enqueue_owner(*old);
                break;
              }
            }
          },
      .on_delete = [this](const Document& o) { enqueue_owner(*o); },
  };
}

kube::EventHandlers EventRouter::external_handlers(const GroupVersionResource& gvr) {
  return {
      .on_add = [this, gvr](const Document& o) { wake_watchers(gvr, *o, nullptr); },
      .on_update = [this, gvr](const Document& old,
                               const Document& o) { wake_watchers(gvr, *o, old.get()); },
      .on_delete = [this, gvr](const Document& o) { wake_watchers(gvr, *o, nullptr); },
  };
}

}  // namespace kro::controller::internal

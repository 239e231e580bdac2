// Deletion and prune of a child whose resource says `deletionPolicy: Orphan` (a kro-cpp
// extension): the child is released from kro instead of deleted (child_release.h has the steps
// and why they are safe to repeat), and the instance's event stream and status say so.
#include "controller/child_release.h"
#include "controller/internal/instance_run.h"
#include "fmt/format.h"
#include "kube/event_recorder.h"
#include "kube/object_meta.h"
#include "spdlog/spdlog.h"

namespace kro::controller {

namespace {

// A failure of a release step: a concurrent change (the next pass starts again from fresh
// state) is not an error.
bool changed_meanwhile(const kube::ApiError& e) { return e.is_conflict() || e.is_not_found(); }

}  // namespace

kube::ApiResult<bool> InstanceReconciler::Run::release_child(const kube::ApiResource& resource,
                                                             const Json& listed) {
  const std::string ns = string_at(listed, "metadata.namespace");
  const std::string name = string_at(listed, "metadata.name");
  const std::string uid = string_at(listed, "metadata.uid");
  // Listed objects come from caches without managedFields: the transfer needs them.
  auto live = self.client_.get(resource.gvr, ns, name);
  if (!live) {
    if (changed_meanwhile(live.error())) return false;
    return std::move(live).take_error();
  }
  // Another object by now, being deleted, or released already: nothing to release.
  if (string_at(*live, "metadata.uid") != uid || kube::is_terminating(*live) ||
      label_of(*live, kApplySetPartOfLabel) != applyset_id) {
    return false;
  }
  auto moved = self.client_.apply(resource.gvr, ns, transfer_body(*live),
                                  {.field_manager = std::string(kOrphanedManager)});
  ++self.counters_.applies;
  if (!moved) {
    if (changed_meanwhile(moved.error())) return false;
    return std::move(moved).take_error();
  }
  auto released = self.client_.apply(resource.gvr, ns, release_body(*moved),
                                     {.field_manager = std::string(kApplySetManager)});
  ++self.counters_.applies;
  if (!released) {
    if (changed_meanwhile(released.error())) return false;
    return std::move(released).take_error();
  }
  if (auto patch = leftover_patch(*released)) {
    auto r = self.client_.patch(resource.gvr, ns, name, kube::PatchType::kMerge, to_json(*patch),
                                {.field_manager = std::string(kOrphanedManager)});
    if (!r) {
      if (changed_meanwhile(r.error())) return false;
      return std::move(r).take_error();
    }
  }
  self.memo_.forget(uid);

  const std::string what =
      fmt::format("{} {}", resource.kind, ns.empty() ? name : fmt::format("{}/{}", ns, name));
  orphaned.push_back(what);
  const std::string node = label_of(listed, kNodeIdLabel);
  spdlog::info("orphaned {} of {}/{} (resource {}): released, not deleted", what, ref.namespace_,
               ref.name, node);
  if (self.config_.events) {
    self.config_.events->record(
        instance, kube::EventType::kNormal, "Orphaned",
        fmt::format("{} (resource \"{}\", deletionPolicy Orphan) was released from kro and left "
                    "in the cluster",
                    what, node));
  }
  return true;
}

std::string InstanceReconciler::Run::orphaned_note() const {
  if (orphaned.empty()) return "";
  return fmt::format("; orphaned (deletionPolicy Orphan): {}", fmt::join(orphaned, ", "));
}

}  // namespace kro::controller

// What an instance's deletion waits on (a kro-cpp extension beyond upstream kro v0.9.4, upstream
// issue #1252; docs/controller.md "Beyond upstream"). Upstream says "deleting resources" while
// a wave waits; here ResourcesReady, and so Ready, names the children still present in the
// current apply-order wave, their finalizers and since when the wave waits (the earliest
// deletionTimestamp among them, so the figure survives a restart). The generated CRD's status
// schema is structural and knows only `state`, `conditions` and the author's fields: a new
// status field would be pruned by the API server, so the condition message carries it all.
#include "controller/internal/instance_run.h"
#include "fmt/format.h"
#include "kube/event_recorder.h"
#include "spdlog/spdlog.h"

namespace kro::controller {

namespace {

// The reason ResourcesReady had before this reconcile, "" when none.
std::string previous_reason(const Json& instance) {
  const Json* conditions = find_path(instance, "status.conditions");
  if (conditions == nullptr || !conditions->is_array()) return {};
  const Json* c = find_condition(conditions->as_array(), kCondResourcesReady);
  return c != nullptr ? string_at(*c, "reason") : std::string();
}

}  // namespace

ReconcileOutcome InstanceReconciler::Run::report_deletion_wave(
    int wave, const std::vector<DeletionBlocker>& blockers) {
  const auto now = std::chrono::system_clock::now();
  // Objects deleted by this very reconcile are not terminating in the cache yet: they start now.
  const auto waited_for = waited(waiting_since(blockers).value_or(now), now);
  const auto threshold = self.config_.deletion_wait_warning;
  const bool stalled = wait_stalled(waited_for, threshold);
  const std::string before = previous_reason(instance);
  const std::string reason{stalled ? kReasonDeletionStalled : kReasonUnderDeletion};
  // Nothing left of the wave (its deletes took effect at once): the next wave follows.
  std::string message = (blockers.empty() ? fmt::format("deleting apply-order wave {}", wave)
                                          : deletion_wait_message(blockers, waited_for)) +
                        orphaned_note();
  auto w = write_status({{std::string(kCondResourcesReady), "Unknown", reason, message}},
                        kStateDeleting, find_path(instance, "status"), nullptr);
  if (!w) spdlog::debug("{}/{}: status: {}", ref.namespace_, ref.name, w.error().str());
  // Once per stalled wave: the reason written in the instance records that it was emitted.
  if (stalled && before != kReasonDeletionStalled) {
    std::string msg = stalled_event_message(blockers, threshold);
    spdlog::warn("{}/{}: apply-order wave {}: {}", ref.namespace_, ref.name, wave, msg);
    if (self.config_.warnings) {
      self.config_.warnings->record(instance, kube::EventType::kWarning,
                                    std::string(kReasonDeletionStalled), msg);
    }
  }
  // The children's delete events wake the instance; the interval is the safety net (and what
  // refreshes the duration in the message); the threshold's crossing is a wake-up of its own.
  std::chrono::milliseconds after = self.config_.requeue_interval;
  if (auto until = until_stalled(waited_for, threshold)) {
    if (after.count() <= 0 || *until < after) after = *until;
  }
  return after.count() > 0 ? ReconcileOutcome::requeue(after) : ReconcileOutcome::done();
}

}  // namespace kro::controller

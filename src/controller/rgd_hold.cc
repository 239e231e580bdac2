// RgdController's rollout hold (rollout_hold.h; rgd_controller.h step 3): a changed spec held
// back while the newest GraphRevision keeps serving, and the Events that announce it.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "controller/internal/rgd_pass.h"
#include "controller/rgd_controller.h"
#include "controller/rollout_hold.h"
#include "kube/object_meta.h"

namespace kro::controller {

namespace {
constexpr std::chrono::milliseconds kBackoff{-1};
}  // namespace

std::optional<std::chrono::milliseconds> RgdController::hold_back(
    Pass& pass, ListedRevisions& listed, const Json& active_gr, std::int64_t issued,
    std::shared_ptr<const graph::CompiledGraph>& out) {
  const std::int64_t active = revision_number(active_gr);
  auto entry = revisions_.get(pass.name, active);
  if (!entry) {
    // Not compiled by this process (it restarted while the hold was on): the active revision is
    // compiled from its own snapshot, never from the held spec.
    Json snapshot = pass.rgd;
    const Json* spec = find_path(active_gr, "spec.snapshot.spec");
    snapshot.as_object()["spec"] = spec != nullptr ? *spec : Json(JsonObject{});
    auto compiled = compile(pass, snapshot);
    std::string error = compiled ? "" : pass.conds.get(kGraphAccepted)->message;
    write_revision_status(active_gr, compiled.get(), error);
    entry = RevisionRegistry::Entry{kube::label(active_gr, kGraphRevisionHashLabel), compiled,
                                    std::move(error)};
    revisions_.put(pass.name, active, *entry);
  }
  // The held spec is judged as any spec change is (GraphAccepted, and with a valid spec
  // topologicalOrder and resources, describe the newest generation), then set aside.
  auto held = compile(pass);
  const std::string error = held ? "" : pass.conds.get(kGraphAccepted)->message;
  pass.retry_compile = !held;
  const std::int64_t generation = int_at(pass.rgd, "metadata.generation");
  pass.conds.set_true(kRolloutHeld, std::string(kReasonHeld),
                      held_message(generation, active, error), pass.now);
  pass.status["lastIssuedRevision"] = issued;
  if (!entry->compiled) {
    pass.conds.set_false(kGraphRevisionsResolved, "Failed",
                         fmt::format("latest graph revision {} failed compilation", active),
                         pass.now);
    return kBackoff;
  }
  pass.conds.set_true(kGraphRevisionsResolved, "Resolved",
                      fmt::format("revision {} compiled and active", active), pass.now);
  collect_revisions(pass, std::move(listed.live));
  out = entry->compiled;
  return std::nullopt;
}

void RgdController::announce_hold(const Pass& pass) {
  if (!pass.hold_judged) return;
  const RgdCondition* accepted = pass.conds.get(kGraphAccepted);
  const std::string error =
      accepted != nullptr && accepted->status == "False" ? accepted->message : "";
  const RgdCondition* after = pass.conds.get(kRolloutHeld);
  auto event = announcer_.judge(pass.name, pass.hold_before, after,
                                int_at(pass.rgd, "metadata.generation"), pass.issued_now, error);
  if (!event) return;
  spdlog::info("rgd {}: {}: {}", pass.name, event->reason, event->message);
  if (!opts_.events) return;
  Json involved = pass.rgd;  // list items may lack apiVersion and kind
  involved.as_object()["apiVersion"] = "kro.run/v1alpha1";
  involved.as_object()["kind"] = "ResourceGraphDefinition";
  opts_.events->record(involved, kube::EventType::kNormal, event->reason, event->message);
}

}  // namespace kro::controller

// RgdController's GraphRevision steps (rgd_controller.h, step 3 and 6; graph_revisions.h).
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>

#include "controller/internal/rgd_pass.h"
#include "controller/rgd_controller.h"
#include "controller/rollout_hold.h"
#include "controller/spec_hash.h"
#include "kube/object_meta.h"

namespace kro::controller {

namespace {

using std::chrono::milliseconds;
constexpr milliseconds kBackoff{-1};
// The field manager of upstream's writes of revisions (create and status).
const kube::WriteOptions kRevisionWrites{.field_manager = "kro", .dry_run = false};

bool controlled_by(const Json& gr, const std::string& uid) {
  const Json* refs = find_path(gr, "metadata.ownerReferences");
  if (refs == nullptr || !refs->is_array()) return false;
  return std::any_of(refs->as_array().begin(), refs->as_array().end(), [&](const Json& r) {
    const Json* controller = find_path(r, "controller");
    return string_at(r, "uid") == uid && controller != nullptr && controller->is_bool() &&
           controller->as_bool();
  });
}

}  // namespace

Result<ListedRevisions> RgdController::list_revisions(const std::string& rgd_name) const {
  kube::ListOptions opts;
  opts.field_selector = "spec.snapshot.name=" + rgd_name;
  auto list = client_.list(kGraphRevisionGvr, "", opts);
  if (!list.ok()) return Error("cannot list graph revisions: " + list.error().message);
  return split_revisions(*list);
}

void RgdController::adopt_revisions(const Pass& pass, const ListedRevisions& listed) {
  for (const Json& gr : listed.live) {
    if (controlled_by(gr, pass.uid)) continue;
    // An orphan (its RGD was deleted and created again, or another controller issued it): this
    // RGD becomes its controlling owner, so that it goes with the RGD.
    JsonArray refs;
    if (const Json* old = find_path(gr, "metadata.ownerReferences");
        old != nullptr && old->is_array()) {
      for (const Json& r : old->as_array()) {
        const Json* controller = find_path(r, "controller");
        if (controller == nullptr || !controller->is_bool() || !controller->as_bool())
          refs.push_back(r);
      }
    }
    refs.push_back(JsonObject{{"apiVersion", "kro.run/v1alpha1"},
                              {"kind", "ResourceGraphDefinition"},
                              {"name", pass.name},
                              {"uid", pass.uid},
                              {"controller", true}});
    Json patch = JsonObject{{"metadata", JsonObject{{"ownerReferences", std::move(refs)}}}};
    const std::string name = string_at(gr, "metadata.name");
    auto r = client_.patch(kGraphRevisionGvr, "", name, kube::PatchType::kMerge, to_json(patch),
                           kRevisionWrites);
    if (!r.ok()) {
      spdlog::warn("rgd {}: cannot adopt graph revision {}: {}", pass.name, name,
                   r.error().message);
    } else {
      spdlog::info("rgd {}: adopted graph revision {}", pass.name, name);
    }
  }
}

void RgdController::release_revisions(const std::vector<Json>& terminating) {
  for (const Json& gr : terminating) {
    const std::string rgd = string_at(gr, "spec.snapshot.name");
    revisions_.erase(rgd, revision_number(gr));
    if (!kube::has_finalizer(gr, kFinalizer)) continue;
    Json patch = JsonObject{
        {"metadata", JsonObject{{"finalizers", kube::finalizers_without(gr, kFinalizer)},
                                {"resourceVersion", string_at(gr, "metadata.resourceVersion")}}}};
    auto r = client_.patch(kGraphRevisionGvr, "", string_at(gr, "metadata.name"),
                           kube::PatchType::kMerge, to_json(patch), kRevisionWrites);
    if (!r.ok() && !r.error().is_not_found()) {
      spdlog::warn("graph revision {}: cannot remove finalizer: {}", string_at(gr, "metadata.name"),
                   r.error().message);
    }
  }
}

void RgdController::write_revision_status(const Json& gr, const graph::CompiledGraph* compiled,
                                          const std::string& error) {
  const Json* current = find_path(gr, "status");
  Json status = graph_revision_status(current, compiled, error, int_at(gr, "metadata.generation"),
                                      rgd_condition_time_now());
  if (current != nullptr && deep_equal(*current, status)) return;
  Json patch = JsonObject{{"status", std::move(status)}};
  auto r = client_.patch(kGraphRevisionGvr, "", string_at(gr, "metadata.name"),
                         kube::PatchType::kMerge, to_json(patch), kRevisionWrites, "status");
  if (!r.ok()) {
    spdlog::warn("graph revision {}: cannot write status: {}", string_at(gr, "metadata.name"),
                 r.error().message);
  }
}

std::optional<milliseconds> RgdController::resolve_revision(
    Pass& pass, std::shared_ptr<const graph::CompiledGraph>& out) {
  const Json* spec = find_path(pass.rgd, "spec");
  const std::string hash = graph_revision_spec_hash(spec != nullptr ? *spec : Json());
  auto listed = list_revisions(pass.name);
  if (!listed) {
    spdlog::warn("rgd {}: {}", pass.name, listed.error().message);
    return kBackoff;
  }
  adopt_revisions(pass, *listed);
  if (listed->live.empty() && listed->terminating.empty()) revisions_.erase_all(pass.name);
  if (!listed->terminating.empty()) {
    release_revisions(listed->terminating);
    pass.conds.set_unknown(kGraphRevisionsResolved, "WaitingForGraphRevisionSettlement",
                           "waiting for terminating graph revisions to settle", pass.now);
    return opts_.progress_requeue_delay;
  }
  const Json* latest = listed->latest();
  const std::int64_t latest_number = latest != nullptr ? revision_number(*latest) : 0;
  std::int64_t issued = std::max(int_at(pass.rgd, "status.lastIssuedRevision"), latest_number);
  // The rollout hold (rollout_hold.h): RolloutHeld is there only while the annotation is.
  const bool hold = rollout_hold_requested(pass.rgd);
  const std::int64_t generation = int_at(pass.rgd, "metadata.generation");
  if (!hold) pass.conds.remove(kRolloutHeld);
  pass.hold_judged = true;

  std::int64_t serving = 0;
  if (latest != nullptr && kube::label(*latest, kGraphRevisionHashLabel) != hash && hold) {
    return hold_back(pass, *listed, *latest, issued, out);
  }
  if (latest != nullptr && kube::label(*latest, kGraphRevisionHashLabel) == hash) {
    if (hold) {
      pass.conds.set_false(kRolloutHeld, std::string(kReasonNothingHeld),
                           nothing_held_message(generation, latest_number), pass.now);
    }
    // The spec is the newest revision's: serve it, compiling it first if this process has not.
    auto entry = revisions_.get(pass.name, latest_number);
    if (!entry) {
      auto compiled = compile(pass);
      write_revision_status(*latest, compiled.get(),
                            compiled ? "" : pass.conds.get(kGraphAccepted)->message);
      entry = RevisionRegistry::Entry{hash, compiled,
                                      compiled ? "" : pass.conds.get(kGraphAccepted)->message};
      revisions_.put(pass.name, latest_number, *entry);
    }
    if (!entry->compiled) {
      pass.conds.set_false(
          kGraphRevisionsResolved, "Failed",
          fmt::format("latest graph revision {} failed compilation", latest_number), pass.now);
      pass.conds.set_false(kGraphAccepted, "InvalidResourceGraph", entry->error, pass.now);
      return kBackoff;
    }
    accept(pass, *entry->compiled);
    out = entry->compiled;
    serving = latest_number;
  } else {
    // A new or changed spec: a valid one is issued as the next revision. The revisions
    // themselves are settled when this process knows the newest one, so the condition says so
    // for this generation before the new spec is judged: an invalid spec then leaves it True
    // (the last good revision serving) and only GraphAccepted False, as upstream does.
    if (latest != nullptr && revisions_.get(pass.name, latest_number)) {
      pass.conds.set_true(kGraphRevisionsResolved, "Resolved",
                          fmt::format("revision {} compiled and active", latest_number), pass.now);
    }
    auto compiled = compile(pass);
    if (!compiled) return kBackoff;
    const std::int64_t next = issued + 1;
    Json gr = make_graph_revision(pass.rgd, next, hash, opts_.kro_version);
    auto created = client_.create(kGraphRevisionGvr, "", gr, kRevisionWrites);
    if (!created.ok()) {
      spdlog::warn("rgd {}: cannot create graph revision {}: {}", pass.name,
                   graph_revision_name(pass.name, next), created.error().message);
      pass.conds.set_false(kGraphAccepted, "InvalidResourceGraph", created.error().message,
                           pass.now);
      return kBackoff;
    }
    spdlog::info("rgd {}: issued graph revision {}", pass.name,
                 graph_revision_name(pass.name, next));
    count("rgd_graph_revision_issue_total", "GraphRevisions issued",
          {{"reason", latest == nullptr ? "no_revision" : "spec_changed"}});
    write_revision_status(*created, compiled.get(), "");
    revisions_.put(pass.name, next, RevisionRegistry::Entry{hash, compiled, ""});
    listed->live.push_back(std::move(*created));
    issued = next;
    serving = next;
    pass.issued_now = next;
    out = compiled;
    // A hold on a new RGD has no revision to keep serving: the first spec is issued.
    if (hold) {
      pass.conds.set_false(kRolloutHeld, std::string(kReasonNothingHeld),
                           nothing_held_message(generation, next), pass.now);
    }
  }
  pass.status["lastIssuedRevision"] = issued;
  pass.conds.set_true(kGraphRevisionsResolved, "Resolved",
                      fmt::format("revision {} compiled and active", serving), pass.now);
  collect_revisions(pass, std::move(listed->live));
  return std::nullopt;
}

void RgdController::collect_revisions(const Pass& pass, std::vector<Json> live) {
  const auto keep = static_cast<std::size_t>(std::max(0, opts_.max_graph_revisions));
  if (keep == 0 || live.size() <= keep) return;
  std::sort(live.begin(), live.end(),
            [](const Json& a, const Json& b) { return revision_number(a) > revision_number(b); });
  std::vector<Json> old(std::make_move_iterator(live.begin() + static_cast<std::ptrdiff_t>(keep)),
                        std::make_move_iterator(live.end()));
  std::vector<Json> deleted;
  for (const Json& gr : old) {
    const std::string name = string_at(gr, "metadata.name");
    auto r = client_.remove(kGraphRevisionGvr, "", name);
    if (!r.ok()) {
      if (r.error().is_not_found()) continue;
      spdlog::warn("rgd {}: cannot delete graph revision {}: {}", pass.name, name,
                   r.error().message);
      count("rgd_graph_revision_gc_errors_total", "GraphRevision deletions that failed");
      continue;
    }
    count("rgd_graph_revision_gc_deleted_total", "GraphRevisions deleted by retention");
    deleted.push_back(std::move(*r));
  }
  // Held by kro's finalizer now (the server answered with the terminating object): release them.
  release_revisions(deleted);
}

Status RgdController::delete_revisions(const std::string& rgd_name) {
  KRO_ASSIGN_OR_RETURN(auto listed, list_revisions(rgd_name));
  for (const Json& gr : listed.live) {
    auto r = client_.remove(kGraphRevisionGvr, "", string_at(gr, "metadata.name"));
    if (!r.ok()) {
      if (r.error().is_not_found()) continue;
      return Error("cannot delete graph revision " + string_at(gr, "metadata.name") + ": " +
                   r.error().message);
    }
    listed.terminating.push_back(std::move(*r));
  }
  release_revisions(listed.terminating);
  revisions_.erase_all(rgd_name);
  return {};
}

}  // namespace kro::controller

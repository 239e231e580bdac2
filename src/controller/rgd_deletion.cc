// RgdController step 1: a deleted RGD (rgd_controller.h). A kro-cpp extension beyond upstream
// kro v0.9.4 (upstream issue #1067, PR #1218; docs/controller.md "Beyond upstream"): upstream
// stops serving the kind at once, so an instance still holding kro.run/finalizer can never be
// deleted afterwards. Here the RGD keeps its finalizer and keeps serving the kind while any
// instance of it exists; with --allow-crd-deletion it deletes them first (deleting the CRD
// would delete them too, but then nothing would remove their finalizers), without it it waits
// for the user to delete them, so that deleting an RGD never deletes workloads unasked. Ready
// says how many remain and which; everything is read from the cluster, so a restarted
// controller picks the deletion up where it was.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>

#include "controller/deletion_wait.h"
#include "controller/instance_metrics.h"
#include "controller/internal/rgd_pass.h"
#include "controller/rgd_conditions.h"
#include "controller/rgd_controller.h"
#include "graph/model.h"
#include "kube/object_meta.h"
#include "schema/pluralize.h"

namespace kro::controller {

namespace {

using std::chrono::milliseconds;
constexpr milliseconds kDone{0};
constexpr milliseconds kBackoff{-1};

}  // namespace

bool RgdController::serving(const std::string& name) const {
  std::lock_guard lock(mu_);
  return registrations_.count(name) != 0;
}

RgdController::DeletingKind RgdController::deleting_kind(const Json& rgd) const {
  DeletingKind out;
  out.kind = string_at(rgd, "spec.schema.kind");
  {
    std::lock_guard lock(mu_);
    auto it = registrations_.find(string_at(rgd, "metadata.name"));
    if (it != registrations_.end()) {
      out.gvr = it->second.gvr;
      out.crd_name = it->second.crd_name;
      return out;
    }
  }
  // Not served by this process (a restart, an RGD that never compiled): the kind its spec names.
  if (out.kind.empty()) return out;
  std::string group = string_at(rgd, "spec.schema.group");
  if (group.empty()) group = std::string(graph::kDefaultGroup);
  out.gvr = {group, string_at(rgd, "spec.schema.apiVersion"), schema::kind_plural(out.kind)};
  out.crd_name = out.gvr.resource + "." + group;
  return out;
}

Result<std::vector<Json>> RgdController::list_instances(
    const kube::GroupVersionResource& gvr) const {
  std::vector<Json> out;
  if (gvr.resource.empty() || gvr.version.empty()) return out;
  auto list = client_.list(gvr, "");
  if (!list.ok()) {
    if (list.error().is_not_found()) return out;  // no CRD, no instances
    return Error(fmt::format("cannot list instances of {}: {}", gvr.str(), list.error().message));
  }
  const Json* items = find_path(*list, "items");
  if (items != nullptr && items->is_array()) {
    for (const Json& i : items->as_array()) out.push_back(i);
  }
  return out;
}

milliseconds RgdController::cleanup(const Json& rgd) {
  auto started = std::chrono::steady_clock::now();
  std::string name = string_at(rgd, "metadata.name");
  if (!kube::has_finalizer(rgd, kFinalizer)) {
    forget(name);
    return kDone;
  }
  DeletingKind kind = deleting_kind(rgd);
  // Only the instances of a kind this RGD owns: another RGD claiming the same kind (and refused)
  // has none.
  auto owned = kind.crd_name.empty() ? Result<bool>(false) : crds_.owned_by(kind.crd_name, name);
  if (!owned) {
    spdlog::warn("rgd {}: {}", name, owned.error().message);
    return kBackoff;
  }
  auto instances =
      *owned ? list_instances(kind.gvr) : Result<std::vector<Json>>(std::vector<Json>{});
  if (!instances) {
    spdlog::warn("rgd {}: {}", name, instances.error().message);
    return kBackoff;
  }
  if (!instances->empty()) return wait_for_instances(rgd, kind, *instances);
  forget(name);
  // An instance created between the list and the unregistration would have nobody to remove
  // its finalizer: look once more; the next pass serves the kind again for it.
  if (*owned) {
    auto again = list_instances(kind.gvr);
    if (!again || !again->empty()) return opts_.progress_requeue_delay;
  }
  return finish_deletion(rgd, kind, started);
}

milliseconds RgdController::wait_for_instances(const Json& rgd, const DeletingKind& kind,
                                               const std::vector<Json>& instances) {
  std::string name = string_at(rgd, "metadata.name");
  const Json* status_j = find_path(rgd, "status");
  Pass pass{rgd,
            name,
            string_at(rgd, "metadata.uid"),
            rgd_condition_time_now(),
            status_j != nullptr && status_j->is_object() ? status_j->as_object() : JsonObject{},
            RgdConditions(find_path(rgd, "status.conditions"), int_at(rgd, "metadata.generation"),
                          string_at(rgd, "metadata.creationTimestamp"))};
  // Their finalizers need the kind served: after a restart nothing serves it yet.
  if (!serving(name)) {
    std::shared_ptr<const graph::CompiledGraph> compiled;
    if (!resolve_revision(pass, compiled) && compiled) (void)serve(pass, compiled);
  }
  std::vector<DeletionBlocker> blockers;
  for (const Json& i : instances) {
    DeletionBlocker b = deletion_blocker_of(i, kind.kind);
    if (b.deletion_timestamp.empty()) {
      b.finalizers.clear();  // they hold nothing back until the instance is deleted
      if (opts_.allow_crd_deletion) {
        auto r = client_.remove(kind.gvr, b.namespace_, b.name);
        if (!r.ok() && !r.error().is_not_found()) {
          spdlog::warn("rgd {}: cannot delete instance {}/{}: {}", name, b.namespace_, b.name,
                       r.error().message);
        }
      }
    }
    blockers.push_back(std::move(b));
  }
  const auto now = std::chrono::system_clock::now();
  const auto since = parse_rfc3339(string_at(rgd, "metadata.deletionTimestamp")).value_or(now);
  const auto waited_for = waited(since, now);
  const bool stalled = wait_stalled(waited_for, opts_.deletion_wait_warning);
  const bool warned =
      pass.conds.previous_ready() && pass.conds.previous_ready()->reason == kReasonDeletionStalled;
  pass.conds.override_ready(
      "False", std::string(stalled ? kReasonDeletionStalled : kReasonWaitingForInstances),
      rgd_instances_message(kind.kind, blockers, waited_for, opts_.allow_crd_deletion));
  pass.status["state"] = pass.conds.state();
  pass.status["conditions"] = pass.conds.to_json(pass.now);
  if (auto st = write_status(rgd, pass.status); !st) {
    spdlog::warn("rgd {}: {}", name, st.error().message);
  }
  // Once per deletion: the Ready reason written in the RGD records that it was emitted.
  if (stalled && !warned) {
    std::string msg = stalled_event_message(blockers, opts_.deletion_wait_warning, false);
    spdlog::warn("rgd {}: {}", name, msg);
    if (opts_.warnings) {
      Json involved = rgd;  // list items may lack apiVersion and kind
      involved.as_object()["apiVersion"] = "kro.run/v1alpha1";
      involved.as_object()["kind"] = "ResourceGraphDefinition";
      opts_.warnings->record(involved, kube::EventType::kWarning,
                             std::string(kReasonDeletionStalled), msg);
    }
  }
  spdlog::debug("rgd {}: deletion waits on {} instance(s) of {}", name, instances.size(),
                kind.gvr.str());
  // Instance events do not reach this controller: look again shortly.
  milliseconds next =
      opts_.progress_requeue_delay.count() > 0 ? opts_.progress_requeue_delay : milliseconds(1000);
  if (auto until = until_stalled(waited_for, opts_.deletion_wait_warning)) {
    next = std::min(next, *until);
  }
  return next;
}

milliseconds RgdController::finish_deletion(const Json& rgd, const DeletingKind& kind,
                                            std::chrono::steady_clock::time_point started) {
  std::string name = string_at(rgd, "metadata.name");
  if (auto st = delete_revisions(name); !st) {
    spdlog::warn("rgd {}: {}", name, st.error().message);
    return kBackoff;
  }
  if (opts_.allow_crd_deletion && !kind.crd_name.empty()) {
    auto removed = crds_.remove_if_owned(kind.crd_name, name);
    if (!removed) {
      spdlog::warn("rgd {}: {}", name, removed.error().message);
      return kBackoff;
    }
    if (*removed) spdlog::info("rgd {}: deleted CRD {}", name, kind.crd_name);
  }
  if (auto st = remove_finalizer(rgd); !st) {
    spdlog::warn("rgd {}: {}", name, st.error().message);
    return kBackoff;
  }
  count("rgd_deletions_total", "RGDs whose deletion completed");
  if (opts_.metrics != nullptr) {
    opts_.metrics->histogram("rgd_deletion_duration_seconds", "Time to clean up a deleted RGD")
        .observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  }
  spdlog::info("rgd {}: deleted", name);
  return kDone;
}

}  // namespace kro::controller

// Prune (orphans of the ApplySet after a complete apply) and instance deletion (reverse
// apply-order waves), both scoped by the parent's ApplySet inventory and both deleting with UID
// preconditions so that an object recreated meanwhile is never removed by mistake.
#include <algorithm>
#include <climits>
#include <map>

#include "controller/child_release.h"
#include "controller/internal/instance_run.h"
#include "fmt/format.h"
#include "kube/object_meta.h"
#include "spdlog/spdlog.h"

namespace kro::controller {

namespace {

// "Kind.group" → {group, kind}.
std::pair<std::string, std::string> split_group_kind(const std::string& gk) {
  auto dot = gk.find('.');
  if (dot == std::string::npos) return {"", gk};
  return {gk.substr(dot + 1), gk.substr(0, dot)};
}

int apply_order_of(const Json& object) {
  std::string v = annotation_of(object, kApplyOrderAnnotation);
  if (v.empty()) return 0;
  try {
    return std::stoi(v);
  } catch (const std::exception&) {
    return 0;  // an invalid wave is deleted last, as upstream's final wave 0
  }
}

}  // namespace

kube::ApiResult<std::vector<std::pair<kube::ApiResource, Document>>>
InstanceReconciler::Run::list_members(const ApplySetInventory& scope, bool live) {
  std::vector<std::pair<kube::ApiResource, Document>> out;
  Labels selector{{std::string(kApplySetPartOfLabel), applyset_id}};
  for (const auto& gk : scope.group_kinds) {
    auto [group, kind_name] = split_group_kind(gk);
    auto res = source.resource_for_group_kind(group, kind_name);
    if (!res) {
      if (res.error().is_not_found()) continue;  // the kind is gone: nothing of it to find
      return std::move(res).take_error();
    }
    std::set<std::string> namespaces;
    if (res->namespaced) {
      namespaces.insert(prune_namespace());
      namespaces.insert(scope.namespaces.begin(), scope.namespaces.end());
    } else {
      namespaces.insert("");
    }
    for (const auto& ns : namespaces) {
      KRO_ASSIGN_OR_RETURN(auto items, live ? source.list_live(*res, ns, selector)
                                            : source.list(*res, ns, selector));
      for (auto& d : items) out.emplace_back(*res, std::move(d));
    }
  }
  return out;
}

kube::ApiResult<int> InstanceReconciler::Run::prune(const ApplySetInventory& scope) {
  KRO_ASSIGN_OR_RETURN(auto members, list_members(scope));
  const graph::Graph& graph = kind.executable->graph();
  // Unknown node ids (a resource removed from the RGD) go first, then dependents before what
  // they depend on.
  auto wave = [&](const Json& o) {
    auto it = graph.apply_orders.find(label_of(o, kNodeIdLabel));
    return it == graph.apply_orders.end() ? INT_MAX : it->second;
  };
  std::vector<std::pair<kube::ApiResource, Document>> orphans;
  for (auto& m : members) {
    if (keep_uids.count(string_at(*m.second, "metadata.uid")) != 0) continue;
    if (kube::is_terminating(*m.second)) continue;
    orphans.push_back(std::move(m));
  }
  std::stable_sort(orphans.begin(), orphans.end(),
                   [&](const auto& a, const auto& b) { return wave(*a.second) > wave(*b.second); });
  int deleted = 0;
  for (const auto& [res, obj] : orphans) {
    if (has_orphan_policy(*obj)) {  // deletionPolicy: Orphan (instance_release.cc)
      KRO_RETURN_IF_ERROR(release_child(res, *obj));
      ++deleted;
      continue;
    }
    kube::DeleteOptions opts;
    opts.precondition_uid = string_at(*obj, "metadata.uid");
    auto r = self.client_.remove(res.gvr, string_at(*obj, "metadata.namespace"),
                                 string_at(*obj, "metadata.name"), opts);
    ++self.counters_.deletes;
    if (!r && !r.error().is_not_found() && !r.error().is_conflict())
      return std::move(r).take_error();
    self.memo_.forget(string_at(*obj, "metadata.uid"));
    spdlog::info("pruned {} {}/{} of {}/{}", res.kind, string_at(*obj, "metadata.namespace"),
                 string_at(*obj, "metadata.name"), ref.namespace_, ref.name);
    ++deleted;
  }
  return deleted;
}

ReconcileOutcome InstanceReconciler::Run::delete_instance() {
  if (!kube::has_finalizer(instance, kFinalizer)) return ReconcileOutcome::done();  // not ours

  auto blocked = [&](const std::string& why) {
    (void)write_status({{std::string(kCondResourcesReady), "Unknown", "UnderDeletion",
                         fmt::format("deletion blocked: {}", why)}},
                       kStateDeleting, find_path(instance, "status"), nullptr);
    return ReconcileOutcome::failed(why);
  };
  if (auto v = validate_parent_inventory(instance); !v) return blocked(v.error().message);
  auto inventory = parse_inventory(instance);
  if (!inventory) return blocked(inventory.error().message);
  auto members = list_members(*inventory);
  if (!members) return blocked(members.error().str());
  if (members->empty()) {
    // A cache may not have seen yet a child applied a moment ago (an instance deleted right after
    // its first reconcile, a lagging watch): ask the API server before letting the instance go,
    // so that nothing is left behind.
    members = list_members(*inventory, /*live=*/true);
    if (!members) return blocked(members.error().str());
  }

  if (!members->empty()) {
    int top = INT_MIN;
    for (const auto& m : *members) top = std::max(top, apply_order_of(*m.second));
    std::vector<DeletionBlocker> wave;  // what the wave waits on (report_deletion_wave)
    for (const auto& [res, obj] : *members) {
      if (apply_order_of(*obj) != top) continue;
      if (!kube::is_terminating(*obj) && has_orphan_policy(*obj)) {
        // deletionPolicy: Orphan (instance_release.cc): released, so no longer a member.
        if (auto r = release_child(res, *obj); !r) return blocked(r.error().str());
        continue;
      }
      wave.push_back(deletion_blocker_of(*obj, res.kind));
      if (kube::is_terminating(*obj)) continue;
      kube::DeleteOptions opts;
      opts.precondition_uid = string_at(*obj, "metadata.uid");
      auto r = self.client_.remove(res.gvr, string_at(*obj, "metadata.namespace"),
                                   string_at(*obj, "metadata.name"), opts);
      ++self.counters_.deletes;
      if (!r && !r.error().is_not_found() && !r.error().is_conflict()) {
        return blocked(r.error().str());
      }
      self.memo_.forget(string_at(*obj, "metadata.uid"));
      // The answer says whether it went at once or now waits (finalizers, a grace period).
      if (r && kube::is_terminating(*r)) wave.back() = deletion_blocker_of(*r, res.kind);
      if (!r || !kube::is_terminating(*r)) wave.pop_back();
    }
    return report_deletion_wave(top, wave);
  }

  // Nothing left: let the instance go. The resourceVersion makes the patch conditional.
  JsonObject meta;
  meta["finalizers"] = kube::finalizers_without(instance, kFinalizer);
  meta["resourceVersion"] = string_at(instance, "metadata.resourceVersion");
  JsonObject patch;
  patch["metadata"] = std::move(meta);
  auto r = self.client_.patch(kind.gvr, ref.namespace_, ref.name, kube::PatchType::kMerge,
                              to_json(Json(std::move(patch))));
  if (!r) {
    if (r.error().is_not_found()) return ReconcileOutcome::done();
    if (r.error().is_conflict()) return ReconcileOutcome::requeue(std::chrono::milliseconds(100));
    return ReconcileOutcome::failed(r.error().str());
  }
  return ReconcileOutcome::done();
}

}  // namespace kro::controller

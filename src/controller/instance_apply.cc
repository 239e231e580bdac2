// The evaluate-and-apply rounds of one reconcile (InstanceReconciler::Run,
// internal/instance_run.h): evaluate, decorate and look up what the newly resolved nodes want,
// record their kinds in the parent's ApplySet inventory, apply what changed, and evaluate again
// with what was applied, until no node moves.
#include <functional>

#include "controller/child_release.h"
#include "controller/instance_drift.h"
#include "controller/internal/instance_run.h"
#include "controller/internal/object_fields.h"
#include "fmt/format.h"
#include "kube/object_meta.h"

namespace kro::controller {

namespace {

using internal::metadata_of;

std::size_t hash_json(const Json& v) { return std::hash<std::string>{}(to_json(v)); }

}  // namespace

kube::ApiResult<void> InstanceReconciler::Run::apply_rounds(Rounds& rounds) {
  const runtime::Executable& exe = *kind.executable;
  for (std::size_t round = 0; round <= exe.graph().nodes.size() + 1; ++round) {
    rounds.ev = runtime::evaluate(exe, instance_doc(), rounds.observed);
    std::vector<Planned> planned;
    std::vector<std::pair<std::string, std::size_t>> item_counts;  // collections this round
    if (!plan_round(rounds.ev, rounds.observed, handled, planned, item_counts)) break;
    KRO_RETURN_IF_ERROR(record_inventory(planned, rounds.ev, rounds.inventory));
    apply_planned(planned, item_counts, rounds.observed);
  }
  if (applied_changes.empty()) return {};
  // Status and readiness read what the apply left in the cluster. A node that only this state
  // resolves is applied by the next reconcile (the changed objects' watch events start it).
  for (auto& [id, items] : applied_changes) {
    const graph::Node* n = exe.node(id);
    if (n != nullptr && n->type == graph::NodeType::kCollection) {
      rounds.observed.set_items(id, std::move(items));
    } else if (!items.empty()) {
      rounds.observed.set(id, std::move(items.front()));
    }
  }
  applied_changes.clear();
  rounds.ev = runtime::evaluate(exe, instance_doc(), rounds.observed);
  for (const auto& node : rounds.ev.nodes) {
    if (node.state == runtime::NodeState::kResolved && handled.count(node.id) == 0) {
      deferred.insert(node.id);
    }
  }
  return {};
}

bool InstanceReconciler::Run::plan_round(
    const runtime::Evaluation& ev, runtime::ObservedState& observed, std::set<std::string>& handled,
    std::vector<Planned>& planned, std::vector<std::pair<std::string, std::size_t>>& item_counts) {
  const graph::Graph& graph = kind.executable->graph();
  bool progress = false;
  for (const auto& node : ev.nodes) {
    if (node.state != runtime::NodeState::kResolved || handled.count(node.id) != 0) continue;
    handled.insert(node.id);
    progress = true;
    bool external = node.type == graph::NodeType::kExternal ||
                    node.type == graph::NodeType::kExternalCollection;
    if (external) {
      // External references are read, never written.
      read_external(node, observed);
      continue;
    }
    int order = 0;
    if (auto it = graph.apply_orders.find(node.id); it != graph.apply_orders.end()) {
      order = it->second;
    }
    Labels child = child_labels(ref, node.id, self.config_.kro_version);
    child.emplace(std::string(kApplySetPartOfLabel), applyset_id);
    for (const auto& d : node.desired) {
      if (auto p = plan_object(node, d, order, child)) planned.push_back(std::move(*p));
    }
    if (node.type == graph::NodeType::kCollection) {
      item_counts.emplace_back(node.id, node.desired.size());
    }
  }
  return progress;
}

std::optional<InstanceReconciler::Run::Planned> InstanceReconciler::Run::plan_object(
    const runtime::NodeResult& node, const runtime::DesiredObject& d, int order,
    const Labels& child) {
  auto res = source.resource_for({d.identity.group, d.identity.version, d.identity.kind});
  if (!res) {
    node_errors[node.id] = res.error().str();
    return std::nullopt;
  }
  Json obj = *d.object;
  JsonObject& meta = metadata_of(obj);
  if (!res->namespaced) {
    meta.erase("namespace");
  } else if (string_at(obj, "metadata.namespace").empty()) {
    if (ref.namespace_.empty()) {
      node_errors[node.id] = fmt::format(
          "resource {} of a cluster-scoped instance must set metadata.namespace", node.id);
      return std::nullopt;
    }
    meta["namespace"] = ref.namespace_;
  }
  // deletionPolicy: Orphan travels with the object (child_release.h); nothing for Delete, so
  // an RGD without the field makes upstream's children.
  const graph::Node* gnode = kind.executable->node(node.id);
  bool orphan = gnode != nullptr && gnode->deletion_policy == graph::DeletionPolicy::kOrphan;
  decorate_child(obj, child, d.index, node.desired.size(), order, orphan);
  std::string obj_ns = string_at(obj, "metadata.namespace");
  auto live = source.get_child(*res, obj_ns, string_at(obj, "metadata.name"));
  if (!live) {
    node_errors[node.id] = live.error().str();
    return std::nullopt;
  }
  Planned p{node.id, *res, std::move(obj), std::move(live->object), false, live->unconfirmed};
  if (p.unconfirmed) {
    p.apply = true;
    return p;
  }
  if (p.live && !admit_live(p)) return std::nullopt;
  std::string uid = p.live ? string_at(*p.live, "metadata.uid") : std::string();
  std::size_t h = hash_json(p.object);
  // A policy changed back to Delete while no memo remembers the last apply (a restart) would
  // otherwise leave the stale annotation, and deletion would orphan what it must delete.
  bool stale_policy = p.live && has_orphan_policy(*p.live) != orphan;
  p.apply = !p.live || stale_policy ||
            ((!desired_holds(p.object, *p.live) || !self.memo_.unchanged_or_unknown(uid, h)) &&
             !self.memo_.cache_behind(uid, h, string_at(*p.live, "metadata.resourceVersion")));
  return p;
}

bool InstanceReconciler::Run::admit_live(const Planned& p) {
  std::string ns = string_at(*p.live, "metadata.namespace");
  std::string name = string_at(*p.live, "metadata.name");
  std::string where = ns.empty() ? name : ns + "/" + name;
  std::string part_of = label_of(*p.live, kApplySetPartOfLabel);
  if (!part_of.empty() && part_of != applyset_id) {
    kube::GroupVersionKind gvk{p.resource.gvr.group, p.resource.gvr.version, p.resource.kind};
    node_errors[p.node_id] =
        fmt::format("{}: {} ({}) belongs to ApplySet \"{}\", cannot reassign to \"{}\"",
                    kApplySetConflictMessage, where, gvk.str(), part_of, applyset_id);
    return false;
  }
  if (kube::is_terminating(*p.live)) {
    // Upstream's resourceDeletingError, word for word.
    node_deleting[p.node_id] = fmt::format(
        "resource \"{}\" for node \"{}\" is currently being deleted; waiting for deletion to "
        "complete before continuing reconciliation",
        where, p.node_id);
    return false;
  }
  return true;
}

kube::ApiResult<Json> InstanceReconciler::Run::apply_unconfirmed(Planned& p, bool& refused) {
  std::string ns = string_at(p.object, "metadata.namespace");
  auto r = self.client_.apply(p.resource.gvr, ns, p.object,
                              {.field_manager = std::string(kApplySetManager), .force = false});
  ++self.counters_.applies;
  if (r && kube::is_terminating(*r)) {
    // It existed, held only fields we agree with, and is going away: wait, as for a cached one.
    p.live = make_document(std::move(*r));
    admit_live(p);  // notes the deletion
    refused = true;
    return Json();
  }
  if (r || !r.error().is_conflict()) return r;
  // Someone else owns fields we set: the object exists without kro's labels. Look at it as
  // upstream would before adopting it.
  ++self.counters_.adoption_reads;
  auto live = source.get(p.resource, ns, string_at(p.object, "metadata.name"));
  if (!live) return std::move(live).take_error();
  p.live = std::move(*live);
  if (p.live && !admit_live(p)) {
    refused = true;
    return Json();
  }
  ++self.counters_.applies;
  return self.client_.apply(p.resource.gvr, ns, p.object,
                            {.field_manager = std::string(kApplySetManager), .force = true});
}

// The parent records every group-kind and namespace before anything lands there, so a crash
// between apply and the next step can never leave a child that prune and deletion miss.
// When it must be written anyway, the write also records every kind the graph names
// literally, so that the later dependency levels find theirs already there (one parent write
// per new instance instead of one per level). Steady state: nothing new, nothing written.
kube::ApiResult<void> InstanceReconciler::Run::record_inventory(const std::vector<Planned>& planned,
                                                                const runtime::Evaluation& ev,
                                                                ApplySetInventory& inventory) {
  ApplySetInventory round_inventory;
  for (const auto& p : planned) {
    round_inventory.group_kinds.insert(group_kind_string(p.resource.gvr.group, p.resource.kind));
    std::string obj_ns = string_at(p.object, "metadata.namespace");
    if (p.resource.namespaced && obj_ns != ref.namespace_) {
      round_inventory.namespaces.insert(obj_ns);
    }
  }
  batch.merge(round_inventory);
  ApplySetInventory wanted = inventory;
  wanted.merge(round_inventory);
  if (!(wanted == inventory) || label_of(instance, kApplySetIdLabel) != applyset_id ||
      annotation_of(instance, kApplySetInventoryHashAnnotation).empty()) {
    wanted.merge(literal_kinds(ev));
    KRO_RETURN_IF_ERROR(write_inventory(wanted));
    inventory = wanted;
  }
  return {};
}

void InstanceReconciler::Run::apply_planned(
    std::vector<Planned>& planned,
    const std::vector<std::pair<std::string, std::size_t>>& item_counts,
    runtime::ObservedState& observed) {
  std::map<std::string, std::vector<Document>> collection_items;
  // Per node: the objects as applied, and whether an existing one changed (then dependents get
  // the objects as read before the apply, see applied_changes).
  std::map<std::string, std::pair<std::vector<Document>, bool>> applied;
  for (auto& p : planned) {
    Document result = p.live;
    bool changed_existing = false;
    if (p.apply) {
      kube::ApiResult<Json> r = Json();
      if (p.unconfirmed) {
        bool refused = false;
        r = apply_unconfirmed(p, refused);
        if (refused) continue;
      } else {
        r = self.client_.apply(p.resource.gvr, string_at(p.object, "metadata.namespace"), p.object,
                               {.field_manager = std::string(kApplySetManager), .force = true});
        ++self.counters_.applies;
      }
      if (!r) {
        node_errors[p.node_id] = r.error().str();
        // An object that exists stays observed and kept from prune when its update fails (an
        // immutable field, say): status and dependents read what is in the cluster, as
        // upstream's do.
        if (!p.live) continue;
      } else {
        changed_existing = p.live && string_at(*r, "metadata.resourceVersion") !=
                                         string_at(*p.live, "metadata.resourceVersion");
        mutated = mutated || !p.live || changed_existing;
        self.memo_.remember(string_at(*r, "metadata.uid"), hash_json(p.object),
                            string_at(*r, "metadata.resourceVersion"));
        result = make_document(std::move(*r));
      }
    } else {
      ++self.counters_.applies_skipped;
    }
    keep_uids.insert(string_at(*result, "metadata.uid"));
    auto& [as_applied, any_changed] = applied[p.node_id];
    as_applied.push_back(result);
    any_changed = any_changed || changed_existing;
    collection_items[p.node_id].push_back(changed_existing ? p.live : result);
  }
  for (auto& [id, entry] : applied) {
    if (entry.second) applied_changes[id] = std::move(entry.first);
  }
  for (const auto& [id, items] : collection_items) {
    const graph::Node* n = kind.executable->node(id);
    if (n != nullptr && n->type == graph::NodeType::kCollection) {
      observed.set_items(id, items);
    } else if (!items.empty()) {
      observed.set(id, items.front());
    }
  }
  for (const auto& [id, count] : item_counts) {
    if (count == 0) observed.set_items(id, {});
  }
}

ApplySetInventory InstanceReconciler::Run::literal_kinds(const runtime::Evaluation& ev) {
  std::set<std::string> skipped;
  for (const auto& node : ev.nodes) {
    if (node.state == runtime::NodeState::kSkipped) skipped.insert(node.id);
  }
  return literal_inventory(kind.executable->graph(), skipped, ref.namespace_,
                           [&](const kube::GroupVersionKind& gvk) {
                             auto res = source.resource_for(gvk);
                             return res ? std::optional<kube::ApiResource>(*res) : std::nullopt;
                           });
}

}  // namespace kro::controller

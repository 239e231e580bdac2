// Internal to the instance reconciler: the state of one reconcile, shared by its files
// (instance_reconciler.cc: management, outcome, status; instance_apply.cc: the evaluate-and-apply
// rounds; instance_prune.cc: prune and deletion).
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "controller/applyset.h"
#include "controller/deletion_wait.h"
#include "controller/instance_reconciler.h"
#include "controller/instance_status.h"
#include "runtime/runtime.h"

namespace kro::controller {

struct InstanceReconciler::Run {
  // One object a node wants, decorated and looked up.
  struct Planned {
    std::string node_id;
    kube::ApiResource resource;
    Json object;    // decorated desired object
    Document live;  // the cached object, null when absent
    bool apply = false;
    // Absent from kro's synced cache, never asked of the API server: applied without force,
    // looked up live only when that apply conflicts (ObjectSource::ChildLookup).
    bool unconfirmed = false;
  };
  // What the evaluate-and-apply rounds leave behind.
  struct Rounds {
    runtime::ObservedState observed;
    runtime::Evaluation ev;       // the last evaluation
    ApplySetInventory inventory;  // what the parent records right now
  };
  // How the nodes ended, from the last evaluation.
  struct NodeOutcome {
    std::vector<std::string> waiting;  // pending or not ready
    // Applied nodes not ready yet, in upstream's words: `waiting for node "web": <why>`.
    std::vector<std::string> readiness_waits;
    // The first node (in topological order) whose data is pending, as upstream names it in
    // "waiting for unresolved resource: ...": `node "<id>": <why>`; empty when none is.
    std::string unresolved;
    std::vector<std::string> errors;
    bool pending = false;  // something waits or is being deleted
  };

  InstanceReconciler& self;
  // Where this reconcile reads objects: the caches, or live for a graph that needs managedFields.
  ObjectSource& source;
  const KindEntry& kind;
  Json instance;  // the latest known instance (updated by our own writes)
  InstanceRef ref;
  std::string applyset_id;
  kube::ApiResource instance_resource;

  // Filled while nodes are reconciled.
  std::set<std::string> keep_uids{};                   // children applied or confirmed this time
  ApplySetInventory batch{};                           // where those children live
  std::map<std::string, std::string> node_errors{};    // id → message
  std::map<std::string, std::string> node_deleting{};  // id → object terminating
  bool mutated = false;
  // Nodes whose objects were planned (applied or found unchanged) by the rounds.
  std::set<std::string> handled{};
  // Objects that existed and that this reconcile's apply changed, by node id, as the apply
  // returned them. Dependents resolved in the same reconcile see them as they were before the
  // apply (upstream resolves every node from the state it read before applying); status and
  // readiness see them as applied (apply_rounds' last evaluation).
  std::map<std::string, std::vector<Document>> applied_changes{};
  // Nodes resolvable only with the applied state (after the rounds): not applied this time.
  std::set<std::string> deferred{};
  // Children released instead of deleted (deletionPolicy: Orphan) by this reconcile, as
  // "Kind ns/name"; the status message and an event say so (instance_release.cc).
  std::vector<std::string> orphaned{};

  // The instance's own namespace for children; "default" stands in for cluster-scoped
  // instances in prune scopes, as upstream.
  std::string prune_namespace() const {
    return ref.namespace_.empty() ? "default" : ref.namespace_;
  }
  Document instance_doc() const { return make_document(instance); }

  // The phases of reconcile_object, in order.
  // 1. kro's labels and the finalizer, with an empty inventory the first time; the outcome when
  // that failed.
  std::optional<ReconcileOutcome> ensure_managed();
  // 2. Suspension: status says so, nothing else changes.
  ReconcileOutcome suspend(std::vector<Condition> conditions);
  // 3. Evaluate, apply what changed, evaluate again with what was applied, until no node moves
  // (instance_apply.cc).
  kube::ApiResult<void> apply_rounds(Rounds& rounds);
  // 4. Outcome per node.
  NodeOutcome node_outcome(const runtime::Evaluation& ev) const;
  // 5. Prune, only with the whole graph resolved and every apply through; how many were deleted.
  kube::ApiResult<int> prune_and_settle(const Rounds& rounds, const NodeOutcome& outcome);
  // 6. Status, and what the worker does next.
  ReconcileOutcome finish(std::vector<Condition> conditions, const NodeOutcome& outcome,
                          Rounds& rounds, int pruned);

  // The ResourcesReady condition for `outcome`; sets `fallback` to the state to report when the
  // conditions do not decide it.
  Condition resources_condition(const NodeOutcome& outcome, std::string& fallback) const;

  // Parts of the rounds (instance_apply.cc).
  // Plans the objects of the nodes resolved for the first time; false when none was.
  bool plan_round(const runtime::Evaluation& ev, runtime::ObservedState& observed,
                  std::set<std::string>& handled, std::vector<Planned>& planned,
                  std::vector<std::pair<std::string, std::size_t>>& item_counts);
  // One desired object of a node, decorated and looked up; nullopt (and a node error or
  // deletion noted) when it cannot be applied.
  std::optional<Planned> plan_object(const runtime::NodeResult& node,
                                     const runtime::DesiredObject& desired, int order,
                                     const Labels& child);
  // Whether an existing object may be applied: false (and a node error or deletion noted) when
  // it belongs to another ApplySet or is being deleted.
  bool admit_live(const Planned& p);
  // Applies an object kro's cache did not have without force; on a conflict (an object with
  // other owners exists) reads it, checks it like any live object and applies with force.
  // `refused` is set when admit_live turned that object down (nothing applied, nothing to report
  // beyond what admit_live noted).
  kube::ApiResult<Json> apply_unconfirmed(Planned& p, bool& refused);
  // Records the planned objects' kinds and namespaces in the parent before they are applied.
  kube::ApiResult<void> record_inventory(const std::vector<Planned>& planned,
                                         const runtime::Evaluation& ev,
                                         ApplySetInventory& inventory);
  // Applies what changed and feeds the results back as observed state.
  void apply_planned(std::vector<Planned>& planned,
                     const std::vector<std::pair<std::string, std::size_t>>& item_counts,
                     runtime::ObservedState& observed);
  // The kinds (and namespaces) the graph names literally, for the nodes `ev` has not ruled out.
  ApplySetInventory literal_kinds(const runtime::Evaluation& ev);

  // Writes the parent's ApplySet metadata when it differs from `inventory`.
  kube::ApiResult<void> write_inventory(const ApplySetInventory& inventory);
  // Lists every ApplySet member in the inventory's scope, from the caches where they are synced
  // or, with `live`, from the API server.
  kube::ApiResult<std::vector<std::pair<kube::ApiResource, Document>>> list_members(
      const ApplySetInventory& scope, bool live = false);
  // Deletes orphans (members not kept), highest apply order first; returns how many.
  kube::ApiResult<int> prune(const ApplySetInventory& scope);
  // Reads an external node's object(s) into `observed` (instance_external.cc).
  void read_external(const runtime::NodeResult& node, runtime::ObservedState& observed);
  // Deletion path.
  ReconcileOutcome delete_instance();
  // Releases a listed child of an Orphan resource instead of deleting it (child_release.h,
  // instance_release.cc); false when the object changed meanwhile (the next pass retries).
  kube::ApiResult<bool> release_child(const kube::ApiResource& resource, const Json& listed);
  // "; orphaned (deletionPolicy Orphan): ConfigMap ns/a, ..." for a status message, or "".
  std::string orphaned_note() const;
  // While apply-order wave `wave` waits on `blockers` (its members still present): ResourcesReady
  // (and so Ready) names them, their finalizers and for how long; a Warning Event once the wait
  // passes the configured threshold (instance_deletion_wait.cc, a kro-cpp extension).
  ReconcileOutcome report_deletion_wave(int wave, const std::vector<DeletionBlocker>& blockers);
  // Writes status when it changed (conditions, state and user fields).
  kube::ApiResult<void> write_status(const std::vector<Condition>& updates,
                                     std::string_view fallback_state, const Json* user_status,
                                     const runtime::Evaluation* evaluation);
};

}  // namespace kro::controller

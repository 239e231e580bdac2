// Internal to the instance reconciler: the state of one reconcile, shared by its files
// (instance_reconciler.cc: management, nodes, status; instance_prune.cc: prune and deletion).
#pragma once

#include <set>
#include <string>
#include <vector>

#include "controller/applyset.h"
#include "controller/instance_reconciler.h"
#include "controller/instance_status.h"
#include "runtime/runtime.h"

namespace kro::controller {

struct InstanceReconciler::Run {
  InstanceReconciler& self;
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

  // The instance's own namespace for children; "default" stands in for cluster-scoped
  // instances in prune scopes, as upstream.
  std::string prune_namespace() const {
    return ref.namespace_.empty() ? "default" : ref.namespace_;
  }
  Document instance_doc() const { return make_document(instance); }

  // Writes the parent's ApplySet metadata when it differs from `inventory`.
  kube::ApiResult<void> write_inventory(const ApplySetInventory& inventory);
  // Lists every ApplySet member in the inventory's scope.
  kube::ApiResult<std::vector<std::pair<kube::ApiResource, Document>>> list_members(
      const ApplySetInventory& scope);
  // Deletes orphans (members not kept), highest apply order first; returns how many.
  kube::ApiResult<int> prune(const ApplySetInventory& scope);
  // Reads an external node's object(s) into `observed` (instance_external.cc).
  void read_external(const runtime::NodeResult& node, runtime::ObservedState& observed);
  // Deletion path.
  ReconcileOutcome delete_instance();
  // Writes status when it changed (conditions, state and user fields).
  kube::ApiResult<void> write_status(const std::vector<Condition>& updates,
                                     std::string_view fallback_state, const Json* user_status,
                                     const runtime::Evaluation* evaluation);
};

}  // namespace kro::controller

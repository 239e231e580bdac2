#include "cli/preview_plan.h"

#include <map>
#include <set>

#include "cli/instance.h"
#include "controller/applyset.h"
#include "controller/child_release.h"
#include "controller/labels.h"

namespace kro::cli {

namespace {

using graph::NodeType;
using runtime::NodeState;

// The desired objects of every resolved template, stamped as the controller applies them,
// by identity.
std::map<std::string, Json> stamped(const runtime::Evaluation& ev, const runtime::Executable& exe,
                                    const Json& instance, const std::string& kro_version) {
  std::map<std::string, Json> out;
  controller::InstanceRef ref = controller::instance_ref_of(instance);
  std::string applyset = controller::applyset_id_of(instance);
  for (const auto& n : ev.nodes) {
    if (n.state != NodeState::kResolved) continue;
    if (n.type != NodeType::kResource && n.type != NodeType::kCollection) continue;
    controller::Labels labels = controller::child_labels(ref, n.id, kro_version);
    labels.emplace(std::string(controller::kApplySetPartOfLabel), applyset);
    auto order_it = exe.graph().apply_orders.find(n.id);
    int order = order_it != exe.graph().apply_orders.end() ? order_it->second : 0;
    const graph::Node* node = exe.node(n.id);
    bool orphan = node != nullptr && node->deletion_policy == graph::DeletionPolicy::kOrphan;
    for (const auto& d : n.desired) {
      Json obj = *d.object;
      controller::decorate_child(obj, labels, d.index, n.desired.size(), order, orphan);
      out.emplace(d.identity.str(), std::move(obj));
    }
  }
  return out;
}

ObjectPreview object_of(Action action, const std::string& node_id, const Json& object) {
  runtime::ObjectIdentity id = runtime::identity_of(object);
  ObjectPreview o;
  o.action = action;
  o.node_id = node_id;
  o.api_version = id.api_version();
  o.kind = id.kind;
  o.namespace_ = id.namespace_;
  o.name = id.name;
  return o;
}

// One desired child: created, or compared with what the apply would leave.
ObjectPreview preview_child(const std::string& node_id, const Json& object, const Json* previous,
                            PreviewCluster& cluster) {
  const Document* live = cluster.find(runtime::identity_of(object));
  if (live == nullptr) return object_of(Action::kCreate, node_id, object);
  ObjectPreview o = object_of(Action::kUnchanged, node_id, object);
  auto after = cluster.after_apply(object, **live, previous);
  if (!after.ok()) {
    o.action = Action::kUpdate;
    o.note = "the dry-run apply was refused: " + after.error().message;
    return o;
  }
  o.changes = diff_objects(comparable(**live), comparable(*after));
  if (!o.changes.empty()) o.action = Action::kUpdate;
  return o;
}

// Why the controller's prune would remove a member, or "" when it keeps it.
std::string prune_reason(const Json& member, const runtime::Evaluation& ev,
                         const runtime::Executable& exe) {
  std::string node_id = controller::label_of(member, controller::kNodeIdLabel);
  const runtime::NodeResult* n = ev.node(node_id);
  if (exe.node(node_id) == nullptr || n == nullptr) {
    return "resource " + (node_id.empty() ? std::string("(unlabelled)") : node_id) +
           " is no longer in the RGD";
  }
  switch (n->state) {
    case NodeState::kSkipped:
      return "resource " + node_id + " is skipped: " + n->reason;
    case NodeState::kPending:
    case NodeState::kError:
      return "";  // the controller does not prune while the graph is incomplete
    case NodeState::kResolved:
      break;
  }
  return "resource " + node_id + " no longer renders this object";
}

void add_notes(const runtime::Evaluation& ev, InstancePreview& out) {
  for (const auto& n : ev.nodes) {
    if (n.state == NodeState::kPending) {
      out.notes.push_back("resource " + n.id + " is pending (" + n.reason +
                          "): its objects are not previewed");
    } else if (n.state == NodeState::kError) {
      out.notes.push_back("resource " + n.id + " fails to render: " +
                          (n.errors.empty() ? n.reason : n.errors.front().message));
    }
  }
}

Json defaulted(const Json& instance, const graph::CompiledGraph& compiled) {
  Json out = instance;
  schema::Schema root;
  root.type = "object";
  root.set_property("spec", compiled.spec_schema);
  apply_defaults(root, out);
  return out;
}

}  // namespace

InstancePreview preview_instance(const Json& instance, const PreviewGraphs& graphs,
                                 PreviewCluster& cluster, const std::string& kro_version) {
  InstancePreview out;
  out.name = string_at(instance, "metadata.name");
  out.namespace_ = string_at(instance, "metadata.namespace");
  // The controller leaves these alone: nothing of theirs changes.
  if (controller::is_suspended(instance)) {
    out.notes.emplace_back("suspended (kro.run/reconcile): the controller leaves it as it is");
    return out;
  }
  if (find_path(instance, "metadata.deletionTimestamp") != nullptr) {
    out.notes.emplace_back("being deleted: the controller deletes its children, not updates them");
    return out;
  }
  const runtime::Executable& next = *graphs.next;
  Document doc = make_document(defaulted(instance, next.compiled()));
  runtime::Evaluation ev =
      evaluate_until_settled(next, next.compiled(), doc, &cluster, WhenMissing::kDesired);
  std::map<std::string, Json> previous;
  if (graphs.current && !cluster.dry_run()) {
    Document cur = make_document(defaulted(instance, graphs.current->compiled()));
    runtime::Evaluation old = evaluate_until_settled(*graphs.current, graphs.current->compiled(),
                                                     cur, &cluster, WhenMissing::kDesired);
    previous = stamped(old, *graphs.current, instance, kro_version);
  }
  std::map<std::string, Json> desired = stamped(ev, next, instance, kro_version);
  // In apply order: the evaluation's topological order, items in index order.
  for (const auto& n : ev.nodes) {
    if (n.state != NodeState::kResolved) continue;
    for (const auto& d : n.desired) {
      auto it = desired.find(d.identity.str());
      if (it == desired.end()) continue;
      auto prev = previous.find(it->first);
      out.objects.push_back(preview_child(
          n.id, it->second, prev != previous.end() ? &prev->second : nullptr, cluster));
    }
  }
  add_notes(ev, out);
  auto members = cluster.members(instance);
  if (!members.ok()) {
    out.notes.push_back("cannot list the instance's children: " + members.error().message);
    return out;
  }
  bool deletes = false;
  for (const auto& m : *members) {
    if (desired.count(runtime::identity_of(m).str()) != 0) continue;
    std::string reason = prune_reason(m, ev, next);
    if (reason.empty()) continue;
    ObjectPreview o =
        object_of(Action::kDelete, controller::label_of(m, controller::kNodeIdLabel), m);
    o.note = reason;
    if (controller::has_orphan_policy(m)) {
      o.note += "; released, not deleted (deletionPolicy: Orphan)";
    }
    out.objects.push_back(std::move(o));
    deletes = true;
  }
  if (deletes && !out.notes.empty()) {
    out.notes.emplace_back("the controller prunes only once every resource resolves");
  }
  return out;
}

}  // namespace kro::cli

#include "controller/instance_reconciler.h"

#include <algorithm>
#include <functional>

#include "controller/instance_drift.h"
#include "controller/instance_metrics.h"
#include "controller/internal/instance_run.h"
#include "controller/internal/object_fields.h"
#include "fmt/format.h"
#include "kube/event_recorder.h"
#include "kube/object_meta.h"
#include "spdlog/spdlog.h"
#include "value/strings.h"

namespace kro::controller {

namespace {

using internal::metadata_of;

std::int64_t int_at(const Json& object, std::string_view dotted) {
  return ::kro::int_at(object, dotted);
}

bool has_finalizer(const Json& object) { return kube::has_finalizer(object, kFinalizer); }

// The skeleton every instance write starts from: apiVersion, kind, name, namespace.
Json instance_skeleton(const Json& instance) {
  JsonObject o;
  o["apiVersion"] = string_at(instance, "apiVersion");
  o["kind"] = string_at(instance, "kind");
  JsonObject meta;
  meta["name"] = string_at(instance, "metadata.name");
  std::string ns = string_at(instance, "metadata.namespace");
  if (!ns.empty()) meta["namespace"] = ns;
  o["metadata"] = std::move(meta);
  return o;
}

}  // namespace

bool resource_version_newer(std::string_view a, std::string_view b) {
  auto parse = [](std::string_view s, unsigned long long& out) {
    if (s.empty() || s.size() > 19) return false;
    out = 0;
    for (char c : s) {
      if (c < '0' || c > '9') return false;
      out = out * 10 + static_cast<unsigned long long>(c - '0');
    }
    return true;
  };
  unsigned long long x = 0;
  unsigned long long y = 0;
  return parse(a, x) && parse(b, y) && x > y;
}

bool AppliedMemo::unchanged_or_unknown(const std::string& uid, std::size_t hash) const {
  std::lock_guard lock(mu_);
  auto it = by_uid_.find(uid);
  return it == by_uid_.end() || it->second.hash == hash;
}

bool AppliedMemo::cache_behind(const std::string& uid, std::size_t hash,
                               std::string_view live_rv) const {
  std::lock_guard lock(mu_);
  auto it = by_uid_.find(uid);
  return it != by_uid_.end() && it->second.hash == hash &&
         resource_version_newer(it->second.resource_version, live_rv);
}

void AppliedMemo::remember(const std::string& uid, std::size_t hash, std::string resource_version) {
  std::lock_guard lock(mu_);
  by_uid_[uid] = {hash, std::move(resource_version)};
}

void AppliedMemo::forget(const std::string& uid) {
  std::lock_guard lock(mu_);
  by_uid_.erase(uid);
}

Document InstanceMemo::newest(const std::string& key, Document cached) {
  std::lock_guard lock(mu_);
  auto it = by_key_.find(key);
  if (it == by_key_.end() || !cached) return cached;
  // Same object only: a deleted and recreated instance has another uid.
  if (string_at(*it->second, "metadata.uid") == string_at(*cached, "metadata.uid") &&
      resource_version_newer(string_at(*it->second, "metadata.resourceVersion"),
                             string_at(*cached, "metadata.resourceVersion"))) {
    return it->second;
  }
  // The cache has caught up (or holds another object): it only moves forward from here, so the
  // copy is not needed any more. Holding it for good cost a whole instance per instance.
  by_key_.erase(it);
  return cached;
}

std::size_t InstanceMemo::size() const {
  std::lock_guard lock(mu_);
  return by_key_.size();
}

void InstanceMemo::remember(const std::string& key, Document object) {
  std::lock_guard lock(mu_);
  by_key_[key] = std::move(object);
}

void InstanceMemo::forget(const std::string& key) {
  std::lock_guard lock(mu_);
  by_key_.erase(key);
}

InstanceReconciler::InstanceReconciler(kube::RestClient& client, ObjectSource& source,
                                       ReconcilerConfig config, ReconcileCounters& counters,
                                       AppliedMemo& memo)
    : client_(client),
      source_(source),
      live_source_(source, client),
      config_(std::move(config)),
      counters_(counters),
      memo_(memo) {}

kube::ApiResult<void> InstanceReconciler::Run::write_inventory(const ApplySetInventory& inventory) {
  Labels want = inventory_annotations(applyset_id, self.config_.kro_version, inventory);
  Labels have = annotations_of(instance);
  bool same = label_of(instance, kApplySetIdLabel) == applyset_id;
  for (const auto& [k, v] : want) {
    auto it = have.find(k);
    same = same && it != have.end() && it->second == v;
  }
  if (same) return {};
  Json body = instance_skeleton(instance);
  set_parent_inventory(metadata_of(body), applyset_id, want);
  auto r =
      self.client_.apply(kind.gvr, ref.namespace_, body,
                         {.field_manager = std::string(kApplySetParentManager), .force = true});
  ++self.counters_.applies;
  KRO_ASSIGN_OR_RETURN(instance, std::move(r));
  return {};
}

kube::ApiResult<void> InstanceReconciler::Run::write_status(const std::vector<Condition>& updates,
                                                            std::string_view fallback_state,
                                                            const Json* user_status,
                                                            const runtime::Evaluation* evaluation) {
  const Json* old_status = find_path(instance, "status");
  const Json* old_conditions = find_path(instance, "status.conditions");
  std::int64_t generation = int_at(instance, "metadata.generation");
  std::string now = condition_time_now();
  std::string created = string_at(instance, "metadata.creationTimestamp");
  JsonArray kro_conditions = set_conditions(old_conditions, updates, generation, now, created);

  JsonObject status;
  if (user_status != nullptr && user_status->is_object()) {
    for (const auto& [k, v] : user_status->as_object()) {
      if (k != "state" && k != "conditions") status[k] = v;
    }
  }
  if (evaluation != nullptr && evaluation->has_author_conditions) {
    // Author conditions replace kro's in the list; pending ones keep their previous entry.
    JsonArray authored;
    for (const auto& c : evaluation->conditions) {
      Condition cond{c.type, c.status, c.reason, c.message};
      Json written = set_author_condition(old_conditions, cond, generation, now, created);
      // Upstream writes an author condition's reason and message only when they are
      // non-empty (kro's own conditions always carry both).
      for (const char* key : {"reason", "message"}) {
        const Json* v = find_path(written, key);
        if (v != nullptr && v->is_string() && v->as_string().empty()) {
          written.as_object().erase(key);
        }
      }
      authored.push_back(std::move(written));
    }
    // An entry whose data is pending produced no condition: every previous condition of a
    // type nothing produced this time is kept (upstream's mergeWithPrevious), in its place.
    if (!evaluation->pending_conditions.empty() && old_conditions != nullptr &&
        old_conditions->is_array()) {
      for (const auto& prev : old_conditions->as_array()) {
        std::string type = string_at(prev, "type");
        if (!type.empty() && find_condition(authored, type) == nullptr) authored.push_back(prev);
      }
    }
    status["conditions"] = std::move(authored);
  } else if (evaluation == nullptr) {
    // Suspension, deletion, a failed start: nothing was evaluated, so author conditions the
    // list may hold are kept as they are, beside kro's.
    status["conditions"] = kro_conditions;
  } else {
    // kro's four only: author conditions left from an RGD that no longer declares them go.
    JsonArray own;
    for (const auto& c : kro_conditions) {
      std::string type = string_at(c, "type");
      if (type == kCondReady || type == kCondInstanceManaged || type == kCondGraphResolved ||
          type == kCondResourcesReady) {
        own.push_back(c);
      }
    }
    status["conditions"] = std::move(own);
  }
  status["state"] = instance_state(kro_conditions, fallback_state);

  // Events for kro condition transitions.
  if (self.config_.events && self.config_.condition_events) {
    for (const auto& c : kro_conditions) {
      std::string type = string_at(c, "type");
      std::string now_status = string_at(c, "status");
      std::string before = "none";
      if (old_conditions != nullptr && old_conditions->is_array()) {
        if (const Json* o = find_condition(old_conditions->as_array(), type)) {
          before = string_at(*o, "status");
        }
      }
      if (before == now_status) continue;
      self.config_.events->record(
          instance, now_status == "True" ? kube::EventType::kNormal : kube::EventType::kWarning,
          type, fmt::format("{} -> {}: {}", before, now_status, string_at(c, "reason")));
    }
  }

  Json new_status = std::move(status);
  if (old_status != nullptr && deep_equal(*old_status, new_status)) {
    ++self.counters_.status_unchanged;
    return {};
  }
  std::string old_state = string_at(instance, "status.state");
  std::string new_state = string_at(new_status, "state");
  auto gv = kube::GroupVersion::parse(string_at(instance, "apiVersion"));
  kube::GroupVersionKind gvk{gv.group, gv.version, string_at(instance, "kind")};
  Json body = instance;
  body.as_object()["status"] = std::move(new_status);
  auto r = self.client_.update_status(kind.gvr, ref.namespace_, body);
  ++self.counters_.status_writes;
  KRO_ASSIGN_OR_RETURN(instance, std::move(r));
  if (self.config_.metrics && old_state != new_state) {
    self.config_.metrics->state_transition(gvk, old_state, new_state);
  }
  return {};
}

ReconcileOutcome InstanceReconciler::reconcile(const KindEntry& kind, const std::string& ns,
                                               const std::string& name) {
  kube::ApiResource instance_resource;
  instance_resource.gvr = kind.gvr;
  instance_resource.namespaced = kind.namespaced;
  ObjectSource& source = kind.live_reads ? static_cast<ObjectSource&>(live_source_) : source_;
  auto got = source.get(instance_resource, ns, name);
  if (!got) return ReconcileOutcome::failed(got.error().str());
  std::string memo_key = ns + "/" + name;
  if (!*got) {
    instances_.forget(memo_key);
    if (config_.metrics) config_.metrics->forget_instance(kind.gvr, ns, name);
    return ReconcileOutcome::done();  // deleted: nothing to do
  }
  Document current = instances_.newest(memo_key, *got);
  return reconcile_object(kind, current, instance_resource);
}

namespace {

// Whatever a reconcile wrote is what the next one starts from, even before the informer has seen
// it.
class Remember {
 public:
  Remember(InstanceMemo& memo, const std::string& key, const Json& instance)
      : memo_(memo), key_(key), instance_(instance) {}
  Remember(const Remember&) = delete;
  Remember& operator=(const Remember&) = delete;
  Remember(Remember&&) = delete;
  Remember& operator=(Remember&&) = delete;
  ~Remember() { memo_.remember(key_, make_document(instance_)); }

 private:
  InstanceMemo& memo_;
  const std::string& key_;
  const Json& instance_;
};

// The conditions a reconcile leaves behind, whichever way it ends (condition metrics).
class ReportConditions {
 public:
  ReportConditions(InstanceMetrics* metrics, const kube::GroupVersionResource& gvr,
                   const InstanceRef& ref, const Json& instance)
      : metrics_(metrics), gvr_(gvr), ref_(ref), instance_(instance) {}
  ReportConditions(const ReportConditions&) = delete;
  ReportConditions& operator=(const ReportConditions&) = delete;
  ReportConditions(ReportConditions&&) = delete;
  ReportConditions& operator=(ReportConditions&&) = delete;
  ~ReportConditions() {
    if (metrics_ == nullptr || !metrics_->condition_metrics()) return;
    const Json* conditions = find_path(instance_, "status.conditions");
    metrics_->observe_conditions(gvr_, ref_.namespace_, ref_.name,
                                 conditions != nullptr ? *conditions : Json());
  }

 private:
  InstanceMetrics* metrics_;
  const kube::GroupVersionResource& gvr_;
  const InstanceRef& ref_;
  const Json& instance_;
};

}  // namespace

ReconcileOutcome InstanceReconciler::reconcile_object(const KindEntry& kind, const Document& got,
                                                      const kube::ApiResource& instance_resource) {
  std::string ns = string_at(*got, "metadata.namespace");
  std::string memo_key = ns + "/" + string_at(*got, "metadata.name");
  Run run{*this,
          kind.live_reads ? static_cast<ObjectSource&>(live_source_) : source_,
          kind,
          *got,
          instance_ref_of(*got),
          applyset_id_of(*got),
          instance_resource,
          {},
          {},
          {},
          {},
          false,
          {},
          {},
          {},
          {}};
  Remember remember(instances_, memo_key, run.instance);
  ReportConditions report_conditions(config_.metrics.get(), kind.gvr, run.ref, run.instance);
  if (kube::is_terminating(run.instance)) return run.delete_instance();

  if (auto failed = run.ensure_managed()) return *failed;
  std::vector<Condition> conditions{instance_managed(), graph_resolved()};
  // No GraphRevisions: the registered kind always carries its compiled graph.
  if (config_.metrics && !is_suspended(run.instance)) config_.metrics->graph_resolved(kind.gvr);
  if (is_suspended(run.instance)) return run.suspend(std::move(conditions));

  auto parent_inventory = parse_inventory(run.instance);
  if (!parent_inventory) return ReconcileOutcome::failed(parent_inventory.error().message);
  Run::Rounds rounds;
  rounds.inventory = *parent_inventory;
  if (auto r = run.apply_rounds(rounds); !r) return ReconcileOutcome::failed(r.error().str());
  Run::NodeOutcome outcome = run.node_outcome(rounds.ev);
  auto pruned = run.prune_and_settle(rounds, outcome);
  if (!pruned) return ReconcileOutcome::failed(pruned.error().str());
  return run.finish(std::move(conditions), outcome, rounds, *pruned);
}

std::optional<ReconcileOutcome> InstanceReconciler::Run::ensure_managed() {
  Labels want_labels = instance_labels(self.config_.kro_version, kind.rgd.name, kind.rgd.uid);
  Labels have_labels = labels_of(instance);
  bool labels_ok = std::all_of(want_labels.begin(), want_labels.end(), [&](const auto& kv) {
    auto it = have_labels.find(kv.first);
    return it != have_labels.end() && it->second == kv.second;
  });
  if (labels_ok && has_finalizer(instance)) return std::nullopt;
  Json body = instance_skeleton(instance);
  JsonObject& meta = metadata_of(body);
  JsonObject labels;
  for (const auto& [k, v] : want_labels) labels[k] = v;
  if (!has_finalizer(instance) && !has_any_inventory_key(instance)) {
    labels[kApplySetIdLabel] = applyset_id;
    JsonObject ann;
    for (const auto& [k, v] : inventory_annotations(applyset_id, self.config_.kro_version, {})) {
      ann[k] = v;
    }
    meta["annotations"] = std::move(ann);
  }
  meta["labels"] = std::move(labels);
  meta["finalizers"] = JsonArray{Json(kFinalizer)};
  auto r = self.client_.apply(kind.gvr, string_at(instance, "metadata.namespace"), body,
                              {.field_manager = std::string(kLabellerManager), .force = true});
  ++self.counters_.applies;
  if (!r) {
    std::string msg = fmt::format("failed to set up instance management: {}", r.error().str());
    (void)write_status({{std::string(kCondInstanceManaged), "False", "ManagementFailed", msg}},
                       kStateError, nullptr, nullptr);
    return ReconcileOutcome::failed(msg);
  }
  instance = std::move(*r);
  return std::nullopt;
}

ReconcileOutcome InstanceReconciler::Run::suspend(std::vector<Condition> conditions) {
  conditions.push_back({std::string(kCondResourcesReady), "False", "ReconciliationSuspended",
                        "reconciliation suspended by the kro.run/reconcile annotation"});
  auto w = write_status(conditions, kStateInProgress, find_path(instance, "status"), nullptr);
  // User status fields are kept as they were while suspended.
  if (!w) return ReconcileOutcome::failed(w.error().str());
  return ReconcileOutcome::done();
}

InstanceReconciler::Run::NodeOutcome InstanceReconciler::Run::node_outcome(
    const runtime::Evaluation& ev) const {
  NodeOutcome out;
  for (const auto& e : ev.errors) out.errors.push_back(e.str());
  for (const auto& [id, msg] : node_errors) out.errors.push_back(fmt::format("{}: {}", id, msg));
  for (const auto& node : ev.nodes) {
    if (node.state == runtime::NodeState::kSkipped) continue;
    if (node_errors.count(node.id) != 0 || node_deleting.count(node.id) != 0) continue;
    if (node.state == runtime::NodeState::kPending || !node.ready()) out.waiting.push_back(node.id);
    const bool applied =
        node.type == graph::NodeType::kResource || node.type == graph::NodeType::kCollection;
    if (applied && node.state == runtime::NodeState::kResolved && !node.ready() &&
        !node.readiness_wait.empty()) {
      out.readiness_waits.push_back(
          fmt::format("waiting for node {}: {}", go_quote(node.id), node.readiness_wait));
    }
    if (node.state == runtime::NodeState::kPending && out.unresolved.empty()) {
      out.unresolved = fmt::format("node \"{}\": {}", node.id, node.reason);
    }
    if (deferred.count(node.id) != 0) {
      // Resolved by what this reconcile applied, not applied itself yet: nothing of it may be
      // pruned, and the next reconcile applies it.
      out.waiting.push_back(node.id);
      if (out.unresolved.empty()) {
        out.unresolved = fmt::format("node \"{}\": waiting for the state just applied", node.id);
      }
    }
  }
  out.pending = !out.waiting.empty() || !node_deleting.empty();
  return out;
}

kube::ApiResult<int> InstanceReconciler::Run::prune_and_settle(const Rounds& rounds,
                                                               const NodeOutcome& outcome) {
  // As upstream: prune waits for unresolved resources (data pending), terminating ones and
  // failures, not for resources that are applied but not ready yet.
  if (!outcome.unresolved.empty() || !node_deleting.empty() || !outcome.errors.empty()) return 0;
  ApplySetInventory scope = rounds.inventory;
  scope.merge(batch);
  KRO_ASSIGN_OR_RETURN(int pruned, prune(scope));
  // Settle on what exists now plus the literal kinds of the nodes still included (an empty
  // collection's kind stays): the same set the next reconcile computes, so it is written once
  // and not grown and shrunk again on every pass.
  if (pruned == 0) {
    ApplySetInventory settled = batch;
    settled.merge(literal_kinds(rounds.ev));
    if (!(rounds.inventory == settled)) KRO_RETURN_IF_ERROR(write_inventory(settled));
  }
  return pruned;
}

// The ResourcesReady condition and the state to fall back on, from how the nodes ended.
Condition InstanceReconciler::Run::resources_condition(const NodeOutcome& outcome,
                                                       std::string& fallback) const {
  fallback = std::string(kStateActive);
  if (!node_deleting.empty()) {
    // Upstream's reconcile stops at the first terminating resource and names it alone.
    fallback = std::string(kStateInProgress);
    return {std::string(kCondResourcesReady), "False", "ResourceDeleting",
            node_deleting.begin()->second};
  }
  if (!outcome.errors.empty()) {
    fallback = std::string(kStateError);
    return {std::string(kCondResourcesReady), "False", "NotReady",
            fmt::format("resource error: {}", fmt::join(outcome.errors, "; "))};
  }
  if (!outcome.readiness_waits.empty()) {
    // Upstream reports a child that waits for readiness as an apply result "error" (the one
    // message users see while a Deployment rolls out), before any unresolved node. It joins
    // them in map order; we keep the graph's order, so the message is stable.
    fallback = std::string(kStateInProgress);
    return {std::string(kCondResourcesReady), "False", "NotReady",
            fmt::format("resource reconciliation failed: apply results contain errors: {}",
                        fmt::join(outcome.readiness_waits, "\n"))};
  }
  if (!outcome.unresolved.empty()) {
    // Data pending: upstream's reconcile stops at the first unresolved node with this error.
    fallback = std::string(kStateInProgress);
    return {
        std::string(kCondResourcesReady), "False", "NotReady",
        "resource reconciliation failed: waiting for unresolved resource: " + outcome.unresolved};
  }
  if (!outcome.waiting.empty()) {
    fallback = std::string(kStateInProgress);
    return {std::string(kCondResourcesReady), "False", "NotReady",
            fmt::format("awaiting resource readiness: {}", fmt::join(outcome.waiting, ", "))};
  }
  return resources_ready();
}

ReconcileOutcome InstanceReconciler::Run::finish(std::vector<Condition> conditions,
                                                 const NodeOutcome& outcome, Rounds& rounds,
                                                 int pruned) {
  std::string fallback;
  conditions.push_back(resources_condition(outcome, fallback));
  conditions.back().message += orphaned_note();  // what prune released (deletionPolicy Orphan)
  // Author conditions may read kro's own (runtime.condition(schema, "Ready")): evaluate them
  // once more with the conditions this reconcile has just settled, Ready included.
  const runtime::Evaluation* status_ev = &rounds.ev;
  runtime::Evaluation final_ev;
  if (rounds.ev.has_author_conditions) {
    JsonArray settled =
        set_conditions(find_path(instance, "status.conditions"), conditions,
                       int_at(instance, "metadata.generation"), condition_time_now(),
                       string_at(instance, "metadata.creationTimestamp"));
    rounds.observed.set_builtin_conditions(Json(std::move(settled)));
    final_ev = runtime::evaluate(*kind.executable, instance_doc(), rounds.observed);
    status_ev = &final_ev;
  }
  auto w = write_status(conditions, fallback, &status_ev->status, status_ev);
  if (!w) {
    if (w.error().is_conflict()) return ReconcileOutcome::requeue(std::chrono::milliseconds(100));
    return ReconcileOutcome::failed(w.error().str());
  }

  if (!outcome.errors.empty()) {
    return ReconcileOutcome::failed(fmt::format("{}", fmt::join(outcome.errors, "; ")));
  }
  // Watch events on children and instances drive progress; the interval is only a safety net,
  // and the polling period of external references.
  if ((outcome.pending || pruned > 0) && self.config_.requeue_interval.count() > 0) {
    return ReconcileOutcome::requeue(self.config_.requeue_interval);
  }
  return ReconcileOutcome::done();
}

}  // namespace kro::controller

#include "controller/instance_reconciler.h"

#include <algorithm>
#include <functional>

#include "controller/instance_drift.h"
#include "controller/instance_metrics.h"
#include "controller/instance_run.h"
#include "fmt/format.h"
#include "kube/event_recorder.h"
#include "kube/object_meta.h"
#include "spdlog/spdlog.h"

namespace kro::controller {

namespace {

std::string str_at(const Json& object, std::string_view dotted) {
  return string_at(object, dotted);
}

std::int64_t int_at(const Json& object, std::string_view dotted) {
  return ::kro::int_at(object, dotted);
}

bool terminating(const Json& object) { return kube::is_terminating(object); }

JsonObject& ensure_object(JsonObject& parent, std::string_view key) {
  Json& v = parent[key];
  if (!v.is_object()) v = JsonObject();
  return v.as_object();
}

JsonObject& metadata_of(Json& object) { return ensure_object(object.as_object(), "metadata"); }

bool has_finalizer(const Json& object) { return kube::has_finalizer(object, kFinalizer); }

// The skeleton every instance write starts from: apiVersion, kind, name, namespace.
Json instance_skeleton(const Json& instance) {
  JsonObject o;
  o["apiVersion"] = str_at(instance, "apiVersion");
  o["kind"] = str_at(instance, "kind");
  JsonObject meta;
  meta["name"] = str_at(instance, "metadata.name");
  std::string ns = str_at(instance, "metadata.namespace");
  if (!ns.empty()) meta["namespace"] = ns;
  o["metadata"] = std::move(meta);
  return o;
}

std::size_t hash_json(const Json& v) { return std::hash<std::string>{}(to_json(v)); }

// One object a node wants, decorated and looked up.
struct Planned {
  std::string node_id;
  kube::ApiResource resource;
  Json object;    // decorated desired object
  Document live;  // the cached object, null when absent
  bool apply = false;
};

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

Document InstanceMemo::newest(const std::string& key, Document cached) const {
  std::lock_guard lock(mu_);
  auto it = by_key_.find(key);
  if (it == by_key_.end() || !cached) return cached;
  // Same object only: a deleted and recreated instance has another uid.
  if (str_at(*it->second, "metadata.uid") != str_at(*cached, "metadata.uid")) return cached;
  return resource_version_newer(str_at(*it->second, "metadata.resourceVersion"),
                                str_at(*cached, "metadata.resourceVersion"))
             ? it->second
             : cached;
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
  JsonObject& meta = metadata_of(body);
  JsonObject labels;
  labels[kApplySetIdLabel] = applyset_id;
  meta["labels"] = std::move(labels);
  JsonObject ann;
  for (const auto& [k, v] : want) ann[k] = v;
  meta["annotations"] = std::move(ann);
  auto r =
      self.client_.apply(kind.gvr, ref.namespace_, body,
                         {.field_manager = std::string(kApplySetParentManager), .force = true});
  ++self.counters_.applies;
  if (!r) return std::move(r).take_error();
  instance = std::move(*r);
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
  std::string created = str_at(instance, "metadata.creationTimestamp");
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
      JsonArray one = set_conditions(old_conditions, {cond}, generation, now, created);
      if (const Json* j = find_condition(one, c.type)) authored.push_back(*j);
    }
    status["conditions"] = std::move(authored);
  } else {
    status["conditions"] = kro_conditions;
  }
  status["state"] = instance_state(kro_conditions, fallback_state);

  // Events for kro condition transitions.
  if (self.config_.events) {
    for (const auto& c : kro_conditions) {
      std::string type = str_at(c, "type");
      std::string now_status = str_at(c, "status");
      std::string before = "none";
      if (old_conditions != nullptr && old_conditions->is_array()) {
        if (const Json* o = find_condition(old_conditions->as_array(), type)) {
          before = str_at(*o, "status");
        }
      }
      if (before == now_status) continue;
      self.config_.events->record(
          instance, now_status == "True" ? kube::EventType::kNormal : kube::EventType::kWarning,
          type, fmt::format("{} -> {}: {}", before, now_status, str_at(c, "reason")));
    }
  }

  Json new_status = std::move(status);
  if (old_status != nullptr && deep_equal(*old_status, new_status)) {
    ++self.counters_.status_unchanged;
    return {};
  }
  std::string old_state = str_at(instance, "status.state");
  std::string new_state = str_at(new_status, "state");
  auto gv = kube::GroupVersion::parse(str_at(instance, "apiVersion"));
  kube::GroupVersionKind gvk{gv.group, gv.version, str_at(instance, "kind")};
  Json body = instance;
  body.as_object()["status"] = std::move(new_status);
  auto r = self.client_.update_status(kind.gvr, ref.namespace_, body);
  ++self.counters_.status_writes;
  if (!r) return std::move(r).take_error();
  instance = std::move(*r);
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
  auto got = source_.get(instance_resource, ns, name);
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

ReconcileOutcome InstanceReconciler::reconcile_object(const KindEntry& kind, const Document& got,
                                                      const kube::ApiResource& instance_resource) {
  std::string ns = str_at(*got, "metadata.namespace");
  std::string memo_key = ns + "/" + str_at(*got, "metadata.name");
  Run run{*this, kind, *got, instance_ref_of(*got), applyset_id_of(*got), instance_resource, {}, {},
          {},    {},   false};
  // Whatever this reconcile wrote is what the next one starts from, even before the informer
  // has seen it.
  class Remember {
   public:
    Remember(InstanceMemo& memo, const std::string& key, const Run& run)
        : memo_(memo), key_(key), run_(run) {}
    Remember(const Remember&) = delete;
    Remember& operator=(const Remember&) = delete;
    Remember(Remember&&) = delete;
    Remember& operator=(Remember&&) = delete;
    ~Remember() { memo_.remember(key_, run_.instance_doc()); }

   private:
    InstanceMemo& memo_;
    const std::string& key_;
    const Run& run_;
  } remember(instances_, memo_key, run);
  // The conditions this reconcile leaves behind, whichever way it ends (condition metrics).
  class ReportConditions {
   public:
    ReportConditions(InstanceMetrics* metrics, const Run& run) : metrics_(metrics), run_(run) {}
    ReportConditions(const ReportConditions&) = delete;
    ReportConditions& operator=(const ReportConditions&) = delete;
    ReportConditions(ReportConditions&&) = delete;
    ReportConditions& operator=(ReportConditions&&) = delete;
    ~ReportConditions() {
      if (metrics_ == nullptr || !metrics_->condition_metrics()) return;
      const Json* conditions = find_path(run_.instance, "status.conditions");
      metrics_->observe_conditions(run_.kind.gvr, run_.ref.namespace_, run_.ref.name,
                                   conditions != nullptr ? *conditions : Json());
    }

   private:
    InstanceMetrics* metrics_;
    const Run& run_;
  } report_conditions(config_.metrics.get(), run);
  if (terminating(run.instance)) return run.delete_instance();

  const runtime::Executable& exe = *kind.executable;
  const graph::Graph& graph = exe.graph();

  // 1. Management: kro's labels and the finalizer, with an empty inventory the first time.
  Labels want_labels = instance_labels(config_.kro_version, kind.rgd.name, kind.rgd.uid);
  Labels have_labels = labels_of(run.instance);
  bool labels_ok = std::all_of(want_labels.begin(), want_labels.end(), [&](const auto& kv) {
    auto it = have_labels.find(kv.first);
    return it != have_labels.end() && it->second == kv.second;
  });
  if (!labels_ok || !has_finalizer(run.instance)) {
    Json body = instance_skeleton(run.instance);
    JsonObject& meta = metadata_of(body);
    JsonObject labels;
    for (const auto& [k, v] : want_labels) labels[k] = v;
    if (!has_finalizer(run.instance) && !has_any_inventory_key(run.instance)) {
      labels[kApplySetIdLabel] = run.applyset_id;
      JsonObject ann;
      for (const auto& [k, v] : inventory_annotations(run.applyset_id, config_.kro_version, {})) {
        ann[k] = v;
      }
      meta["annotations"] = std::move(ann);
    }
    meta["labels"] = std::move(labels);
    meta["finalizers"] = JsonArray{Json(kFinalizer)};
    auto r = client_.apply(kind.gvr, ns, body,
                           {.field_manager = std::string(kLabellerManager), .force = true});
    ++counters_.applies;
    if (!r) {
      std::string msg = fmt::format("failed to set up instance management: {}", r.error().str());
      (void)run.write_status(
          {{std::string(kCondInstanceManaged), "False", "ManagementFailed", msg}}, kStateError,
          nullptr, nullptr);
      return ReconcileOutcome::failed(msg);
    }
    run.instance = std::move(*r);
  }
  std::vector<Condition> conditions{instance_managed(), graph_resolved()};
  // No GraphRevisions: the registered kind always carries its compiled graph.
  if (config_.metrics && !is_suspended(run.instance)) config_.metrics->graph_resolved(kind.gvr);

  // 2. Suspension: keep everything as it is.
  if (is_suspended(run.instance)) {
    conditions.push_back({std::string(kCondResourcesReady), "False", "ReconciliationSuspended",
                          "reconciliation suspended by the kro.run/reconcile annotation"});
    auto w =
        run.write_status(conditions, kStateInProgress, find_path(run.instance, "status"), nullptr);
    // User status fields are kept as they were while suspended.
    if (!w) return ReconcileOutcome::failed(w.error().str());
    return ReconcileOutcome::done();
  }

  auto parent_inventory = parse_inventory(run.instance);
  if (!parent_inventory) return ReconcileOutcome::failed(parent_inventory.error().message);
  ApplySetInventory inventory = *parent_inventory;  // what the parent records right now
  // The kinds (and namespaces) the graph names literally, for the nodes an evaluation has not
  // ruled out.
  auto literal_kinds = [&](const runtime::Evaluation& e) {
    std::set<std::string> skipped;
    for (const auto& node : e.nodes) {
      if (node.state == runtime::NodeState::kSkipped) skipped.insert(node.id);
    }
    return literal_inventory(graph, skipped, run.ref.namespace_,
                             [&](const kube::GroupVersionKind& gvk) {
                               auto res = source_.resource_for(gvk);
                               return res ? std::optional<kube::ApiResource>(*res) : std::nullopt;
                             });
  };

  // 3. Evaluate, apply what changed, evaluate again with what was applied, until no node moves.
  runtime::ObservedState observed;
  std::set<std::string> handled;
  runtime::Evaluation ev;
  for (std::size_t round = 0; round <= graph.nodes.size() + 1; ++round) {
    ev = runtime::evaluate(exe, run.instance_doc(), observed);
    std::vector<Planned> planned;
    std::vector<std::pair<std::string, std::size_t>> item_counts;  // collections this round
    bool progress = false;
    for (const auto& node : ev.nodes) {
      if (node.state != runtime::NodeState::kResolved || handled.count(node.id) != 0) continue;
      handled.insert(node.id);
      progress = true;
      bool external = node.type == graph::NodeType::kExternal ||
                      node.type == graph::NodeType::kExternalCollection;
      if (external) {
        // External references are read, never written.
        run.read_external(node, observed);
        continue;
      }
      int order = 0;
      if (auto it = graph.apply_orders.find(node.id); it != graph.apply_orders.end()) {
        order = it->second;
      }
      Labels child = child_labels(run.ref, node.id, config_.kro_version);
      child.emplace(std::string(kApplySetPartOfLabel), run.applyset_id);
      for (const auto& d : node.desired) {
        auto res = source_.resource_for({d.identity.group, d.identity.version, d.identity.kind});
        if (!res) {
          run.node_errors[node.id] = res.error().str();
          continue;
        }
        Json obj = *d.object;
        JsonObject& meta = metadata_of(obj);
        if (!res->namespaced) {
          meta.erase("namespace");
        } else if (str_at(obj, "metadata.namespace").empty()) {
          if (run.ref.namespace_.empty()) {
            run.node_errors[node.id] = fmt::format(
                "resource {} of a cluster-scoped instance must set metadata.namespace", node.id);
            continue;
          }
          meta["namespace"] = run.ref.namespace_;
        }
        JsonObject& labels = ensure_object(meta, "labels");
        for (const auto& [k, v] : child) labels[k] = v;
        if (d.index) {
          labels[kCollectionIndexLabel] = std::to_string(*d.index);
          labels[kCollectionSizeLabel] = std::to_string(node.desired.size());
        }
        ensure_object(meta, "annotations")[kApplyOrderAnnotation] = std::to_string(order);
        std::string obj_ns = str_at(obj, "metadata.namespace");
        auto live = source_.get(*res, obj_ns, str_at(obj, "metadata.name"));
        if (!live) {
          run.node_errors[node.id] = live.error().str();
          continue;
        }
        Planned p{node.id, *res, std::move(obj), *live, false};
        if (p.live) {
          std::string part_of = label_of(*p.live, kApplySetPartOfLabel);
          if (!part_of.empty() && part_of != run.applyset_id) {
            run.node_errors[node.id] = fmt::format(
                "{}: {} ({}) belongs to ApplySet \"{}\", cannot reassign to \"{}\"",
                kApplySetConflictMessage,
                obj_ns.empty() ? d.identity.name : obj_ns + "/" + d.identity.name,
                kube::GroupVersionKind{d.identity.group, d.identity.version, d.identity.kind}.str(),
                part_of, run.applyset_id);
            continue;
          }
          if (terminating(*p.live)) {
            run.node_deleting[node.id] = fmt::format("{} is being deleted", d.identity.str());
            continue;
          }
        }
        std::string uid = p.live ? str_at(*p.live, "metadata.uid") : std::string();
        std::size_t h = hash_json(p.object);
        p.apply = !p.live ||
                  ((!desired_holds(p.object, *p.live) || !memo_.unchanged_or_unknown(uid, h)) &&
                   !memo_.cache_behind(uid, h, str_at(*p.live, "metadata.resourceVersion")));
        planned.push_back(std::move(p));
      }
      if (node.type == graph::NodeType::kCollection) {
        item_counts.emplace_back(node.id, node.desired.size());
      }
    }
    if (!progress) break;

    // The parent records every group-kind and namespace before anything lands there, so a crash
    // between apply and the next step can never leave a child that prune and deletion miss.
    // When it must be written anyway, the write also records every kind the graph names
    // literally, so that the later dependency levels find theirs already there (one parent write
    // per new instance instead of one per level). Steady state: nothing new, nothing written.
    ApplySetInventory round_inventory;
    for (const auto& p : planned) {
      round_inventory.group_kinds.insert(group_kind_string(p.resource.gvr.group, p.resource.kind));
      std::string obj_ns = str_at(p.object, "metadata.namespace");
      if (p.resource.namespaced && obj_ns != run.ref.namespace_) {
        round_inventory.namespaces.insert(obj_ns);
      }
    }
    run.batch.merge(round_inventory);
    ApplySetInventory wanted = inventory;
    wanted.merge(round_inventory);
    if (!(wanted == inventory) || label_of(run.instance, kApplySetIdLabel) != run.applyset_id ||
        annotation_of(run.instance, kApplySetInventoryHashAnnotation).empty()) {
      wanted.merge(literal_kinds(ev));
      auto w = run.write_inventory(wanted);
      if (!w) return ReconcileOutcome::failed(w.error().str());
      inventory = wanted;
    }

    std::map<std::string, std::vector<Document>> collection_items;
    for (auto& p : planned) {
      Document result = p.live;
      if (p.apply) {
        auto r = client_.apply(p.resource.gvr, str_at(p.object, "metadata.namespace"), p.object,
                               {.field_manager = std::string(kApplySetManager), .force = true});
        ++counters_.applies;
        if (!r) {
          run.node_errors[p.node_id] = r.error().str();
          continue;
        }
        run.mutated =
            run.mutated || !p.live ||
            str_at(*r, "metadata.resourceVersion") != str_at(*p.live, "metadata.resourceVersion");
        memo_.remember(str_at(*r, "metadata.uid"), hash_json(p.object),
                       str_at(*r, "metadata.resourceVersion"));
        result = make_document(std::move(*r));
      } else {
        ++counters_.applies_skipped;
      }
      run.keep_uids.insert(str_at(*result, "metadata.uid"));
      collection_items[p.node_id].push_back(result);
    }
    for (const auto& [id, items] : collection_items) {
      const graph::Node* n = exe.node(id);
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

  // 4. Outcome per node.
  std::vector<std::string> waiting;
  std::vector<std::string> errors;
  for (const auto& e : ev.errors) errors.push_back(e.str());
  for (const auto& [id, msg] : run.node_errors) errors.push_back(fmt::format("{}: {}", id, msg));
  for (const auto& node : ev.nodes) {
    if (node.state == runtime::NodeState::kSkipped) continue;
    if (run.node_errors.count(node.id) != 0 || run.node_deleting.count(node.id) != 0) continue;
    if (node.state == runtime::NodeState::kPending || !node.ready()) waiting.push_back(node.id);
  }
  bool pending = !waiting.empty() || !run.node_deleting.empty();

  // 5. Prune: only with the whole graph resolved and every apply through.
  int pruned = 0;
  if (!pending && errors.empty()) {
    ApplySetInventory scope = inventory;
    scope.merge(run.batch);
    auto p = run.prune(scope);
    if (!p) return ReconcileOutcome::failed(p.error().str());
    pruned = *p;
    // Settle on what exists now plus the literal kinds of the nodes still included (an empty
    // collection's kind stays): the same set the next reconcile computes, so it is written once
    // and not grown and shrunk again on every pass.
    if (pruned == 0) {
      ApplySetInventory settled = run.batch;
      settled.merge(literal_kinds(ev));
      if (!(inventory == settled)) {
        auto w = run.write_inventory(settled);
        if (!w) return ReconcileOutcome::failed(w.error().str());
      }
    }
  }

  // 6. Status.
  std::string fallback = std::string(kStateActive);
  if (!run.node_deleting.empty()) {
    std::vector<std::string> what;
    for (const auto& [id, msg] : run.node_deleting) what.push_back(msg);
    conditions.push_back({std::string(kCondResourcesReady), "False", "ResourceDeleting",
                          fmt::format("resources are being deleted: {}", fmt::join(what, ", "))});
    fallback = std::string(kStateInProgress);
  } else if (!errors.empty()) {
    conditions.push_back({std::string(kCondResourcesReady), "False", "NotReady",
                          fmt::format("resource error: {}", fmt::join(errors, "; "))});
    fallback = std::string(kStateError);
  } else if (!waiting.empty()) {
    conditions.push_back(
        {std::string(kCondResourcesReady), "False", "NotReady",
         fmt::format("awaiting resource readiness: {}", fmt::join(waiting, ", "))});
    fallback = std::string(kStateInProgress);
  } else {
    conditions.push_back(resources_ready());
  }
  // Author conditions may read kro's own (runtime.condition(schema, "Ready")): evaluate them
  // once more with the conditions this reconcile has just settled, Ready included.
  const runtime::Evaluation* status_ev = &ev;
  runtime::Evaluation final_ev;
  if (ev.has_author_conditions) {
    JsonArray settled =
        set_conditions(find_path(run.instance, "status.conditions"), conditions,
                       int_at(run.instance, "metadata.generation"), condition_time_now(),
                       str_at(run.instance, "metadata.creationTimestamp"));
    observed.set_builtin_conditions(Json(std::move(settled)));
    final_ev = runtime::evaluate(exe, run.instance_doc(), observed);
    status_ev = &final_ev;
  }
  auto w = run.write_status(conditions, fallback, &status_ev->status, status_ev);
  if (!w) {
    if (w.error().is_conflict()) return ReconcileOutcome::requeue(std::chrono::milliseconds(100));
    return ReconcileOutcome::failed(w.error().str());
  }

  if (!errors.empty()) return ReconcileOutcome::failed(fmt::format("{}", fmt::join(errors, "; ")));
  // Watch events on children and instances drive progress; the interval is only a safety net,
  // and the polling period of external references.
  if ((pending || pruned > 0) && config_.requeue_interval.count() > 0) {
    return ReconcileOutcome::requeue(config_.requeue_interval);
  }
  return ReconcileOutcome::done();
}

}  // namespace kro::controller

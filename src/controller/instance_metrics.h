// InstanceMetrics: upstream kro's instance and dynamic-controller metrics (pkg/metrics, behaviour
// reference §7.3) with upstream's names, label names and buckets, in a MetricsRegistry.
//
//   auto im = InstanceMetrics::create(
//       registry, {.condition_metrics = gates.instance_condition_metrics});
//   dopts.observer = im;          // every worker pass: reconcile counts, durations, requeues
//   dopts.instance_metrics = im;  // inside a reconcile: graph resolution, state, conditions
//
// From the worker passes (ReconcileObserver):
//   dynamic_controller_reconcile_total{gvr}, dynamic_controller_reconcile_duration_seconds{gvr},
//   dynamic_controller_requeue_total{gvr,type}, dynamic_controller_handler_errors_total{gvr},
//   instance_reconcile_total{gvr}, instance_reconcile_duration_seconds{gvr},
//   instance_reconcile_errors_total{gvr}.
// From the instance reconciler:
//   instance_graph_resolution_success_total{gvr}, instance_state_transitions_total{gvr,
//   from_state,to_state}, and with the InstanceConditionMetrics gate
//   instance_condition_current_status_seconds{gvr,namespace,name,condition_type,
//   condition_status,reason}, computed at scrape time from each condition's lastTransitionTime.
//
// The gvr label values follow upstream exactly, which spells them three ways: the dynamic
// controller's "group/version/resource", the instance controller's Go GroupVersionResource
// String() "group/version, Resource=resource", and for state transitions the instance's
// GroupVersionKind String() "group/version, Kind=Kind".
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "controller/reconcile_observer.h"
#include "kube/gvk.h"
#include "value/json.h"

namespace kro::controller {

// Not included: metrics.h's Labels and labels.h's Labels (the instance reconciler's) differ.
class MetricsRegistry;

// Upstream's buckets for reconcile durations (seconds), shared by both duration histograms.
std::vector<double> instance_duration_buckets();

// Label values as upstream writes them.
std::string dynamic_gvr_label(const kube::GroupVersionResource& gvr);   // group/version/resource
std::string instance_gvr_label(const kube::GroupVersionResource& gvr);  // g/v, Resource=r
std::string instance_gvk_label(const kube::GroupVersionKind& gvk);      // g/v, Kind=K

struct InstanceMetricsOptions {
  // The InstanceConditionMetrics feature gate.
  bool condition_metrics = false;
  // The clock for condition ages; the system clock when empty (tests pass a fixed one).
  std::function<std::chrono::system_clock::time_point()> now;
};

class InstanceMetrics final : public ReconcileObserver,
                              public std::enable_shared_from_this<InstanceMetrics> {
 public:
  // Declares the families in `registry` (which must outlive every scrape) and, with condition
  // metrics on, a collector that refreshes the condition gauge at each scrape.
  static std::shared_ptr<InstanceMetrics> create(MetricsRegistry& registry,
                                                 InstanceMetricsOptions options = {});

  void on_reconciled(const ReconcilePass& pass) override;

  // A reconcile had a graph to run (always true for us: no GraphRevisions, the registered kind
  // carries its compiled graph).
  void graph_resolved(const kube::GroupVersionResource& gvr);
  // status.state written with a different value than the instance held ("" when it had none).
  void state_transition(const kube::GroupVersionKind& gvk, std::string_view from,
                        std::string_view to);
  // The instance's status.conditions as they now stand (any JSON; non-arrays count as none).
  // No-op with condition metrics off.
  void observe_conditions(const kube::GroupVersionResource& gvr, std::string_view ns,
                          std::string_view name, const Json& conditions);
  // The instance is gone: its condition series disappear.
  void forget_instance(const kube::GroupVersionResource& gvr, std::string_view ns,
                       std::string_view name);
  // The kind is no longer served: every condition series of its instances disappears.
  void forget_kind(const kube::GroupVersionResource& gvr);

  bool condition_metrics() const { return options_.condition_metrics; }

 private:
  InstanceMetrics(MetricsRegistry& registry, InstanceMetricsOptions options);
  void collect(MetricsRegistry& registry);

  struct ConditionSample {
    std::string type;
    std::string status;
    std::string reason;
    std::chrono::system_clock::time_point since;  // lastTransitionTime; epoch when absent
    bool has_since = false;
  };
  // (gvr label, namespace, name) → conditions.
  using InstanceKey = std::tuple<std::string, std::string, std::string>;

  MetricsRegistry& registry_;
  InstanceMetricsOptions options_;
  std::mutex mu_;
  std::map<InstanceKey, std::vector<ConditionSample>> conditions_;
};

// RFC 3339 time (as metav1.Time serializes, fractional seconds and offsets accepted) → time
// point; nullopt when it does not parse.
std::optional<std::chrono::system_clock::time_point> parse_rfc3339(std::string_view text);

}  // namespace kro::controller

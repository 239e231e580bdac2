#include "controller/instance_metrics.h"

#include <fmt/format.h>

#include <charconv>
#include <ctime>
#include <vector>

#include "controller/metrics.h"

namespace kro::controller {
namespace {

constexpr std::string_view kDynReconcileTotal = "dynamic_controller_reconcile_total";
constexpr std::string_view kDynReconcileDuration = "dynamic_controller_reconcile_duration_seconds";
constexpr std::string_view kDynRequeueTotal = "dynamic_controller_requeue_total";
constexpr std::string_view kDynHandlerErrorsTotal = "dynamic_controller_handler_errors_total";
constexpr std::string_view kInstReconcileTotal = "instance_reconcile_total";
constexpr std::string_view kInstReconcileDuration = "instance_reconcile_duration_seconds";
constexpr std::string_view kInstReconcileErrorsTotal = "instance_reconcile_errors_total";
constexpr std::string_view kInstGraphSuccessTotal = "instance_graph_resolution_success_total";
constexpr std::string_view kInstStateTransitionsTotal = "instance_state_transitions_total";
constexpr std::string_view kInstConditionSeconds = "instance_condition_current_status_seconds";

// Upstream's help strings.
constexpr std::string_view kHelpDynReconcileTotal = "Total number of reconciliations per GVR";
constexpr std::string_view kHelpDynReconcileDuration = "Duration of reconciliations per GVR";
constexpr std::string_view kHelpDynRequeueTotal = "Total number of requeues per GVR";
constexpr std::string_view kHelpDynHandlerErrorsTotal =
    "Total number of errors encountered by handlers per GVR";
constexpr std::string_view kHelpInstReconcileTotal =
    "Total number of instance reconciliations per GVR";
constexpr std::string_view kHelpInstReconcileDuration =
    "Duration of instance reconciliation in seconds per GVR";
constexpr std::string_view kHelpInstReconcileErrorsTotal =
    "Total number of instance reconciliation errors per GVR";
constexpr std::string_view kHelpInstGraphSuccessTotal =
    "Total number of successful graph resolutions during instance reconciliation";
constexpr std::string_view kHelpInstStateTransitionsTotal =
    "Total number of instance state transitions per GVR";
constexpr std::string_view kHelpInstConditionSeconds =
    "The current amount of time in seconds that an instance status condition has been in a "
    "specific state.";

std::string str_of(const Json& object, std::string_view key) {
  if (!object.is_object()) return {};
  const Json* v = object.as_object().if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
}

// Digits at text[pos, pos+n) as a number, or -1.
int digits(std::string_view text, std::size_t pos, std::size_t n) {
  if (pos + n > text.size()) return -1;
  int v = 0;
  auto [ptr, ec] = std::from_chars(text.data() + pos, text.data() + pos + n, v);
  if (ec != std::errc() || ptr != text.data() + pos + n) return -1;
  return v;
}

}  // namespace

std::vector<double> instance_duration_buckets() {
  return {.01, .05, .1, .25, .5, 1, 2.5, 5, 10, 15, 20, 25, 30, 45, 60, 120};
}

std::string dynamic_gvr_label(const kube::GroupVersionResource& gvr) {
  // Upstream's keyFromGVR: empty parts are skipped with their separator.
  std::string out = gvr.group;
  if (!gvr.version.empty()) out += "/" + gvr.version;
  if (!gvr.resource.empty()) out += "/" + gvr.resource;
  return out;
}

std::string instance_gvr_label(const kube::GroupVersionResource& gvr) {
  return fmt::format("{}/{}, Resource={}", gvr.group, gvr.version, gvr.resource);
}

std::string instance_gvk_label(const kube::GroupVersionKind& gvk) {
  return fmt::format("{}/{}, Kind={}", gvk.group, gvk.version, gvk.kind);
}

std::optional<std::chrono::system_clock::time_point> parse_rfc3339(std::string_view text) {
  // YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)
  if (text.size() < 20 || text[4] != '-' || text[7] != '-' ||
      (text[10] != 'T' && text[10] != 't') || text[13] != ':' || text[16] != ':') {
    return std::nullopt;
  }
  int year = digits(text, 0, 4);
  int month = digits(text, 5, 2);
  int day = digits(text, 8, 2);
  int hour = digits(text, 11, 2);
  int minute = digits(text, 14, 2);
  int second = digits(text, 17, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 ||
      minute < 0 || minute > 59 || second < 0 || second > 60) {
    return std::nullopt;
  }
  std::size_t pos = 19;
  std::chrono::nanoseconds fraction{0};
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    std::int64_t scale = 100000000;
    std::size_t start = pos;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      fraction += std::chrono::nanoseconds((text[pos] - '0') * scale);
      scale /= 10;
      ++pos;
    }
    if (pos == start) return std::nullopt;
  }
  std::chrono::seconds offset{0};
  if (pos < text.size() && (text[pos] == 'Z' || text[pos] == 'z')) {
    ++pos;
  } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    int oh = digits(text, pos + 1, 2);
    int om = digits(text, pos + 4, 2);
    if (oh < 0 || om < 0 || pos + 3 >= text.size() || text[pos + 3] != ':') return std::nullopt;
    offset = std::chrono::hours(oh) + std::chrono::minutes(om);
    if (text[pos] == '-') offset = -offset;
    pos += 6;
  } else {
    return std::nullopt;
  }
  if (pos != text.size()) return std::nullopt;
  std::tm tm{};
  tm.tm_year = year - 1900;
  tm.tm_mon = month - 1;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  tm.tm_sec = second;
  std::time_t t = timegm(&tm);
  return std::chrono::system_clock::from_time_t(t) - offset +
         std::chrono::duration_cast<std::chrono::system_clock::duration>(fraction);
}

InstanceMetrics::InstanceMetrics(MetricsRegistry& registry, InstanceMetricsOptions options)
    : registry_(registry), options_(std::move(options)) {
  if (!options_.now) options_.now = [] { return std::chrono::system_clock::now(); };
}

std::shared_ptr<InstanceMetrics> InstanceMetrics::create(MetricsRegistry& registry,
                                                         InstanceMetricsOptions options) {
  std::shared_ptr<InstanceMetrics> m(new InstanceMetrics(registry, std::move(options)));
  registry.declare_counter(kDynReconcileTotal, kHelpDynReconcileTotal);
  registry.declare_histogram(kDynReconcileDuration, kHelpDynReconcileDuration);
  registry.declare_counter(kDynRequeueTotal, kHelpDynRequeueTotal);
  registry.declare_counter(kDynHandlerErrorsTotal, kHelpDynHandlerErrorsTotal);
  registry.declare_counter(kInstReconcileTotal, kHelpInstReconcileTotal);
  registry.declare_histogram(kInstReconcileDuration, kHelpInstReconcileDuration);
  registry.declare_counter(kInstReconcileErrorsTotal, kHelpInstReconcileErrorsTotal);
  registry.declare_counter(kInstGraphSuccessTotal, kHelpInstGraphSuccessTotal);
  registry.declare_counter(kInstStateTransitionsTotal, kHelpInstStateTransitionsTotal);
  if (m->options_.condition_metrics) {
    registry.replace_gauges(kInstConditionSeconds, kHelpInstConditionSeconds, {});
    // A weak reference: the registry may outlive the controller that owns these metrics.
    std::weak_ptr<InstanceMetrics> weak = m;
    registry.add_collector([weak](MetricsRegistry& r) {
      if (auto self = weak.lock()) self->collect(r);
    });
  }
  return m;
}

void InstanceMetrics::on_reconciled(const ReconcilePass& pass) {
  double seconds = std::chrono::duration<double>(pass.took).count();
  Labels dyn{{"gvr", dynamic_gvr_label(pass.gvr)}};
  Labels inst{{"gvr", instance_gvr_label(pass.gvr)}};
  registry_.counter(kDynReconcileTotal, kHelpDynReconcileTotal, dyn).inc();
  registry_
      .histogram(kDynReconcileDuration, kHelpDynReconcileDuration, dyn, instance_duration_buckets())
      .observe(seconds);
  registry_.counter(kInstReconcileTotal, kHelpInstReconcileTotal, inst).inc();
  registry_
      .histogram(kInstReconcileDuration, kHelpInstReconcileDuration, inst,
                 instance_duration_buckets())
      .observe(seconds);
  // Upstream counts a requeue only when the handler returned an error or a requeue signal; a
  // clean pass counts nothing. An item dropped after its last retry was still a rate-limited
  // failure there (the drop itself is our dynamic_controller_dropped_total).
  const char* type = nullptr;
  bool failed = false;
  switch (pass.action) {
    case ReconcilePass::QueueAction::kForget:
      break;
    case ReconcilePass::QueueAction::kRequeueAfter:
      type = "requeue_after";
      break;
    case ReconcilePass::QueueAction::kRateLimited:
    case ReconcilePass::QueueAction::kDropped:
      type = "rate_limited";
      failed = true;
      break;
  }
  if (type != nullptr) {
    registry_
        .counter(kDynRequeueTotal, kHelpDynRequeueTotal,
                 {{"gvr", dynamic_gvr_label(pass.gvr)}, {"type", type}})
        .inc();
  }
  if (failed) {
    registry_.counter(kDynHandlerErrorsTotal, kHelpDynHandlerErrorsTotal, dyn).inc();
    registry_.counter(kInstReconcileErrorsTotal, kHelpInstReconcileErrorsTotal, inst).inc();
  }
}

void InstanceMetrics::graph_resolved(const kube::GroupVersionResource& gvr) {
  registry_
      .counter(kInstGraphSuccessTotal, kHelpInstGraphSuccessTotal,
               {{"gvr", instance_gvr_label(gvr)}})
      .inc();
}

void InstanceMetrics::state_transition(const kube::GroupVersionKind& gvk, std::string_view from,
                                       std::string_view to) {
  registry_
      .counter(kInstStateTransitionsTotal, kHelpInstStateTransitionsTotal,
               {{"gvr", instance_gvk_label(gvk)},
                {"from_state", std::string(from)},
                {"to_state", std::string(to)}})
      .inc();
}

void InstanceMetrics::observe_conditions(const kube::GroupVersionResource& gvr, std::string_view ns,
                                         std::string_view name, const Json& conditions) {
  if (!options_.condition_metrics) return;
  std::vector<ConditionSample> samples;
  if (conditions.is_array()) {
    for (const Json& c : conditions.as_array()) {
      ConditionSample s;
      s.type = str_of(c, "type");
      if (s.type.empty()) continue;
      s.status = str_of(c, "status");
      s.reason = str_of(c, "reason");
      if (auto t = parse_rfc3339(str_of(c, "lastTransitionTime"))) {
        s.since = *t;
        s.has_since = true;
      }
      samples.push_back(std::move(s));
    }
  }
  std::lock_guard lock(mu_);
  conditions_[{instance_gvr_label(gvr), std::string(ns), std::string(name)}] = std::move(samples);
}

void InstanceMetrics::forget_instance(const kube::GroupVersionResource& gvr, std::string_view ns,
                                      std::string_view name) {
  std::lock_guard lock(mu_);
  conditions_.erase({instance_gvr_label(gvr), std::string(ns), std::string(name)});
}

void InstanceMetrics::forget_kind(const kube::GroupVersionResource& gvr) {
  std::string label = instance_gvr_label(gvr);
  std::lock_guard lock(mu_);
  for (auto it = conditions_.begin(); it != conditions_.end();) {
    it = std::get<0>(it->first) == label ? conditions_.erase(it) : std::next(it);
  }
}

void InstanceMetrics::collect(MetricsRegistry& registry) {
  auto now = options_.now();
  std::vector<std::pair<Labels, double>> series;
  {
    std::lock_guard lock(mu_);
    for (const auto& [key, samples] : conditions_) {
      const auto& [gvr, ns, name] = key;
      for (const auto& s : samples) {
        // Upstream reports 0 for a condition without lastTransitionTime.
        double age = s.has_since ? std::chrono::duration<double>(now - s.since).count() : 0;
        series.push_back({{{"gvr", gvr},
                           {"namespace", ns},
                           {"name", name},
                           {"condition_type", s.type},
                           {"condition_status", s.status},
                           {"reason", s.reason}},
                          age});
      }
    }
  }
  registry.replace_gauges(kInstConditionSeconds, kHelpInstConditionSeconds, series);
}

}  // namespace kro::controller

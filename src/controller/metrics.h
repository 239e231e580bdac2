// MetricsRegistry: counters, gauges and histograms by name and labels, rendered in the
// Prometheus text exposition format (version 0.0.4) for /metrics.
//
//   auto& builds = registry.counter("rgd_graph_build_total", "Graph builds", {{"result", "ok"}});
//   builds.inc();
//   registry.add_collector([&](MetricsRegistry& r) {        // runs at every scrape
//     r.gauge("dynamic_controller_queue_length", "Ready keys").set(dc.metrics().queue_depth);
//   });
//   std::string text = registry.render();
//
// A metric is created on first use and lives as long as the registry, so the returned reference
// may be kept and updated from any thread without further lookups (values are atomic). A name
// keeps the type and help it was first registered with; asking for it as another type is a
// programming error and returns a detached metric that is never rendered, so a typo cannot
// crash the controller. Collectors let components that keep their own counters (the dynamic
// controller, the work queue) be exported without depending on this registry.
#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kro::controller {

// Label pairs in the order given; rendered sorted by name so that the same set always yields the
// same series.
using Labels = std::vector<std::pair<std::string, std::string>>;

class Counter {
 public:
  void inc(double v = 1);
  // For collectors mirroring a total kept elsewhere (it must only grow).
  void set_total(double v);
  double value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0};
};

class Gauge {
 public:
  void set(double v) { value_.store(v, std::memory_order_relaxed); }
  void inc(double v = 1);
  void dec(double v = 1) { inc(-v); }
  double value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0};
};

class Histogram {
 public:
  // Upper bounds, ascending; +Inf is implicit.
  explicit Histogram(std::vector<double> bounds);
  void observe(double v);

  struct Snapshot {
    std::vector<double> bounds;
    std::vector<std::uint64_t> cumulative;  // per bound, then +Inf
    double sum = 0;
    std::uint64_t count = 0;
  };
  Snapshot snapshot() const;

 private:
  std::vector<double> bounds_;
  mutable std::mutex mu_;
  std::vector<std::uint64_t> counts_;  // per bucket (not cumulative), last is +Inf
  double sum_ = 0;
  std::uint64_t count_ = 0;
};

// controller-runtime's default buckets for reconcile durations, in seconds.
std::vector<double> default_duration_buckets();

class MetricsRegistry {
 public:
  Counter& counter(std::string_view name, std::string_view help, const Labels& labels = {});
  Gauge& gauge(std::string_view name, std::string_view help, const Labels& labels = {});
  Histogram& histogram(std::string_view name, std::string_view help, const Labels& labels = {},
                       const std::vector<double>& bounds = default_duration_buckets());

  // Families known before their first sample: rendered with HELP and TYPE only until a series
  // appears, so that a scrape shows every metric the controller can export.
  void declare_counter(std::string_view name, std::string_view help);
  void declare_histogram(std::string_view name, std::string_view help);

  // Replaces every series of a gauge family at once (a scrape-time view of state kept elsewhere,
  // whose series come and go: a series absent from `series` is removed). Such a family is only
  // ever written this way: a reference from gauge() into it would not survive the next call.
  void replace_gauges(std::string_view name, std::string_view help,
                      const std::vector<std::pair<Labels, double>>& series);

  void add_collector(std::function<void(MetricsRegistry&)> collector);

  // Runs the collectors, then renders every family sorted by name.
  std::string render();

 private:
  enum class Type { kCounter, kGauge, kHistogram };
  struct Family {
    Type type;
    std::string help;
    // Rendered label set ({a="b",c="d"} or "") → metric.
    std::map<std::string, std::unique_ptr<Counter>> counters;
    std::map<std::string, std::unique_ptr<Gauge>> gauges;
    std::map<std::string, std::unique_ptr<Histogram>> histograms;
  };
  Family* family_locked(std::string_view name, std::string_view help, Type type);
  // The series of `labels` in the family `name` of `type`, made from `args` on first use;
  // `detached` when the name is taken by another type.
  template <typename Metric, typename... Args>
  Metric& series(std::string_view name, std::string_view help, Type type,
                 std::map<std::string, std::unique_ptr<Metric>> Family::*slots, Metric& detached,
                 const Labels& labels, const Args&... args);

  std::mutex mu_;
  std::map<std::string, Family, std::less<>> families_;
  std::vector<std::function<void(MetricsRegistry&)>> collectors_;
  std::mutex collectors_mu_;  // one render at a time runs the collectors
  // Returned when a name is reused with another type; never rendered.
  Counter detached_counter_;
  Gauge detached_gauge_;
  Histogram detached_histogram_{{}};
};

// The text of a label set as Prometheus writes it: {a="x",b="y"} sorted by name, values escaped
// (backslash, double quote, newline); "" for no labels.
std::string render_labels(const Labels& labels);

}  // namespace kro::controller

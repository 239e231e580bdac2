#include "controller/metrics.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace kro::controller {
namespace {

void atomic_add(std::atomic<double>& a, double v) {
  double cur = a.load(std::memory_order_relaxed);
  while (!a.compare_exchange_weak(cur, cur + v, std::memory_order_relaxed)) {
  }
}

std::string escape(std::string_view s, bool quote) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (quote && c == '"') {
      out += "\\\"";
    } else {
      out += c;
    }
  }
  return out;
}

// Prometheus spells non-finite values +Inf, -Inf and NaN; integers without a fraction.
std::string number(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  if (v == std::floor(v) && std::fabs(v) < 1e15)
    return fmt::format("{}", static_cast<long long>(v));
  return fmt::format("{}", v);
}

// Adds one label to an already rendered label set ("" or {a="b"}).
std::string with_label(const std::string& rendered, std::string_view name, std::string_view value) {
  std::string extra = fmt::format("{}=\"{}\"", name, escape(value, true));
  if (rendered.empty()) return "{" + extra + "}";
  return rendered.substr(0, rendered.size() - 1) + "," + extra + "}";
}

}  // namespace

void Counter::inc(double v) {
  if (v > 0) atomic_add(value_, v);
}

void Counter::set_total(double v) { value_.store(v, std::memory_order_relaxed); }

void Gauge::inc(double v) { atomic_add(value_, v); }

Histogram::Histogram(std::vector<double> bounds)
    : bounds_(std::move(bounds)), counts_(bounds_.size() + 1, 0) {
  std::sort(bounds_.begin(), bounds_.end());
}

void Histogram::observe(double v) {
  std::size_t i = std::lower_bound(bounds_.begin(), bounds_.end(), v) - bounds_.begin();
  std::lock_guard lock(mu_);
  ++counts_[i];
  sum_ += v;
  ++count_;
}

Histogram::Snapshot Histogram::snapshot() const {
  Snapshot s;
  s.bounds = bounds_;
  std::lock_guard lock(mu_);
  std::uint64_t running = 0;
  s.cumulative.reserve(counts_.size());
  for (std::uint64_t c : counts_) {
    running += c;
    s.cumulative.push_back(running);
  }
  s.sum = sum_;
  s.count = count_;
  return s;
}

std::vector<double> default_duration_buckets() {
  return {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};
}

std::string render_labels(const Labels& labels) {
  if (labels.empty()) return "";
  Labels sorted = labels;
  std::sort(sorted.begin(), sorted.end());
  std::string out = "{";
  for (std::size_t i = 0; i < sorted.size(); ++i) {
    if (i > 0) out += ',';
    out += fmt::format("{}=\"{}\"", sorted[i].first, escape(sorted[i].second, true));
  }
  out += '}';
  return out;
}

MetricsRegistry::Family* MetricsRegistry::family_locked(std::string_view name,
                                                        std::string_view help, Type type) {
  auto it = families_.find(name);
  if (it == families_.end()) {
    it = families_.emplace(std::string(name), Family{type, std::string(help), {}, {}, {}}).first;
  }
  return it->second.type == type ? &it->second : nullptr;
}

template <typename Metric, typename... Args>
Metric& MetricsRegistry::series(std::string_view name, std::string_view help, Type type,
                                std::map<std::string, std::unique_ptr<Metric>> Family::*slots,
                                Metric& detached, const Labels& labels, const Args&... args) {
  std::lock_guard lock(mu_);
  Family* f = family_locked(name, help, type);
  if (f == nullptr) return detached;
  auto& slot = (f->*slots)[render_labels(labels)];
  if (!slot) slot = std::make_unique<Metric>(args...);
  return *slot;
}

Counter& MetricsRegistry::counter(std::string_view name, std::string_view help,
                                  const Labels& labels) {
  return series(name, help, Type::kCounter, &Family::counters, detached_counter_, labels);
}

Gauge& MetricsRegistry::gauge(std::string_view name, std::string_view help, const Labels& labels) {
  return series(name, help, Type::kGauge, &Family::gauges, detached_gauge_, labels);
}

Histogram& MetricsRegistry::histogram(std::string_view name, std::string_view help,
                                      const Labels& labels, const std::vector<double>& bounds) {
  return series(name, help, Type::kHistogram, &Family::histograms, detached_histogram_, labels,
                bounds);
}

void MetricsRegistry::declare_counter(std::string_view name, std::string_view help) {
  std::lock_guard lock(mu_);
  family_locked(name, help, Type::kCounter);
}

void MetricsRegistry::declare_histogram(std::string_view name, std::string_view help) {
  std::lock_guard lock(mu_);
  family_locked(name, help, Type::kHistogram);
}

void MetricsRegistry::replace_gauges(std::string_view name, std::string_view help,
                                     const std::vector<std::pair<Labels, double>>& series) {
  std::map<std::string, std::unique_ptr<Gauge>> fresh;
  for (const auto& [labels, value] : series) {
    auto& slot = fresh[render_labels(labels)];
    if (!slot) slot = std::make_unique<Gauge>();
    slot->set(value);
  }
  std::lock_guard lock(mu_);
  Family* f = family_locked(name, help, Type::kGauge);
  if (f != nullptr) f->gauges = std::move(fresh);
}

void MetricsRegistry::add_collector(std::function<void(MetricsRegistry&)> collector) {
  std::lock_guard lock(collectors_mu_);
  collectors_.push_back(std::move(collector));
}

std::string MetricsRegistry::render() {
  {
    // Collectors call counter()/gauge(), which take mu_, so they run before it is held.
    std::lock_guard lock(collectors_mu_);
    for (auto& c : collectors_) c(*this);
  }
  std::lock_guard lock(mu_);
  std::string out;
  for (const auto& [name, f] : families_) {
    const char* type = f.type == Type::kCounter ? "counter"
                       : f.type == Type::kGauge ? "gauge"
                                                : "histogram";
    out += fmt::format("# HELP {} {}\n# TYPE {} {}\n", name, escape(f.help, false), name, type);
    for (const auto& [labels, c] : f.counters) {
      out += fmt::format("{}{} {}\n", name, labels, number(c->value()));
    }
    for (const auto& [labels, g] : f.gauges) {
      out += fmt::format("{}{} {}\n", name, labels, number(g->value()));
    }
    for (const auto& [labels, h] : f.histograms) {
      Histogram::Snapshot s = h->snapshot();
      for (std::size_t i = 0; i < s.cumulative.size(); ++i) {
        std::string le = i < s.bounds.size() ? number(s.bounds[i]) : "+Inf";
        out += fmt::format("{}_bucket{} {}\n", name, with_label(labels, "le", le), s.cumulative[i]);
      }
      out += fmt::format("{}_sum{} {}\n", name, labels, number(s.sum));
      out += fmt::format("{}_count{} {}\n", name, labels, s.count);
    }
  }
  return out;
}

}  // namespace kro::controller

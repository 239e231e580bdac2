#include "controller/metrics.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <thread>

namespace kro::controller {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(MetricsTest, CounterRendersHelpTypeAndSortedLabels) {
  MetricsRegistry r;
  r.counter("rgd_graph_build_total", "Graph builds", {{"rgd", "b"}, {"result", "ok"}}).inc();
  r.counter("rgd_graph_build_total", "Graph builds", {{"result", "ok"}, {"rgd", "b"}}).inc(2);
  std::string text = r.render();
  EXPECT_THAT(text, HasSubstr("# HELP rgd_graph_build_total Graph builds\n"
                              "# TYPE rgd_graph_build_total counter\n"
                              "rgd_graph_build_total{result=\"ok\",rgd=\"b\"} 3\n"));
}

TEST(MetricsTest, CounterIgnoresNegativeIncrements) {
  MetricsRegistry r;
  Counter& c = r.counter("x_total", "x");
  c.inc(5);
  c.inc(-3);
  EXPECT_EQ(c.value(), 5);
}

TEST(MetricsTest, LabelValuesAreEscaped) {
  EXPECT_EQ(render_labels({{"msg", "a\"b\\c\nd"}}), "{msg=\"a\\\"b\\\\c\\nd\"}");
  EXPECT_EQ(render_labels({}), "");
}

TEST(MetricsTest, GaugeSetIncDecAndFractions) {
  MetricsRegistry r;
  Gauge& g = r.gauge("queue_length", "Ready keys");
  g.set(4);
  g.inc(0.5);
  g.dec(2);
  EXPECT_THAT(r.render(), HasSubstr("queue_length 2.5\n"));
}

TEST(MetricsTest, HistogramBucketsAreCumulativeWithInfSumAndCount) {
  MetricsRegistry r;
  Histogram& h = r.histogram("d_seconds", "durations", {{"k", "v"}}, {0.1, 1});
  h.observe(0.05);
  h.observe(0.1);  // le is inclusive
  h.observe(0.5);
  h.observe(7);
  std::string text = r.render();
  EXPECT_THAT(text, HasSubstr("# TYPE d_seconds histogram\n"));
  EXPECT_THAT(text, HasSubstr("d_seconds_bucket{k=\"v\",le=\"0.1\"} 2\n"));
  EXPECT_THAT(text, HasSubstr("d_seconds_bucket{k=\"v\",le=\"1\"} 3\n"));
  EXPECT_THAT(text, HasSubstr("d_seconds_bucket{k=\"v\",le=\"+Inf\"} 4\n"));
  EXPECT_THAT(text, HasSubstr("d_seconds_sum{k=\"v\"} 7.65\n"));
  EXPECT_THAT(text, HasSubstr("d_seconds_count{k=\"v\"} 4\n"));
}

TEST(MetricsTest, TypeClashReturnsDetachedMetricThatIsNotRendered) {
  MetricsRegistry r;
  r.counter("dup", "a counter").inc();
  r.gauge("dup", "now a gauge").set(42);
  std::string text = r.render();
  EXPECT_THAT(text, HasSubstr("dup 1\n"));
  EXPECT_THAT(text, Not(HasSubstr("42")));
}

TEST(MetricsTest, CollectorsRunAtEveryRender) {
  MetricsRegistry r;
  int calls = 0;
  r.add_collector([&](MetricsRegistry& reg) {
    ++calls;
    reg.gauge("collected", "from a snapshot").set(calls * 10);
  });
  EXPECT_THAT(r.render(), HasSubstr("collected 10\n"));
  EXPECT_THAT(r.render(), HasSubstr("collected 20\n"));
}

TEST(MetricsTest, ConcurrentIncrementsAreNotLost) {
  MetricsRegistry r;
  Counter& c = r.counter("c_total", "c");
  std::vector<std::thread> threads;
  threads.reserve(4);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 10000; ++i) c.inc();
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(c.value(), 40000);
}

TEST(MetricsTest, DeclaredFamiliesRenderHelpAndTypeBeforeTheirFirstSample) {
  MetricsRegistry r;
  r.declare_counter("instance_reconcile_total", "Reconciles");
  r.declare_histogram("instance_reconcile_duration_seconds", "Durations");
  std::string text = r.render();
  EXPECT_THAT(text, HasSubstr("# HELP instance_reconcile_total Reconciles\n"
                              "# TYPE instance_reconcile_total counter\n"));
  EXPECT_THAT(text, HasSubstr("# TYPE instance_reconcile_duration_seconds histogram\n"));
  EXPECT_THAT(text, Not(HasSubstr("\ninstance_reconcile_total")));  // no sample line
  r.counter("instance_reconcile_total", "Reconciles", {{"gvr", "a"}}).inc();
  EXPECT_THAT(r.render(), HasSubstr("instance_reconcile_total{gvr=\"a\"} 1\n"));
}

TEST(MetricsTest, ReplaceGaugesDropsSeriesNotGivenAgain) {
  MetricsRegistry r;
  r.replace_gauges("age_seconds", "Ages", {{{{"name", "a"}}, 1.5}, {{{"name", "b"}}, 2}});
  std::string first = r.render();
  EXPECT_THAT(first, HasSubstr("age_seconds{name=\"a\"} 1.5\n"));
  EXPECT_THAT(first, HasSubstr("age_seconds{name=\"b\"} 2\n"));
  r.replace_gauges("age_seconds", "Ages", {{{{"name", "b"}}, 3}});
  std::string second = r.render();
  EXPECT_THAT(second, Not(HasSubstr("name=\"a\"")));
  EXPECT_THAT(second, HasSubstr("age_seconds{name=\"b\"} 3\n"));
  r.replace_gauges("age_seconds", "Ages", {});
  EXPECT_THAT(r.render(), Not(HasSubstr("age_seconds{")));
  EXPECT_THAT(r.render(), HasSubstr("# TYPE age_seconds gauge\n"));
}

}  // namespace
}  // namespace kro::controller

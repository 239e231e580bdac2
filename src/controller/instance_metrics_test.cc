#include "controller/instance_metrics.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "controller/metrics.h"
#include "value/json.h"

namespace kro::controller {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;
using ::testing::Not;

const kube::GroupVersionResource kWebApps{"kro.run", "v1alpha1", "webapps"};
const kube::GroupVersionResource kQueues{"kro.run", "v1alpha1", "queues"};

ReconcilePass pass(ReconcilePass::QueueAction action, std::chrono::milliseconds took = 20ms) {
  ReconcilePass p;
  p.gvr = kWebApps;
  p.ns = "default";
  p.name = "demo";
  p.took = took;
  p.action = action;
  return p;
}

Json conditions(const std::string& text) { return parse_json(text).value(); }

TEST(InstanceMetricsTest, GvrLabelsAreSpelledAsUpstream) {
  EXPECT_EQ(dynamic_gvr_label(kWebApps), "kro.run/v1alpha1/webapps");
  EXPECT_EQ(instance_gvr_label(kWebApps), "kro.run/v1alpha1, Resource=webapps");
  EXPECT_EQ(instance_gvk_label({"kro.run", "v1alpha1", "WebApp"}), "kro.run/v1alpha1, Kind=WebApp");
  EXPECT_EQ(dynamic_gvr_label({"", "v1", "configmaps"}), "/v1/configmaps");
}

TEST(InstanceMetricsTest, FamiliesAreDeclaredBeforeAnyReconcile) {
  MetricsRegistry r;
  auto m = InstanceMetrics::create(r);
  std::string text = r.render();
  for (const char* family :
       {"dynamic_controller_reconcile_total counter", "dynamic_controller_requeue_total counter",
        "dynamic_controller_reconcile_duration_seconds histogram",
        "dynamic_controller_handler_errors_total counter", "instance_reconcile_total counter",
        "instance_reconcile_duration_seconds histogram", "instance_reconcile_errors_total counter",
        "instance_graph_resolution_success_total counter",
        "instance_state_transitions_total counter"}) {
    EXPECT_THAT(text, HasSubstr(std::string("# TYPE ") + family + "\n"));
  }
  // Gated off by default.
  EXPECT_THAT(text, Not(HasSubstr("instance_condition_current_status_seconds")));
}

TEST(InstanceMetricsTest, EveryPassCountsAndTimesPerKind) {
  MetricsRegistry r;
  auto m = InstanceMetrics::create(r);
  m->on_reconciled(pass(ReconcilePass::QueueAction::kForget, 20ms));
  m->on_reconciled(pass(ReconcilePass::QueueAction::kForget, 300ms));
  std::string text = r.render();
  EXPECT_THAT(
      text, HasSubstr("dynamic_controller_reconcile_total{gvr=\"kro.run/v1alpha1/webapps\"} 2\n"));
  EXPECT_THAT(
      text, HasSubstr("instance_reconcile_total{gvr=\"kro.run/v1alpha1, Resource=webapps\"} 2\n"));
  // Upstream's buckets: .01 .05 .1 .25 .5 ... 120.
  EXPECT_THAT(text, HasSubstr("dynamic_controller_reconcile_duration_seconds_bucket{gvr=\"kro.run/"
                              "v1alpha1/webapps\",le=\"0.05\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("dynamic_controller_reconcile_duration_seconds_bucket{gvr=\"kro.run/"
                              "v1alpha1/webapps\",le=\"0.5\"} 2\n"));
  EXPECT_THAT(text, HasSubstr("instance_reconcile_duration_seconds_bucket{gvr=\"kro.run/v1alpha1, "
                              "Resource=webapps\",le=\"120\"} 2\n"));
  EXPECT_THAT(text, HasSubstr("instance_reconcile_duration_seconds_count{gvr=\"kro.run/v1alpha1, "
                              "Resource=webapps\"} 2\n"));
  EXPECT_THAT(text, HasSubstr("instance_reconcile_duration_seconds_sum{gvr=\"kro.run/v1alpha1, "
                              "Resource=webapps\"} 0.32\n"));
  // A clean pass is not a requeue, and not an error.
  EXPECT_THAT(text, Not(HasSubstr("dynamic_controller_requeue_total{")));
  EXPECT_THAT(text, Not(HasSubstr("instance_reconcile_errors_total{")));
}

TEST(InstanceMetricsTest, RequeueTypesAndErrors) {
  MetricsRegistry r;
  auto m = InstanceMetrics::create(r);
  m->on_reconciled(pass(ReconcilePass::QueueAction::kRequeueAfter));
  m->on_reconciled(pass(ReconcilePass::QueueAction::kRateLimited));
  m->on_reconciled(pass(ReconcilePass::QueueAction::kRateLimited));
  m->on_reconciled(pass(ReconcilePass::QueueAction::kDropped));
  std::string text = r.render();
  EXPECT_THAT(text, HasSubstr("dynamic_controller_requeue_total{gvr=\"kro.run/v1alpha1/webapps\","
                              "type=\"requeue_after\"} 1\n"));
  // Dropped after the last retry: still a rate-limited failure, as upstream counts it.
  EXPECT_THAT(text, HasSubstr("dynamic_controller_requeue_total{gvr=\"kro.run/v1alpha1/webapps\","
                              "type=\"rate_limited\"} 3\n"));
  EXPECT_THAT(
      text,
      HasSubstr("dynamic_controller_handler_errors_total{gvr=\"kro.run/v1alpha1/webapps\"} 3\n"));
  // A requeue signal is not an error (upstream's !IsRequeueError).
  EXPECT_THAT(text, HasSubstr("instance_reconcile_errors_total{gvr=\"kro.run/v1alpha1, "
                              "Resource=webapps\"} 3\n"));
  EXPECT_THAT(text, HasSubstr("instance_reconcile_total{gvr=\"kro.run/v1alpha1, "
                              "Resource=webapps\"} 4\n"));
}

TEST(InstanceMetricsTest, GraphResolutionAndStateTransitions) {
  MetricsRegistry r;
  auto m = InstanceMetrics::create(r);
  m->graph_resolved(kWebApps);
  m->graph_resolved(kWebApps);
  kube::GroupVersionKind gvk{"kro.run", "v1alpha1", "WebApp"};
  m->state_transition(gvk, "", "IN_PROGRESS");
  m->state_transition(gvk, "IN_PROGRESS", "ACTIVE");
  m->state_transition(gvk, "IN_PROGRESS", "ACTIVE");
  std::string text = r.render();
  EXPECT_THAT(text, HasSubstr("instance_graph_resolution_success_total{gvr=\"kro.run/v1alpha1, "
                              "Resource=webapps\"} 2\n"));
  EXPECT_THAT(text, HasSubstr("instance_state_transitions_total{from_state=\"\",gvr=\"kro.run/"
                              "v1alpha1, Kind=WebApp\",to_state=\"IN_PROGRESS\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("instance_state_transitions_total{from_state=\"IN_PROGRESS\",gvr="
                              "\"kro.run/v1alpha1, Kind=WebApp\",to_state=\"ACTIVE\"} 2\n"));
}

class ConditionMetricsTest : public ::testing::Test {
 protected:
  // 2026-11-29T12:00:00Z
  std::chrono::system_clock::time_point now_ = std::chrono::system_clock::from_time_t(1795953600);
  MetricsRegistry registry_;
  std::shared_ptr<InstanceMetrics> metrics_ = InstanceMetrics::create(
      registry_, {.condition_metrics = true, .now = [this] { return now_; }});
};

TEST_F(ConditionMetricsTest, EachConditionAgesFromItsLastTransitionAtScrapeTime) {
  ASSERT_EQ(*parse_rfc3339("2026-11-29T12:00:00Z"), now_);
  metrics_->observe_conditions(kWebApps, "default", "demo", conditions(R"([
    {"type":"InstanceManaged","status":"True","reason":"Managed","lastTransitionTime":"2026-11-29T11:59:00Z"},
    {"type":"Ready","status":"False","reason":"NotReady","lastTransitionTime":"2026-11-29T11:59:50Z"}
  ])"));
  std::string text = registry_.render();
  EXPECT_THAT(text, HasSubstr("# TYPE instance_condition_current_status_seconds gauge\n"));
  EXPECT_THAT(text, HasSubstr("instance_condition_current_status_seconds{condition_status=\"True\","
                              "condition_type=\"InstanceManaged\",gvr=\"kro.run/v1alpha1, "
                              "Resource=webapps\",name=\"demo\",namespace=\"default\",reason="
                              "\"Managed\"} 60\n"));
  EXPECT_THAT(text, HasSubstr("condition_type=\"Ready\",gvr=\"kro.run/v1alpha1, Resource=webapps\","
                              "name=\"demo\",namespace=\"default\",reason=\"NotReady\"} 10\n"));
  now_ += 30s;  // no reconcile in between: the ages still move
  EXPECT_THAT(registry_.render(), HasSubstr("reason=\"NotReady\"} 40\n"));
}

TEST_F(ConditionMetricsTest, ATransitionReplacesTheOldSeries) {
  metrics_->observe_conditions(kWebApps, "default", "demo", conditions(R"([
    {"type":"Ready","status":"False","reason":"NotReady","lastTransitionTime":"2026-11-29T11:00:00Z"}
  ])"));
  metrics_->observe_conditions(kWebApps, "default", "demo", conditions(R"([
    {"type":"Ready","status":"True","reason":"Ready","lastTransitionTime":"2026-11-29T11:59:59Z"}
  ])"));
  std::string text = registry_.render();
  EXPECT_THAT(text, Not(HasSubstr("condition_status=\"False\"")));
  EXPECT_THAT(text, HasSubstr("reason=\"Ready\"} 1\n"));
}

TEST_F(ConditionMetricsTest, SeriesLeaveWithTheInstanceAndWithTheKind) {
  auto ready = conditions(R"([{"type":"Ready","status":"True","reason":"Ready",
                              "lastTransitionTime":"2026-11-29T11:00:00Z"}])");
  metrics_->observe_conditions(kWebApps, "default", "a", ready);
  metrics_->observe_conditions(kWebApps, "default", "b", ready);
  metrics_->observe_conditions(kQueues, "", "q", ready);
  metrics_->forget_instance(kWebApps, "default", "a");
  std::string text = registry_.render();
  EXPECT_THAT(text, Not(HasSubstr("name=\"a\"")));
  EXPECT_THAT(text, HasSubstr("name=\"b\""));
  metrics_->forget_kind(kWebApps);
  text = registry_.render();
  EXPECT_THAT(text, Not(HasSubstr("Resource=webapps")));
  EXPECT_THAT(text,
              HasSubstr("gvr=\"kro.run/v1alpha1, Resource=queues\",name=\"q\",namespace=\"\""));
}

TEST_F(ConditionMetricsTest, MissingOrOddConditionDataDoesNotBreakTheScrape) {
  metrics_->observe_conditions(kWebApps, "default", "none", Json());
  metrics_->observe_conditions(kWebApps, "default", "odd", conditions(R"([
    "not an object", {"status":"True"},
    {"type":"Ready","status":"Unknown","lastTransitionTime":"yesterday"}
  ])"));
  std::string text = registry_.render();
  EXPECT_THAT(text, Not(HasSubstr("name=\"none\"")));
  // Untyped entries are skipped; an unparsable time counts as no time (0, as upstream).
  EXPECT_THAT(text, HasSubstr("condition_status=\"Unknown\",condition_type=\"Ready\",gvr=\"kro.run/"
                              "v1alpha1, Resource=webapps\",name=\"odd\",namespace=\"default\","
                              "reason=\"\"} 0\n"));
}

TEST(InstanceMetricsTest, ConditionsAreIgnoredWithTheGateOff) {
  MetricsRegistry r;
  auto m = InstanceMetrics::create(r);
  m->observe_conditions(kWebApps, "default", "demo",
                        conditions(R"([{"type":"Ready","status":"True"}])"));
  EXPECT_THAT(r.render(), Not(HasSubstr("instance_condition_current_status_seconds")));
}

TEST(InstanceMetricsTest, TheCollectorOutlivesNothing) {
  MetricsRegistry r;
  {
    auto m = InstanceMetrics::create(r, {.condition_metrics = true, .now = {}});
    m->observe_conditions(kWebApps, "default", "demo",
                          conditions(R"([{"type":"Ready","status":"True"}])"));
  }
  // The metrics object is gone; a scrape must neither crash nor refresh the gauge.
  EXPECT_NO_FATAL_FAILURE((void)r.render());
}

TEST(ParseRfc3339Test, MetaV1TimeForms) {
  auto base = parse_rfc3339("2026-11-29T12:00:00Z");
  ASSERT_TRUE(base);
  EXPECT_EQ(*parse_rfc3339("2026-11-29T13:30:00+01:30"), *base);
  EXPECT_EQ(*parse_rfc3339("2026-11-29T11:00:00-01:00"), *base);
  EXPECT_EQ(*parse_rfc3339("2026-11-29T12:00:00.500000Z") - *base, 500ms);
  EXPECT_FALSE(parse_rfc3339("2026-11-29 12:00:00Z"));
  EXPECT_FALSE(parse_rfc3339("2026-13-29T12:00:00Z"));
  EXPECT_FALSE(parse_rfc3339("2026-11-29T12:00:00"));
  EXPECT_FALSE(parse_rfc3339("2026-11-29T12:00:00Zjunk"));
  EXPECT_FALSE(parse_rfc3339(""));
}

}  // namespace
}  // namespace kro::controller

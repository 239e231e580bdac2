#include "controller/options.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace kro::controller {
namespace {

using std::chrono::milliseconds;
using ::testing::HasSubstr;

TEST(ParseDurationTest, GoSpellings) {
  EXPECT_EQ(*parse_duration("200ms"), milliseconds(200));
  EXPECT_EQ(*parse_duration("3s"), milliseconds(3000));
  EXPECT_EQ(*parse_duration("1m30s"), milliseconds(90000));
  EXPECT_EQ(*parse_duration("1.5s"), milliseconds(1500));
  EXPECT_EQ(*parse_duration("2h"), milliseconds(7200000));
  EXPECT_EQ(*parse_duration("0"), milliseconds(0));
  EXPECT_EQ(*parse_duration("1500us"), milliseconds(1));
}

TEST(ParseDurationTest, RejectsBadInputWithAReason) {
  EXPECT_THAT(parse_duration("10").error().message, HasSubstr("missing unit"));
  EXPECT_THAT(parse_duration("5x").error().message, HasSubstr("unknown unit \"x\""));
  EXPECT_THAT(parse_duration("-1s").error().message, HasSubstr("expected a number"));
  EXPECT_FALSE(parse_duration(""));
}

TEST(ParseBindAddressTest, Forms) {
  auto any = parse_bind_address(":8078");
  ASSERT_TRUE(any);
  EXPECT_EQ(any->host, "0.0.0.0");
  EXPECT_EQ(any->port, 8078);
  auto local = parse_bind_address("127.0.0.1:9000");
  ASSERT_TRUE(local);
  EXPECT_EQ(local->host, "127.0.0.1");
  EXPECT_EQ(local->port, 9000);
  EXPECT_TRUE(parse_bind_address("0")->disabled);
  EXPECT_FALSE(parse_bind_address("8078"));
  EXPECT_FALSE(parse_bind_address(":http"));
  EXPECT_FALSE(parse_bind_address(":70000"));
}

TEST(ParseOptionsTest, DefaultsMatchUpstreamExceptWorkers) {
  ParsedOptions p = parse_options({});
  ASSERT_FALSE(p.exit) << p.message;
  const ControllerOptions& o = p.options;
  EXPECT_EQ(o.metrics_bind_address, ":8078");
  EXPECT_EQ(o.health_probe_bind_address, ":8079");
  EXPECT_FALSE(o.leader_elect);
  EXPECT_FALSE(o.allow_crd_deletion);
  EXPECT_EQ(o.leader_election_lease_duration, milliseconds(15000));
  EXPECT_EQ(o.instance_requeue_interval, milliseconds(3000));
  EXPECT_EQ(o.dynamic_controller_default_queue_max_retries, 20);
  EXPECT_EQ(o.dynamic_controller_concurrent_reconciles, 4);
  EXPECT_EQ(o.rgd_max_graph_revisions, 5);
}

// A kro-cpp extension (docs/controller.md, "Beyond upstream"): 5m by default, a Go duration,
// 0 turns the warning off.
TEST(ParseOptionsTest, DeletionWaitWarning) {
  EXPECT_EQ(parse_options({}).options.deletion_wait_warning, milliseconds(300000));
  ParsedOptions p = parse_options({"--deletion-wait-warning", "90s"});
  ASSERT_FALSE(p.exit) << p.message;
  EXPECT_EQ(p.options.deletion_wait_warning, milliseconds(90000));
  EXPECT_EQ(parse_options({"--deletion-wait-warning=0"}).options.deletion_wait_warning,
            milliseconds(0));
  ParsedOptions bad = parse_options({"--deletion-wait-warning", "soon"});
  EXPECT_TRUE(bad.exit);
  EXPECT_THAT(bad.message, HasSubstr("--deletion-wait-warning"));
}

// The flags upstream v0.9.4's Helm chart passes that kro-cpp accepts for compatibility.
TEST(ParseOptionsTest, AcceptsUpstreamChartFlags) {
  ParsedOptions p = parse_options({"--zap-devel", "--graph-revision-concurrent-reconciles", "2",
                                   "--rgd-max-graph-revisions", "3"});
  ASSERT_FALSE(p.exit) << p.message;
  EXPECT_TRUE(p.options.zap_devel);
  EXPECT_EQ(p.options.graph_revision_concurrent_reconciles, 2);
  EXPECT_EQ(p.options.rgd_max_graph_revisions, 3);
  EXPECT_TRUE(parse_options({"--rgd-max-graph-revisions", "-1"}).exit);
}

TEST(ParseOptionsTest, UpstreamFlagNames) {
  ParsedOptions p = parse_options(
      {"--metrics-bind-address", "127.0.0.1:18078", "--health-probe-bind-address=:0",
       "--leader-elect", "--allow-crd-deletion", "--dynamic-controller-concurrent-reconciles", "8",
       "--instance-requeue-interval", "0", "--dynamic-controller-rate-limiter-min-delay", "50ms",
       "--kubeconfig", "/tmp/kc", "--zap-log-level", "debug"});
  ASSERT_FALSE(p.exit) << p.message;
  const ControllerOptions& o = p.options;
  EXPECT_EQ(o.metrics_bind_address, "127.0.0.1:18078");
  EXPECT_EQ(o.health_probe_bind_address, ":0");
  EXPECT_TRUE(o.leader_elect);
  EXPECT_TRUE(o.allow_crd_deletion);
  EXPECT_EQ(o.dynamic_controller_concurrent_reconciles, 8);
  EXPECT_EQ(o.instance_requeue_interval, milliseconds(0));
  EXPECT_EQ(o.dynamic_controller_rate_limiter_min_delay, milliseconds(50));
  EXPECT_EQ(o.kubeconfig, "/tmp/kc");
  EXPECT_EQ(o.log_level, "debug");
}

TEST(ParseOptionsTest, ErrorsNameTheFlag) {
  ParsedOptions bad_duration = parse_options({"--instance-requeue-interval", "3"});
  EXPECT_TRUE(bad_duration.exit);
  EXPECT_NE(bad_duration.exit_code, 0);
  EXPECT_THAT(bad_duration.message, HasSubstr("missing unit"));

  ParsedOptions unknown = parse_options({"--no-such-flag"});
  EXPECT_TRUE(unknown.exit);
  EXPECT_THAT(unknown.message, HasSubstr("--no-such-flag"));

  ParsedOptions addr = parse_options({"--metrics-bind-address", "nowhere"});
  EXPECT_TRUE(addr.exit);
  EXPECT_THAT(addr.message, HasSubstr("--metrics-bind-address"));

  ParsedOptions lease = parse_options({"--leader-election-renew-deadline", "20s"});
  EXPECT_TRUE(lease.exit);
  EXPECT_THAT(lease.message, HasSubstr("renew-deadline"));
}

TEST(FeatureGatesTest, DefaultsAreOffAsUpstream) {
  ParsedOptions p = parse_options({});
  ASSERT_FALSE(p.exit) << p.message;
  EXPECT_FALSE(p.options.feature_gates.instance_condition_events);
  EXPECT_FALSE(p.options.feature_gates.instance_condition_metrics);
  EXPECT_FALSE(p.options.feature_gates.cel_omit_function);
}

TEST(FeatureGatesTest, NameEqualsBoolListWithGoBoolSpellings) {
  auto g = parse_feature_gates(
      "InstanceConditionEvents=true, InstanceConditionMetrics=T,CELOmitFunction=1");
  ASSERT_TRUE(g) << g.error().message;
  EXPECT_TRUE(g->instance_condition_events);
  EXPECT_TRUE(g->instance_condition_metrics);
  EXPECT_TRUE(g->cel_omit_function);

  auto off = parse_feature_gates("InstanceConditionEvents=True,InstanceConditionEvents=FALSE,");
  ASSERT_TRUE(off) << off.error().message;
  EXPECT_FALSE(off->instance_condition_events);  // the last setting wins
  EXPECT_TRUE(parse_feature_gates(""));
}

TEST(FeatureGatesTest, BadEntriesAreNamed) {
  auto unknown = parse_feature_gates("InstanceConditionEvents=true,NoSuchGate=true");
  ASSERT_FALSE(unknown);
  EXPECT_THAT(unknown.error().message, HasSubstr("unrecognized feature gate: NoSuchGate"));
  auto lowercase = parse_feature_gates("instanceconditionevents=true");
  ASSERT_FALSE(lowercase);  // names are case-sensitive
  EXPECT_THAT(lowercase.error().message, HasSubstr("unrecognized feature gate"));
  auto missing = parse_feature_gates("InstanceConditionMetrics");
  ASSERT_FALSE(missing);
  EXPECT_THAT(missing.error().message,
              HasSubstr("missing bool value for InstanceConditionMetrics"));
  auto bad = parse_feature_gates("CELOmitFunction=yes");
  ASSERT_FALSE(bad);
  EXPECT_THAT(bad.error().message, HasSubstr("invalid value of CELOmitFunction=yes"));
}

TEST(FeatureGatesTest, FlagSetsGatesAndRejectsUnknownAtStartUp) {
  ParsedOptions p = parse_options(
      {"--feature-gates", "InstanceConditionEvents=true,InstanceConditionMetrics=true"});
  ASSERT_FALSE(p.exit) << p.message;
  EXPECT_TRUE(p.options.feature_gates.instance_condition_events);
  EXPECT_TRUE(p.options.feature_gates.instance_condition_metrics);
  EXPECT_FALSE(p.options.feature_gates.cel_omit_function);

  ParsedOptions bad = parse_options({"--feature-gates=Bogus=true"});
  EXPECT_TRUE(bad.exit);
  EXPECT_NE(bad.exit_code, 0);
  EXPECT_THAT(bad.message, HasSubstr("--feature-gates"));
  EXPECT_THAT(bad.message, HasSubstr("unrecognized feature gate: Bogus"));
}

TEST(ParseOptionsTest, HelpListsFlagsAndExitsZero) {
  ParsedOptions p = parse_options({"--help"});
  EXPECT_TRUE(p.exit);
  EXPECT_EQ(p.exit_code, 0);
  EXPECT_THAT(p.message, HasSubstr("--allow-crd-deletion"));
}

}  // namespace
}  // namespace kro::controller

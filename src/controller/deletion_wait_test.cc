#include "controller/deletion_wait.h"

#include <gtest/gtest.h>

#include "controller/instance_metrics.h"
#include "controller/rgd_conditions.h"

namespace kro::controller {
namespace {

using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

DeletionBlocker blocker(std::string kind, std::string ns, std::string name,
                        std::vector<std::string> finalizers, std::string deleted = "") {
  return {std::move(kind), std::move(ns), std::move(name), std::move(finalizers),
          std::move(deleted)};
}

TEST(DeletionWait, FormatWaitGetsCoarserTheLongerItIs) {
  EXPECT_EQ(format_wait(seconds(0)), "0s");
  EXPECT_EQ(format_wait(seconds(45)), "45s");
  EXPECT_EQ(format_wait(seconds(59)), "59s");
  EXPECT_EQ(format_wait(seconds(60)), "1m");
  EXPECT_EQ(format_wait(seconds(4 * 60 + 59)), "4m");
  EXPECT_EQ(format_wait(seconds(3600)), "1h");
  EXPECT_EQ(format_wait(seconds(3600 + 5 * 60 + 30)), "1h5m");
  EXPECT_EQ(format_wait(seconds(86400)), "1d");
  EXPECT_EQ(format_wait(seconds(3 * 86400 + 4 * 3600 + 59)), "3d4h");
  EXPECT_EQ(format_wait(seconds(-5)), "0s");
}

TEST(DeletionWait, TheWaveWaitsSinceItsEarliestDeletionTimestamp) {
  std::vector<DeletionBlocker> wave = {
      blocker("ConfigMap", "default", "b", {}, "2026-12-08T01:22:00Z"),
      blocker("ConfigMap", "default", "a", {}, "2026-12-08T01:20:00Z"),
      blocker("ConfigMap", "default", "c", {}),  // just deleted: not terminating yet
  };
  auto since = waiting_since(wave);
  ASSERT_TRUE(since);
  EXPECT_EQ(*since, *parse_rfc3339("2026-12-08T01:20:00Z"));
  EXPECT_EQ(waited(*since, *since + minutes(4) + milliseconds(900)), seconds(240));
  EXPECT_EQ(waited(*since, *since - seconds(3)), seconds(0));  // a clock a little behind
  EXPECT_FALSE(waiting_since({blocker("ConfigMap", "default", "c", {})}));
}

TEST(DeletionWait, TheMessageNamesEachBlockerAndItsFinalizers) {
  EXPECT_EQ(deletion_wait_message({blocker("Deployment", "default", "app", {"example.com/cleanup"},
                                           "2026-12-08T01:20:00Z")},
                                  seconds(4 * 60 + 10)),
            "waiting for Deployment default/app (finalizer example.com/cleanup) for 4m");
  EXPECT_EQ(deletion_wait_message({blocker("Namespace", "", "team-a", {"a", "b"}),
                                   blocker("ConfigMap", "team-a", "cfg", {})},
                                  seconds(5)),
            "waiting for Namespace team-a (finalizers a, b), ConfigMap team-a/cfg for 5s");
}

TEST(DeletionWait, TheMessageNamesAFewAndCountsTheRest) {
  std::vector<DeletionBlocker> many;
  for (const char* n : {"a", "b", "c", "d", "e"}) many.push_back(blocker("Secret", "ns", n, {}));
  EXPECT_EQ(deletion_wait_message(many, seconds(61)),
            "waiting for Secret ns/a, Secret ns/b, Secret ns/c and 2 more for 1m");
}

TEST(DeletionWait, RgdMessagesCountTheInstancesAndSayWhoDeletesThem) {
  std::vector<DeletionBlocker> one = {blocker("App", "default", "a", {})};
  EXPECT_EQ(rgd_instances_message("App", one, seconds(30), false),
            "waiting for 1 instance of App to be deleted: default/a for 30s");
  std::vector<DeletionBlocker> two = {
      blocker("App", "default", "a", {"kro.run/finalizer"}, "2026-12-08T01:20:00Z"),
      blocker("App", "other", "b", {})};
  EXPECT_EQ(rgd_instances_message("App", two, seconds(120), true),
            "deleting 2 instances of App before its CRD: default/a (finalizer kro.run/finalizer), "
            "other/b for 2m");
}

TEST(DeletionWait, TheWarningComesOnceTheThresholdIsPassed) {
  EXPECT_FALSE(wait_stalled(seconds(299), minutes(5)));
  EXPECT_TRUE(wait_stalled(seconds(300), minutes(5)));
  EXPECT_FALSE(wait_stalled(seconds(100000), milliseconds(0)));  // 0 never warns
  EXPECT_EQ(until_stalled(seconds(290), minutes(5)), milliseconds(11000));
  EXPECT_FALSE(until_stalled(seconds(300), minutes(5)));
  EXPECT_FALSE(until_stalled(seconds(1), milliseconds(0)));
  EXPECT_EQ(stalled_event_message({blocker("ConfigMap", "default", "app", {"x.io/f"})}, minutes(5)),
            "deletion has waited longer than 5m for ConfigMap default/app (finalizer x.io/f)");
  EXPECT_EQ(stalled_event_message({blocker("App", "default", "a", {})}, seconds(2), false),
            "deletion has waited longer than 2s for default/a");
}

TEST(DeletionWait, BlockerOfReadsTheObjectsMetadata) {
  Json obj = parse_json(R"({"metadata":{"name":"app","namespace":"default",
      "deletionTimestamp":"2026-12-08T01:20:00Z","finalizers":["example.com/cleanup", 3]}})")
                 .value();
  DeletionBlocker b = deletion_blocker_of(obj, "Deployment");
  EXPECT_EQ(b.kind, "Deployment");
  EXPECT_EQ(b.namespace_, "default");
  EXPECT_EQ(b.name, "app");
  EXPECT_EQ(b.deletion_timestamp, "2026-12-08T01:20:00Z");
  EXPECT_EQ(b.finalizers, std::vector<std::string>{"example.com/cleanup"});
}

// An RGD whose deletion waits on instances says it in Ready; a Ready that keeps its status
// keeps its transition time.
TEST(DeletionWait, RgdReadyCanBeOverridden) {
  RgdConditions conds(nullptr, 3, "2026-12-08T01:00:00Z");
  for (auto type : {kGraphRevisionsResolved, kGraphAccepted, kKindReady, kControllerReady}) {
    conds.set_true(type, "Ok", "", "2026-12-08T01:00:00Z");
  }
  Json before = conds.to_json("2026-12-08T01:00:00Z");
  RgdConditions again(&before, 3, "2026-12-08T01:00:00Z");
  EXPECT_EQ(again.previous_ready()->reason, "Ready");
  again.override_ready("False", std::string(kReasonWaitingForInstances), "waiting for 1 instance");
  Json after = again.to_json("2026-12-08T01:05:00Z");
  const Json& ready = after.as_array().back();
  EXPECT_EQ(string_at(ready, "type"), "Ready");
  EXPECT_EQ(string_at(ready, "status"), "False");
  EXPECT_EQ(string_at(ready, "reason"), "WaitingForInstances");
  EXPECT_EQ(string_at(ready, "message"), "waiting for 1 instance");
  EXPECT_EQ(string_at(ready, "lastTransitionTime"), "2026-12-08T01:05:00Z");
  EXPECT_TRUE(again.active());  // the kind is still served

  RgdConditions later(&after, 3, "2026-12-08T01:00:00Z");
  later.override_ready("False", std::string(kReasonDeletionStalled), "waiting for 1 instance");
  Json stalled = later.to_json("2026-12-08T01:10:00Z");
  EXPECT_EQ(string_at(stalled.as_array().back(), "lastTransitionTime"), "2026-12-08T01:05:00Z");
  EXPECT_EQ(later.previous_ready()->reason, "WaitingForInstances");
}

}  // namespace
}  // namespace kro::controller

#include "controller/instance_status.h"

#include <gtest/gtest.h>

namespace kro::controller {
namespace {

std::string field(const Json& c, const char* k) { return std::string(c.at(k).as_string()); }

TEST(InstanceStatus, AllTrueMakesReadyTrueAndLast) {
  JsonArray list =
      set_conditions(nullptr, {instance_managed(), graph_resolved(), resources_ready()}, 3,
                     "2026-01-02T00:00:00Z", "2026-01-01T00:00:00Z");
  ASSERT_EQ(list.size(), 4U);
  EXPECT_EQ(field(list.back(), "type"), "Ready");
  EXPECT_EQ(field(list.back(), "status"), "True");
  EXPECT_EQ(field(list.back(), "reason"), "Ready");
  EXPECT_EQ(list.back().at("observedGeneration").as_int64(), 3);
  // First sighting of a dependent: the object's creation time.
  EXPECT_EQ(field(list.front(), "lastTransitionTime"), "2026-01-01T00:00:00Z");
  EXPECT_EQ(instance_state(list, "IN_PROGRESS"), "ACTIVE");
}

TEST(InstanceStatus, ReadyMirrorsTheFalseDependent) {
  Condition not_ready{"ResourcesReady", "False", "NotReady", "awaiting resource readiness: a"};
  JsonArray list =
      set_conditions(nullptr, {instance_managed(), graph_resolved(), not_ready}, 1, "t2", "t1");
  const Json* ready = find_condition(list, "Ready");
  ASSERT_NE(ready, nullptr);
  EXPECT_EQ(field(*ready, "status"), "False");
  EXPECT_EQ(field(*ready, "reason"), "NotReady");
  EXPECT_EQ(field(*ready, "message"), "awaiting resource readiness: a");
  EXPECT_EQ(instance_state(list, "IN_PROGRESS"), "IN_PROGRESS");
}

TEST(InstanceStatus, AnAuthorsReadyIsTheAuthors) {
  // kro's own list says Ready=True; the author's Ready=False must be written as authored.
  Json prev = set_conditions(nullptr, {instance_managed(), graph_resolved(), resources_ready()}, 1,
                             "t1", "t0");
  Json ready = set_author_condition(&prev, {"Ready", "False", "AuthorSaysNo", "this is a test"}, 2,
                                    "t5", "t0");
  EXPECT_EQ(field(ready, "status"), "False");
  EXPECT_EQ(field(ready, "reason"), "AuthorSaysNo");
  EXPECT_EQ(field(ready, "message"), "this is a test");
  EXPECT_EQ(field(ready, "lastTransitionTime"), "t5");  // True -> False
  EXPECT_EQ(ready.at("observedGeneration").as_int64(), 2);
  // A status that holds keeps its time; a new type gets the creation time.
  Json again = Json(JsonArray{ready});
  EXPECT_EQ(field(set_author_condition(&again, {"Ready", "False", "Other", "m"}, 3, "t9", "t0"),
                  "lastTransitionTime"),
            "t5");
  EXPECT_EQ(field(set_author_condition(nullptr, {"AppReady", "True", "", ""}, 1, "t9", "t0"),
                  "lastTransitionTime"),
            "t0");
}

TEST(InstanceStatus, TransitionTimeKeptWhileStatusHolds) {
  JsonArray first = set_conditions(nullptr, {instance_managed()}, 1, "t1", "t0");
  Json prev = first;
  JsonArray second = set_conditions(&prev, {instance_managed()}, 2, "t5", "t0");
  EXPECT_EQ(field(*find_condition(second, "InstanceManaged"), "lastTransitionTime"), "t0");
  Condition failed{"InstanceManaged", "False", "ManagementFailed", "x"};
  Json prev2 = second;
  JsonArray third = set_conditions(&prev2, {failed}, 2, "t9", "t0");
  EXPECT_EQ(field(*find_condition(third, "InstanceManaged"), "lastTransitionTime"), "t9");
}

TEST(InstanceStatus, UnknownIsReportedWhenNothingIsFalse) {
  Condition del{"ResourcesReady", "Unknown", "UnderDeletion", "deleting apply-order wave 2"};
  JsonArray list =
      set_conditions(nullptr, {instance_managed(), graph_resolved(), del}, 1, "t", "t");
  EXPECT_EQ(field(*find_condition(list, "Ready"), "status"), "Unknown");
  EXPECT_EQ(field(*find_condition(list, "Ready"), "reason"), "UnderDeletion");
}

TEST(InstanceStatus, OtherConditionsAreKept) {
  Json prev =
      parse_json(R"([{"type":"Custom","status":"True","lastTransitionTime":"t0"}])").value();
  JsonArray list = set_conditions(&prev, {instance_managed()}, 1, "t1", "t0");
  EXPECT_NE(find_condition(list, "Custom"), nullptr);
}

// A reconcile that stops early still lists every dependent: the ones not set yet are Unknown
// in upstream's words, since the instance's creation.
TEST(InstanceStatus, DependentsNotSetYetAreAwaitingReconciliation) {
  Condition unresolved{"GraphResolved", "False", "ResolutionFailed", "latest revision failed"};
  JsonArray list = set_conditions(nullptr, {instance_managed(), unresolved}, 1, "t2", "t1");
  const Json* rr = find_condition(list, "ResourcesReady");
  ASSERT_NE(rr, nullptr);
  EXPECT_EQ(field(*rr, "status"), "Unknown");
  EXPECT_EQ(field(*rr, "reason"), "AwaitingReconciliation");
  EXPECT_EQ(field(*rr, "message"), "condition \"ResourcesReady\" is awaiting reconciliation");
  EXPECT_EQ(field(*rr, "lastTransitionTime"), "t1");
  EXPECT_EQ(field(*find_condition(list, "Ready"), "reason"), "ResolutionFailed");
  // Nothing set at all: Ready waits with them.
  JsonArray none = set_conditions(nullptr, {}, 1, "t2", "t1");
  EXPECT_EQ(none.size(), 4U);
  EXPECT_EQ(field(*find_condition(none, "Ready"), "reason"), "AwaitingReconciliation");
}

TEST(InstanceStatus, NowIsRfc3339) {
  std::string now = condition_time_now();
  ASSERT_EQ(now.size(), 20U);
  EXPECT_EQ(now[10], 'T');
  EXPECT_EQ(now.back(), 'Z');
}

}  // namespace
}  // namespace kro::controller

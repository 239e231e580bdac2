#include "controller/rgd_conditions.h"

#include <gtest/gtest.h>

namespace kro::controller {
namespace {

const std::string kCreated = "2026-01-01T00:00:00Z";
const std::string kT1 = "2026-01-01T00:00:10Z";
const std::string kT2 = "2026-01-01T00:00:20Z";

const Json* cond_in(const Json& list, std::string_view type) {
  for (const Json& c : list.as_array()) {
    if (c.as_object().at("type").as_string() == type) return &c;
  }
  return nullptr;
}

std::string field(const Json& list, std::string_view type, std::string_view key) {
  const Json* c = cond_in(list, type);
  if (c == nullptr) return "<missing>";
  const Json& v = c->as_object().at(key);
  return v.is_string() ? std::string(v.as_string()) : std::to_string(v.as_int64());
}

// Every dependent True, as a served RGD has them.
void set_all_true(RgdConditions& c, const std::string& now) {
  c.set_true(kGraphAccepted, "Valid", "ok", now);
  c.set_true(kKindReady, "Ready", "ok", now);
  c.set_true(kControllerReady, "Running", "ok", now);
  c.set_true(kGraphRevisionsResolved, "Resolved", "revision 1 compiled and active", now);
}

TEST(RgdConditionsTest, FreshRgdStartsUnknownAtCreationAndInactive) {
  RgdConditions c(nullptr, 1, kCreated);
  EXPECT_FALSE(c.active());
  EXPECT_EQ(c.state(), "Inactive");
  Json list = c.to_json(kT1);
  ASSERT_EQ(list.as_array().size(), 5u);
  EXPECT_EQ(field(list, "KindReady", "status"), "Unknown");
  EXPECT_EQ(field(list, "KindReady", "lastTransitionTime"), kCreated);
  // Upstream's words for a dependent no reconcile has set yet (the v0.9.4 oracle's invalid RGD).
  EXPECT_EQ(field(list, "KindReady", "reason"), "AwaitingReconciliation");
  EXPECT_EQ(field(list, "KindReady", "message"),
            "condition \"KindReady\" is awaiting reconciliation");
  EXPECT_EQ(field(list, "Ready", "status"), "Unknown");
  EXPECT_EQ(field(list, "Ready", "reason"), "AwaitingReconciliation");
  EXPECT_EQ(list.as_array().back().as_object().at("type").as_string(), "Ready");
}

TEST(RgdConditionsTest, AllTrueMakesReadyTrueAndActive) {
  RgdConditions c(nullptr, 3, kCreated);
  c.set_true(kGraphAccepted, "Valid", "resource graph and schema are valid", kT1);
  c.set_true(kKindReady, "Ready", "kind App has been accepted and ready", kT1);
  c.set_true(kControllerReady, "Running", "controller is running", kT1);
  EXPECT_TRUE(c.active());
  // GraphRevisionsResolved counts for Ready, not for the state.
  EXPECT_EQ(field(c.to_json(kT1), "Ready", "status"), "Unknown");
  c.set_true(kGraphRevisionsResolved, "Resolved", "revision 1 compiled and active", kT1);
  EXPECT_EQ(c.state(), "Active");
  Json list = c.to_json(kT1);
  EXPECT_EQ(field(list, "Ready", "status"), "True");
  EXPECT_EQ(field(list, "Ready", "reason"), "Ready");
  EXPECT_EQ(field(list, "Ready", "message"), "");
  EXPECT_EQ(field(list, "GraphAccepted", "observedGeneration"), "3");
}

TEST(RgdConditionsTest, ReadyCopiesTheFalseDependentBeforeUnknownOnes) {
  RgdConditions c(nullptr, 1, kCreated);
  c.set_false(kGraphAccepted, "InvalidResourceGraph", "bad id", kT1);
  Json list = c.to_json(kT1);
  EXPECT_EQ(field(list, "Ready", "status"), "False");
  EXPECT_EQ(field(list, "Ready", "reason"), "InvalidResourceGraph");
  EXPECT_EQ(field(list, "Ready", "message"), "bad id");
}

TEST(RgdConditionsTest, TransitionTimeKeptWhileStatusUnchanged) {
  RgdConditions first(nullptr, 1, kCreated);
  set_all_true(first, kT1);
  Json written = first.to_json(kT1);

  RgdConditions again(&written, 2, kCreated);
  set_all_true(again, kT2);
  Json rewritten = again.to_json(kT2);
  EXPECT_EQ(field(rewritten, "GraphAccepted", "lastTransitionTime"), kT1);
  EXPECT_EQ(field(rewritten, "Ready", "lastTransitionTime"), kT1);
  EXPECT_EQ(field(rewritten, "Ready", "observedGeneration"), "2");

  // Same generation and statuses: byte-for-byte the same status, so no write is needed.
  RgdConditions same(&written, 1, kCreated);
  set_all_true(same, kT2);
  EXPECT_TRUE(deep_equal(same.to_json(kT2), written));
}

TEST(RgdConditionsTest, InvalidUpdateKeepsOtherConditionsFromStatus) {
  RgdConditions first(nullptr, 1, kCreated);
  set_all_true(first, kT1);
  Json written = first.to_json(kT1);

  RgdConditions update(&written, 2, kCreated);
  update.set_false(kGraphAccepted, "InvalidResourceGraph", "broken", kT2);
  Json list = update.to_json(kT2);
  EXPECT_EQ(field(list, "KindReady", "status"), "True");
  EXPECT_EQ(field(list, "GraphAccepted", "lastTransitionTime"), kT2);
  EXPECT_EQ(field(list, "Ready", "lastTransitionTime"), kT2);
  EXPECT_EQ(update.state(), "Inactive");
  // Ordered by transition time, root last: the changed condition moves to the end.
  const JsonArray& a = list.as_array();
  EXPECT_EQ(a[3].as_object().at("type").as_string(), "GraphAccepted");
  EXPECT_EQ(a[4].as_object().at("type").as_string(), "Ready");
}

// A fresh RGD lists its dependents in the order upstream's condition set initialises them, Ready
// last; conditions then set with equal times keep the order in which they changed.
TEST(RgdConditionsTest, TiedConditionsAreInUpstreamsOrder) {
  auto types = [](const Json& list) {
    std::vector<std::string> out;
    for (const Json& j : list.as_array()) out.emplace_back(j.as_object().at("type").as_string());
    return out;
  };
  RgdConditions c(nullptr, 1, kCreated);
  EXPECT_EQ(types(c.to_json(kCreated)),
            (std::vector<std::string>{"GraphRevisionsResolved", "GraphAccepted", "KindReady",
                                      "ControllerReady", "Ready"}));
  set_all_true(c, kT1);
  EXPECT_EQ(types(c.to_json(kT1)),
            (std::vector<std::string>{"GraphAccepted", "KindReady", "ControllerReady",
                                      "GraphRevisionsResolved", "Ready"}));
}

// Taking over an RGD from upstream: its list order breaks ties between equal transition times,
// so re-setting the same conditions rewrites nothing; a changed condition moves to the end.
TEST(RgdConditionsTest, WrittenOrderBreaksTiesAndChangedConditionsGoLast) {
  RgdConditions c(nullptr, 1, kCreated);
  c.set_true(kGraphAccepted, "Valid", "ok", kT1);
  c.set_true(kGraphRevisionsResolved, "Resolved", "revision 1 compiled and active", kT1);
  c.set_true(kKindReady, "Ready", "ok", kT1);
  c.set_true(kControllerReady, "Running", "ok", kT1);
  const Json written = c.to_json(kT1);
  auto types = [](const Json& list) {
    std::vector<std::string> out;
    for (const Json& j : list.as_array()) out.emplace_back(j.as_object().at("type").as_string());
    return out;
  };
  EXPECT_EQ(types(written), (std::vector<std::string>{"GraphAccepted", "GraphRevisionsResolved",
                                                      "KindReady", "ControllerReady", "Ready"}));

  RgdConditions again(&written, 1, kCreated);
  set_all_true(again, kT1);
  EXPECT_TRUE(deep_equal(again.to_json(kT1), written));

  again.set_true(kGraphAccepted, "Valid", "a new message", kT1);
  EXPECT_EQ(types(again.to_json(kT1)),
            (std::vector<std::string>{"GraphRevisionsResolved", "KindReady", "ControllerReady",
                                      "GraphAccepted", "Ready"}));
}

TEST(RgdConditionsTest, LegacyConditionTypesAreDropped) {
  Json legacy = JsonArray{JsonObject{{"type", "ResourceGraphAccepted"}, {"status", "True"}}};
  RgdConditions c(&legacy, 1, kCreated);
  EXPECT_EQ(cond_in(c.to_json(kT1), "ResourceGraphAccepted"), nullptr);
}

}  // namespace
}  // namespace kro::controller

namespace kro::controller {
namespace {

// RolloutHeld (kro-cpp, rollout_hold.h) is listed and kept across passes, but neither a True nor
// a False one moves Ready or the state; an RGD without one never gets one.
TEST(RgdConditionsTest, RolloutHeldCountsForNeitherReadyNorState) {
  RgdConditions c(nullptr, 2, kCreated);
  set_all_true(c, kT1);
  EXPECT_EQ(cond_in(c.to_json(kT1), kRolloutHeld), nullptr);
  c.set_true(kRolloutHeld, "Held", "generation 2 is held", kT2);
  EXPECT_EQ(c.state(), "Active");
  Json list = c.to_json(kT2);
  EXPECT_EQ(field(list, "Ready", "status"), "True");
  EXPECT_EQ(field(list, "RolloutHeld", "status"), "True");
  EXPECT_EQ(field(list, "RolloutHeld", "observedGeneration"), "2");
  EXPECT_EQ(list.as_array().back().as_object().at("type").as_string(), "Ready");
  c.set_false(kRolloutHeld, "NothingHeld", "nothing", kT2);
  EXPECT_EQ(c.state(), "Active");
  EXPECT_EQ(field(c.to_json(kT2), "Ready", "status"), "True");

  // Read back from the status it was written to: kept, with its transition time.
  RgdConditions again(&list, 2, kCreated);
  ASSERT_NE(again.get(kRolloutHeld), nullptr);
  EXPECT_EQ(again.get(kRolloutHeld)->last_transition_time, kT2);
  again.remove(kRolloutHeld);
  EXPECT_EQ(again.get(kRolloutHeld), nullptr);
  EXPECT_EQ(cond_in(again.to_json(kT2), kRolloutHeld), nullptr);
  EXPECT_EQ(again.to_json(kT2).as_array().size(), 5u);
}

}  // namespace
}  // namespace kro::controller

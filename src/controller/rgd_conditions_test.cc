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

// The three conditions a healthy RGD reports, all True at `at`.
void set_all_true(RgdConditions& c, const std::string& at) {
  c.set_true(kGraphAccepted, "Valid", "ok", at);
  c.set_true(kKindReady, "Ready", "ok", at);
  c.set_true(kControllerReady, "Running", "ok", at);
}

TEST(RgdConditionsTest, FreshRgdStartsUnknownAtCreationAndInactive) {
  RgdConditions c(nullptr, 1, kCreated);
  EXPECT_FALSE(c.active());
  EXPECT_EQ(c.state(), "Inactive");
  Json list = c.to_json(kT1);
  ASSERT_EQ(list.as_array().size(), 4u);
  EXPECT_EQ(field(list, "KindReady", "status"), "Unknown");
  EXPECT_EQ(field(list, "KindReady", "lastTransitionTime"), kCreated);
  EXPECT_EQ(field(list, "Ready", "status"), "Unknown");
  EXPECT_EQ(list.as_array().back().as_object().at("type").as_string(), "Ready");
}

TEST(RgdConditionsTest, AllTrueMakesReadyTrueAndActive) {
  RgdConditions c(nullptr, 3, kCreated);
  c.set_true(kGraphAccepted, "Valid", "resource graph and schema are valid", kT1);
  c.set_true(kKindReady, "Ready", "kind App has been accepted and ready", kT1);
  c.set_true(kControllerReady, "Running", "controller is running", kT1);
  EXPECT_TRUE(c.active());
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
  EXPECT_EQ(a[2].as_object().at("type").as_string(), "GraphAccepted");
  EXPECT_EQ(a[3].as_object().at("type").as_string(), "Ready");
}

TEST(RgdConditionsTest, LegacyConditionTypesAreDropped) {
  Json legacy = JsonArray{JsonObject{{"type", "ResourceGraphAccepted"}, {"status", "True"}}};
  RgdConditions c(&legacy, 1, kCreated);
  EXPECT_EQ(cond_in(c.to_json(kT1), "ResourceGraphAccepted"), nullptr);
}

}  // namespace
}  // namespace kro::controller

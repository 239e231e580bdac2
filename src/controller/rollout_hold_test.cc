#include "controller/rollout_hold.h"

#include <gtest/gtest.h>

#include "value/json.h"

namespace kro::controller {
namespace {

Json rgd_with_annotations(const std::string& annotations_json) {
  return parse_json(R"({"metadata":{"name":"web","annotations":)" + annotations_json + "}}")
      .value();
}

RgdCondition held(std::int64_t generation, std::string message) {
  return RgdCondition{std::string(kRolloutHeld), "True",    "Held", std::move(message),
                      "2026-01-01T00:00:00Z",    generation};
}

TEST(RolloutHold, OnlyTheValueTrueHolds) {
  EXPECT_TRUE(rollout_hold_requested(rgd_with_annotations(R"({"kro.run/hold-rollout":"true"})")));
  EXPECT_FALSE(rollout_hold_requested(rgd_with_annotations(R"({"kro.run/hold-rollout":"false"})")));
  EXPECT_FALSE(rollout_hold_requested(rgd_with_annotations(R"({"kro.run/hold-rollout":"yes"})")));
  EXPECT_FALSE(rollout_hold_requested(rgd_with_annotations(R"({"other":"true"})")));
  EXPECT_FALSE(rollout_hold_requested(parse_json(R"({"metadata":{"name":"web"}})").value()));
}

TEST(RolloutHold, MessagesNameGenerationRevisionAndVerdict) {
  EXPECT_EQ(held_message(3, 2, ""),
            "generation 3 is held by kro.run/hold-rollout: instances stay on revision 2; it is "
            "valid and rolls out when the annotation is removed");
  EXPECT_EQ(held_message(4, 2, "resource \"cm\": bad"),
            "generation 4 is held by kro.run/hold-rollout: instances stay on revision 2; it is "
            "invalid: resource \"cm\": bad");
  EXPECT_EQ(nothing_held_message(5, 3),
            "kro.run/hold-rollout is set; generation 5 is revision 3, nothing is held back");
}

// A newly held change is announced once: the same generation and message again (a resync, a
// restarted controller reading the condition back) is not.
TEST(RolloutHold, HeldIsAnnouncedOncePerGenerationAndVerdict) {
  const RgdCondition now = held(3, "m3");
  auto first = hold_event(std::nullopt, &now, 3, 0, "");
  ASSERT_TRUE(first);
  EXPECT_EQ(first->reason, "RolloutHeld");
  EXPECT_EQ(first->message, "m3");
  EXPECT_FALSE(hold_event(held(3, "m3"), &now, 3, 0, ""));
  // Another held generation, or a new verdict on the same one, is announced.
  EXPECT_TRUE(hold_event(held(2, "m3"), &now, 3, 0, ""));
  EXPECT_TRUE(hold_event(held(3, "m3 invalid"), &now, 3, 0, ""));
  // From NothingHeld to held.
  RgdCondition nothing = held(3, "x");
  nothing.status = "False";
  EXPECT_TRUE(hold_event(nothing, &now, 3, 0, ""));
}

TEST(RolloutHold, ReleaseIsAnnouncedWithWhatBecameOfTheHeldSpec) {
  auto rolled = hold_event(held(3, "m"), nullptr, 3, 4, "");
  ASSERT_TRUE(rolled);
  EXPECT_EQ(rolled->reason, "RolloutReleased");
  EXPECT_EQ(rolled->message, "hold released: generation 3 rolled out as revision 4");
  auto invalid = hold_event(held(3, "m"), nullptr, 3, 0, "bad");
  ASSERT_TRUE(invalid);
  EXPECT_EQ(invalid->message, "hold released: generation 3 is invalid and not rolled out: bad");
  RgdCondition nothing = held(5, "x");
  nothing.status = "False";
  auto reverted = hold_event(held(4, "m"), &nothing, 5, 0, "");
  ASSERT_TRUE(reverted);
  EXPECT_EQ(reverted->message,
            "hold released: generation 5 is the active revision, nothing to roll out");
}

// Nothing to say: no hold before or after (every RGD written for upstream), a hold with nothing
// held, or its removal.
TEST(RolloutHold, NoEventWithoutAHeldChange) {
  EXPECT_FALSE(hold_event(std::nullopt, nullptr, 2, 2, ""));
  RgdCondition nothing = held(2, "x");
  nothing.status = "False";
  EXPECT_FALSE(hold_event(std::nullopt, &nothing, 2, 1, ""));
  EXPECT_FALSE(hold_event(nothing, &nothing, 2, 0, ""));
  EXPECT_FALSE(hold_event(nothing, nullptr, 2, 0, ""));
}

}  // namespace
}  // namespace kro::controller

namespace kro::controller {
namespace {

RgdCondition held_at(std::int64_t generation) {
  return RgdCondition{
      std::string(kRolloutHeld), "True",    "Held", "held " + std::to_string(generation),
      "2026-01-01T00:00:00Z",    generation};
}

// The e2e race: a release is written, the CRD update wakes the RGD at once and the cache still
// shows the held status. The announcer remembers the release: nothing is announced twice.
TEST(HoldAnnouncer, AStaleReadAfterAReleaseAnnouncesNothing) {
  HoldAnnouncer a;
  const RgdCondition h = held_at(2);
  auto held = a.judge("web", std::nullopt, &h, 2, 0, "");
  ASSERT_TRUE(held);
  EXPECT_EQ(held->reason, "RolloutHeld");
  // The same hold read back, fresh or stale: nothing.
  EXPECT_FALSE(a.judge("web", std::nullopt, &h, 2, 0, ""));
  auto released = a.judge("web", h, nullptr, 2, 2, "");
  ASSERT_TRUE(released);
  EXPECT_EQ(released->reason, "RolloutReleased");
  // The cache still has RolloutHeld True: the release is not announced again.
  EXPECT_FALSE(a.judge("web", h, nullptr, 2, 0, ""));
  // A new hold later is announced.
  const RgdCondition h3 = held_at(3);
  EXPECT_TRUE(a.judge("web", std::nullopt, &h3, 3, 0, ""));
}

// A process that has not judged an RGD (a restart) goes by the status: a hold already announced
// there is not announced again; RGDs are independent; a forgotten RGD starts afresh.
TEST(HoldAnnouncer, FallsBackOnTheStatusAndKeepsRgdsApart) {
  HoldAnnouncer a;
  const RgdCondition h = held_at(4);
  EXPECT_FALSE(a.judge("web", h, &h, 4, 0, ""));
  EXPECT_TRUE(a.judge("shop", std::nullopt, &h, 4, 0, ""));
  EXPECT_FALSE(a.judge("plain", std::nullopt, nullptr, 1, 1, ""));
  a.forget("shop");
  EXPECT_TRUE(a.judge("shop", std::nullopt, &h, 4, 0, ""));
}

}  // namespace
}  // namespace kro::controller

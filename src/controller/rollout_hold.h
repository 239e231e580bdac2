// The rollout hold (a kro-cpp extension, issue #15; docs/controller.md "Beyond upstream"): while
// an RGD carries the annotation kro.run/hold-rollout: "true", a changed spec is compiled and its
// verdict reported, but nothing of it is rolled out: no GraphRevision is issued for it, the CRD
// keeps the active revision's schema and instances keep being reconciled with the active
// revision's graph. Removing the annotation rolls the newest spec out as any spec change would.
//
// The held state needs no store of its own: the annotation says a hold is on, and the newest
// GraphRevision is the active one (a held spec is never issued), so a restarted controller finds
// both where it left them. The RGD's RolloutHeld condition reports it and records which held
// generation was already announced by an Event, so a restart announces nothing twice.
//
// This file holds the pure part: reading the annotation, the condition's words, and which Event
// a change of the condition calls for. RgdController applies it (rgd_revisions.cc).
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "controller/rgd_conditions.h"
#include "value/json.h"

namespace kro::controller {

inline constexpr std::string_view kHoldRolloutAnnotation = "kro.run/hold-rollout";
// RolloutHeld reasons: a newer spec is held back (True), or the hold is on with nothing to hold
// (False: the spec is the active revision's).
inline constexpr std::string_view kReasonHeld = "Held";
inline constexpr std::string_view kReasonNothingHeld = "NothingHeld";
// Event reasons on the RGD.
inline constexpr std::string_view kReasonRolloutHeld = "RolloutHeld";
inline constexpr std::string_view kReasonRolloutReleased = "RolloutReleased";

// Whether the RGD asks for its rollout to be held (the annotation's value is "true").
bool rollout_hold_requested(const Json& rgd);

// RolloutHeld's message for generation `generation` held back while revision `active` serves;
// `error` is the held spec's compile error ("" when it is valid).
std::string held_message(std::int64_t generation, std::int64_t active, std::string_view error);
// RolloutHeld's message when the spec of `generation` is the active revision `active`.
std::string nothing_held_message(std::int64_t generation, std::int64_t active);

struct HoldEvent {
  std::string reason;
  std::string message;
};

// The Event a pass calls for, given RolloutHeld as read (`before`) and as it will be written
// (`after`, null when the condition goes):
// - RolloutHeld when `after` is True and `before` was not the same announcement (not True, or
//   another generation or message): a change newly held, or its verdict changed;
// - RolloutReleased when `before` was True and `after` is not: `issued` is the revision the
//   held spec became in this pass (0: none), `error` why it did not ("" when the spec was
//   simply the active one again).
std::optional<HoldEvent> hold_event(const std::optional<RgdCondition>& before,
                                    const RgdCondition* after, std::int64_t generation,
                                    std::int64_t issued, std::string_view error);

// Which hold this process last announced per RGD, so that a pass reading the RGD from a cache
// that has not yet caught up with this process's own last status write (the CRD update of a
// release wakes the RGD at once) announces nothing twice. An RGD this process has not judged
// falls back on RolloutHeld as read from its status, which is what carries the record across a
// restart. Thread-safe.
class HoldAnnouncer {
 public:
  // hold_event() for this pass, `read` being RolloutHeld as read from the status; records `after`.
  std::optional<HoldEvent> judge(const std::string& rgd, const std::optional<RgdCondition>& read,
                                 const RgdCondition* after, std::int64_t generation,
                                 std::int64_t issued, std::string_view error);
  // Forgets an RGD that is gone.
  void forget(const std::string& rgd);

 private:
  std::mutex mu_;
  // RolloutHeld as last judged (nullopt: removed), for the RGDs that have had one.
  std::map<std::string, std::optional<RgdCondition>> last_;
};

}  // namespace kro::controller

#include "controller/rollout_hold.h"

#include <fmt/format.h>

#include "kube/object_meta.h"

namespace kro::controller {

bool rollout_hold_requested(const Json& rgd) {
  return kube::annotation(rgd, kHoldRolloutAnnotation) == "true";
}

std::string held_message(std::int64_t generation, std::int64_t active, std::string_view error) {
  std::string head = fmt::format("generation {} is held by {}: instances stay on revision {}",
                                 generation, kHoldRolloutAnnotation, active);
  if (error.empty()) return head + "; it is valid and rolls out when the annotation is removed";
  return fmt::format("{}; it is invalid: {}", head, error);
}

std::string nothing_held_message(std::int64_t generation, std::int64_t active) {
  return fmt::format("{} is set; generation {} is revision {}, nothing is held back",
                     kHoldRolloutAnnotation, generation, active);
}

std::optional<HoldEvent> hold_event(const std::optional<RgdCondition>& before,
                                    const RgdCondition* after, std::int64_t generation,
                                    std::int64_t issued, std::string_view error) {
  const bool was_held = before && before->status == "True";
  const bool is_held = after != nullptr && after->status == "True";
  if (is_held) {
    const bool announced = was_held && before->observed_generation == after->observed_generation &&
                           before->message == after->message;
    if (announced) return std::nullopt;
    return HoldEvent{std::string(kReasonRolloutHeld), after->message};
  }
  if (!was_held) return std::nullopt;
  std::string message;
  if (issued > 0) {
    message =
        fmt::format("hold released: generation {} rolled out as revision {}", generation, issued);
  } else if (!error.empty()) {
    message = fmt::format("hold released: generation {} is invalid and not rolled out: {}",
                          generation, error);
  } else {
    message = fmt::format(
        "hold released: generation {} is the active revision, nothing to roll out", generation);
  }
  return HoldEvent{std::string(kReasonRolloutReleased), std::move(message)};
}

std::optional<HoldEvent> HoldAnnouncer::judge(const std::string& rgd,
                                              const std::optional<RgdCondition>& read,
                                              const RgdCondition* after, std::int64_t generation,
                                              std::int64_t issued, std::string_view error) {
  std::optional<RgdCondition> before = read;
  {
    std::lock_guard lock(mu_);
    auto it = last_.find(rgd);
    if (it != last_.end()) before = it->second;
    if (before || after != nullptr) {
      last_[rgd] = after != nullptr ? std::optional(*after) : std::nullopt;
    }
  }
  return hold_event(before, after, generation, issued, error);
}

void HoldAnnouncer::forget(const std::string& rgd) {
  std::lock_guard lock(mu_);
  last_.erase(rgd);
}

}  // namespace kro::controller

#include "controller/rgd_conditions.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <ctime>

namespace kro::controller {
namespace {

// In the order upstream's condition set initialises them (rgdConditionTypes in
// controller_status.go), which is the list's order while transition times tie.
constexpr std::array<std::string_view, 4> kDependents = {kGraphRevisionsResolved, kGraphAccepted,
                                                         kKindReady, kControllerReady};
// kro-cpp's own conditions: listed, never part of Ready or the state.
constexpr std::array<std::string_view, 1> kExtensionConditions = {kRolloutHeld};

bool is_dependent(std::string_view type) {
  return std::find(kDependents.begin(), kDependents.end(), type) != kDependents.end();
}

bool is_extension(std::string_view type) {
  return std::find(kExtensionConditions.begin(), kExtensionConditions.end(), type) !=
         kExtensionConditions.end();
}

std::string str_member(const Json& j, std::string_view key) {
  if (!j.is_object()) return "";
  const auto* v = j.as_object().if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
}

}  // namespace

std::string rgd_condition_time_now() {
  std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", tm.tm_year + 1900, tm.tm_mon + 1,
                     tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

Json RgdCondition::to_json() const {
  JsonObject o;
  o["type"] = type;
  o["status"] = status;
  o["reason"] = reason;
  o["message"] = message;
  o["lastTransitionTime"] = last_transition_time;
  o["observedGeneration"] = observed_generation;
  return o;
}

RgdCondition RgdCondition::from_json(const Json& j) {
  RgdCondition c;
  c.type = str_member(j, "type");
  c.status = str_member(j, "status");
  c.reason = str_member(j, "reason");
  c.message = str_member(j, "message");
  c.last_transition_time = str_member(j, "lastTransitionTime");
  if (j.is_object()) {
    const auto* g = j.as_object().if_contains("observedGeneration");
    if (g != nullptr && g->is_int64()) c.observed_generation = g->as_int64();
    if (g != nullptr && g->is_uint64())
      c.observed_generation = static_cast<int64_t>(g->as_uint64());
  }
  return c;
}

namespace {

// Upstream's words for a dependent condition no reconcile has set yet (its ConditionSet's
// SetUnknown).
constexpr std::string_view kAwaitingReconciliation = "AwaitingReconciliation";

std::string awaiting_message(std::string_view type) {
  return fmt::format("condition \"{}\" is awaiting reconciliation", type);
}

}  // namespace

RgdConditions::RgdConditions(const Json* status_conditions, std::int64_t generation,
                             std::string created_at)
    : generation_(generation), created_at_(std::move(created_at)) {
  // The conditions already written keep their order (it breaks ties between equal transition
  // times, as in upstream's stable sort); dependents not written yet follow in kDependents order.
  if (status_conditions != nullptr && status_conditions->is_array()) {
    for (const Json& j : status_conditions->as_array()) {
      RgdCondition c = RgdCondition::from_json(j);
      if (c.type == kReadyCondition) {
        previous_ready_ = c;
      } else if ((is_dependent(c.type) || is_extension(c.type)) && find(c.type) == nullptr) {
        dependents_.push_back(std::move(c));
      }
    }
  }
  for (std::string_view type : kDependents) {
    if (find(type) != nullptr) continue;
    RgdCondition c;
    c.type = std::string(type);
    c.status = "Unknown";
    c.reason = std::string(kAwaitingReconciliation);
    c.message = awaiting_message(type);
    c.last_transition_time = created_at_;
    c.observed_generation = generation_;
    dependents_.push_back(std::move(c));
  }
}

RgdCondition* RgdConditions::find(std::string_view type) {
  for (auto& d : dependents_) {
    if (d.type == type) return &d;
  }
  return nullptr;
}

void RgdConditions::set(std::string_view type, std::string status, std::string reason,
                        std::string message, const std::string& now) {
  RgdCondition* existing = find(type);
  RgdCondition c =
      existing != nullptr
          ? *existing
          : RgdCondition{std::string(type),      "Unknown",   std::string(kAwaitingReconciliation),
                         awaiting_message(type), created_at_, generation_};
  if (c.status != status) c.last_transition_time = now;
  c.status = std::move(status);
  c.reason = std::move(reason);
  c.message = std::move(message);
  c.observed_generation = generation_;
  if (existing != nullptr && *existing == c) return;
  // A changed condition goes to the end of the list before the sort by time, as upstream's
  // Set does; with equal times that decides the order.
  if (existing != nullptr) {
    dependents_.erase(dependents_.begin() + (existing - dependents_.data()));
  }
  dependents_.push_back(std::move(c));
}

void RgdConditions::set_true(std::string_view type, std::string reason, std::string message,
                             const std::string& now) {
  set(type, "True", std::move(reason), std::move(message), now);
}

void RgdConditions::set_unknown(std::string_view type, std::string reason, std::string message,
                                const std::string& now) {
  set(type, "Unknown", std::move(reason), std::move(message), now);
}

void RgdConditions::set_false(std::string_view type, std::string reason, std::string message,
                              const std::string& now) {
  set(type, "False", std::move(reason), std::move(message), now);
}

void RgdConditions::override_ready(std::string status, std::string reason, std::string message) {
  ready_override_ = RgdCondition{std::string(kReadyCondition),
                                 std::move(status),
                                 std::move(reason),
                                 std::move(message),
                                 "",
                                 generation_};
}

void RgdConditions::remove(std::string_view type) {
  std::erase_if(dependents_, [&](const RgdCondition& c) { return c.type == type; });
}

const RgdCondition* RgdConditions::get(std::string_view type) const {
  for (const auto& d : dependents_) {
    if (d.type == type) return &d;
  }
  return nullptr;
}

bool RgdConditions::active() const {
  // GraphRevisionsResolved counts for Ready, not for the state (as upstream).
  return std::all_of(dependents_.begin(), dependents_.end(), [](const RgdCondition& c) {
    return c.type == kGraphRevisionsResolved || is_extension(c.type) || c.status == "True";
  });
}

Json RgdConditions::to_json(const std::string& now) const {
  RgdCondition ready{std::string(kReadyCondition), "True", "Ready", "", now, generation_};
  const RgdCondition* worst = nullptr;
  for (const auto& d : dependents_) {
    if (is_extension(d.type)) continue;
    if (d.status == "False") {
      worst = &d;
      break;
    }
    if (d.status != "True" && worst == nullptr) worst = &d;
  }
  if (worst != nullptr) {
    ready.status = worst->status;
    ready.reason = worst->reason;
    ready.message = worst->message;
  }
  if (ready_override_) {
    ready.status = ready_override_->status;
    ready.reason = ready_override_->reason;
    ready.message = ready_override_->message;
  }
  if (previous_ready_ && previous_ready_->status == ready.status) {
    ready.last_transition_time = previous_ready_->last_transition_time;
  }
  std::vector<RgdCondition> sorted = dependents_;
  std::stable_sort(sorted.begin(), sorted.end(), [](const RgdCondition& a, const RgdCondition& b) {
    return a.last_transition_time < b.last_transition_time;
  });
  JsonArray out;
  for (const auto& c : sorted) out.push_back(c.to_json());
  out.push_back(ready.to_json());
  return out;
}

}  // namespace kro::controller

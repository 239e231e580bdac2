// The ResourceGraphDefinition's status conditions, with upstream kro's condition-set mechanics
// (pkg/apis/condition_set.go, docs/behaviour/rgd-api.md "Conditions"):
//
//   Ready (root)  ← GraphRevisionsResolved, GraphAccepted, KindReady, ControllerReady
//
// - Setting a condition stamps observedGeneration; lastTransitionTime changes only when the
//   status changes, so re-setting the same status keeps the old time (and the status object
//   equal, which is what lets the controller skip the write).
// - Ready is True (reason Ready, empty message) when every dependent is True; otherwise it
//   copies status, reason and message of the most unhealthy dependent (False before Unknown,
//   in dependent order).
// - Dependents not yet known are Unknown, with the RGD's creationTimestamp as transition time.
// - The list is ordered by lastTransitionTime, root last; ties keep the order the conditions
//   were written in, a changed condition counting as written last (upstream's stable sort).
// - state is Active iff GraphAccepted, KindReady and ControllerReady are True, else Inactive
//   (GraphRevisionsResolved counts for Ready only).
// - kro-cpp extension conditions (kExtensionConditions: RolloutHeld, rollout_hold.h) are kept
//   from the status and sorted in with the others, but count for neither Ready nor the state.
//   An RGD that never had one (every RGD written for upstream) never gets one.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "value/json.h"

namespace kro::controller {

inline constexpr std::string_view kGraphAccepted = "GraphAccepted";
inline constexpr std::string_view kKindReady = "KindReady";
inline constexpr std::string_view kControllerReady = "ControllerReady";
inline constexpr std::string_view kGraphRevisionsResolved = "GraphRevisionsResolved";
inline constexpr std::string_view kReadyCondition = "Ready";
// kro-cpp: the spec's newest generation is held back from rollout (rollout_hold.h).
inline constexpr std::string_view kRolloutHeld = "RolloutHeld";

struct RgdCondition {
  std::string type;
  std::string status;  // "True", "False", "Unknown"
  std::string reason;
  std::string message;
  std::string last_transition_time;  // RFC 3339, seconds
  std::int64_t observed_generation = 0;

  Json to_json() const;
  static RgdCondition from_json(const Json& j);
  bool operator==(const RgdCondition&) const = default;
};

class RgdConditions {
 public:
  // Starts from the conditions in the RGD's status (unknown types are dropped, e.g. the legacy
  // ResourceGraphAccepted; extension types are kept), for an RGD of this generation and
  // creationTimestamp.
  RgdConditions(const Json* status_conditions, std::int64_t generation, std::string created_at);

  void set_true(std::string_view type, std::string reason, std::string message,
                const std::string& now);
  void set_false(std::string_view type, std::string reason, std::string message,
                 const std::string& now);
  void set_unknown(std::string_view type, std::string reason, std::string message,
                   const std::string& now);

  // Ready with this status, reason and message instead of the dependents' (kro-cpp: an RGD
  // whose deletion waits on its instances, deletion_wait.h); its transition time follows the
  // usual rule.
  void override_ready(std::string status, std::string reason, std::string message);
  // The Ready condition read from the status, if any.
  const std::optional<RgdCondition>& previous_ready() const { return previous_ready_; }

  // Drops a condition (meant for extension types: a dependent dropped comes back Unknown when
  // read again).
  void remove(std::string_view type);

  const RgdCondition* get(std::string_view type) const;
  // Whether GraphAccepted, KindReady and ControllerReady are all True.
  bool active() const;
  // "Active" or "Inactive".
  std::string state() const { return active() ? "Active" : "Inactive"; }
  // The conditions with Ready computed, in upstream's order, as a JSON array.
  Json to_json(const std::string& now) const;

 private:
  void set(std::string_view type, std::string status, std::string reason, std::string message,
           const std::string& now);
  RgdCondition* find(std::string_view type);

  // kDependents and the extension conditions set, in list order (see the constructor)
  std::vector<RgdCondition> dependents_;
  std::optional<RgdCondition> previous_ready_;
  std::optional<RgdCondition> ready_override_;
  std::int64_t generation_;
  std::string created_at_;
};

// The current time as Kubernetes writes metav1.Time: "2026-01-02T03:04:05Z".
std::string rgd_condition_time_now();

}  // namespace kro::controller

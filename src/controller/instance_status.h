// The instance's kro conditions and status.state (docs/behaviour/instance-reconcile.md), as pure
// functions so that their exact shape is unit-tested: the condition tree Ready <-
// {InstanceManaged, GraphResolved, ResourcesReady}, lastTransitionTime kept while a condition's
// status holds, conditions ordered by transition time with Ready last, observedGeneration
// stamped.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "value/json.h"

namespace kro::controller {

inline constexpr std::string_view kCondReady = "Ready";
inline constexpr std::string_view kCondInstanceManaged = "InstanceManaged";
inline constexpr std::string_view kCondGraphResolved = "GraphResolved";
inline constexpr std::string_view kCondResourcesReady = "ResourcesReady";

inline constexpr std::string_view kStateActive = "ACTIVE";
inline constexpr std::string_view kStateInProgress = "IN_PROGRESS";
inline constexpr std::string_view kStateError = "ERROR";
inline constexpr std::string_view kStateDeleting = "DELETING";

struct Condition {
  std::string type;
  std::string status;  // "True", "False", "Unknown"
  std::string reason;
  std::string message;
};

// Upstream's fixed True conditions.
Condition instance_managed();
Condition graph_resolved();
Condition resources_ready();

// Sets `updates` onto the conditions found in `previous` (the instance's status.conditions, any
// JSON), recomputes Ready and returns the new list. `now` and `created` are RFC 3339 times:
// a condition whose status changed gets `now`, a dependent seen for the first time gets the
// object's creation time (as upstream's condition set does).
JsonArray set_conditions(const Json* previous, const std::vector<Condition>& updates,
                         std::int64_t generation, std::string_view now, std::string_view created);

// One author-defined condition (schema.status.conditions) as written, `previous` being the
// instance's status.conditions: its transition time kept while its status holds, a new one
// stamped with `created` as set_conditions does. No dependent is added and Ready is not
// recomputed: an author's Ready (or any other type) is the author's, as upstream.
Json set_author_condition(const Json* previous, const Condition& c, std::int64_t generation,
                          std::string_view now, std::string_view created);

// The Ready condition in a list, or nullptr.
const Json* find_condition(const JsonArray& conditions, std::string_view type);

// status.state: ACTIVE when Ready is True, else `fallback` (the node-derived state).
std::string instance_state(const JsonArray& conditions, std::string_view fallback);

// RFC 3339 UTC, seconds precision ("2026-11-29T16:40:16Z"), as metav1.Time serializes.
std::string condition_time_now();

}  // namespace kro::controller

#include "controller/instance_status.h"

#include <algorithm>
#include <chrono>
#include <ctime>

#include "fmt/format.h"

namespace kro::controller {

namespace {

std::string str_field(const Json& object, std::string_view key) {
  if (!object.is_object()) return {};
  const Json* v = object.as_object().if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
}

Json to_json(const Condition& c, std::int64_t generation, std::string_view transition) {
  JsonObject o;
  o["type"] = c.type;
  o["status"] = c.status;
  o["observedGeneration"] = generation;
  o["lastTransitionTime"] = transition;
  o["reason"] = c.reason;
  o["message"] = c.message;
  return o;
}

// Sets one condition in `list`, keeping the transition time while the status holds.
void set_one(JsonArray& list, const Condition& c, std::int64_t generation, std::string_view now,
             std::string_view created) {
  for (auto& existing : list) {
    if (str_field(existing, "type") != c.type) continue;
    std::string transition = str_field(existing, "status") == c.status
                                 ? str_field(existing, "lastTransitionTime")
                                 : std::string(now);
    existing = to_json(c, generation, transition);
    return;
  }
  list.push_back(to_json(c, generation, created));
}

}  // namespace

Condition instance_managed() {
  return {std::string(kCondInstanceManaged), "True", "Managed",
          "instance is properly managed with finalizers and labels"};
}

Condition graph_resolved() {
  return {std::string(kCondGraphResolved), "True", "Resolved",
          "runtime graph created and all resources resolved"};
}

Condition resources_ready() {
  return {std::string(kCondResourcesReady), "True", "AllResourcesReady",
          "all resources are created and ready"};
}

JsonArray set_conditions(const Json* previous, const std::vector<Condition>& updates,
                         std::int64_t generation, std::string_view now, std::string_view created) {
  JsonArray list;
  if (previous != nullptr && previous->is_array()) {
    for (const auto& c : previous->as_array()) {
      if (c.is_object() && !str_field(c, "type").empty()) list.push_back(c);
    }
  }
  // Every dependent is present: one no reconcile has set yet is Unknown, in upstream's words and
  // with the creation time (its condition set's initialisation).
  for (std::string_view type : {kCondInstanceManaged, kCondGraphResolved, kCondResourcesReady}) {
    if (find_condition(list, type) != nullptr) continue;
    bool updated = false;
    for (const auto& c : updates) updated = updated || c.type == type;
    if (updated) continue;
    set_one(list,
            Condition{std::string(type), "Unknown", "AwaitingReconciliation",
                      fmt::format("condition \"{}\" is awaiting reconciliation", type)},
            generation, now, created);
  }
  for (const auto& c : updates) set_one(list, c, generation, now, created);

  // Ready mirrors the most unhealthy dependent: False before Unknown, the latest transition
  // first; all True (for this generation) makes it True.
  const Json* worst = nullptr;
  for (std::string_view want : {"False", "Unknown"}) {
    for (const auto& c : list) {
      std::string type = str_field(c, "type");
      if (type != kCondInstanceManaged && type != kCondGraphResolved &&
          type != kCondResourcesReady) {
        continue;
      }
      if (str_field(c, "status") != want) continue;
      if (worst == nullptr ||
          str_field(c, "lastTransitionTime") > str_field(*worst, "lastTransitionTime")) {
        worst = &c;
      }
    }
    if (worst != nullptr) break;
  }
  Condition ready{std::string(kCondReady), "True", "Ready", ""};
  if (worst != nullptr) {
    ready.status = str_field(*worst, "status");
    ready.reason = str_field(*worst, "reason");
    ready.message = str_field(*worst, "message");
  }
  set_one(list, ready, generation, now, created);

  // Ordered by transition time (stable), the root condition last, as kubectl users expect.
  std::stable_sort(list.begin(), list.end(), [](const Json& a, const Json& b) {
    bool a_root = str_field(a, "type") == kCondReady;
    bool b_root = str_field(b, "type") == kCondReady;
    if (a_root != b_root) return b_root;
    if (a_root) return false;
    return str_field(a, "lastTransitionTime") < str_field(b, "lastTransitionTime");
  });
  return list;
}

Json set_author_condition(const Json* previous, const Condition& c, std::int64_t generation,
                          std::string_view now, std::string_view created) {
  JsonArray one;
  if (previous != nullptr && previous->is_array()) {
    for (const auto& p : previous->as_array()) {
      if (str_field(p, "type") == c.type) {
        one.push_back(p);
        break;
      }
    }
  }
  set_one(one, c, generation, now, created);
  return one.front();
}

const Json* find_condition(const JsonArray& conditions, std::string_view type) {
  for (const auto& c : conditions) {
    if (str_field(c, "type") == type) return &c;
  }
  return nullptr;
}

std::string instance_state(const JsonArray& conditions, std::string_view fallback) {
  const Json* ready = find_condition(conditions, kCondReady);
  if (ready != nullptr && str_field(*ready, "status") == "True") return std::string(kStateActive);
  return std::string(fallback);
}

std::string condition_time_now() {
  std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", tm.tm_year + 1900, tm.tm_mon + 1,
                     tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

}  // namespace kro::controller

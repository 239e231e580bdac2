// The state of one RGD reconcile (RgdController::Pass), shared by rgd_controller.cc and
// rgd_revisions.cc: the RGD as read, the status it builds up, written once at the end.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "controller/rgd_conditions.h"
#include "controller/rgd_controller.h"
#include "value/json.h"

namespace kro::controller {

struct RgdController::Pass {
  const Json& rgd;
  std::string name;
  std::string uid;
  std::string now;
  JsonObject status;
  RgdConditions conds;
  // The rollout hold (rollout_hold.h): RolloutHeld as read, whether this pass decided it (a pass
  // that stopped before, e.g. on terminating revisions, announces nothing), the revision issued
  // in this pass (0: none), and whether a held spec failed to compile (retried with backoff, as
  // an unheld one).
  std::optional<RgdCondition> hold_before = std::nullopt;
  bool hold_judged = false;
  std::int64_t issued_now = 0;
  bool retry_compile = false;
};

}  // namespace kro::controller

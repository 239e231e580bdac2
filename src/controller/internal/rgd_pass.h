// The state of one RGD reconcile (RgdController::Pass), shared by rgd_controller.cc and
// rgd_revisions.cc: the RGD as read, the status it builds up, written once at the end.
#pragma once

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
};

}  // namespace kro::controller

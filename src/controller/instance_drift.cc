#include "controller/instance_drift.h"

namespace kro::controller {

bool desired_holds(const Json& desired, const Json& live) {
  if (desired.is_object()) {
    if (!live.is_object()) return false;
    const auto& lo = live.as_object();
    for (const auto& [key, value] : desired.as_object()) {
      const Json* lv = lo.if_contains(key);
      if (lv == nullptr) {
        // An explicit null asks for the field to be absent.
        if (value.is_null()) continue;
        return false;
      }
      if (!desired_holds(value, *lv)) return false;
    }
    return true;
  }
  if (desired.is_array()) {
    if (!live.is_array()) return false;
    const auto& da = desired.as_array();
    const auto& la = live.as_array();
    if (da.size() != la.size()) return false;
    for (std::size_t i = 0; i < da.size(); ++i) {
      if (!desired_holds(da[i], la[i])) return false;
    }
    return true;
  }
  return deep_equal(desired, live);
}

}  // namespace kro::controller

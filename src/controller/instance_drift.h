// Whether a server-side apply would change nothing: every field of the desired object already
// holds in the live (cached) object. This is what lets the controller skip applies in the
// steady state (upstream applies every child on every reconcile).
//
// Objects compare as subsets (the live object may hold more: defaults, status, other managers'
// fields); lists compare element by element and must have the same length (a list we own is
// replaced as a whole by apply); scalars compare numerically where JSON numbers differ only in
// kind (1 == 1.0). A quantity the server normalises ("1000m" → "1") reads as a difference,
// which only costs a no-op apply.
#pragma once

#include "value/json.h"

namespace kro::controller {

bool desired_holds(const Json& desired, const Json& live);

}  // namespace kro::controller

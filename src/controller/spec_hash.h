// The GraphRevision spec hash (label kro.run/graph-revision-hash), computed exactly as upstream
// kro v0.9.4 does, so that revisions issued by either controller are recognised by the other:
// FNV-64a, as 16 lower-case hex digits, of Go's json.Marshal of the RGD spec as upstream's Go
// types decode it (fields in declaration order, empty optional fields omitted, the free-form
// parts — schema.spec/types/status and each resource's template — re-encoded canonically with
// sorted keys and float64 numbers), after normalising it: group defaults to kro.run, scope to
// Namespaced, resources sorted by id, readyWhen and includeWhen sorted. A resource's
// deletionPolicy (a kro-cpp extension) is appended when set, so a spec without it hashes as
// upstream's.
// (docs/behaviour/rgd-controller-and-crds.md, "Reconcile" step 2.)
#pragma once

#include <string>

#include "value/json.h"

namespace kro::controller {

// The normalised spec in Go's encoding (exposed for tests and for diagnosing a mismatch).
std::string graph_revision_spec_json(const Json& rgd_spec);
// FNV-64a hex of graph_revision_spec_json().
std::string graph_revision_spec_hash(const Json& rgd_spec);

}  // namespace kro::controller

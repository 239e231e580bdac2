// The field-level comparisons of `kro preview` (pure functions, no cluster): which leaves of an
// object differ between what the cluster holds and what it would hold after kro's apply, and,
// offline, what that apply would leave.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "value/json.h"

namespace kro::cli {

// One field that differs. `path` is dotted ("spec.replicas"), with list indexes
// ("spec.ports[0].port") or names ("spec.containers[name=web].image") and keys that are not plain
// identifiers quoted
// (`metadata.labels["app.kubernetes.io/name"]`). An absent side is nullopt; a field added or
// removed with everything under it is one change at its own path.
struct FieldChange {
  std::string path;
  std::optional<Json> before;
  std::optional<Json> after;
};

// The fields where `after` differs from `before`: objects member by member (before's members in
// their order, then the new ones in after's order); lists whose items are all named by a string
// `name` (else `id`) item by name ("containers[name=web]", "resources[id=config]"), other lists
// index by index; everything else by value (1 equals 1.0, as Kubernetes compares).
std::vector<FieldChange> diff_objects(const Json& before, const Json& after);

// The object without what only the API server writes (metadata.managedFields, resourceVersion,
// generation, uid, creationTimestamp, selfLink) and without status: what a preview compares,
// since an apply of kro's never writes those.
Json comparable(const Json& object);

// Offline stand-in for the server's answer to kro's server-side apply of `desired` onto `live`:
// desired's fields merged into live (objects member by member; lists whose items are all objects
// with a string `name` matched by name, other lists of objects of one length index by index, any
// other list replaced), minus the fields that `previous` (what the old RGD rendered for the same
// object, when known) set and `desired` no longer sets — the fields kro's field manager would
// give up. Fields of other owners and server defaults in `live` stay, as they would.
Json apply_offline(const Json& live, const Json& desired, const Json* previous);

// "spec" + "replicas" → "spec.replicas"; keys that are not identifiers are quoted.
std::string join_path(const std::string& parent, const std::string& key);

}  // namespace kro::cli

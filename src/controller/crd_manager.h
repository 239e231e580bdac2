// CrdManager: creates, updates, waits for and deletes the CRDs kro generates for RGDs
// (upstream pkg/client/crd.go, docs/behaviour/rgd-controller-and-crds.md "CRDs").
//
// ensure(desired):
//   - absent → create (POST, so that of two RGDs racing for one kind exactly one wins; the loser
//     sees AlreadyExists and then the ownership error below on its retry);
//   - present → ownership check on its labels: not kro-owned → "CRD <name> already exists and
//     is not owned by KRO"; kro.run/resource-graph-definition-name of another RGD → "CRD <name>
//     is owned by another ResourceGraphDefinition <other>"; same name, other UID → adopted (the
//     RGD was re-created);
//   - breaking-change check of the schema (schema/compat.h); breaking and not allowed →
//     "cannot update CRD <name>: breaking changes detected: <summary>";
//   - then server-side apply (field manager kro.run/crd-manager, force) of the desired CRD,
//     skipped when the live CRD already holds every desired field (steady state: no write);
//   - and, when spec.names.shortNames or categories differ (absent = empty), a JSON merge patch
//     setting both as upstream's does (null when empty): an apply that omits a list set at
//     create time cannot remove it, since the create's field manager still owns it.
// wait_established polls the CRD until condition Established=True (upstream: every 150 ms, up
// to 2 minutes), returning early when stop is requested.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <stop_token>
#include <string>

#include "kube/rest_client.h"
#include "value/json.h"
#include "value/result.h"

namespace kro::controller {

inline constexpr std::string_view kCrdFieldManager = "kro.run/crd-manager";

struct CrdEnsureResult {
  bool created = false;
  bool updated = false;
};

// Whether the live object already holds every field of `desired` (objects compared member by
// member, recursively; arrays and scalars must be equal). Used to skip no-op applies.
bool holds_all(const Json& live, const Json& desired);

// The merge patch that makes the live CRD's spec.names.shortNames and categories those of
// `desired` (an absent or empty list becomes null), or nothing when they already match.
std::optional<Json> names_patch(const Json& live, const Json& desired);

class CrdManager {
 public:
  explicit CrdManager(kube::RestClient& client) : client_(client) {}

  // `desired` is a whole CRD (schema::synthesize_crd output, with kro's labels).
  Result<CrdEnsureResult> ensure(const Json& desired, const std::string& rgd_name,
                                 const std::string& rgd_uid, bool allow_breaking_changes);
  // Ok when Established=True; an error after `timeout` or when stopped.
  Status wait_established(const std::string& crd_name, std::chrono::milliseconds timeout,
                          const std::stop_token& stop,
                          std::chrono::milliseconds poll = std::chrono::milliseconds(150));
  // Deletes the CRD if it is labelled as generated for `rgd_name`; true when it deleted (or
  // the CRD was already gone).
  Result<bool> remove_if_owned(const std::string& crd_name, const std::string& rgd_name);
  // Whether the CRD exists and is labelled as generated for `rgd_name` (its instances are that
  // RGD's, not another's that claims the same kind).
  Result<bool> owned_by(const std::string& crd_name, const std::string& rgd_name);

 private:
  kube::RestClient& client_;
};

}  // namespace kro::controller

// Releasing a child instead of deleting it: the `deletionPolicy: Orphan` of a resource, a kro-cpp
// extension (upstream kro #1419, KREP-014; docs/controller.md, "Beyond upstream").
//
// The policy travels with the child: kro writes the annotation kro.run/deletion-policy=Orphan on
// the objects of an Orphan resource (and nothing on the others, so an RGD without the field
// produces the same children as upstream). Deletion and prune read it from the object itself,
// because by then the RGD may have changed or dropped the resource.
//
// A release leaves the object where it is, with every value it has, and makes it no longer
// kro's, in three server-side steps (the functions below build their bodies):
//   1. transfer: an apply by kro.run/orphaned of the live values of exactly the fields kro's
//      child manager (kro.run/applyset) owns, without kro's own labels and annotations, so those
//      fields get a second owner that never goes away;
//   2. release: an apply by kro.run/applyset of the object's identity alone, which drops every
//      claim of that manager; what only kro owned (its labels, apply-order and policy
//      annotations) is removed, what kro.run/orphaned now co-owns stays;
//   3. only when some kro label or annotation survived (another manager co-owns it): a merge
//      patch that removes it.
// Without kro.run/owned and applyset.kubernetes.io/part-of the object leaves the child informers
// (filtered on kro.run/owned=true) and every ApplySet's prune scope (listed by part-of), so
// nothing later adopts or prunes it. Each write carries the resourceVersion it was built from,
// so a concurrent change makes the step fail and the next reconcile starts again from fresh state;
// every step is idempotent, so a controller that dies between them simply repeats them.
#pragma once

#include <optional>
#include <string_view>

#include "graph/model.h"
#include "value/json.h"

namespace kro::controller {

// On a child of an Orphan resource: the policy it was last applied under.
inline constexpr std::string_view kDeletionPolicyAnnotation = "kro.run/deletion-policy";
inline constexpr std::string_view kDeletionPolicyOrphan = graph::kDeletionPolicyOrphan;
// The field manager that keeps the fields of a released child.
inline constexpr std::string_view kOrphanedManager = "kro.run/orphaned";

// Whether deletion and prune must release `child` rather than delete it.
bool has_orphan_policy(const Json& child);

// kro's ownership metadata on a child: kro.run/* labels, app.kubernetes.io/managed-by=kro,
// applyset.kubernetes.io/part-of; annotations internal.kro.run/apply-order and
// kro.run/deletion-policy.
bool is_kro_label(std::string_view key, std::string_view value);
bool is_kro_annotation(std::string_view key);

// The part of `value` that a managedFields fieldsV1 set names ("f:name", "k:{...}", "v:...",
// "i:N", "."), with the live values; list elements keep their key fields. nullopt when the set
// names nothing present.
std::optional<Json> owned_part(const Json& value, const Json& fields_v1);

// Step 1: apiVersion, kind, metadata.{name, namespace, resourceVersion} and the fields `live`'s
// managedFields record for kro.run/applyset (operation Apply), minus kro's metadata.
Json transfer_body(const Json& live);
// Step 2: apiVersion, kind, metadata.{name, namespace, resourceVersion} of `object`.
Json release_body(const Json& object);
// Step 3: a JSON merge patch removing the kro labels and annotations `object` still has (with
// its resourceVersion), or nullopt when it has none.
std::optional<Json> leftover_patch(const Json& object);

}  // namespace kro::controller

// kro's label, annotation, finalizer and field-manager names on instances and their children
// (docs/behaviour/labels-and-applyset.md), and the functions that build label sets. Each key is
// spelled exactly as upstream kro v0.9 writes it: other tools (kubectl, upstream kro after a
// migration) read them.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "value/json.h"

namespace kro::controller {

// Labels on instances, children and generated CRDs.
inline constexpr std::string_view kOwnedLabel = "kro.run/owned";
inline constexpr std::string_view kKroVersionLabel = "kro.run/kro-version";
inline constexpr std::string_view kRgdIdLabel = "kro.run/resource-graph-definition-id";
inline constexpr std::string_view kRgdNameLabel = "kro.run/resource-graph-definition-name";

// Labels on children: which instance and which resource of the graph they belong to.
inline constexpr std::string_view kInstanceIdLabel = "kro.run/instance-id";
inline constexpr std::string_view kInstanceNameLabel = "kro.run/instance-name";
inline constexpr std::string_view kInstanceNamespaceLabel = "kro.run/instance-namespace";
inline constexpr std::string_view kInstanceGroupLabel = "kro.run/instance-group";
inline constexpr std::string_view kInstanceVersionLabel = "kro.run/instance-version";
inline constexpr std::string_view kInstanceKindLabel = "kro.run/instance-kind";
inline constexpr std::string_view kNodeIdLabel = "kro.run/node-id";
inline constexpr std::string_view kCollectionIndexLabel = "kro.run/collection-index";
inline constexpr std::string_view kCollectionSizeLabel = "kro.run/collection-size";
inline constexpr std::string_view kManagedByLabel = "app.kubernetes.io/managed-by";
inline constexpr std::string_view kManagedByKro = "kro";

// Deletion / prune wave of a child (graph apply order, 1 = applied first).
inline constexpr std::string_view kApplyOrderAnnotation = "internal.kro.run/apply-order";

// The user's switch on an instance: "suspended" (or legacy "disabled"), case-insensitive.
inline constexpr std::string_view kReconcileAnnotation = "kro.run/reconcile";

inline constexpr std::string_view kFinalizer = "kro.run/finalizer";

// Server-side apply field managers.
inline constexpr std::string_view kLabellerManager = "kro.run/labeller";  // instance
inline constexpr std::string_view kApplySetParentManager = "kro.run/applyset-parent";
inline constexpr std::string_view kApplySetManager = "kro.run/applyset";  // children

using Labels = std::map<std::string, std::string>;

// The kro.run/kro-version value: the controller version with '+' replaced by '-' (a label
// value cannot hold '+').
std::string kro_version_label_value(std::string_view version);

// The instance's own labels: owned, kro-version, RGD id and name.
Labels instance_labels(std::string_view kro_version, std::string_view rgd_name,
                       std::string_view rgd_uid);

// What a child needs to know about its instance.
struct InstanceRef {
  std::string uid;
  std::string name;
  std::string namespace_;  // empty for a cluster-scoped instance
  std::string group;
  std::string version;
  std::string kind;
};
InstanceRef instance_ref_of(const Json& instance);

// The labels kro puts on every child of `instance` made by resource `node_id` (the applyset
// part-of label is added by the apply step).
Labels child_labels(const InstanceRef& instance, std::string_view node_id,
                    std::string_view kro_version);

// Stamps a child before it is applied: the `child` labels, the collection index and size labels
// when `index` is set, the apply-order annotation and, for an Orphan resource, the
// deletion-policy annotation. The controller's apply and `kro preview`'s dry-run apply both send
// exactly this object.
void decorate_child(Json& object, const Labels& child, std::optional<std::size_t> index,
                    std::size_t collection_size, int apply_order, bool orphan);

// Whether the instance asks to be left alone (kro.run/reconcile: suspended|disabled).
bool is_suspended(const Json& instance);

// Ownership test of upstream's IsKROOwned: kro.run/owned=true, or, when that label is absent,
// app.kubernetes.io/managed-by=kro.
bool is_kro_owned(const Json& object);

// A label / annotation value of an object; "" when absent or not a string.
std::string label_of(const Json& object, std::string_view key);
std::string annotation_of(const Json& object, std::string_view key);
// All labels (or annotations) of an object as a map; non-string values are skipped.
Labels labels_of(const Json& object);
Labels annotations_of(const Json& object);

}  // namespace kro::controller

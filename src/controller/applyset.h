// ApplySet bookkeeping (KEP-3659 as kro uses it, docs/behaviour/labels-and-applyset.md): the
// parent id of an instance, the inventory annotations naming every group-kind and namespace its
// children may live in, the tamper hash over them, and the checks the deletion path runs before
// trusting that inventory.
#pragma once

#include <functional>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "controller/labels.h"
#include "graph/builder.h"
#include "kube/discovery.h"
#include "value/json.h"
#include "value/result.h"

namespace kro::controller {

inline constexpr std::string_view kApplySetIdLabel = "applyset.kubernetes.io/id";
inline constexpr std::string_view kApplySetPartOfLabel = "applyset.kubernetes.io/part-of";
inline constexpr std::string_view kApplySetToolingAnnotation = "applyset.kubernetes.io/tooling";
inline constexpr std::string_view kApplySetGroupKindsAnnotation =
    "applyset.kubernetes.io/contains-group-kinds";
inline constexpr std::string_view kApplySetNamespacesAnnotation =
    "applyset.kubernetes.io/additional-namespaces";
inline constexpr std::string_view kApplySetInventoryHashAnnotation =
    "internal.kro.run/applyset-inventory-hash";

// Upstream's messages, kept for users' log searches.
inline constexpr std::string_view kApplySetConflictMessage =
    "resource belongs to a different ApplySet";

// "applyset-" + base64url-nopad(sha256("<name>.<namespace>.<kind>.<group>")) + "-v1".
std::string applyset_id(std::string_view name, std::string_view ns, std::string_view kind,
                        std::string_view group);
// The id of an instance object (from its metadata, kind and apiVersion group).
std::string applyset_id_of(const Json& instance);

// "Kind" for the core group, else "Kind.group" (the contains-group-kinds spelling).
std::string group_kind_string(std::string_view group, std::string_view kind);

// What the parent records: group-kinds ("Kind.group") and namespaces other than its own.
struct ApplySetInventory {
  std::set<std::string> group_kinds;
  std::set<std::string> namespaces;

  void merge(const ApplySetInventory& other);
  bool operator==(const ApplySetInventory&) const = default;
};

// Maps a kind to its API resource; nullopt when the cluster does not serve it.
using ResourceResolver =
    std::function<std::optional<kube::ApiResource>(const kube::GroupVersionKind&)>;

// What the graph's templates name literally, knowable before anything is evaluated: the
// group-kind of every resource and collection node not in `skipped` whose apiVersion and kind
// hold no expression, plus its namespace when that is literal too (an absent one is the
// instance's own, recorded nowhere). Recording this up front lets one parent write cover every
// dependency level; templated kinds and namespaces, and kinds `resolve` does not know, are left
// to the per-round record.
ApplySetInventory literal_inventory(const graph::Graph& graph, const std::set<std::string>& skipped,
                                    std::string_view instance_namespace,
                                    const ResourceResolver& resolve);

// Comma-separated, sorted, as the annotations hold them.
std::string join_sorted(const std::set<std::string>& items);
// "sha256:" + base64url-nopad(sha256(id \0 gks \0 namespaces)).
std::string inventory_hash(std::string_view id, const ApplySetInventory& inventory);
// The parent annotations for an inventory (tooling "kro/<version>", gks, namespaces, hash).
Labels inventory_annotations(std::string_view id, std::string_view kro_version,
                             const ApplySetInventory& inventory);
// Sets a parent's `metadata` labels to the ApplySet id label alone and its annotations to
// `annotations` (what the instance's inventory patch carries).
void set_parent_inventory(JsonObject& metadata, std::string_view id, const Labels& annotations);

// Parses the inventory annotations of a parent (missing ones read as empty). Errors name the
// annotation and the bad entry, as upstream's parser does.
Result<ApplySetInventory> parse_inventory(const Json& instance);

// Whether the instance carries any ApplySet key at all (a partial inventory blocks the
// management step; none at all means it gets an empty one).
bool has_any_inventory_key(const Json& instance);

// Upstream's ValidateParentInventory: id label matches, tooling "kro/...", both inventory
// annotations present and well-formed, hash (when present) matches. The deletion path trusts
// the inventory only when this passes.
Status validate_parent_inventory(const Json& instance);

}  // namespace kro::controller

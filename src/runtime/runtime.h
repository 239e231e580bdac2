// Per-instance evaluation of a compiled ResourceGraphDefinition (upstream pkg/runtime): pure,
// no I/O. The instance controller builds one Executable per compiled graph (shared by all its
// workers), and for every reconcile calls evaluate() with the instance and whatever it has
// observed of the children so far; it applies the desired objects of the resolved nodes, and
// calls evaluate() again when watch events bring new observations (event driven).
//
//   auto exe = runtime::make_executable(compiled);             // plans every CEL program once
//   runtime::ObservedState seen;
//   seen.set("deployment", live_deployment);                   // from a GET / informer cache
//   runtime::Evaluation ev = runtime::evaluate(**exe, instance, seen);
//   for (const auto& n : ev.nodes) if (n.state == NodeState::kResolved) apply(n.desired);
//
// Semantics (docs/behaviour/cel-environment.md "Runtime evaluation", instance-reconcile.md):
// - Nodes are walked in topological order. A node is skipped when a dependency is skipped
//   (contagious) or an includeWhen is false. includeWhen reading resources waits (pending, not
//   false) until those resources are observed and ready.
// - A node resolves only when every dependency is ready (observed + readyWhen true; collections:
//   every desired item observed and ready; skipped dependencies count as ready but make the node
//   skipped anyway). Otherwise it is pending, naming what it waits for.
// - Evaluation errors whose message says `no such key`, `no such field`, `no such attribute`
//   or `index out of bounds` mean "data pending" (retry later); any other error is an error.
// - Templates: a standalone `${x}` field takes x's typed value (int stays int, objects and lists
//   are inserted), a string template yields a string; omit() removes the field or list item.
// - forEach: every dimension evaluated; an empty list in any dimension yields zero items; the
//   cartesian product is expanded with the first dimension outermost; more items than
//   max_collection_size is an error; two items with the same identity are an error.
// - Resource variables: a scalar resource or external ref is bound to its observed object; a
//   collection to the list of its observed items (in desired-item order), an external
//   collection to the list of observed objects as given.
// - Status is soft-resolved: fields whose expressions are pending are left out.
// - The runtime adds none of kro's labels/annotations (the controller decorates), but it does
//   default the namespace of namespaced children (namespace_defaulting below) and reports
//   duplicate identities across nodes ("resourceID: a conflicts with resourceID: b").
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "graph/builder.h"
#include "value/json.h"
#include "value/result.h"

namespace kro::graph {
struct CompiledGraph;
}

namespace kro::runtime {

// Upstream's --rgd-max-collection-size default.
inline constexpr std::size_t kDefaultMaxCollectionSize = 1000;

// ---------------------------------------------------------------------------------------------
// Object identity

// What names a Kubernetes object: group/version/kind + namespace/name. The group is empty for the
// core API ("v1").
struct ObjectIdentity {
  std::string group;
  std::string version;
  std::string kind;
  std::string namespace_;  // empty for cluster-scoped objects (or not yet defaulted)
  std::string name;

  // "apps/v1", or "v1" for the core group.
  std::string api_version() const;
  // "group/version/kind/namespace/name" (upstream's duplicate key spelling), e.g.
  // "apps/v1/Deployment/default/web" and "/v1/ConfigMap/default/cfg".
  std::string str() const;

  friend bool operator==(const ObjectIdentity&, const ObjectIdentity&) = default;
  friend auto operator<=>(const ObjectIdentity&, const ObjectIdentity&) = default;
};

// The identity of an object from apiVersion, kind, metadata.namespace and metadata.name; absent
// or non-string fields read as empty.
ObjectIdentity identity_of(const Json& object);

// Namespace rule for a child (upstream normalizeNamespaces + the cluster-scoped-instance check):
// - a cluster-scoped kind keeps no namespace: an explicit one is an error;
// - a namespaced kind with an empty metadata.namespace gets the instance's namespace;
// - for a cluster-scoped instance (instance_namespace empty) a namespaced kind must name its
//   namespace itself: an error otherwise.
// `object` is changed in place (metadata created when missing).
Status default_namespace(Json& object, bool kind_namespaced, std::string_view instance_namespace);

// ---------------------------------------------------------------------------------------------
// The executable graph

struct ExecutableOptions {
  std::size_t max_collection_size = kDefaultMaxCollectionSize;
  // Whether a kind is namespaced (from discovery); nullopt or no function falls back to the
  // graph's Node::namespaced (itself "namespaced" unless the compiler knew better).
  // (Typed executables — CompiledGraph::typed — also bind observed objects by their schema:
  // format byte/date-time/date/duration strings become bytes/timestamps/durations, matching
  // the types the checker saw.)
  std::function<std::optional<bool>(std::string_view api_version, std::string_view kind)>
      namespaced;
};

class ExecutableImpl;

// A compiled graph with a planned CEL program for every expression (template fields, includeWhen,
// readyWhen, forEach, status, author conditions). Immutable after make_executable: evaluate()
// may run on many threads at once against the same Executable.
class Executable {
 public:
  const graph::CompiledGraph& compiled() const;
  const graph::Graph& graph() const;
  const ExecutableOptions& options() const;
  // The node of an id, or nullptr.
  const graph::Node* node(std::string_view id) const;

  // For the implementation.
  const ExecutableImpl& impl() const { return *impl_; }
  explicit Executable(std::shared_ptr<const ExecutableImpl> impl) : impl_(std::move(impl)) {}

 private:
  std::shared_ptr<const ExecutableImpl> impl_;
};

// Plans every expression once (uses Expression::checked's program when the typing phase made
// one, else plans Expression::cel with kro's library set). An error names the resource and the
// field path of the first expression that cannot be planned.
Result<std::shared_ptr<const Executable>> make_executable(
    std::shared_ptr<const graph::CompiledGraph> compiled, ExecutableOptions options = {});

// ---------------------------------------------------------------------------------------------
// What the controller has observed

// The live objects per resource id. Absent id = not observed yet (not found / not fetched).
// Scalar resources and external refs: one object. Collections and external collections: the
// list of objects found (possibly empty, which for a collection with zero desired items, or an
// external collection, is a complete observation).
class ObservedState {
 public:
  void set(std::string id, Document object);
  void set(std::string id, Json object) { set(std::move(id), make_document(std::move(object))); }
  void set_items(std::string id, std::vector<Document> items);
  void erase(std::string_view id);

  bool contains(std::string_view id) const;
  // nullptr when not observed or observed as a list.
  const Document* object(std::string_view id) const;
  // nullptr when not observed or observed as a single object.
  const std::vector<Document>* items(std::string_view id) const;

  // kro's built-in instance conditions as the controller last computed them (a list of
  // {type, status, reason, message}); author conditions read them with
  // runtime.condition(schema, "Ready"). Unset: every built-in reads as status Unknown.
  void set_builtin_conditions(Json conditions) { builtin_conditions_ = std::move(conditions); }
  const Json& builtin_conditions() const { return builtin_conditions_; }

 private:
  Json builtin_conditions_ = JsonArray();
  struct Entry {
    bool is_list = false;
    Document object;
    std::vector<Document> items;
  };
  std::map<std::string, Entry, std::less<>> entries_;
};

// ---------------------------------------------------------------------------------------------
// Results

enum class NodeState {
  kSkipped,   // includeWhen false, or a dependency skipped
  kPending,   // data pending: a dependency not ready / not observed, or an expression's data absent
  kResolved,  // desired object(s) computed (external refs: the reference resolved)
  kError,     // an evaluation error, a collection over the limit, a duplicate identity ...
};
std::string_view to_string(NodeState s);

enum class Readiness {
  kUnknown,      // the node is not resolved, so there is nothing to compare with
  kNotObserved,  // resolved but (some item) not observed yet
  kNotReady,     // observed, a readyWhen is false (or pending)
  kReady,        // observed and every readyWhen true (skipped nodes also count as ready)
};
std::string_view to_string(Readiness r);

struct DesiredObject {
  // The rendered object: for templates the object to apply (namespace defaulted, no kro labels);
  // for external refs the reference {apiVersion, kind, metadata{name, namespace}} or, for an
  // external collection, {apiVersion, kind, metadata{namespace}, selector}.
  Document object;
  ObjectIdentity identity;
  std::optional<std::size_t> index;  // forEach item index (collections only)
  Readiness readiness = Readiness::kNotObserved;
  Document observed;  // the matching observed object, when there is one
};

struct NodeResult {
  std::string id;
  graph::NodeType type = graph::NodeType::kResource;
  NodeState state = NodeState::kPending;
  // Why pending, skipped or not ready, in words: "waiting for deployment to be ready",
  // "includeWhen[0] is false: ${...}", "dependency ingress is skipped", "field spec.x data
  // pending: no such key: y", "not observed yet", "readyWhen condition evaluated to false: ${...}".
  std::string reason;
  std::vector<std::string> waiting_for;  // dependency ids not (yet) ready, when pending on them
  std::vector<DesiredObject> desired;    // kResolved: 1 for scalars, n for collections
  Readiness readiness = Readiness::kUnknown;
  // kError: what went wrong. A resolved node may also carry readyWhen evaluation errors (it is
  // then kNotReady; its objects may still be applied, as upstream does). Each error's path is
  // "<id>.<field path>" ("web.spec.replicas", "web.readyWhen[0]"), its pos the RGD position.
  std::vector<Error> errors;
  // A resolved node that is not ready yet: why, in upstream kro's words (its readiness error,
  // which the instance's ResourcesReady message quotes: `node "web": no observed state: waiting
  // for readiness`). Empty when ready, not resolved, or failed.
  std::string readiness_wait;

  bool ready() const { return readiness == Readiness::kReady; }
};

// One author condition (schema.status.conditions) as computed.
struct AuthorCondition {
  std::string type;
  std::string status;  // "True", "False" or "Unknown"
  std::string reason;
  std::string message;
  std::size_t entry = 0;  // index in schema.status.conditions
};

struct Evaluation {
  std::vector<NodeResult> nodes;  // topological order
  // The projected user status fields (an object; pending fields left out; `state` and
  // `conditions` never included).
  Json status = JsonObject();
  std::vector<std::string> pending_status;  // status field paths left out this time
  // Author conditions, when schema.status.conditions is declared.
  bool has_author_conditions = false;
  std::vector<AuthorCondition> conditions;
  std::vector<std::size_t> pending_conditions;  // entries whose data is pending (keep previous)
  // Every error: node errors, duplicate identities across nodes, status and condition errors,
  // each naming the resource id (or status field) and field path.
  std::vector<Error> errors;

  const NodeResult* node(std::string_view id) const;
  // No error anywhere.
  bool ok() const { return errors.empty(); }
  // Every node resolved or skipped (nothing pending, no error).
  bool all_resolved() const;
  // Every node ready or skipped.
  bool all_ready() const;
  // Ids of the nodes in a state, in topological order.
  std::vector<std::string> ids_in(NodeState s) const;
};

// Evaluates the graph for one instance. `instance` is the live instance object (its status is
// ignored: expressions see apiVersion, kind, metadata and spec).
Evaluation evaluate(const Executable& executable, const Document& instance,
                    const ObservedState& observed);

// Offline rendering (`kro render`): evaluates again and again, letting the desired object(s) of
// every resolved resource or collection stand in for its observed state when `observed` has
// none, until nothing changes. External references are never invented (they stay not observed
// unless given), and what only the cluster fills in (status) stays pending. Returns the last
// evaluation; its readiness reflects the stand-ins.
Evaluation evaluate_offline(const Executable& executable, const Document& instance,
                            ObservedState observed = {});

// True when an evaluation error message means "data not available yet" (upstream
// pkg/runtime/errors.go: no such key / field / attribute, index out of bounds).
bool is_data_pending_message(std::string_view message);

// Duplicate identities across the desired objects of resolved nodes (and across the items of one
// collection): one error per clash, "resourceID: a conflicts with resourceID: b".
std::vector<Error> find_duplicates(const std::vector<NodeResult>& nodes);

}  // namespace kro::runtime

// From an RGD model to its dependency graph: the build phases of upstream's
// Builder.NewResourceGraphDefinition that need no schemas, in upstream's order —
// 1. naming rules (naming.h);
// 2. per resource, in declaration order: field combinations, Kubernetes object structure,
//    reserved label/annotation prefixes, `${…}` extraction from the template (extract.h),
//    readyWhen / includeWhen / forEach as standalone expressions;
// 3. references of every expression (references.h) → dependencies, unknown identifiers,
//    forEach identity and independence rules, self references and cycles (dag.h);
// 4. topological order and apply-order waves;
// 5. schema.status expressions and the instance's dependencies;
// 6. readyWhen references (self, or `each` for collections).
// Error messages are upstream's whole wrapped chain (what the GraphAccepted condition shows),
// each with the position of the field it is about.
//
// Type checking (expected field types, schema-guided extraction, REST scope rules) is the later
// typing phase; Expression::checked is where it stores its result.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cel/syntax/ast.h"
#include "graph/dag.h"
#include "graph/extract.h"
#include "graph/model.h"
#include "graph/naming.h"
#include "value/result.h"

namespace kro::graph {

inline constexpr std::string_view kSchemaVar = "schema";
inline constexpr std::string_view kEachVar = "each";

enum class NodeType { kResource, kCollection, kExternal, kExternalCollection };

struct ForEachDimension {
  std::string name;
  Expression expr;
};

// One resource of the graph.
struct Node {
  std::string id;
  std::size_t index = 0;  // declaration order
  NodeType type = NodeType::kResource;
  // The template; for an externalRef the object {apiVersion, kind, metadata{name, namespace,
  // selector}} it describes.
  Json object;
  std::vector<FieldExpression> variables;  // template expressions, document order
  std::vector<Expression> include_when;
  std::vector<Expression> ready_when;
  std::vector<ForEachDimension> for_each;
  std::vector<std::string> dependencies;  // resource ids, first reference first
  bool namespaced = true;
  // What instance deletion and prune do to the node's objects (model.h); always Delete for an
  // external node.
  DeletionPolicy deletion_policy = DeletionPolicy::kDelete;
  std::string pointer;  // "/spec/resources/<i>"

  bool is_collection() const {
    return type == NodeType::kCollection || type == NodeType::kExternalCollection;
  }
};

struct Graph {
  std::vector<Node> nodes;              // declaration order
  std::vector<FieldExpression> status;  // schema.status expressions (paths under status)
  std::vector<std::string> instance_dependencies;
  Dag dag;
  std::vector<std::string> topological_order;
  std::vector<std::vector<std::string>> apply_waves;  // dependencies first
  std::map<std::string, int> apply_orders;            // id → wave number, 1-based

  const Node* node(std::string_view id) const;
};

// Whether an expression of the graph may read metadata.managedFields of the instance
// (`schema`), of a resource or of a collection's item (`each`): by selecting it, or by reading
// the whole object or its whole metadata. The controller's caches leave managedFields out, so
// it reconciles such a graph from live reads.
bool reads_managed_fields(const Graph& graph);

struct BuildOptions {
  std::size_t max_foreach_dimensions = kDefaultMaxForEachDimensions;
  // Parses CEL source into an AST; unset means the CEL layer's parser with every macro kro
  // enables (tests and tools may substitute their own).
  std::function<Result<cel::syntax::ParsedExpr>(std::string_view)> parse;
  // Whether a kind is namespaced (from discovery or built-in knowledge); nullopt, or no
  // function, means "namespaced", the common case. Only the forEach identity rule asks.
  std::function<std::optional<bool>(std::string_view api_version, std::string_view kind)>
      namespaced;
};

// Builds the graph, stopping at the first problem as upstream does.
Result<Graph> build_graph(const Rgd& rgd, const BuildOptions& options);

}  // namespace kro::graph

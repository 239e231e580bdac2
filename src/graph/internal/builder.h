// Shared by the builder's phase files (builder.cc, nodes.cc, dependencies.cc); not an API.
#pragma once

#include <algorithm>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "graph/builder.h"
#include "graph/problems.h"

namespace kro::graph::internal {

// Steps of the compile that upstream takes between the builder's phases (compiled.cc): after
// the RGD's names are checked and before any resource is built (the instance spec schema), and
// right after each resource is built (its kind's schema), both before the dependency graph.
struct BuildHooks {
  std::function<void()> before_nodes;
  std::function<void(Node&)> on_node;
};

// The whole build (builder.h's phases): every problem goes to `problems`; when it collects, the
// graph comes back with what could be built and `damage` says what the later phases must skip.
Graph build_graph(const Rgd& rgd, const BuildOptions& options, Problems& problems, Damage& damage,
                  const BuildHooks& hooks = {});

// Phase 2: one node per resource, expressions extracted; nullopt when the resource is too
// broken to be a node (or the build stopped). A node built despite problems may be listed in
// `damage` (e.g. an invalid kind: no type for it later).
std::optional<Node> build_node(const Rgd& rgd, const ResourceDef& res, const BuildOptions& options,
                               Problems& problems, Damage& damage);

// Phase 3: dependencies into the nodes and the DAG. `declared` holds every resource id of the
// RGD, built or not, so that a reference to a broken resource is not also "unknown". Expressions
// already in `damage` are skipped; those found wrong here are added.
void build_dependencies(const Rgd& rgd, Graph& graph, const std::vector<std::string>& declared,
                        const BuildOptions& options, Problems& problems, Damage& damage);

// The names an expression reads, stored into expr.references. Parse errors come back as
// "<parse_context>parse error: <parser message>" (upstream's inspector says "parse error: ",
// some callers wrap it with "failed to inspect expression: "). `is_variable` tells declared
// variables from function namespaces and type names.
Status inspect(Expression& expr, const BuildOptions& options,
               const std::function<bool(std::string_view)>& is_variable,
               std::string_view parse_context = "");

// Why omit() is rejected outside resource templates (upstream's wording).
inline constexpr std::string_view kOmitOnlyInTemplates =
    "omit() can only be used in resource template expressions";

template <typename T>
bool contains(const std::vector<T>& v, std::string_view s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

// Go's %v of a []string: "[a b]".
std::string go_list(const std::vector<std::string>& items);

}  // namespace kro::graph::internal

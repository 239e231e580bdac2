// Shared by the builder's phase files (builder.cc, nodes.cc, dependencies.cc); not an API.
#pragma once

#include <algorithm>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "graph/builder.h"

namespace kro::graph::internal {

// Phase 2: one node per resource, expressions extracted.
Result<Node> build_node(const Rgd& rgd, const ResourceDef& res, const BuildOptions& options);

// Phase 3: dependencies into the nodes and the DAG.
Status build_dependencies(const Rgd& rgd, Graph& graph, const BuildOptions& options);

// The names an expression reads, stored into expr.references; parse errors come back as
// "failed to inspect expression: <parser message>". `is_variable` tells declared variables
// from function namespaces and type names.
Status inspect(Expression& expr, const BuildOptions& options,
               const std::function<bool(std::string_view)>& is_variable);

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

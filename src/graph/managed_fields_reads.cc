// reads_managed_fields (builder.h): the names each expression may read managedFields of were
// collected with its references (dependencies.cc); here they are matched against the names
// that stand for Kubernetes objects.
#include <algorithm>
#include <set>

#include "graph/builder.h"

namespace kro::graph {

namespace {

bool reads_any(const Expression& e, const std::set<std::string, std::less<>>& objects) {
  return std::any_of(e.managed_fields_reads.begin(), e.managed_fields_reads.end(),
                     [&](const std::string& name) { return objects.contains(name); });
}

}  // namespace

bool reads_managed_fields(const Graph& graph) {
  std::set<std::string, std::less<>> objects{"schema", std::string(kEachVar)};
  for (const auto& n : graph.nodes) objects.insert(n.id);
  auto reads = [&](const Expression& e) { return reads_any(e, objects); };
  for (const auto& n : graph.nodes) {
    for (const auto& v : n.variables)
      if (reads(v.expr)) return true;
    for (const auto& d : n.for_each)
      if (reads(d.expr)) return true;
    if (std::any_of(n.include_when.begin(), n.include_when.end(), reads) ||
        std::any_of(n.ready_when.begin(), n.ready_when.end(), reads)) {
      return true;
    }
  }
  return std::any_of(graph.status.begin(), graph.status.end(),
                     [&](const FieldExpression& f) { return reads(f.expr); });
}

}  // namespace kro::graph

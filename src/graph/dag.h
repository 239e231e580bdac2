// The dependency graph of an RGD's resources, with upstream kro's semantics
// (pkg/graph/dag/dag.go):
// - add_dependencies() rejects unknown vertices and self references, then checks for a cycle
//   and, if the new edges closed one, removes them again and reports the cycle spelled out:
//   "graph contains a cycle: a -> b -> a".
// - topological_order(): Kahn's algorithm taking, among the vertices whose dependencies are all
//   placed, the one with the smallest (declaration order, id) first — dependencies first,
//   otherwise the user's order (this is RGD status.topologicalOrder).
// - reverse_layers(): the same traversal from the dependents' side, whole layers at a time;
//   apply order of a vertex = number of layers - its layer index (1-based, the annotation
//   internal.kro.run/apply-order). apply_waves() lists the layers dependencies-first: each wave
//   only depends on earlier waves; deletion walks reverse_layers() (dependents first).
// Upstream visits Go maps in random order when it looks for a cycle, so the cycle it names can
// vary between runs; here vertices and edges are visited in declaration order, so the message is
// stable (it names the same cycle as one of upstream's possible answers).
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "value/result.h"

namespace kro::graph {

class Dag {
 public:
  // "node x already exists" when the id is taken.
  Status add_vertex(std::string id, int order);
  // Adds edges from -> each dependency (from depends on them). On error nothing is added.
  Status add_dependencies(std::string_view from, const std::vector<std::string>& dependencies);

  bool contains(std::string_view id) const { return index_.count(id) != 0; }
  std::size_t size() const { return vertices_.size(); }
  // The dependencies of a vertex in the order they were first added.
  const std::vector<std::string>& dependencies(std::string_view id) const;

  // The first cycle found, closed (`[a, b, a]`), or empty when the graph is acyclic.
  std::vector<std::string> find_cycle() const;

  Result<std::vector<std::string>> topological_order() const;
  Result<std::vector<std::vector<std::string>>> reverse_layers() const;
  Result<std::vector<std::vector<std::string>>> apply_waves() const;
  // id → apply order (1 = applied first).
  Result<std::map<std::string, int>> apply_orders() const;

 private:
  struct Vertex {
    std::string id;
    int order = 0;
    std::vector<std::size_t> depends_on;  // vertex indexes, insertion order, no duplicates
    std::vector<std::string> dependency_ids;
  };
  enum class Direction { kDependenciesFirst, kDependentsFirst };

  // Vertex indexes sorted by (order, id): the heap's priority and the cycle search's order.
  std::vector<std::size_t> by_priority() const;
  Result<std::vector<std::vector<std::string>>> traverse(Direction direction, bool layered) const;
  Error cycle_error() const;

  std::vector<Vertex> vertices_;
  std::map<std::string, std::size_t, std::less<>> index_;
};

// "graph contains a cycle: a -> b -> a".
std::string format_cycle(const std::vector<std::string>& cycle);

}  // namespace kro::graph

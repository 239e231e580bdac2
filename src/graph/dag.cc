#include "graph/dag.h"

#include <algorithm>
#include <functional>
#include <queue>
#include <tuple>

namespace kro::graph {

std::string format_cycle(const std::vector<std::string>& cycle) {
  std::string out = "graph contains a cycle: ";
  for (std::size_t i = 0; i < cycle.size(); ++i) {
    if (i > 0) out += " -> ";
    out += cycle[i];
  }
  return out;
}

Status Dag::add_vertex(std::string id, int order) {
  if (contains(id)) return Error("node " + id + " already exists");
  index_.emplace(id, vertices_.size());
  vertices_.push_back(Vertex{std::move(id), order, {}, {}});
  return {};
}

const std::vector<std::string>& Dag::dependencies(std::string_view id) const {
  static const std::vector<std::string> kNone;
  auto it = index_.find(id);
  return it == index_.end() ? kNone : vertices_[it->second].dependency_ids;
}

Status Dag::add_dependencies(std::string_view from, const std::vector<std::string>& dependencies) {
  auto it = index_.find(from);
  if (it == index_.end()) return Error("node " + std::string(from) + " does not exist");
  Vertex& v = vertices_[it->second];
  const std::size_t old_size = v.depends_on.size();
  auto roll_back = [&v, old_size] {
    v.depends_on.resize(old_size);
    v.dependency_ids.resize(old_size);
  };
  for (const auto& dep : dependencies) {
    auto d = index_.find(dep);
    if (d == index_.end()) {
      roll_back();
      return Error("node " + dep + " does not exist");
    }
    if (d->second == it->second) {
      roll_back();
      return Error("self references are not allowed");
    }
    if (std::find(v.depends_on.begin(), v.depends_on.end(), d->second) == v.depends_on.end()) {
      v.depends_on.push_back(d->second);
      v.dependency_ids.push_back(dep);
    }
  }
  if (auto cycle = find_cycle(); !cycle.empty()) {
    roll_back();
    return Error(format_cycle(cycle));
  }
  return {};
}

std::vector<std::size_t> Dag::by_priority() const {
  std::vector<std::size_t> idx(vertices_.size());
  for (std::size_t i = 0; i < idx.size(); ++i) idx[i] = i;
  std::sort(idx.begin(), idx.end(), [this](std::size_t a, std::size_t b) {
    return std::tie(vertices_[a].order, vertices_[a].id) <
           std::tie(vertices_[b].order, vertices_[b].id);
  });
  return idx;
}

std::vector<std::string> Dag::find_cycle() const {
  // Depth-first search with an explicit stack (deep graphs must not exhaust the C++ stack).
  enum class Mark { kNew, kOnPath, kDone };
  std::vector<Mark> mark(vertices_.size(), Mark::kNew);
  for (std::size_t root : by_priority()) {
    if (mark[root] != Mark::kNew) continue;
    std::vector<std::pair<std::size_t, std::size_t>> stack{{root, 0}};  // (vertex, next edge)
    mark[root] = Mark::kOnPath;
    while (!stack.empty()) {
      auto& [node, edge] = stack.back();
      const auto& deps = vertices_[node].depends_on;
      if (edge == deps.size()) {
        mark[node] = Mark::kDone;
        stack.pop_back();
        continue;
      }
      std::size_t next = deps[edge++];
      if (mark[next] == Mark::kOnPath) {
        std::vector<std::string> cycle;
        bool in = false;
        for (const auto& frame : stack) {
          in = in || frame.first == next;
          if (in) cycle.push_back(vertices_[frame.first].id);
        }
        cycle.push_back(vertices_[next].id);
        return cycle;
      }
      if (mark[next] == Mark::kNew) {
        mark[next] = Mark::kOnPath;
        stack.emplace_back(next, 0);
      }
    }
  }
  return {};
}

Error Dag::cycle_error() const {
  auto cycle = find_cycle();
  return Error(format_cycle(cycle));
}

Result<std::vector<std::vector<std::string>>> Dag::traverse(Direction direction,
                                                            bool layered) const {
  const std::size_t n = vertices_.size();
  std::vector<int> remaining(n, 0);
  std::vector<std::vector<std::size_t>> unlocks(n);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t dep : vertices_[i].depends_on) {
      if (direction == Direction::kDependenciesFirst) {
        ++remaining[i];
        unlocks[dep].push_back(i);
      } else {
        ++remaining[dep];
        unlocks[i].push_back(dep);
      }
    }
  }
  auto later = [this](std::size_t a, std::size_t b) {
    return std::tie(vertices_[a].order, vertices_[a].id) >
           std::tie(vertices_[b].order, vertices_[b].id);
  };
  std::priority_queue<std::size_t, std::vector<std::size_t>, decltype(later)> ready(later);
  for (std::size_t i = 0; i < n; ++i)
    if (remaining[i] == 0) ready.push(i);

  std::vector<std::vector<std::string>> groups;
  std::size_t placed = 0;
  auto advance = [&](std::size_t id) {
    for (std::size_t u : unlocks[id])
      if (--remaining[u] == 0) ready.push(u);
  };
  while (!ready.empty()) {
    if (!layered) {
      std::size_t cur = ready.top();
      ready.pop();
      if (groups.empty()) groups.emplace_back();
      groups[0].push_back(vertices_[cur].id);
      ++placed;
      advance(cur);
      continue;
    }
    // A layer is everything ready now; what it unlocks waits for the next layer.
    std::vector<std::size_t> layer;
    while (!ready.empty()) {
      layer.push_back(ready.top());
      ready.pop();
    }
    groups.emplace_back();
    for (std::size_t v : layer) groups.back().push_back(vertices_[v].id);
    for (std::size_t v : layer) advance(v);
    placed += layer.size();
  }
  if (placed != n) return cycle_error();
  return groups;
}

Result<std::vector<std::string>> Dag::topological_order() const {
  KRO_ASSIGN_OR_RETURN(auto groups, traverse(Direction::kDependenciesFirst, false));
  if (groups.empty()) return std::vector<std::string>{};
  return std::move(groups[0]);
}

Result<std::vector<std::vector<std::string>>> Dag::reverse_layers() const {
  return traverse(Direction::kDependentsFirst, true);
}

Result<std::vector<std::vector<std::string>>> Dag::apply_waves() const {
  KRO_ASSIGN_OR_RETURN(auto layers, reverse_layers());
  std::reverse(layers.begin(), layers.end());
  return layers;
}

Result<std::map<std::string, int>> Dag::apply_orders() const {
  KRO_ASSIGN_OR_RETURN(auto layers, reverse_layers());
  std::map<std::string, int> orders;
  const int count = static_cast<int>(layers.size());
  for (int i = 0; i < count; ++i)
    for (const auto& id : layers[i]) orders[id] = count - i;
  return orders;
}

}  // namespace kro::graph

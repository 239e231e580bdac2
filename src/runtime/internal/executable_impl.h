// The planned form of a compiled graph (runtime.h's Executable): nodes in topological order,
// each expression with its program, template fields with their parsed paths. Built once by
// make_executable, then only read (by any number of threads).
#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cel/eval/program.h"
#include "graph/builder.h"
#include "runtime/field_path.h"
#include "runtime/runtime.h"
#include "runtime/typed_binding.h"

namespace kro::runtime {

inline constexpr std::size_t kNoSlot = static_cast<std::size_t>(-1);

// One expression and its program. Non-iteration expressions share a memo slot per source text,
// so `${schema.spec.name}` written five times is evaluated once per evaluate() call.
struct PlannedExpr {
  const graph::Expression* expr = nullptr;
  std::shared_ptr<const cel::eval::Program> program;
  std::size_t slot = kNoSlot;
};

struct PlannedField {
  std::string path;  // as the graph spells it, relative to the object
  std::vector<PathStep> steps;
  PlannedExpr expr;
  bool iteration = false;  // reads a forEach iterator: evaluated per item
};

struct PlannedDimension {
  std::string name;
  PlannedExpr expr;
};

struct PlannedNode {
  const graph::Node* node = nullptr;
  std::vector<PlannedField> fields;
  std::vector<PlannedExpr> include_when;
  std::vector<PlannedExpr> ready_when;
  std::vector<PlannedDimension> for_each;
  std::vector<std::size_t> deps;               // planned-node indexes of resource dependencies
  std::vector<std::size_t> include_when_deps;  // the resources the includeWhen expressions read
  bool namespaced = true;                      // the graph's answer (options may refine it)
  // Typed executables: how observed objects of this kind are bound (null: read in place).
  std::shared_ptr<const FormatTree> formats;
};

struct PlannedStatusField {
  std::string path;  // relative to .status
  std::vector<PathStep> steps;
  PlannedExpr expr;
};

class ExecutableImpl {
 public:
  std::shared_ptr<const graph::CompiledGraph> compiled;
  const graph::Graph* graph = nullptr;
  bool cluster_scoped = false;
  ExecutableOptions options;
  std::vector<PlannedNode> nodes;  // topological order
  std::map<std::string, std::size_t, std::less<>> index;
  std::vector<PlannedStatusField> status;
  std::vector<PlannedExpr> conditions;  // schema.status.conditions entries, in order
  std::size_t slots = 0;                // memo slots (distinct non-iteration sources)

  const PlannedNode* find(std::string_view id) const {
    auto it = index.find(id);
    return it == index.end() ? nullptr : &nodes[it->second];
  }
};

// Plans a graph without a CompiledGraph around it (the graph must outlive the result, which
// `owner` may guarantee). make_executable uses it; tests use it to evaluate a bare build_graph().
Result<std::shared_ptr<const Executable>> make_executable_from_graph(
    std::shared_ptr<const graph::CompiledGraph> compiled, const graph::Graph& graph,
    bool cluster_scoped, ExecutableOptions options);

}  // namespace kro::runtime

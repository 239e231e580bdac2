// make_executable: every expression of the graph planned once.
#include <algorithm>
#include <unordered_map>
#include <utility>

#include "cel/lib/kro/library_sets.h"
#include "cel/syntax/parser.h"
#include "graph/compiled.h"
#include "runtime/internal/executable_impl.h"

namespace kro::runtime {

namespace {

// kro's runtime environment, built once and shared by every executable.
struct Environment {
  std::shared_ptr<const cel::FunctionRegistry> registry;
  cel::eval::PlanOptions plan_options;
  cel::syntax::Parser parser{cel::syntax::MacroRegistry(cel::lib::kro_macros())};
  Status status;
};

const Environment& environment() {
  static const Environment env = [] {
    Environment e;
    auto reg = std::make_shared<cel::FunctionRegistry>();
    e.status = cel::lib::register_kro_environment(*reg);
    e.registry = std::move(reg);
    e.plan_options.type_names = cel::lib::kro_type_names();
    return e;
  }();
  return env;
}

bool contains(const std::vector<std::string>& v, std::string_view s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

class Planner {
 public:
  explicit Planner(ExecutableImpl& impl) : impl_(impl) {}

  // `where` names the expression for errors ("resource \"x\" field spec.replicas").
  Result<PlannedExpr> plan(const graph::Expression& expr, const std::string& where, bool memoize) {
    PlannedExpr out;
    out.expr = &expr;
    if (expr.checked != nullptr && expr.checked->program != nullptr) {
      out.program = expr.checked->program;
    } else {
      const Environment& env = environment();
      if (!env.status.ok()) return env.status.error();
      auto parsed = env.parser.parse(expr.cel);
      if (!parsed.ok()) return fail(expr, where, parsed.error().message);
      auto program = cel::eval::plan(*parsed->expr, env.registry, env.plan_options);
      if (!program.ok()) return fail(expr, where, program.error().message);
      out.program = std::make_shared<const cel::eval::Program>(std::move(*program));
    }
    if (memoize) {
      auto [it, inserted] = slots_.try_emplace(expr.cel, impl_.slots);
      if (inserted) ++impl_.slots;
      out.slot = it->second;
    }
    return out;
  }

 private:
  static Error fail(const graph::Expression& expr, const std::string& where,
                    const std::string& message) {
    Error e("failed to plan " + where + " expression \"" + expr.original + "\": " + message,
            expr.pos);
    return e;
  }

  ExecutableImpl& impl_;
  std::unordered_map<std::string, std::size_t> slots_;
};

Result<PlannedNode> plan_node(Planner& planner, const graph::Node& node) {
  PlannedNode out;
  out.node = &node;
  out.namespaced = node.namespaced;
  const std::string who = "resource \"" + node.id + "\"";
  std::vector<std::string> iterators;
  for (const auto& dim : node.for_each) iterators.push_back(dim.name);

  for (const auto& fe : node.variables) {
    PlannedField field;
    field.path = fe.path;
    auto steps = parse_field_path(fe.path);
    if (!steps.ok()) return Error(who + ": " + steps.error().message, fe.expr.pos);
    field.steps = std::move(*steps);
    field.iteration = std::any_of(fe.expr.references.begin(), fe.expr.references.end(),
                                  [&](const std::string& r) { return contains(iterators, r); });
    KRO_ASSIGN_OR_RETURN(auto planned,
                         planner.plan(fe.expr, who + " field " + fe.path, !field.iteration));
    field.expr = std::move(planned);
    out.fields.push_back(std::move(field));
  }
  for (std::size_t i = 0; i < node.include_when.size(); ++i) {
    KRO_ASSIGN_OR_RETURN(
        auto planned,
        planner.plan(node.include_when[i], who + " includeWhen[" + std::to_string(i) + "]", true));
    out.include_when.push_back(std::move(planned));
  }
  // readyWhen sees only the node itself (or `each`), so its results are never shared.
  for (std::size_t i = 0; i < node.ready_when.size(); ++i) {
    KRO_ASSIGN_OR_RETURN(
        auto planned,
        planner.plan(node.ready_when[i], who + " readyWhen[" + std::to_string(i) + "]", false));
    out.ready_when.push_back(std::move(planned));
  }
  for (const auto& dim : node.for_each) {
    KRO_ASSIGN_OR_RETURN(auto planned, planner.plan(dim.expr, who + " forEach " + dim.name, true));
    out.for_each.push_back(PlannedDimension{dim.name, std::move(planned)});
  }
  return out;
}

}  // namespace

Result<std::shared_ptr<const Executable>> make_executable_from_graph(
    std::shared_ptr<const graph::CompiledGraph> compiled, const graph::Graph& graph,
    bool cluster_scoped, ExecutableOptions options) {
  auto impl = std::make_shared<ExecutableImpl>();
  impl->compiled = std::move(compiled);
  impl->graph = &graph;
  impl->cluster_scoped = cluster_scoped;
  impl->options = std::move(options);
  Planner planner(*impl);

  std::vector<std::string> order = graph.topological_order;
  if (order.size() != graph.nodes.size()) {
    // A hand-made graph without an order: declaration order.
    order.clear();
    for (const auto& n : graph.nodes) order.push_back(n.id);
  }
  for (const auto& id : order) {
    const graph::Node* node = graph.node(id);
    if (node == nullptr) return Error("topological order names unknown resource \"" + id + "\"");
    KRO_ASSIGN_OR_RETURN(auto planned, plan_node(planner, *node));
    impl->index.emplace(id, impl->nodes.size());
    impl->nodes.push_back(std::move(planned));
  }
  for (auto& pn : impl->nodes) {
    if (impl->compiled != nullptr && impl->compiled->typed) {
      const graph::ResourceType* rt = impl->compiled->resource(pn.node->id);
      if (rt != nullptr && rt->schema != nullptr) pn.formats = FormatTree::build(*rt->schema);
    }
    for (const auto& dep : pn.node->dependencies) {
      auto it = impl->index.find(dep);
      if (it == impl->index.end()) continue;  // `schema`, never a node
      pn.deps.push_back(it->second);
      const bool read_by_include_when =
          std::any_of(pn.node->include_when.begin(), pn.node->include_when.end(),
                      [&dep](const graph::Expression& e) { return contains(e.references, dep); });
      if (read_by_include_when) pn.include_when_deps.push_back(it->second);
    }
  }
  for (const auto& fe : graph.status) {
    const bool is_condition = fe.path.rfind("conditions[", 0) == 0;
    if (is_condition) {
      KRO_ASSIGN_OR_RETURN(auto planned, planner.plan(fe.expr, "status " + fe.path, false));
      impl->conditions.push_back(std::move(planned));
      continue;
    }
    PlannedStatusField field;
    field.path = fe.path;
    auto steps = parse_field_path(fe.path);
    if (!steps.ok()) return Error("status: " + steps.error().message, fe.expr.pos);
    field.steps = std::move(*steps);
    KRO_ASSIGN_OR_RETURN(auto planned, planner.plan(fe.expr, "status field " + fe.path, true));
    field.expr = std::move(planned);
    impl->status.push_back(std::move(field));
  }
  return std::make_shared<const Executable>(std::move(impl));
}

Result<std::shared_ptr<const Executable>> make_executable(
    std::shared_ptr<const graph::CompiledGraph> compiled, ExecutableOptions options) {
  if (compiled == nullptr) return Error("make_executable: no compiled graph");
  const graph::Graph& graph = compiled->graph;
  const bool cluster_scoped = compiled->cluster_scoped;
  return make_executable_from_graph(std::move(compiled), graph, cluster_scoped, std::move(options));
}

const graph::CompiledGraph& Executable::compiled() const { return *impl_->compiled; }
const graph::Graph& Executable::graph() const { return *impl_->graph; }
const ExecutableOptions& Executable::options() const { return impl_->options; }
const graph::Node* Executable::node(std::string_view id) const {
  const PlannedNode* pn = impl_->find(id);
  return pn == nullptr ? nullptr : pn->node;
}

}  // namespace kro::runtime

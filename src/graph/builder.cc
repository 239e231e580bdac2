// The build pipeline (builder.h): phases in upstream's order, each in its own file.
#include "graph/builder.h"

#include <set>
#include <string>

#include "graph/internal/builder.h"
#include "value/go_json.h"
#include "value/strings.h"

namespace kro::graph {

const Node* Graph::node(std::string_view id) const {
  for (const auto& n : nodes)
    if (n.id == id) return &n;
  return nullptr;
}

namespace {

using internal::contains;
using internal::go_list;

// What upstream shows for an expression in messages: the template as written, or the bare
// expression of a standalone field.
const std::string& user_expression(const Expression& e) {
  return e.kind == ExpressionKind::kTemplate ? e.original : e.cel;
}

// readyWhen may only read the resource itself (`each` for a collection's items).
void check_ready_when(const Rgd& rgd, Node& n, const std::vector<std::string>& ids,
                      const BuildOptions& options, Problems& problems, Damage& damage) {
  const std::string allowed = n.type == NodeType::kCollection ? std::string(kEachVar) : n.id;
  auto is_variable = [&ids](std::string_view name) {
    return name == kSchemaVar || name == kEachVar || contains(ids, name) || name == "runtime";
  };
  for (auto& cond : n.ready_when) {
    if (problems.stopped()) return;
    auto fail = [&](const std::string& message) {
      damage.expressions.insert(cond.pointer);
      (void)problems.add(rgd.error_at(cond.pointer, "failed to validate resource \"" + n.id +
                                                        "\": resource \"" + n.id +
                                                        "\" readyWhen: " + message));
    };
    if (auto st = internal::inspect(cond, options, is_variable); !st.ok()) {
      fail(st.error().message);
      continue;
    }
    if (cond.uses_omit) {
      fail(std::string(internal::kOmitOnlyInTemplates));
      continue;
    }
    for (const auto& ref : cond.references) {
      if (ref != allowed) {
        fail("references unknown identifiers: [" + ref + "]");
        break;
      }
    }
  }
}

// The expressions of schema.status outside `conditions`, appended to `found`. False when
// problems says stop.
bool extract_status(const Rgd& rgd, JsonObject fields, const std::string& base,
                    const std::string& status_ctx, Problems& problems,
                    std::vector<FieldExpression>& found) {
  std::vector<std::string> plain;
  std::vector<Error> scan_errors;
  ExtractOptions extract;
  extract.base_pointer = base;
  extract.positions = rgd.positions.get();
  extract.plain_paths = &plain;
  if (problems.collecting()) extract.errors = &scan_errors;
  auto exprs = extract_schemaless(Json(std::move(fields)), extract);
  if (exprs.ok()) {
    found = std::move(*exprs);
  } else {
    scan_errors.push_back(exprs.error());
  }
  for (auto& e : scan_errors) {
    e.message.insert(0, status_ctx + "failed to extract CEL expressions from status: ");
    if (!problems.add(std::move(e))) return false;
  }
  if (!plain.empty()) {
    if (!problems.add(rgd.error_at(
            base,
            status_ctx + "status fields without expressions are not supported: " + go_list(plain))))
      return false;
  }
  return true;
}

// The author's status.conditions, each a standalone expression, appended to `found`. False when
// problems says stop.
bool extract_conditions(const Rgd& rgd, const Json& conditions, const std::string& base,
                        const std::string& status_ctx, Problems& problems,
                        std::vector<FieldExpression>& found) {
  const std::string cp = base + "/conditions";
  const JsonArray* list = conditions.if_array();
  if (list == nullptr) {
    if (!problems.add(rgd.error_at(cp, status_ctx +
                                           "failed to extract conditions block: status.conditions "
                                           "must be a list, got " +
                                           go_type_name(conditions, /*integers_as_float=*/true)))) {
      return false;
    }
  }
  for (std::size_t i = 0; list != nullptr && i < list->size(); ++i) {
    std::string p = pointer_join(cp, i);
    const json::string* s = (*list)[i].if_string();
    auto cel = s != nullptr ? parse_standalone(*s)
                            : Result<std::string>(Error(std::string(kOnlyStandaloneError)));
    if (!cel.ok()) {
      if (!problems.add(rgd.error_at(p, status_ctx + "status.conditions[" + std::to_string(i) +
                                            "]: " + cel.error().message)))
        return false;
      continue;
    }
    Expression e;
    e.cel = *cel;
    e.parts = {*cel};
    e.original = std::string(*s);
    e.pointer = p;
    e.pos = rgd.pos(p);
    found.push_back(FieldExpression{"conditions[" + std::to_string(i) + "]", std::move(e)});
  }
  return true;
}

// One status expression must read resources or `schema` (and `runtime` only in conditions);
// the resources it reads become instance dependencies.
void check_status_expression(const Rgd& rgd, Graph& graph, FieldExpression& fe,
                             const std::vector<std::string>& ids, const BuildOptions& options,
                             const std::string& status_ctx, Problems& problems, Damage& damage) {
  const bool is_condition = fe.path.rfind("conditions[", 0) == 0;
  // `runtime` counts as a read everywhere so that outside conditions it gets its own error.
  auto is_variable = [&ids](std::string_view name) {
    return name == kSchemaVar || name == kEachVar || contains(ids, name) || name == "runtime";
  };
  auto fail = [&](const std::string& message) {
    // Upstream checks the author's conditions in a phase of their own, after the status fields.
    std::string text = is_condition ? "failed to build instance conditions: condition " +
                                          go_quote(user_expression(fe.expr))
                                    : status_ctx + "status field " + go_quote(fe.path) +
                                          " expression " + go_quote(user_expression(fe.expr));
    text += ": ";
    text += message;
    damage.expressions.insert(fe.expr.pointer);
    (void)problems.add(rgd.error_at(fe.expr.pointer, std::move(text)));
  };
  if (auto st = internal::inspect(fe.expr, options, is_variable); !st.ok()) {
    fail(st.error().message);
    return;
  }
  if (fe.expr.uses_omit) {
    fail(std::string(internal::kOmitOnlyInTemplates));
    return;
  }
  bool reads_something = false;
  bool failed = false;
  for (const auto& ref : fe.expr.references) {
    // Outside conditions `runtime` is one more identifier the status may not read (upstream's
    // restricted inspection).
    if (ref == kSchemaVar || (ref == "runtime" && is_condition)) {
      reads_something = true;
      continue;
    }
    if (!contains(ids, ref)) {
      fail("references unknown identifiers: [" + ref + "]");
      failed = true;
      break;
    }
    reads_something = true;
    if (!contains(graph.instance_dependencies, ref)) graph.instance_dependencies.push_back(ref);
  }
  if (!failed && !reads_something) {
    (void)problems.add(rgd.error_at(fe.expr.pointer,
                                    "failed to create instance node: instance status field must "
                                    "refer to a resource or schema: status." +
                                        fe.path));
  }
}

// schema.status: every leaf an expression reading resources or `schema`; `conditions` holds
// the author's condition expressions, which may also read `runtime`.
void build_status(const Rgd& rgd, Graph& graph, const std::vector<std::string>& ids,
                  const BuildOptions& options, Problems& problems, Damage& damage) {
  const std::string base = rgd.schema.pointer + "/status";
  const std::string status_ctx = "failed to build instance status schema: ";
  JsonObject fields = rgd.schema.status.as_object();
  std::optional<Json> conditions;
  if (auto it = fields.find("conditions"); it != fields.end()) {
    conditions = it->value();
    fields.erase(it);
  }
  std::vector<FieldExpression> found;
  if (!extract_status(rgd, std::move(fields), base, status_ctx, problems, found)) return;
  if (conditions && !extract_conditions(rgd, *conditions, base, status_ctx, problems, found)) {
    return;
  }
  for (auto& fe : found) {
    if (problems.stopped()) return;
    check_status_expression(rgd, graph, fe, ids, options, status_ctx, problems, damage);
  }
  graph.status = std::move(found);
}

}  // namespace

namespace internal {

Graph build_graph(const Rgd& rgd, const BuildOptions& options, Problems& problems, Damage& damage,
                  const BuildHooks& hooks) {
  Graph graph;
  std::set<std::size_t> unusable;
  for (auto& e : check_naming(rgd, options.max_foreach_dimensions, &unusable)) {
    e.message = "failed to validate resourcegraphdefinition: " + e.message;
    if (!problems.add(std::move(e))) return graph;
  }
  if (hooks.before_nodes) {
    hooks.before_nodes();
    if (problems.stopped()) return graph;
  }
  std::vector<std::string> declared;
  for (const auto& res : rgd.resources) {
    if (!contains(declared, res.id.value)) declared.push_back(res.id.value);
    if (unusable.count(res.index) != 0) continue;
    auto node = build_node(rgd, res, options, problems, damage);
    if (problems.stopped()) return graph;
    if (!node) continue;
    graph.nodes.push_back(std::move(*node));
    if (hooks.on_node) {
      hooks.on_node(graph.nodes.back());
      if (problems.stopped()) return graph;
    }
  }
  // A resource that could not be built has no type, and what reads it is not checked further.
  // `schema` keeps its meaning whatever a resource is (wrongly) called; a resource called `each`
  // or `runtime` makes their uses ambiguous, so those are skipped as well.
  for (const auto& id : declared) {
    if (graph.node(id) == nullptr && id != kSchemaVar) damage.resources.insert(id);
  }
  build_dependencies(rgd, graph, declared, options, problems, damage);
  if (problems.stopped()) return graph;
  auto order = graph.dag.topological_order();
  auto waves = graph.dag.apply_waves();
  auto orders = graph.dag.apply_orders();
  if (!order.ok()) {
    if (!problems.add(rgd.error_at("/spec/resources",
                                   "failed to get topological order: " + order.error().message)))
      return graph;
  } else if (!waves.ok() || !orders.ok()) {
    if (!problems.add(rgd.error_at("/spec/resources", "failed to compute apply orders")))
      return graph;
  } else {
    graph.topological_order = std::move(*order);
    graph.apply_waves = std::move(*waves);
    graph.apply_orders = std::move(*orders);
  }
  for (auto& n : graph.nodes) {
    check_ready_when(rgd, n, declared, options, problems, damage);
    if (problems.stopped()) return graph;
  }
  build_status(rgd, graph, declared, options, problems, damage);
  return graph;
}

}  // namespace internal

Result<Graph> build_graph(const Rgd& rgd, const BuildOptions& options) {
  Problems problems(Problems::Mode::kFirst);
  Damage damage;
  Graph graph = internal::build_graph(rgd, options, problems, damage);
  if (!problems.empty()) return problems.errors().front();
  return graph;
}

}  // namespace kro::graph

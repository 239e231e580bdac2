// The build pipeline (builder.h): phases in upstream's order, each in its own file.
#include "graph/builder.h"

#include <string>

#include "graph/builder_internal.h"

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
Status check_ready_when(const Rgd& rgd, Node& n, const std::vector<std::string>& ids,
                        const BuildOptions& options) {
  const std::string allowed = n.type == NodeType::kCollection ? std::string(kEachVar) : n.id;
  auto is_variable = [&ids](std::string_view name) {
    return name == kSchemaVar || name == kEachVar || contains(ids, name) || name == "runtime";
  };
  for (auto& cond : n.ready_when) {
    auto fail = [&](const std::string& message) {
      return rgd.error_at(cond.pointer, "failed to validate resource \"" + n.id +
                                            "\": resource \"" + n.id + "\" readyWhen: " + message);
    };
    if (auto st = internal::inspect(cond, options, is_variable); !st.ok()) {
      return fail(st.error().message);
    }
    if (cond.uses_omit) return fail(std::string(internal::kOmitOnlyInTemplates));
    for (const auto& ref : cond.references) {
      if (ref == "runtime" && !contains(ids, ref)) {
        return fail("runtime is only available in status.conditions expressions");
      }
      if (ref != allowed) return fail("references unknown identifiers: [" + ref + "]");
    }
  }
  return {};
}

// schema.status: every leaf an expression reading resources or `schema`; `conditions` holds
// the author's condition expressions, which may also read `runtime`.
Status build_status(const Rgd& rgd, Graph& graph, const std::vector<std::string>& ids,
                    const BuildOptions& options) {
  const std::string base = rgd.schema.pointer + "/status";
  const std::string status_ctx = "failed to build instance status schema: ";
  JsonObject fields = rgd.schema.status.as_object();
  std::optional<Json> conditions;
  if (auto it = fields.find("conditions"); it != fields.end()) {
    conditions = it->value();
    fields.erase(it);
  }
  std::vector<std::string> plain;
  ExtractOptions extract;
  extract.base_pointer = base;
  extract.positions = rgd.positions.get();
  extract.plain_paths = &plain;
  auto exprs = extract_schemaless(Json(std::move(fields)), extract);
  if (!exprs.ok()) {
    Error e = std::move(exprs).take_error();
    e.message = status_ctx + "failed to extract CEL expressions from status: " + e.message;
    return e;
  }
  if (!plain.empty()) {
    return rgd.error_at(base, status_ctx + "status fields without expressions are not supported: " +
                                  go_list(plain));
  }
  if (conditions) {
    const std::string cp = base + "/conditions";
    const JsonArray* list = conditions->if_array();
    if (list == nullptr) return rgd.error_at(cp, status_ctx + "status.conditions must be a list");
    for (std::size_t i = 0; i < list->size(); ++i) {
      std::string p = pointer_join(cp, i);
      const json::string* s = (*list)[i].if_string();
      auto cel = s != nullptr ? parse_standalone(*s)
                              : Result<std::string>(Error(std::string(kOnlyStandaloneError)));
      if (!cel.ok()) {
        return rgd.error_at(
            p, status_ctx + "status.conditions[" + std::to_string(i) + "]: " + cel.error().message);
      }
      Expression e;
      e.cel = *cel;
      e.parts = {*cel};
      e.original = std::string(*s);
      e.pointer = p;
      e.pos = rgd.pos(p);
      exprs->push_back(FieldExpression{"conditions[" + std::to_string(i) + "]", std::move(e)});
    }
  }
  for (auto& fe : *exprs) {
    const bool is_condition = fe.path.rfind("conditions[", 0) == 0;
    // `runtime` counts as a read everywhere so that outside conditions it gets its own error.
    auto is_variable = [&ids](std::string_view name) {
      return name == kSchemaVar || name == kEachVar || contains(ids, name) || name == "runtime";
    };
    auto fail = [&](const std::string& message) {
      std::string text = status_ctx;
      text += "status field \"" + fe.path + "\" expression \"";
      text += user_expression(fe.expr);
      text += "\": ";
      text += message;
      return rgd.error_at(fe.expr.pointer, std::move(text));
    };
    if (auto st = internal::inspect(fe.expr, options, is_variable); !st.ok()) {
      return fail(st.error().message);
    }
    if (fe.expr.uses_omit) return fail(std::string(internal::kOmitOnlyInTemplates));
    bool reads_something = false;
    for (const auto& ref : fe.expr.references) {
      if (ref == "runtime" && !is_condition) {
        return fail("runtime is only available in status.conditions expressions");
      }
      if (ref == kSchemaVar || ref == "runtime") {
        reads_something = true;
        continue;
      }
      if (!contains(ids, ref)) return fail("references unknown identifiers: [" + ref + "]");
      reads_something = true;
      if (!contains(graph.instance_dependencies, ref)) graph.instance_dependencies.push_back(ref);
    }
    if (!reads_something) {
      return rgd.error_at(fe.expr.pointer,
                          "failed to create instance node: instance status field must refer to a "
                          "resource or schema: status." +
                              fe.path);
    }
  }
  graph.status = std::move(*exprs);
  return {};
}

}  // namespace

Result<Graph> build_graph(const Rgd& rgd, const BuildOptions& options) {
  if (auto naming = check_naming(rgd, options.max_foreach_dimensions); !naming.empty()) {
    Error e = naming.front();
    e.message = "failed to validate resourcegraphdefinition: " + e.message;
    return e;
  }
  Graph graph;
  std::vector<std::string> ids;
  for (const auto& res : rgd.resources) {
    auto node = internal::build_node(rgd, res, options);
    if (!node.ok()) return std::move(node).take_error();
    ids.push_back(node->id);
    graph.nodes.push_back(std::move(*node));
  }
  if (auto st = internal::build_dependencies(rgd, graph, options); !st.ok()) {
    return std::move(st).take_error();
  }
  auto order = graph.dag.topological_order();
  if (!order.ok()) {
    return rgd.error_at("/spec/resources",
                        "failed to get topological order: " + order.error().message);
  }
  graph.topological_order = std::move(*order);
  auto waves = graph.dag.apply_waves();
  auto orders = graph.dag.apply_orders();
  if (!waves.ok() || !orders.ok()) {
    return rgd.error_at("/spec/resources", "failed to compute apply orders");
  }
  graph.apply_waves = std::move(*waves);
  graph.apply_orders = std::move(*orders);
  for (auto& n : graph.nodes) {
    if (auto st = check_ready_when(rgd, n, ids, options); !st.ok())
      return std::move(st).take_error();
  }
  if (auto st = build_status(rgd, graph, ids, options); !st.ok()) return std::move(st).take_error();
  return graph;
}

}  // namespace kro::graph

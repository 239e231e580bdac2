// Phase 3 of the build (builder.h): references → dependencies → DAG.
#include <algorithm>
#include <cctype>
#include <functional>
#include <set>
#include <string>
#include <variant>

#include "cel/check/decls.h"
#include "cel/compiler.h"
#include "cel/lib/kro/library_sets.h"
#include "cel/syntax/parser.h"
#include "graph/internal/builder.h"
#include "graph/references.h"

namespace kro::graph::internal {

namespace {

void add_unique(std::vector<std::string>& v, const std::string& s) {
  if (!contains(v, s)) v.push_back(s);
}

// Type names CEL resolves as identifiers (`type(x) == int`); they are never variables.
bool is_type_name(std::string_view name) {
  static const std::set<std::string_view> kTypes = {"bool",   "bytes", "double", "dyn",
                                                    "int",    "list",  "map",    "null_type",
                                                    "string", "type",  "uint"};
  return kTypes.count(name) != 0;
}

// How the names an expression reads sort out (upstream's extractDependencies).
struct Classified {
  std::vector<std::string> resources;  // resource ids (and `each`, which upstream treats alike)
  std::vector<std::string> iterators;  // forEach iterator names of the node
};

}  // namespace

std::string go_list(const std::vector<std::string>& items) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += ' ';
    out += items[i];
  }
  return out + "]";
}

namespace {

// Every macro kro enables, cel-go's limits; parsing is const, so one parser serves all builds.
const cel::syntax::Parser& default_parser() {
  static const cel::syntax::Parser parser{cel::syntax::MacroRegistry(cel::lib::kro_macros())};
  return parser;
}

// Parses with the default parser. An issue without a location — a parser limit (recursion,
// nesting, size), which cel-go prints at `<input>:-1:0` — is placed where the parser stopped
// (the expression's start for the size limit), so that the message points into the expression
// as a syntax error's does.
Result<cel::syntax::ParsedExpr> parse_expression(std::string_view text) {
  auto outcome = default_parser().parse_with_issues(text);
  if (outcome.issues.empty()) return std::move(outcome.parsed);
  for (auto& issue : outcome.issues) {
    if (issue.location.line > 0) continue;
    issue.location = outcome.stopped_at.line > 0 ? outcome.stopped_at : cel::syntax::Location{1, 1};
  }
  return Error(cel::syntax::format_issues(outcome.issues, outcome.parsed.source_info));
}

// A global call of `omit`, anywhere in the expression (upstream's inspector UsesOmit).
bool calls_omit(const cel::syntax::Expr& root) {
  bool found = false;
  cel::syntax::walk(root, [&found](const cel::syntax::Expr& e) {
    if (const auto* call = std::get_if<cel::syntax::Call>(&e.kind);
        call != nullptr && call->target == nullptr && call->function == "omit") {
      found = true;
    }
    return !found;
  });
  return found;
}

// Whether a reference may reach metadata.managedFields: the whole value (`x`, passed on or
// indexed), its whole metadata, or a selection through managedFields.
bool may_read_managed_fields(const Reference& ref) {
  std::string_view rest = std::string_view(ref.path).substr(ref.name.size());
  return rest.empty() || rest == ".metadata" || rest.starts_with(".metadata.managedFields");
}

// `a.b.c` as written, or "" when the expression is not a plain qualified name.
std::string qualified_name(const cel::syntax::Expr& e) {
  if (const auto* id = std::get_if<cel::syntax::Ident>(&e.kind)) return id->name;
  if (const auto* sel = std::get_if<cel::syntax::Select>(&e.kind); sel && !sel->test_only) {
    std::string operand = qualified_name(*sel->operand);
    return operand.empty() ? operand : operand + "." + sel->field;
  }
  return "";
}

// Operators ("_+_", "_?._", "@in", "!_") are spelled with characters no function name has; the
// checker handles some of them (optional selection) without a declaration.
bool is_operator(std::string_view function) {
  return std::any_of(function.begin(), function.end(), [](char c) {
    return !(std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '.');
  });
}

// Calls of functions kro's environment does not declare, as written, first occurrence first
// (upstream's inspector UnknownFunctions). Operators are declared too, so only typos and
// functions from elsewhere show up. A call on a qualified name that is no variable may be a
// namespaced function (`json.marshal`); otherwise it is a method of its receiver.
std::vector<std::string> unknown_functions(
    const cel::syntax::Expr& root, const std::function<bool(std::string_view)>& is_variable) {
  const auto& decls = *cel::BaseEnv::kro()->declarations();
  std::vector<std::string> unknown;
  cel::syntax::walk(root, [&](const cel::syntax::Expr& e) {
    const auto* call = std::get_if<cel::syntax::Call>(&e.kind);
    if (call == nullptr || is_operator(call->function)) return true;
    if (decls.find_function(call->function) != nullptr) return true;
    std::string written = call->function;
    if (call->target != nullptr) {
      std::string q = qualified_name(*call->target);
      if (!q.empty() && !is_variable(q.substr(0, q.find('.')))) {
        written = q + "." + call->function;
        if (decls.find_function(written) != nullptr) return true;
      }
    }
    add_unique(unknown, written);
    return true;
  });
  return unknown;
}

}  // namespace

Status inspect(Expression& expr, const BuildOptions& options,
               const std::function<bool(std::string_view)>& is_variable,
               std::string_view parse_context) {
  auto parsed = options.parse ? options.parse(expr.cel) : parse_expression(expr.cel);
  if (!parsed.ok()) {
    return Error(std::string(parse_context) + "parse error: " + parsed.error().message);
  }
  expr.references.clear();
  expr.managed_fields_reads.clear();
  expr.uses_omit = calls_omit(*parsed->expr);
  for (auto& ref : find_references(*parsed->expr)) {
    if (is_type_name(ref.name) && !is_variable(ref.name)) continue;
    // `json.marshal(x)`, `lists.range(n)`: a call target that is no variable is the namespace
    // of a qualified function; the checker reports functions that do not exist.
    if (ref.call_target && !is_variable(ref.name)) continue;
    add_unique(expr.references, ref.name);
    if (may_read_managed_fields(ref)) add_unique(expr.managed_fields_reads, ref.name);
  }
  if (auto unknown = unknown_functions(*parsed->expr, is_variable); !unknown.empty()) {
    // Upstream prints its []UnknownFunction{Name} with %v: one struct per name.
    for (auto& name : unknown) {
      name.insert(0, "{");
      name += '}';
    }
    return Error("uses unknown functions: " + go_list(unknown));
  }
  return {};
}

namespace {

class DependencyBuilder {
 public:
  DependencyBuilder(const Rgd& rgd, Graph& graph, const std::vector<std::string>& declared,
                    const BuildOptions& options, Problems& problems, Damage& damage)
      : rgd_(rgd),
        graph_(graph),
        options_(options),
        problems_(problems),
        damage_(damage),
        ids_(declared) {}

  void run() {
    std::vector<Node> kept;
    for (auto& n : graph_.nodes) {
      if (auto st = graph_.dag.add_vertex(n.id, static_cast<int>(n.index)); !st.ok()) {
        // A second resource of the same id: reported, and left out of the graph.
        if (!report(n.pointer, "failed to add vertex to graph: " + st.error().message)) return;
        continue;
      }
      kept.push_back(std::move(n));
    }
    graph_.nodes = std::move(kept);
    for (auto& n : graph_.nodes) {
      node(n);
      if (problems_.stopped()) return;
    }
  }

 private:
  Error error(std::string_view pointer, const std::string& message) const {
    return rgd_.error_at(pointer, "failed to build dependency graph: " + message);
  }
  // Records a problem; false when the build stops.
  bool report(std::string_view pointer, const std::string& message) {
    return problems_.add(error(pointer, message));
  }
  // Records a problem with one expression, which the later phases then skip.
  bool report(Expression& e, const std::string& message) {
    damage_.expressions.insert(e.pointer);
    return report(e.pointer, message);
  }

  // The identity fields omit() may not remove: the name always; the namespace of a namespaced
  // resource when the instance is cluster-scoped (there is no instance namespace to inherit).
  bool must_be_concrete(const Node& n, const std::string& path) const {
    if (path == "metadata.name") return true;
    return path == "metadata.namespace" && n.namespaced && rgd_.schema.cluster_scoped();
  }

  // Sorts the references of an expression; an identifier that is neither a resource, `schema`,
  // `each` nor one of `iterators` is unknown.
  Result<Classified> classify(Expression& expr, const std::vector<std::string>& iterators) {
    // `runtime` is read as a variable so that it gets its own error below.
    auto is_variable = [this, &iterators](std::string_view name) {
      return name == kSchemaVar || name == kEachVar || contains(ids_, name) ||
             contains(iterators, name) || name == "runtime";
    };
    KRO_RETURN_IF_ERROR(inspect(expr, options_, is_variable, "failed to inspect expression: "));
    Classified out;
    for (const auto& name : expr.references) {
      if (name == kSchemaVar) continue;
      if (contains(ids_, name) || name == kEachVar) {
        add_unique(out.resources, name);
      } else if (contains(iterators, name)) {
        add_unique(out.iterators, name);
      } else if (name == "runtime") {
        return Error("runtime is only available in status.conditions expressions");
      } else {
        return Error("references unknown identifiers: [" + name + "]");
      }
    }
    return out;
  }

  void node(Node& n) {
    std::vector<std::string> iterators;
    for (const auto& dim : n.for_each) iterators.push_back(dim.name);

    std::vector<std::string> deps;
    if (!variable_dependencies(n, iterators, deps)) return;
    if (!for_each_dependencies(n, iterators, deps)) return;
    if (!include_when_dependencies(n, deps)) return;
    add_dependencies(n, std::move(deps));
  }

  // The resources the template's expressions read, added to deps; a collection's identity must
  // use every iterator. False when the build stops.
  bool variable_dependencies(Node& n, const std::vector<std::string>& iterators,
                             std::vector<std::string>& deps) {
    std::vector<std::string> identity_iterators;
    bool identity_known = true;  // no identity field failed (else "missing" would be a guess)
    for (auto& var : n.variables) {
      const bool identity =
          var.path == "metadata.name" || (var.path == "metadata.namespace" && n.namespaced);
      if (damage_.has_expression(var.expr)) {
        identity_known = identity_known && !identity;
        continue;
      }
      auto c = classify(var.expr, iterators);
      if (!c.ok()) {
        if (!report(var.expr, "failed to extract dependencies: " + c.error().message)) return false;
        identity_known = identity_known && !identity;
        continue;
      }
      for (const auto& d : c->resources) add_unique(deps, d);
      if (var.expr.uses_omit && must_be_concrete(n, var.path)) {
        if (!problems_.add(rgd_.error_at(
                var.expr.pointer,
                "resource \"" + n.id + "\": omit() cannot be used at path \"" + var.path +
                    "\" \u2014 the field is required and must resolve to a concrete value"))) {
          return false;
        }
      }
      if (identity) {
        for (const auto& it : c->iterators) add_unique(identity_iterators, it);
      }
    }
    std::vector<std::string> missing;
    for (const auto& it : iterators) {
      if (!contains(identity_iterators, it)) missing.push_back(it);
    }
    // A resource already reported as broken (no metadata, say) has no identity to judge.
    if (!missing.empty() && identity_known && damage_.resources.count(n.id) == 0) {
      if (!report(n.pointer + "/template/metadata",
                  "node \"" + n.id +
                      "\": all forEach dimensions must be used to produce a unique resource "
                      "identity, missing: " +
                      go_list(missing))) {
        return false;
      }
    }
    return true;
  }

  // The resources the forEach dimensions read, added to deps. False when the build stops.
  bool for_each_dependencies(Node& n, const std::vector<std::string>& iterators,
                             std::vector<std::string>& deps) {
    for (auto& dim : n.for_each) {
      if (damage_.has_expression(dim.expr)) continue;
      const std::string context =
          "failed to extract dependencies from forEach iterator \"" + dim.name + "\": ";
      auto c = classify(dim.expr, iterators);
      if (!c.ok()) {
        if (!report(dim.expr, context + c.error().message)) return false;
        continue;
      }
      if (dim.expr.uses_omit) {
        if (!report(dim.expr, context + std::string(kOmitOnlyInTemplates))) return false;
        continue;
      }
      if (!c->iterators.empty()) {
        if (!report(dim.expr, "node \"" + n.id + "\": forEach iterator \"" + dim.name +
                                  "\" cannot reference other iterators " + go_list(c->iterators) +
                                  " - forEach iterators are independent (cartesian product)")) {
          return false;
        }
        continue;
      }
      for (const auto& d : c->resources) add_unique(deps, d);
    }
    return true;
  }

  // The resources the includeWhen conditions read, added to deps. False when the build stops.
  bool include_when_dependencies(Node& n, std::vector<std::string>& deps) {
    for (auto& cond : n.include_when) {
      const std::string context = "failed to extract dependencies from includeWhen: ";
      auto c = classify(cond, {});
      if (!c.ok()) {
        if (!report(cond, context + c.error().message)) return false;
        continue;
      }
      // omit() is not rejected here (upstream's dependency extraction allows it): the type
      // check then reports that the condition does not return bool.
      for (const auto& d : c->resources) add_unique(deps, d);
    }
    return true;
  }

  // The edges of a node. Collecting, a dependency on a resource that could not be built
  // (already reported) is dropped, and a self reference is reported and dropped so that the
  // other edges still take part in cycle detection.
  void add_dependencies(Node& n, std::vector<std::string> deps) {
    if (problems_.collecting()) {
      deps.erase(std::remove_if(deps.begin(), deps.end(),
                                [this](const std::string& d) {
                                  return damage_.resources.count(d) != 0 && !graph_.dag.contains(d);
                                }),
                 deps.end());
    }
    auto st = graph_.dag.add_dependencies(n.id, deps);
    // Collecting, a self reference or a read of a node that does not exist (`each` outside a
    // collection's readyWhen) is reported once and dropped; the expressions reading a missing
    // node are not type-checked (they would be "undeclared reference" again).
    while (!st.ok() && problems_.collecting()) {
      std::string dropped;
      if (contains(deps, n.id)) {
        dropped = n.id;
      } else {
        for (const auto& d : deps) {
          if (!graph_.dag.contains(d)) dropped = d;
        }
      }
      if (dropped.empty()) break;
      if (!report(where(n, st.error().message), st.error().message)) return;
      if (dropped != n.id) damage_reading(n, dropped);
      deps.erase(std::remove(deps.begin(), deps.end(), dropped), deps.end());
      st = graph_.dag.add_dependencies(n.id, deps);
    }
    if (!st.ok()) {
      (void)report(where(n, st.error().message), st.error().message);
      return;
    }
    n.dependencies = std::move(deps);
  }

  // Marks every expression of `n` that reads `id`.
  void damage_reading(const Node& n, const std::string& id) {
    auto mark = [&](const Expression& e) {
      if (contains(e.references, id)) damage_.expressions.insert(e.pointer);
    };
    for (const auto& v : n.variables) mark(v.expr);
    for (const auto& d : n.for_each) mark(d.expr);
    for (const auto& c : n.include_when) mark(c);
  }

  // The field to blame for a DAG error: the first expression of the node that mentions the
  // offending id — the missing vertex, the node itself for a self reference, the next vertex of
  // the cycle for a cycle (the edge that closed it) — else the resource's id.
  std::string where(const Node& n, const std::string& message) const {
    std::string culprit = n.id;
    const std::string missing = "node ";
    const std::string cycle = "graph contains a cycle: ";
    if (message.rfind(missing, 0) == 0 && message.size() > missing.size()) {
      culprit = message.substr(missing.size(), message.find(' ', missing.size()) - missing.size());
    } else if (message.rfind(cycle, 0) == 0) {
      const std::string ring = message.substr(cycle.size()) + " -> ";
      const std::string self = n.id + " -> ";
      std::size_t at = ring.rfind(" -> " + self) != std::string::npos
                           ? ring.rfind(" -> " + self) + 4
                       : ring.rfind(self, 0) == 0 ? 0
                                                  : std::string::npos;
      if (at != std::string::npos) {
        std::size_t next = at + self.size();
        culprit = ring.substr(next, ring.find(" -> ", next) - next);
      }
    }
    auto mentions = [&culprit](const Expression& e) { return contains(e.references, culprit); };
    for (const auto& v : n.variables)
      if (mentions(v.expr)) return v.expr.pointer;
    for (const auto& d : n.for_each)
      if (mentions(d.expr)) return d.expr.pointer;
    for (const auto& c : n.include_when)
      if (mentions(c)) return c.pointer;
    return n.pointer + "/id";
  }

  const Rgd& rgd_;
  Graph& graph_;
  const BuildOptions& options_;
  Problems& problems_;
  Damage& damage_;
  std::vector<std::string> ids_;
};

}  // namespace

void build_dependencies(const Rgd& rgd, Graph& graph, const std::vector<std::string>& declared,
                        const BuildOptions& options, Problems& problems, Damage& damage) {
  DependencyBuilder(rgd, graph, declared, options, problems, damage).run();
}

}  // namespace kro::graph::internal

// The typing phase (typing.h), in upstream's order: resource kinds and scope rules (per
// resource, declaration order), then per resource forEach, templates, includeWhen, readyWhen,
// then the status expressions.
#include "graph/typing.h"

#include <algorithm>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <variant>

#include "cel/compiler.h"
#include "cel/types/openapi_types.h"
#include "graph/typing_conditions.h"
#include "graph/typing_status.h"
#include "graph/typing_template.h"
#include "value/field_path.h"
#include "value/strings.h"

namespace kro::graph {

namespace {

using cel::types::Type;
using cel::types::TypeKind;

constexpr std::string_view kTypePrefix = "__type_";
// Upstream builds the author's conditions in a phase of their own, after the status fields.
constexpr std::string_view kConditionsContext = "failed to build instance conditions: ";

// What upstream shows for an expression in messages: a template as written, else the CEL text.
const std::string& display(const Expression& e) {
  return e.kind == ExpressionKind::kTemplate ? e.original : e.cel;
}

// Go's %q, as upstream formats expressions, paths and types in its messages.
std::string quote(std::string_view s) { return go_quote(s); }

// Upstream's IsBoolOrOptionalBool: cel-go's bool (or optional_type(bool)) accepts exactly
// that type — not dyn, so a condition over schemaless data needs a cast (`bool(x)`).
bool is_bool_like(const Type& t) {
  return t.is(TypeKind::kBool) || (t.is(TypeKind::kOptional) && t.elem().is(TypeKind::kBool));
}

// Object fields and type nodes in a converted type: what an entry of the cache below costs
// (about 100 bytes each).
std::size_t type_weight(const Type& t) {
  std::size_t w = 1;
  if (const cel::types::ObjectType* o = t.object()) {
    for (const auto& f : o->fields()) w += type_weight(f.type);
  }
  for (const auto& p : t.params()) w += type_weight(p);
  return w;
}

// Converting a kind's schema to CEL types is the costliest step of a build (a Deployment
// expands to thousands of object types), and RGDs are rebuilt often with the same kinds and ids.
// Converted types are kept process-wide, keyed by the schema node and the type's name; each
// entry holds its KindSchema so the node stays valid. The names start with the resource id, so
// each (kind, id) pair has its own tree: ~1 MiB for a 1 MB CRD schema (bench/large-schema).
// Bounded by the entries' total weight (type_weight), not their count: cleared when it would
// grow past the budget (rebuilt on demand); a type heavier than the whole budget is not kept.
class TypeCache {
 public:
  static TypeCache& instance() {
    static TypeCache cache;
    return cache;
  }

  Result<Type> get(const KindSchemaPtr& kind, const Json& node, const std::string& name) {
    std::string key;
    key.reserve(name.size() + 40);
    key.append(std::to_string(reinterpret_cast<std::uintptr_t>(kind.get())))
        .append(":")
        .append(std::to_string(reinterpret_cast<std::uintptr_t>(&node)))
        .append(":")
        .append(name);
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (auto it = entries_.find(key); it != entries_.end()) return it->second.type;
    }
    const KindSchema* ks = kind.get();
    KRO_ASSIGN_OR_RETURN(
        auto t, cel::types::type_from_schema(node, name,
                                             [ks](std::string_view ref) { return ks->ref(ref); }));
    const std::size_t weight = type_weight(t);
    if (weight > kMaxWeight) return t;
    std::lock_guard<std::mutex> lock(mu_);
    if (weight_ + weight > kMaxWeight) {
      entries_.clear();
      weight_ = 0;
    }
    if (entries_.emplace(std::move(key), Entry{kind, t, weight}).second) weight_ += weight;
    return t;
  }

 private:
  // About 6 MiB: a dozen of a 1 MB CRD's trees (~4,500 each), more of a Deployment's.
  static constexpr std::size_t kMaxWeight = 50000;
  struct Entry {
    KindSchemaPtr owner;
    Type type;
    std::size_t weight = 0;
  };
  std::mutex mu_;
  std::unordered_map<std::string, Entry> entries_;
  std::size_t weight_ = 0;
};

Result<Type> cached_type(const KindSchemaPtr& kind, const Json& node, const std::string& name) {
  return TypeCache::instance().get(kind, node, name);
}

class Typer {
 public:
  Typer(CompiledGraph& g, const SchemaResolver& resolver, Problems& problems, Damage& damage)
      : g_(g), rgd_(g.rgd), resolver_(resolver), problems_(problems), damage_(damage) {}

  void resolve(Node& n) {
    if (damage_.resources.count(n.id) == 0) resolve_node(n);
  }

  void run() {
    const std::size_t problems_before = problems_.errors().size();
    if (!damage_.schema) {
      if (auto st = declare_schema(); !st.ok()) {
        damage_.schema = true;
        if (!record(std::move(st).take_error())) return;
      }
    }
    for (auto& n : g_.graph.nodes) {
      if (damage_.resources.count(n.id) != 0) continue;
      if (auto it = g_.resources.find(n.id); it != g_.resources.end()) {
        env_.variables[n.id] = it->second.type;  // resolved while the graph was built
        continue;
      }
      resolve_node(n);
      if (problems_.stopped()) return;
    }
    // Expressions that read an unresolved resource (or `schema`, when the spec schema failed)
    // are skipped: their errors would only repeat the first one.
    for (auto& n : g_.graph.nodes) {
      if (damage_.resources.count(n.id) != 0) continue;
      check_node(n);
      if (problems_.stopped()) return;
    }
    std::map<std::string, Type> leaf_types;
    for (const auto& fe : g_.graph.status) {
      if (!is_condition_entry(fe)) continue;
      auto types = condition_literal_types(fe.expr.cel);
      if (types.ok()) declared_conditions_.insert(types->begin(), types->end());
    }
    for (auto& fe : g_.graph.status) {
      if (damage_.skips(fe.expr)) continue;
      auto t = check_status(fe);
      if (!t.ok()) {
        if (!record(std::move(t).take_error())) return;
        continue;
      }
      leaf_types[fe.expr.pointer] = *t;
    }
    g_.status_schema = infer_status_schema(rgd_, g_.graph, [&](const FieldExpression& fe) {
      if (fe.expr.kind == ExpressionKind::kTemplate) {
        schema::Schema s;
        s.type = "string";
        return s;
      }
      auto it = leaf_types.find(fe.expr.pointer);
      return it == leaf_types.end() ? schema_from_cel_type(Type::dyn())
                                    : schema_from_cel_type(it->second);
    });
    g_.typed = problems_.errors().size() == problems_before;
  }

 private:
  // Records a problem; true when the phase goes on (collecting), false when the build stops.
  bool record(Error e) { return problems_.add(std::move(e)); }

  // --- declarations ---

  Status declare_schema() {
    JsonObject props;
    props["apiVersion"] = JsonObject{{"type", "string"}};
    props["kind"] = JsonObject{{"type", "string"}};
    props["metadata"] = object_meta_schema(!g_.cluster_scoped);
    props["spec"] = schema::to_json(g_.spec_schema);
    JsonObject root;
    root["type"] = "object";
    root["properties"] = std::move(props);
    instance_schema_ = std::move(root);
    auto t = cel::types::type_from_schema(instance_schema_, std::string(kTypePrefix) + "schema");
    if (!t.ok()) {
      return rgd_.error_at(rgd_.schema.pointer + "/spec",
                           "failed to create typed CEL environment: " + t.error().message);
    }
    env_.variables[std::string(kSchemaVar)] = *t;
    return {};
  }

  std::string kind_pointer(const Node& n) const {
    const ResourceDef& res = rgd_.resources.at(n.index);
    if (res.external_ref) return res.external_ref->kind.pointer;
    return res.template_pointer() + "/kind";
  }

  // The kind's schema and the checks that need it. A kind that cannot be resolved leaves the
  // resource untyped (in `damage`); the other problems are reported and the type kept.
  void resolve_node(Node& n) {
    auto fail = [&](std::string_view pointer, const std::string& message) {
      return rgd_.error_at(pointer, "failed to build resource \"" + n.id + "\": " + message);
    };
    auto untyped = [&](Error e) {
      damage_.resources.insert(n.id);
      (void)record(std::move(e));
    };
    const Json* api_version = find_path(n.object, "apiVersion");
    const Json* kind = find_path(n.object, "kind");
    if (api_version == nullptr || kind == nullptr || !api_version->is_string() ||
        !kind->is_string()) {
      return untyped(fail(n.pointer, "resource " + n.id + " has no apiVersion/kind"));
    }
    ResourceType rt;
    rt.id = n.id;
    rt.api_version = std::string(api_version->get_string());
    rt.kind = std::string(kind->get_string());
    auto ks = resolver_.resolve(rt.api_version, rt.kind);
    if (!ks.ok()) {
      return untyped(fail(kind_pointer(n),
                          "failed to get schema for resource " + n.id + ": " + ks.error().message));
    }
    rt.schema = *ks;
    rt.namespaced = rt.schema->namespaced;
    n.namespaced = rt.namespaced;
    if (auto st = check_scope(n); !st.ok() && !record(std::move(st).take_error())) return;
    // Literal template values against the schema (external refs and CRD templates are
    // schemaless, as upstream parses them).
    const ResourceDef& res = rgd_.resources.at(n.index);
    const bool is_crd =
        rt.api_version == "apiextensions.k8s.io/v1" && rt.kind == "CustomResourceDefinition";
    if (res.template_ && !is_crd) {
      std::vector<Error> literal;
      if (problems_.collecting()) {
        literal = check_template_schema_all(n.object, *rt.schema, res.template_pointer());
      } else if (auto st = check_template_schema(n.object, *rt.schema, res.template_pointer());
                 !st.ok()) {
        literal.push_back(st.error());
      }
      for (const auto& e : literal) {
        // A templated string where the schema wants no string is reported here once; its
        // expression's type would only say it again.
        damage_.expressions.insert(e.path);
        if (!record(fail(e.path, "failed to extract CEL expressions from schema for resource " +
                                     n.id + ": " + e.message))) {
          return;
        }
      }
    }
    if (res.template_ && is_crd) {
      // A CRD template may only compute its metadata (its schema would be unknown until then).
      for (const auto& var : n.variables) {
        if (var.path.rfind("metadata.", 0) != 0 &&
            !record(fail(var.expr.pointer,
                         "CEL expressions in CRDs are only supported for metadata fields, found "
                         "in path " +
                             quote(var.path) + ", resource " + n.id))) {
          return;
        }
      }
    }
    auto object = cached_type(rt.schema, rt.schema->schema, std::string(kTypePrefix) + n.id);
    if (!object.ok()) {
      return untyped(fail(kind_pointer(n), "failed to convert the schema of " +
                                               gvk_string(rt.api_version, rt.kind) +
                                               " to a CEL type: " + object.error().message));
    }
    rt.object = *object;
    rt.type = n.is_collection() ? Type::list(rt.object) : rt.object;
    env_.variables[n.id] = rt.type;
    g_.resources[n.id] = std::move(rt);
  }

  // validateTemplateConstraints: namespace rules by the kind's scope and the instance's.
  Status check_scope(const Node& n) {
    const Json* ns = find_path(n.object, "metadata.namespace");
    const bool sets_namespace =
        ns != nullptr && !(ns->is_string() && ns->get_string().empty()) && !ns->is_null();
    const ResourceDef& res = rgd_.resources.at(n.index);
    std::string md = res.external_ref ? res.external_ref->pointer + "/metadata"
                                      : res.template_pointer() + "/metadata";
    if (!n.namespaced && sets_namespace) {
      return rgd_.error_at(md + "/namespace", "failed to build resource \"" + n.id +
                                                  "\": resource \"" + n.id +
                                                  "\" is cluster-scoped and must not set "
                                                  "metadata.namespace");
    }
    if (n.namespaced && g_.cluster_scoped && !sets_namespace &&
        n.type != NodeType::kExternalCollection) {
      return rgd_.error_at(md, "failed to build resource \"" + n.id + "\": resource \"" + n.id +
                                   "\" is namespaced and must set metadata.namespace when the "
                                   "instance CRD is cluster-scoped");
    }
    return {};
  }

  // --- checking ---

  // Compiles an expression in `env`, reusing the result for an identical source in an identical
  // environment (the same `${schema.spec.name}` often appears many times).
  Result<std::shared_ptr<const CheckedExpression>> compile(const Expression& e,
                                                           const cel::CompileEnv& env, int env_id) {
    auto key = std::make_pair(env_id, e.cel);
    if (auto it = cache_.find(key); it != cache_.end()) return it->second;
    KRO_ASSIGN_OR_RETURN(auto c, cel::compile(e.cel, env));
    auto checked = std::make_shared<CheckedExpression>();
    checked->output = c.output_type;
    checked->program = std::make_shared<const cel::eval::Program>(std::move(c.program));
    std::shared_ptr<const CheckedExpression> out = std::move(checked);
    cache_.emplace(std::move(key), out);
    return out;
  }

  // Every expression of a resource, each on its own: collecting, one that fails is reported and
  // the others are still checked. Expressions already reported, or reading something untyped
  // (a damaged resource, `schema` without a spec schema, an iterator whose forEach failed) are
  // skipped.
  void check_node(Node& n) {
    const ResourceType& rt = g_.resources.at(n.id);
    std::vector<std::string> untyped_iterators;
    // forEach: each dimension a list; its element type types the iterator in the templates.
    cel::CompileEnv template_env = env_;
    int template_env_id = 0;
    if (!n.for_each.empty()) {
      template_env_id = ++env_count_;
      if (!check_for_each(n, template_env, untyped_iterators)) return;
    }
    if (!check_variables(n, rt, template_env, template_env_id, untyped_iterators)) return;
    for (auto& cond : n.include_when) {
      if (skips(cond, untyped_iterators)) continue;
      if (auto st = check_condition(n, cond, "includeWhen", env_, 0);
          !st.ok() && !record(std::move(st).take_error())) {
        return;
      }
    }
    if (!n.ready_when.empty()) {
      cel::CompileEnv ready_env = env_;
      int ready_env_id = 0;
      if (n.type == NodeType::kCollection) {
        ready_env.variables[std::string(kEachVar)] = rt.object;
        ready_env_id = ++env_count_;
      }
      for (auto& cond : n.ready_when) {
        if (skips(cond, untyped_iterators)) continue;
        if (auto st = check_condition(n, cond, "readyWhen", ready_env, ready_env_id);
            !st.ok() && !record(std::move(st).take_error())) {
          return;
        }
      }
    }
  }

  Error validation_error(const Node& n, const Expression& e, const std::string& message) const {
    return rgd_.error_at(e.pointer, "failed to validate resource \"" + n.id + "\": " + message);
  }

  // Whether check_node leaves e out: already reported, or reading an untyped iterator.
  bool skips(const Expression& e, const std::vector<std::string>& untyped_iterators) const {
    if (damage_.skips(e)) return true;
    for (const auto& ref : e.references) {
      if (std::find(untyped_iterators.begin(), untyped_iterators.end(), ref) !=
          untyped_iterators.end()) {
        return true;
      }
    }
    return false;
  }

  // Types each forEach iterator in template_env by its dimension's element type; iterators
  // that cannot be typed go to untyped_iterators. False when the build stops.
  bool check_for_each(Node& n, cel::CompileEnv& template_env,
                      std::vector<std::string>& untyped_iterators) {
    for (auto& dim : n.for_each) {
      template_env.variables[dim.name] = Type::dyn();
      if (skips(dim.expr, untyped_iterators)) {
        untyped_iterators.push_back(dim.name);
        continue;
      }
      auto c = compile(dim.expr, env_, 0);
      if (!c.ok()) {
        untyped_iterators.push_back(dim.name);
        if (!record(validation_error(n, dim.expr,
                                     "node \"" + n.id + "\": forEach iterator \"" + dim.name +
                                         "\": " + c.error().message))) {
          return false;
        }
        continue;
      }
      dim.expr.checked = *c;
      const Type& out = (*c)->output;
      Type elem = Type::dyn();
      if (out.is(TypeKind::kList)) {
        elem = out.elem();
      } else if (!out.is(TypeKind::kDyn)) {
        untyped_iterators.push_back(dim.name);
        if (!record(validation_error(n, dim.expr,
                                     "node " + quote(n.id) + ": forEach iterator " +
                                         quote(dim.name) + " must return a list, got " +
                                         quote(out.to_string()) + ": type " +
                                         quote(out.to_string()) + " is not a list type"))) {
          return false;
        }
        continue;
      }
      template_env.variables[dim.name] = elem;
    }
    return true;
  }

  // The template's expressions, each against the schema type at its path. False when the build
  // stops.
  bool check_variables(Node& n, const ResourceType& rt, const cel::CompileEnv& template_env,
                       int template_env_id, const std::vector<std::string>& untyped_iterators) {
    for (auto& var : n.variables) {
      if (skips(var.expr, untyped_iterators)) continue;
      auto c = compile(var.expr, template_env, template_env_id);
      if (!c.ok()) {
        if (!record(validation_error(n, var.expr,
                                     "failed to compile template expression " +
                                         quote(display(var.expr)) + " at path " + quote(var.path) +
                                         ": " + c.error().message))) {
          return false;
        }
        continue;
      }
      var.expr.checked = *c;
      std::optional<Type> selector_type;
      if (n.type == NodeType::kExternalCollection) selector_type = selector_field_type(var.path);
      Type expected = selector_type ? *selector_type : expected_type(rt, var.path);
      const Type& out = (*c)->output;
      if (cel::types::is_assignable(expected, out)) continue;
      auto why = structural_mismatch(out, expected);
      if (!why) continue;
      std::string message = "type mismatch in resource " + quote(n.id) + " at path " +
                            quote(var.path) + ": expression " + quote(display(var.expr)) +
                            " returns type " + quote(out.to_string()) + " but expected " +
                            quote(expected.to_string());
      if (!why->empty()) message += ": " + *why;
      if (!record(validation_error(n, var.expr, message))) return false;
    }
    return true;
  }

  Status check_condition(const Node& n, Expression& e, std::string_view what,
                         const cel::CompileEnv& env, int env_id) {
    auto fail = [&](const std::string& message) {
      return rgd_.error_at(e.pointer, "failed to validate resource \"" + n.id + "\": " + message);
    };
    auto c = compile(e, env, env_id);
    if (!c.ok()) {
      return fail("failed to type-check " + std::string(what) + " expression " + quote(display(e)) +
                  " in resource " + quote(n.id) + ": " + c.error().message);
    }
    e.checked = *c;
    if (!is_bool_like((*c)->output)) {
      return fail(std::string(what) + " expression " + quote(display(e)) + " in resource " +
                  quote(n.id) + " must return bool or optional_type(bool), but returns " +
                  quote((*c)->output.to_string()));
    }
    return {};
  }

  static bool is_condition_entry(const FieldExpression& fe) {
    return fe.path.rfind("conditions[", 0) == 0;
  }

  Result<Type> check_status(FieldExpression& fe) {
    const bool is_condition = is_condition_entry(fe);
    int env_id = 0;
    const cel::CompileEnv* env = &env_;
    if (is_condition) {
      if (!conditions_env_) {
        conditions_env_ = env_;
        conditions_env_->variables["runtime"] = Type::dyn();
        conditions_env_id_ = ++env_count_;
      }
      env = &*conditions_env_;
      env_id = conditions_env_id_;
    }
    auto c = compile(fe.expr, *env, env_id);
    if (!c.ok() && is_condition) {
      return rgd_.error_at(fe.expr.pointer, std::string(kConditionsContext) +
                                                "failed to type-check condition " +
                                                quote(display(fe.expr)) + ": " + c.error().message);
    }
    if (!c.ok()) {
      return rgd_.error_at(fe.expr.pointer,
                           "failed to build instance status schema: failed to type-check status "
                           "expression " +
                               quote(display(fe.expr)) + " at path " + quote(fe.path) + ": " +
                               c.error().message);
    }
    fe.expr.checked = *c;
    if (is_condition) {
      KRO_RETURN_IF_ERROR(check_author_condition(fe, (*c)->output));
    }
    return (*c)->output;
  }

  // kro's rules for one schema.status.conditions entry, in upstream's order: no literal type
  // another entry declares, the literal rules (check_condition_rules), a condition result.
  Status check_author_condition(const FieldExpression& fe, const Type& output) {
    auto fail = [&](const std::string& message) {
      return rgd_.error_at(fe.expr.pointer, std::string(kConditionsContext) + message);
    };
    auto types = condition_literal_types(fe.expr.cel);
    if (!types.ok()) return fail(types.error().message);
    for (const auto& type : *types) {
      auto [it, inserted] = condition_owner_.emplace(type, fe.path);
      if (!inserted && it->second != fe.path) {
        return fail("condition type " + quote(type) +
                    " is declared by more than one conditions entry");
      }
    }
    if (auto st = check_condition_rules(fe.expr.cel, declared_conditions_); !st.ok()) {
      return fail(st.error().message);
    }
    if (!is_condition_result_type(output)) {
      return fail("condition " + quote(display(fe.expr)) +
                  ": condition expressions must return runtime.newCondition(...) or a list of "
                  "them, got " +
                  quote(output.to_string()));
    }
    return {};
  }

  // An external collection's selector is a LabelSelector, which the listed kind's schema does
  // not describe: the types upstream checks its expressions against (selectorFieldType), lenient
  // where a loosely typed schema field may feed it. Nothing for other paths.
  static std::optional<Type> selector_field_type(std::string_view path) {
    constexpr std::string_view kSelector = "metadata.selector";
    constexpr std::string_view kMatchLabels = "metadata.selector.matchLabels";
    if (path == kSelector) return Type::map(Type::string(), Type::dyn());
    if (path == kMatchLabels) return Type::map(Type::string(), Type::string());
    if (path.size() > kMatchLabels.size() + 1 &&
        path.substr(0, kMatchLabels.size()) == kMatchLabels && path[kMatchLabels.size()] == '.') {
      return Type::string();
    }
    if (path == "metadata.selector.matchExpressions") return Type::list(Type::dyn());
    return std::nullopt;
  }

  // The type a template field must have: the resource schema at the field's path, named as
  // upstream names it ("__type_<id>.spec.ports.@idx"); dyn where the schema says nothing.
  Type expected_type(const ResourceType& rt, std::string_view path) {
    auto segments = parse_field_path(path);
    if (!segments.ok() || !rt.schema) return Type::dyn();
    const KindSchema& ks = *rt.schema;
    std::string name = std::string(kTypePrefix) + rt.id;
    const Json* s = ks.deref(&ks.schema);
    for (const auto& seg : *segments) {
      if (s == nullptr) return Type::dyn();
      if (std::holds_alternative<std::size_t>(seg)) {
        const Json* items = s->is_object() ? s->get_object().if_contains("items") : nullptr;
        if (items == nullptr) return Type::dyn();
        s = ks.deref(items);
        name += ".@idx";
      } else {
        const auto& field = std::get<std::string>(seg);
        s = field_schema(ks, s, field);
        name += "." + field;
      }
    }
    if (s == nullptr) return Type::dyn();
    auto t = cached_type(rt.schema, *s, name);
    return t.ok() ? *t : Type::dyn();
  }

  // lookupSchemaAtField: a property, else the additionalProperties schema, else (for a list)
  // the field of its items.
  static const Json* field_schema(const KindSchema& ks, const Json* s, const std::string& field) {
    for (int depth = 0; s != nullptr && depth < 8; ++depth) {
      const JsonObject* o = s->if_object();
      if (o == nullptr) return nullptr;
      if (const Json* props = o->if_contains("properties"); props && props->is_object()) {
        if (const Json* p = props->get_object().if_contains(field)) return ks.deref(p);
      }
      if (const Json* ap = o->if_contains("additionalProperties"); ap && ap->is_object()) {
        return ks.deref(ap);
      }
      const Json* items = o->if_contains("items");
      if (items == nullptr) return nullptr;
      s = ks.deref(items);
    }
    return nullptr;
  }

  CompiledGraph& g_;
  const Rgd& rgd_;
  const SchemaResolver& resolver_;
  Problems& problems_;
  Damage& damage_;
  Json instance_schema_;
  cel::CompileEnv env_;
  std::optional<cel::CompileEnv> conditions_env_;
  int conditions_env_id_ = 0;
  std::map<std::string, std::string> condition_owner_;  // literal condition type -> entry path
  std::set<std::string> declared_conditions_;           // the literal types of every entry
  int env_count_ = 0;
  std::map<std::pair<int, std::string>, std::shared_ptr<const CheckedExpression>> cache_;
};

}  // namespace

void type_graph(CompiledGraph& g, const SchemaResolver& resolver, Problems& problems,
                Damage& damage) {
  Typer(g, resolver, problems, damage).run();
}

void resolve_kind(CompiledGraph& g, Node& n, const SchemaResolver& resolver, Problems& problems,
                  Damage& damage) {
  Typer(g, resolver, problems, damage).resolve(n);
}

}  // namespace kro::graph

// compile_rgd / validate_rgd (compiled.h): the phases in upstream's order, the typing phase in
// typing.cc.
#include "graph/compiled.h"

#include <algorithm>
#include <climits>
#include <string_view>
#include <utility>

#include "graph/internal/builder.h"
#include "graph/problems.h"
#include "graph/typing.h"
#include "graph/typing_status.h"
#include "schema/crd.h"
#include "schema/pluralize.h"
#include "schema/simple_schema.h"
#include "value/strings.h"

namespace kro::graph {

const ResourceType* CompiledGraph::resource(std::string_view id) const {
  auto it = resources.find(id);
  return it == resources.end() ? nullptr : &it->second;
}

namespace {

// SimpleSchema → OpenAPI for the instance spec, wrapped as upstream wraps it.
Result<schema::Schema> spec_schema(const Rgd& rgd) {
  schema::SimpleSchemaOptions opt;
  opt.positions = rgd.positions.get();
  opt.spec_pointer = rgd.schema.pointer + "/spec";
  opt.types_pointer = rgd.schema.pointer + "/types";
  auto s = schema::simple_schema_to_openapi(rgd.schema.spec, rgd.schema.types, opt);
  if (!s.ok()) {
    Error e = std::move(s).take_error();
    e.message = "failed to build resourcegraphdefinition \"" + rgd.name.value +
                "\": failed to build OpenAPI schema for instance: " + e.message;
    return e;
  }
  return s;
}

Result<Json> instance_crd(const Rgd& rgd, const CompiledGraph& g, const CompileOptions& options) {
  schema::CrdOptions crd;
  crd.group = g.group;
  crd.api_version = g.version;
  crd.kind = g.kind;
  crd.scope = g.cluster_scoped ? "Cluster" : "Namespaced";
  crd.spec = g.spec_schema;
  crd.status = g.status_schema;
  crd.printer_columns.assign(rgd.schema.printer_columns.begin(), rgd.schema.printer_columns.end());
  for (const auto& t : rgd.schema.short_names) crd.short_names.push_back(t.value);
  for (const auto& t : rgd.schema.categories) crd.categories.push_back(t.value);
  for (const auto& kv : rgd.schema.crd_labels) {
    if (const auto* s = kv.value().if_string()) crd.labels.emplace_back(kv.key(), *s);
  }
  for (const auto& kv : rgd.schema.crd_annotations) {
    if (const auto* s = kv.value().if_string()) crd.annotations.emplace_back(kv.key(), *s);
  }
  if (!options.rgd_uid.empty()) {
    crd.rgd_name = rgd.name.value;
    crd.rgd_uid = options.rgd_uid;
    crd.kro_version = options.kro_version;
  }
  auto out = schema::synthesize_crd(crd);
  if (!out.ok()) {
    Error e = std::move(out).take_error();
    SourcePos pos = e.path.empty() ? rgd.pos(rgd.schema.pointer) : e.pos;
    if (!pos.known()) pos = rgd.pos(rgd.schema.pointer);
    e.pos = pos;
    e.message = "failed to synthesize CRD: " + e.message;
    return e;
  }
  return out;
}

// Replaces the SimpleSchema field at an error's dotted path ("spec.schema.spec.a.b",
// "spec.schema.types.T.f") by `object`. False when the path names no field that can be replaced.
bool replace_with_object(SchemaDef& schema, std::string_view path) {
  constexpr std::string_view kSpec = "spec.schema.spec.";
  constexpr std::string_view kTypes = "spec.schema.types.";
  Json* node = nullptr;
  if (path.substr(0, kSpec.size()) == kSpec) {
    node = &schema.spec;
    path.remove_prefix(kSpec.size());
  } else if (path.substr(0, kTypes.size()) == kTypes) {
    node = &schema.types;
    path.remove_prefix(kTypes.size());
  } else {
    return false;
  }
  while (true) {
    JsonObject* obj = node->if_object();
    if (obj == nullptr) return false;
    // Field names may contain dots: take the longest member name that prefixes the path.
    Json* next = nullptr;
    std::size_t used = 0;
    for (auto& kv : *obj) {
      std::string_view key = kv.key();
      if (path.substr(0, key.size()) == key && key.size() > used &&
          (path.size() == key.size() || path[key.size()] == '.')) {
        next = &kv.value();
        used = key.size();
      }
    }
    if (next == nullptr) return false;
    node = next;
    if (used == path.size()) break;
    path.remove_prefix(used + 1);
  }
  if (node->is_string() && node->get_string() == "object") return false;
  *node = "object";
  return true;
}

// The options build_graph sees: the resolver answers the scope question when the caller did
// not.
BuildOptions build_options(const CompileOptions& options) {
  BuildOptions b = options.build;
  if (!b.namespaced && options.resolver) {
    SchemaResolverPtr resolver = options.resolver;
    b.namespaced = [resolver](std::string_view api_version,
                              std::string_view kind) -> std::optional<bool> {
      auto ks = resolver->resolve(api_version, kind);
      if (!ks.ok()) return std::nullopt;
      return (*ks)->namespaced;
    };
  }
  return b;
}

// The instance spec schema. Collecting, a field the SimpleSchema conversion rejects is
// reported and replaced by a schemaless `object` (a dyn value for the typing phase), and the
// conversion runs again, so that every broken field is reported and expressions reading the
// good ones are still type-checked. When no field can be blamed, `schema` stays untyped.
schema::Schema build_spec_schema(const Rgd& rgd, Problems& problems, Damage& damage) {
  auto spec = spec_schema(rgd);
  if (spec.ok()) return std::move(*spec);
  if (!problems.add(spec.error())) return {};
  Rgd repaired = rgd;
  for (int attempt = 0; attempt < 100; ++attempt) {
    const std::string& path = spec.error().path;
    if (!replace_with_object(repaired.schema, path)) break;
    auto again = spec_schema(repaired);
    if (again.ok()) return std::move(*again);
    if (again.error().path == path) break;  // the same field again: no progress
    spec = std::move(again);
    (void)problems.add(spec.error());
  }
  damage.schema = true;
  return {};
}

// Runs the phases in upstream's order. In first-problem mode it stops at the first problem;
// collecting, each phase goes as far as it can. Whenever `problems` is not empty, the result is
// incomplete (no CRD).
CompiledGraph compile(const Rgd& rgd, const CompileOptions& options, Problems& problems) {
  CompiledGraph g;
  g.rgd = rgd;
  g.group = rgd.schema.group.value.empty() ? std::string(kDefaultGroup) : rgd.schema.group.value;
  g.version = rgd.schema.api_version.value;
  g.kind = rgd.schema.kind.value;
  g.plural = schema::kind_plural(g.kind);
  g.singular = ascii_lower(g.kind);
  g.cluster_scoped = rgd.schema.cluster_scoped();

  // Upstream builds the spec schema before any resource, and resolves each resource's kind as
  // it builds it, before the dependency graph: the first problem reported is the one it reports.
  Damage damage;
  internal::BuildHooks hooks;
  hooks.before_nodes = [&] { g.spec_schema = build_spec_schema(rgd, problems, damage); };
  if (options.resolver) {
    hooks.on_node = [&](Node& n) { resolve_kind(g, n, *options.resolver, problems, damage); };
  }
  g.graph = internal::build_graph(rgd, build_options(options), problems, damage, hooks);
  if (problems.stopped()) return g;

  if (options.resolver) {
    type_graph(g, *options.resolver, problems, damage);
    if (problems.stopped()) return g;
    g.typed = g.typed && problems.empty();  // problems of the kinds' step count too
  } else {
    // Without types, each status field accepts any value.
    g.status_schema = infer_status_schema(rgd, g.graph, [](const FieldExpression&) {
      schema::Schema any;
      any.preserve_unknown_fields = true;
      return any;
    });
  }
  // The CRD of a graph with problems would only repeat them.
  if (!problems.empty()) return g;
  auto crd = instance_crd(rgd, g, options);
  if (!crd.ok()) {
    (void)problems.add(std::move(crd).take_error());
    return g;
  }
  g.crd = std::move(*crd);
  return g;
}

}  // namespace

Result<CompiledGraph> compile_rgd(const Rgd& rgd, const CompileOptions& options) {
  Problems problems(Problems::Mode::kFirst);
  CompiledGraph g = compile(rgd, options, problems);
  if (!problems.empty()) return problems.errors().front();
  return g;
}

std::vector<Error> validate_rgd(const Rgd& rgd, const CompileOptions& options) {
  Problems problems(Problems::Mode::kAll);
  (void)compile(rgd, options, problems);
  std::vector<Error> errors = problems.take();
  // Phases find problems in their own order; people read files top to bottom. Problems without
  // a position go last, in the order found.
  std::stable_sort(errors.begin(), errors.end(), [](const Error& a, const Error& b) {
    auto key = [](const Error& e) {
      return std::pair(e.pos.known() ? e.pos.line : INT_MAX, e.pos.known() ? e.pos.column : 0);
    };
    return key(a) < key(b);
  });
  return errors;
}

}  // namespace kro::graph

// compile_rgd / validate_rgd (compiled.h): the phases in upstream's order, the typing phase in
// typing.cc.
#include "graph/compiled.h"

#include <utility>

#include "graph/typing.h"
#include "graph/typing_status.h"
#include "schema/crd.h"
#include "schema/pluralize.h"
#include "schema/simple_schema.h"

namespace kro::graph {

const ResourceType* CompiledGraph::resource(std::string_view id) const {
  auto it = resources.find(id);
  return it == resources.end() ? nullptr : &it->second;
}

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

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

// The pipeline; with `all` the typing phase collects every error it finds into it.
Result<CompiledGraph> compile(const Rgd& rgd, const CompileOptions& options,
                              std::vector<Error>* all) {
  CompiledGraph g;
  auto graph = build_graph(rgd, build_options(options));
  if (!graph.ok()) return std::move(graph).take_error();
  auto spec = spec_schema(rgd);
  if (!spec.ok()) return std::move(spec).take_error();

  g.rgd = rgd;
  g.graph = std::move(*graph);
  g.spec_schema = std::move(*spec);
  g.group = rgd.schema.group.value.empty() ? std::string(kDefaultGroup) : rgd.schema.group.value;
  g.version = rgd.schema.api_version.value;
  g.kind = rgd.schema.kind.value;
  g.plural = schema::kind_plural(g.kind);
  g.singular = lower(g.kind);
  g.cluster_scoped = rgd.schema.cluster_scoped();

  if (options.resolver) {
    if (auto st = type_graph(g, *options.resolver, all); !st.ok())
      return std::move(st).take_error();
  } else {
    // Without types, each status field accepts any value.
    g.status_schema = infer_status_schema(rgd, g.graph, [](const FieldExpression&) {
      schema::Schema any;
      any.preserve_unknown_fields = true;
      return any;
    });
  }

  auto crd = instance_crd(rgd, g, options);
  if (!crd.ok()) return std::move(crd).take_error();
  g.crd = std::move(*crd);
  return g;
}

}  // namespace

Result<CompiledGraph> compile_rgd(const Rgd& rgd, const CompileOptions& options) {
  return compile(rgd, options, nullptr);
}

std::vector<Error> validate_rgd(const Rgd& rgd, const CompileOptions& options) {
  std::vector<Error> errors;
  // Naming problems are independent of each other: report them all.
  auto naming = check_naming(rgd, options.build.max_foreach_dimensions);
  for (auto& e : naming) {
    e.message = "failed to validate resourcegraphdefinition: " + e.message;
    errors.push_back(std::move(e));
  }
  if (naming.empty()) {
    auto graph = build_graph(rgd, build_options(options));
    if (!graph.ok()) errors.push_back(graph.error());
  }
  // The spec schema does not depend on the resources.
  auto spec = spec_schema(rgd);
  if (!spec.ok()) errors.push_back(spec.error());
  if (errors.empty()) {
    std::vector<Error> typing;
    auto compiled = compile(rgd, options, &typing);
    if (!typing.empty()) {
      errors.insert(errors.end(), typing.begin(), typing.end());
    } else if (!compiled.ok()) {
      errors.push_back(compiled.error());
    }
  }
  return errors;
}

}  // namespace kro::graph

// The compiled form of a ResourceGraphDefinition: what the RGD controller registers, what the
// runtime evaluates and what the CLI prints.
//
//   Rgd --compile_rgd--> CompiledGraph, in upstream's order (the first problem is its first):
//          1. naming rules of the RGD;
//          2. SimpleSchema → OpenAPI for the instance spec (with `types`);
//          3. each resource: its node (expressions extracted), then, when a schema resolver is
//             given, its kind's schema, scope and literal template values;
//          4. references, DAG, readyWhen and status expressions (build_graph's later phases);
//          5. typing (with a resolver): every expression type-checked, Expression::checked
//             filled, the status schema inferred from the output types
//             (docs/behaviour/compile-and-typing.md);
//          6. the instance CRD (schema::synthesize_crd).
//
// Without a schema resolver step 3 is skipped: expressions stay unchecked (the runtime plans them
// from their source) and every status field is typed x-kubernetes-preserve-unknown-fields.
// Resolvers (schema_resolver*.h): offline_schema_resolver(crd_dir) for tools (the built-in
// Kubernetes kinds embedded in the binary, plus CRD files); for the controller,
// ChainSchemaResolver{SnapshotSchemaResolver::builtin(),
//                     resolve::ServerSchemaResolver(openapi, discovery)}.
// compile_rgd is thread-safe; converted schema types are cached process-wide (typing.cc).
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "cel/eval/program.h"
#include "cel/types/type.h"
#include "graph/builder.h"
#include "graph/model.h"
#include "graph/schema_resolver.h"
#include "schema/openapi_schema.h"
#include "value/json.h"
#include "value/result.h"

namespace kro::graph {

// The typing phase's result for one expression (Expression::checked).
struct CheckedExpression {
  cel::types::Type output;  // the checked output type (dyn where unknown)
  // The program planned from the checked AST (overloads resolved), or null when the typing
  // phase could not plan one; the runtime then plans Expression::cel itself.
  std::shared_ptr<const cel::eval::Program> program;
};

// What the typing phase learnt about one resource.
struct ResourceType {
  std::string id;
  std::string api_version;
  std::string kind;
  bool namespaced = true;
  KindSchemaPtr schema;     // null when the kind was not resolved (no resolver)
  cel::types::Type object;  // the CEL type of one object (dyn when unknown)
  cel::types::Type type;    // the variable's type: `object`, or list(object) for collections
};

struct CompiledGraph {
  Rgd rgd;
  Graph graph;
  Json crd;  // the instance CustomResourceDefinition
  std::string group;
  std::string version;  // spec.schema.apiVersion, e.g. "v1alpha1"
  std::string kind;
  std::string plural;
  std::string singular;
  bool cluster_scoped = false;
  schema::Schema spec_schema;    // instance .spec, from SimpleSchema
  schema::Schema status_schema;  // instance .status, the user part (before kro's state/conditions)
  bool typed = false;            // whether the typing phase ran
  std::map<std::string, ResourceType, std::less<>> resources;  // by id (typing phase)
  std::vector<Error> warnings;  // non-fatal findings (e.g. an unterminated `${`)

  // "<group>/<version>".
  std::string api_version() const { return group + "/" + version; }
  const ResourceType* resource(std::string_view id) const;
};

struct CompileOptions {
  BuildOptions build;
  // Resource kinds' schemas. Null skips type checking (see the file comment).
  SchemaResolverPtr resolver;
  // kro's ownership labels on the CRD (kro.run/owned, ..., the RGD's name and uid); left out
  // when rgd_uid is empty, as for offline output.
  std::string rgd_uid;
  std::string kro_version;
};

// Compiles an RGD; the first problem found (phases in upstream's order), with its position and
// path.
Result<CompiledGraph> compile_rgd(const Rgd& rgd, const CompileOptions& options = {});

// Every problem compile_rgd can find, sorted by position in the file (problems without one
// last); empty when the RGD compiles. The phases go on past failures: every naming rule, every
// resource on its own, every field's `${…}` scan, every expression's references, cycles, every
// SimpleSchema field (a broken one is typed dyn afterwards), and the type of every expression.
// What a problem makes meaningless is skipped instead of reported again (graph/problems.h): an
// expression with an unknown identifier gets no type error; a resource whose kind is unknown,
// or that could not be built, is not typed, nor are the expressions that read it. When there is
// exactly one problem it is compile_rgd's error.
std::vector<Error> validate_rgd(const Rgd& rgd, const CompileOptions& options = {});

}  // namespace kro::graph

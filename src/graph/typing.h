// The typing phase of compile_rgd (docs/behaviour/compile-and-typing.md): with every resource
// kind's OpenAPI schema, one typed CEL environment declares
//   schema         the instance without status (apiVersion, kind, ObjectMeta, the spec schema;
//                  no metadata.namespace for a cluster-scoped instance)
//   <resource id>  the kind's object type (list(T) for collections and external collections)
// and every expression is checked in it (iterators added for a collection's templates, `each`
// for a collection's readyWhen):
//   templates      output assignable, or structurally compatible, to the field's schema type;
//   includeWhen,   exactly bool or optional_type(bool) (dyn is rejected, as upstream does);
//   readyWhen
//   forEach        a list; its element type types the iterator;
//   status         any type; the output types give the status schema.
// Per resource, before any expression: the kind's schema (an unknown kind is "schema not
// found"), scope rules (a cluster-scoped resource must not set metadata.namespace; a namespaced
// one under a cluster-scoped instance must), literal template values against the schema
// (typing_template.h), and CRD templates may compute only metadata fields.
//
// Results land in Expression::checked (output type + planned program) and
// CompiledGraph::resources / status_schema. Errors carry upstream's wording, the RGD position
// of the field and its path.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "cel/types/type.h"
#include "graph/compiled.h"
#include "graph/problems.h"
#include "graph/schema_resolver.h"
#include "schema/openapi_schema.h"
#include "value/result.h"

namespace kro::graph {

// Types `g` (already built: graph, spec schema, names). Problems go to `problems` (stopping at
// the first unless it collects); what `damage` lists is skipped (see problems.h), and resources
// whose kind cannot be resolved are added to it. The status leaf of a failed or skipped
// expression is left untyped. g.typed tells whether this phase found nothing wrong.
void type_graph(CompiledGraph& g, const SchemaResolver& resolver, Problems& problems,
                Damage& damage);

// The first step of typing for one resource, taken while the graph is built (upstream resolves
// each kind as it builds the resource): its kind's schema, scope rules and literal template
// values; the result goes to g.resources, where type_graph finds it. A kind that cannot be
// resolved lists the resource in `damage`.
void resolve_kind(CompiledGraph& g, Node& n, const SchemaResolver& resolver, Problems& problems,
                  Damage& damage);

// kro's status-schema conversion of a CEL type (§2.5): primitives to their OpenAPI types,
// bytes to string/byte, timestamp to string/date-time, lists to arrays, maps to objects with
// additionalProperties, object types to objects with their (unescaped) fields; dyn, null and
// anything else to x-kubernetes-preserve-unknown-fields.
schema::Schema schema_from_cel_type(const cel::types::Type& t);

// Upstream's structural compatibility of an output type with an expected type (kinds equal;
// lists and maps recursively; an object output may have fewer fields than the expected
// object, never a field it lacks). nullopt when compatible, else why not.
std::optional<std::string> structural_mismatch(const cel::types::Type& output,
                                               const cel::types::Type& expected);

// The ObjectMeta schema kro gives `schema.metadata` (without `namespace` when the instance is
// cluster-scoped).
Json object_meta_schema(bool with_namespace);

}  // namespace kro::graph

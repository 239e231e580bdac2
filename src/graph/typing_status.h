// The instance's status schema (docs/behaviour/simpleschema.md): schema.status mirrors the shape of
// the status the controller writes, with a CEL expression at every leaf. Nested maps become
// objects, lists become arrays, and each leaf gets the schema of its expression's output type
// (given by the caller: the typing phase converts CEL types, an untyped build accepts anything).
// The author's `conditions` list is not part of the inferred schema: kro injects its own
// conditions schema (schema::merge_status_schema).
#pragma once

#include <functional>

#include "graph/builder.h"
#include "graph/model.h"
#include "schema/openapi_schema.h"

namespace kro::graph {

using LeafSchema = std::function<schema::Schema(const FieldExpression&)>;

// The user part of the status schema: an object (no properties when schema.status is empty).
schema::Schema infer_status_schema(const Rgd& rgd, const Graph& graph, const LeafSchema& leaf);

}  // namespace kro::graph

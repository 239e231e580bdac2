// Schema-guided validation of a resource template (upstream's ParseResource): the template is
// walked together with its kind's OpenAPI schema, and every literal must fit —
//   an object or list where the schema allows one, a known field (a property, or any name under
//   additionalProperties), a number/integer/boolean where the schema says so, and plain or
//   templated text only where a string is allowed ("${...}"-only strings are checked later by
//   type); x-kubernetes-preserve-unknown-fields subtrees accept anything.
// Messages are upstream's: "expected integer type for path spec.replicas, got string",
// "error getting field schema for path spec.foo: schema not found for field foo".
#pragma once

#include <string>
#include <vector>

#include "graph/schema_resolver.h"
#include "value/json.h"
#include "value/result.h"

namespace kro::graph {

// Checks `object` (the template written at JSON pointer `pointer`) against `kind`. The error's
// message is upstream's leaf text; pos/path are left for the caller (Error::path holds the JSON
// pointer of the offending node).
Status check_template_schema(const Json& object, const KindSchema& kind,
                             const std::string& pointer);

// Every problem of the template, in document order: a field that does not fit is reported and
// the walk goes on with its siblings (its own subtree is not walked). The first is
// check_template_schema's error.
std::vector<Error> check_template_schema_all(const Json& object, const KindSchema& kind,
                                             const std::string& pointer);

}  // namespace kro::graph

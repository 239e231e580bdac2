// Author condition rules (schema.status.conditions, kro's pkg/graph/conditions.go) beyond what
// the CEL checker enforces: what an entry may return, the literal types it declares (a type may
// be declared by one entry only) and which built-in types runtime.condition() may read.
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "cel/types/type.h"
#include "value/result.h"

namespace kro::graph {

// kro.run.Condition, list(kro.run.Condition), or dyn / list(dyn) (checked at run time).
bool is_condition_result_type(const cel::types::Type& t);

// The literal `type` of every runtime.newCondition({...}) in an entry, in source order; an error
// (message only) when the entry does not parse.
Result<std::vector<std::string>> condition_literal_types(std::string_view cel);

// Upstream's literal rules for one entry (kro's validateConditionAST), the first broken one in
// pre-order: a literal status must be True, False or Unknown, a literal type not empty, and
// runtime.condition(schema, "T") may read only kro's built-in types (`declared`: the literal
// types of all entries, which get "custom conditions cannot reference each other"). Messages
// end with `in expression "<entry>"`, Go-quoted.
Status check_condition_rules(std::string_view cel, const std::set<std::string>& declared);

}  // namespace kro::graph

// Author condition rules (schema.status.conditions, kro's pkg/graph/conditions.go) beyond what
// the CEL checker enforces: what an entry may return, the literal types it declares (a type may
// be declared by one entry only) and which built-in types runtime.condition() may read.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "cel/types/type.h"
#include "value/result.h"

namespace kro::graph {

// kro.run.Condition, list(kro.run.Condition), or dyn / list(dyn) (checked at run time).
bool is_condition_result_type(const cel::types::Type& t);

// The literal `type` of every runtime.newCondition({...}) in an entry, in source order; an error
// (message only) when runtime.condition(x, "T") names a type that is not one of kro's built-ins.
Result<std::vector<std::string>> condition_literal_types(std::string_view cel);

}  // namespace kro::graph

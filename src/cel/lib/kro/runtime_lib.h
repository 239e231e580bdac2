// kro's Runtime CEL library (author conditions in schema.status.conditions):
//   runtime.newCondition({type: "T", status: "True", reason: "R", message: "M"})
//       -> kro.run.Condition  (the parse-time macro runtime_macros() turns the identifier keys
//          into strings and checks a literal status)
//   runtime.condition(schema, "Ready") -> kro.run.Condition
//       one of kro's built-in instance conditions (InstanceManaged, GraphResolved,
//       ResourcesReady, Ready): taken from the `runtime` value's built-ins when the caller bound
//       them (runtime_value), else from the object's status.conditions, else status Unknown.
// A Condition's fields read as strings (`c.status`); its JSON form is the condition object.
#pragma once

#include <string_view>
#include <vector>

#include "cel/check/decls.h"
#include "cel/common/function_registry.h"
#include "cel/common/value.h"
#include "cel/syntax/macros.h"
#include "value/json.h"
#include "value/result.h"

namespace kro::cel::lib {

inline constexpr std::string_view kConditionTypeName = "kro.run.Condition";
inline constexpr std::string_view kRuntimeTypeName = "kro.run.Runtime";

Status register_kro_runtime(FunctionRegistry& reg);
// Its checker declarations (kro_decls.cc): newCondition and condition, returning the
// kro.run.Condition object type.
Status declare_kro_runtime(check::Declarations& decls);

// The library's parser macro: runtime.newCondition({type: ..., status: ...}) with identifier
// keys (runtime_macros.cc); only a call on the identifier `runtime` expands.
std::vector<syntax::Macro> runtime_macros();

// The value of the `runtime` variable; `builtin_conditions` is a list of condition objects
// ({type, status, reason, message}) kro computed for the instance (may be empty).
Value runtime_value(Json builtin_conditions);

// A kro.run.Condition value.
Value condition_value(std::string type, std::string status, std::string reason = {},
                      std::string message = {});

// Whether `type` is a built-in condition runtime.condition() may read.
bool is_builtin_condition_type(std::string_view type);

}  // namespace kro::cel::lib

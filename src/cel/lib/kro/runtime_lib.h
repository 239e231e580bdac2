// kro's Runtime CEL library (author conditions in schema.status.conditions):
//   runtime.newCondition({type: "T", status: "True", reason: "R", message: "M"})
//       -> kro.run.Condition  (the parse-time macro in cel/syntax/macros_runtime.cc turns the
//          identifier keys into strings and checks a literal status)
//   runtime.condition(schema, "Ready") -> kro.run.Condition
//       one of kro's built-in instance conditions (InstanceManaged, GraphResolved,
//       ResourcesReady, Ready): taken from the `runtime` value's built-ins when the caller bound
//       them (runtime_value), else from the object's status.conditions, else status Unknown.
// A Condition's fields read as strings (`c.status`); its JSON form is the condition object.
#pragma once

#include <string_view>

#include "cel/common/function_registry.h"
#include "cel/common/value.h"
#include "value/json.h"
#include "value/result.h"

namespace kro::cel::lib {

inline constexpr std::string_view kConditionTypeName = "kro.run.Condition";
inline constexpr std::string_view kRuntimeTypeName = "kro.run.Runtime";

Status register_kro_runtime(FunctionRegistry& reg);

// The value of the `runtime` variable; `builtin_conditions` is a list of condition objects
// ({type, status, reason, message}) kro computed for the instance (may be empty).
Value runtime_value(Json builtin_conditions);

// A kro.run.Condition value.
Value condition_value(std::string type, std::string status, std::string reason = {},
                      std::string message = {});

// Whether `type` is a built-in condition runtime.condition() may read.
bool is_builtin_condition_type(std::string_view type);

}  // namespace kro::cel::lib

// The conformance data's cel.expr.Type and Decl JSON (checked.proto in the proto JSON form,
// docs/behaviour/cel-conformance-runner.md) turned into checker types and declarations.
#pragma once

#include "cel/check/checker.h"
#include "cel/types/type.h"
#include "value/json.h"

namespace kro::cel::conformance {

// One Type object. Well-known message types map to their CEL types (Timestamp, Duration, Any
// and Value to dyn, Struct to map(string, dyn), ListValue to list(dyn)); wrapper types and
// other messages are errors (this runner has no protobuf types).
Result<types::Type> decode_type(const Json& j);

// Adds one `type_env` entry (ident or function) to the checker environment.
Status declare(const Json& decl, check::CheckEnv& env);

}  // namespace kro::cel::conformance

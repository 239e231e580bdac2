// The conformance data's Value JSON (cel.expr.Value in the proto JSON form described in
// docs/behaviour/cel-conformance-runner.md) decoded to runtime values, and the typed comparison
// the reference runner uses (1 does not match 1.0; NaN matches NaN; map entries unordered).
#pragma once

#include <string>

#include "cel/common/function_registry.h"
#include "cel/common/value.h"
#include "value/json.h"

namespace kro::cel::conformance {

// Decodes one Value object; errors name the unsupported form (protobuf messages, enums).
Result<Value> decode_value(const Json& j);

// True when `actual` equals `expected` in the runner's typed sense. Opaque library values are
// written {"object_value": {"@opaque": "net.IP", "repr": "..."}} in k8s-cases.json; they are
// compared through `registry` (string() for IP/CIDR, equality with a re-parsed value otherwise).
bool typed_equal(const Value& actual, const Json& expected, const FunctionRegistry& registry,
                 std::string& why);

}  // namespace kro::cel::conformance

// Kubernetes' rules for exposing OpenAPI property names as CEL field names
// (k8s.io/apiserver/pkg/cel/escaping.go): CEL reserved words become `__word__`; "__" becomes
// "__underscores__", "." "__dot__", "-" "__dash__", "/" "__slash__"; names starting with a digit
// or holding any other character have no CEL name.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace kro::cel::types {

// true, false, null, in, as, break, const, continue, else, for, function, if, import, let, loop,
// package, namespace, return, var, void, while.
bool is_cel_reserved_symbol(std::string_view s);

// The CEL field name for a property, or nullopt when it cannot be expressed.
std::optional<std::string> escape_field_name(std::string_view property);

// The property name behind a CEL field name (the inverse of EscapeFieldName).
std::string unescape_field_name(std::string_view field);

}  // namespace kro::cel::types

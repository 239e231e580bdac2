// JSON text exactly as Go's encoding/json writes it, for hashes that must match upstream kro's
// byte for byte (the GraphRevision spec hash is FNV-64a over json.Marshal output).
//
// go_json_string: a string the way encoding/json quotes it: '"', '\\', and the control characters
// \b \f \n \r \t escaped by name, other control characters, '<', '>', '&', U+2028 and U+2029 as
// \u00XX / \u20XX, invalid UTF-8 as \ufffd, everything else as is.
//
// go_json_number: a float64 the way encoding/json formats it: the shortest text that reads back
// to the same double, in plain notation for 1e-6 <= |x| < 1e21 and exponent notation otherwise
// ("1e+21", "1e-7").
//
// go_json_canonical: what json.Marshal prints for the value json.Unmarshal gives for `v`
// decoded into `any`: object keys sorted (by bytes), every number a float64, no whitespace.
//
// go_type_name: Go's %T of the value Kubernetes' unstructured decoding gives for `v`, as
// upstream's messages print it: "int64" for an integer (a uint64 too large for int64 included:
// the decoder makes it a float64, but upstream never sees one in practice), "float64",
// "bool", "string", "[]interface {}", "map[string]interface {}", "<nil>". `integers_as_float`
// gives plain encoding/json's view instead (every number a float64).
#pragma once

#include <string>
#include <string_view>

#include "value/json.h"

namespace kro {

void append_go_json_string(std::string& out, std::string_view s);
std::string go_json_string(std::string_view s);
void append_go_json_number(std::string& out, double x);
void append_go_json_canonical(std::string& out, const Json& v);
std::string go_json_canonical(const Json& v);
std::string go_type_name(const Json& v, bool integers_as_float = false);

}  // namespace kro

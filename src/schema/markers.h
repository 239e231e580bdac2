// SimpleSchema markers: the `key=value` list after the first "|" of a field string
// ("string | required=true default=\"x\""), and how each marker changes the field's OpenAPI
// schema. The sixteen keys and their effects follow upstream kro's pkg/simpleschema/markers.go;
// error texts are upstream's where it has one.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "schema/openapi_schema.h"
#include "value/result.h"

namespace kro::schema {

enum class MarkerKind {
  kRequired,
  kDefault,
  kDescription,
  kMinimum,
  kMaximum,
  kValidation,
  kEnum,
  kImmutable,
  kPattern,
  kUniqueItems,
  kMinLength,
  kMaxLength,
  kMinItems,
  kMaxItems,
  kListType,
  kListMapKey,
};

struct Marker {
  MarkerKind kind;
  std::string key;    // as written
  std::string value;  // unquoted and unescaped when it was written in double quotes
};

// Every marker key, in upstream's declaration order.
const std::vector<std::string_view>& marker_keys();

// Parses the marker list. Rules (upstream's): "=" separates key and value only outside quotes
// and brackets; values may be double-quoted (\" and \\ are unescaped, any other escape is kept
// as written) or contain balanced [...] / {...} with spaces; a key without "=" is an error (so a
// bare `required` is rejected), as are unknown keys and unclosed quotes or brackets.
Result<std::vector<Marker>> parse_markers(std::string_view text);

// Applies markers in order to `schema`, the schema of field `name`. `required=true` (and nothing
// else) adds `name` to `parent.required`. Errors carry upstream's message; the caller adds the
// field path.
Status apply_markers(Schema& schema, const std::vector<Marker>& markers, const std::string& name,
                     Schema& parent);

// Go's strconv.ParseBool: 1 t T TRUE true True / 0 f F FALSE false False.
bool parse_go_bool(std::string_view s, bool& out);

}  // namespace kro::schema

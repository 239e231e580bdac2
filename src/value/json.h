// The JSON value model shared by every layer: Boost.JSON values. Objects keep insertion order,
// numbers keep their int64/uint64/double kind (CEL needs the distinction). A Document is an
// immutable tree behind a shared pointer, so many readers (instances, workers, caches) can hold
// the same object without copying it.
#pragma once

#include <boost/json.hpp>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "value/result.h"

namespace kro {

namespace json = boost::json;
using Json = boost::json::value;
using JsonObject = boost::json::object;
using JsonArray = boost::json::array;
using Document = std::shared_ptr<const Json>;

inline Document make_document(Json v) { return std::make_shared<const Json>(std::move(v)); }

// Parses JSON text; errors carry the byte offset as a column on line 1 (JSON here is machine
// written, so a line is not worth tracking).
Result<Json> parse_json(std::string_view text, std::string_view file = "");

// Compact JSON text.
std::string to_json(const Json& v);
// Indented JSON text, two spaces, as kubectl prints it.
std::string to_pretty_json(const Json& v);

// Looks up a dotted path of object keys ("metadata.name"); nullptr when any step is missing or
// not an object.
const Json* find_path(const Json& root, std::string_view dotted);

// The string at a dotted path of object keys ("metadata.name"); "" when the path is missing or
// the value is not a string. string_view_at points into root.
std::string string_at(const Json& root, std::string_view dotted);
std::string_view string_view_at(const Json& root, std::string_view dotted);

// The integer at a dotted path ("metadata.generation"): an int64, or a uint64 that fits one;
// 0 when the path is missing or holds anything else (a double included).
std::int64_t int_at(const Json& root, std::string_view dotted);

// Numeric-aware deep equality: 1 == 1.0 == 1u, as Kubernetes' unstructured comparison does
// after a JSON round trip.
bool deep_equal(const Json& a, const Json& b);

}  // namespace kro

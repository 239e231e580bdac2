#include "schema/markers.h"

#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <optional>

#include "value/strings.h"

namespace kro::schema {

namespace {

struct KeyEntry {
  std::string_view key;
  MarkerKind kind;
};

constexpr KeyEntry kKeys[] = {
    {"required", MarkerKind::kRequired},
    {"default", MarkerKind::kDefault},
    {"description", MarkerKind::kDescription},
    {"minimum", MarkerKind::kMinimum},
    {"maximum", MarkerKind::kMaximum},
    {"validation", MarkerKind::kValidation},
    {"enum", MarkerKind::kEnum},
    {"immutable", MarkerKind::kImmutable},
    {"pattern", MarkerKind::kPattern},
    {"uniqueItems", MarkerKind::kUniqueItems},
    {"minLength", MarkerKind::kMinLength},
    {"maxLength", MarkerKind::kMaxLength},
    {"minItems", MarkerKind::kMinItems},
    {"maxItems", MarkerKind::kMaxItems},
    {"listType", MarkerKind::kListType},
    {"listMapKey", MarkerKind::kListMapKey},
};

std::optional<MarkerKind> kind_of(std::string_view key) {
  for (const auto& e : kKeys) {
    if (e.key == key) return e.kind;
  }
  return std::nullopt;
}

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

// Inside a quoted value only \" and \\ are escapes; any other backslash stays as written, so
// regular expressions such as "^\d+$" survive.
std::string unescape(std::string_view s) {
  std::string out;
  bool escaped = false;
  for (char c : s) {
    if (escaped) {
      if (c != '"' && c != '\\') out += '\\';
      out += c;
      escaped = false;
    } else if (c == '\\') {
      escaped = true;
    } else {
      out += c;
    }
  }
  return out;
}

std::string process_value(const std::string& raw) {
  if (raw.size() >= 2 && raw.front() == '"' && raw.back() == '"') {
    return unescape(std::string_view(raw).substr(1, raw.size() - 2));
  }
  return std::string(trim(raw));
}

std::string quote_go(std::string_view s) { return json::serialize(json::value(s)); }

Error syntax_error(std::string_view func, std::string_view value) {
  return Error(std::string("strconv.") + std::string(func) + ": parsing " + quote_go(value) +
               ": invalid syntax");
}

Error range_error(std::string_view func, std::string_view value) {
  return Error(std::string("strconv.") + std::string(func) + ": parsing " + quote_go(value) +
               ": value out of range");
}

Result<std::int64_t> parse_go_int(std::string_view s) {
  std::size_t i = 0;
  bool neg = false;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) neg = s[i++] == '-';
  if (i == s.size()) return syntax_error("ParseInt", s);
  unsigned long long acc = 0;  // NOLINT(google-runtime-int): overflow check needs the width
  const unsigned long long limit =
      neg ? static_cast<unsigned long long>(std::numeric_limits<std::int64_t>::max()) + 1
          : static_cast<unsigned long long>(std::numeric_limits<std::int64_t>::max());
  for (; i < s.size(); ++i) {
    if (s[i] < '0' || s[i] > '9') return syntax_error("ParseInt", s);
    acc = acc * 10 + static_cast<unsigned>(s[i] - '0');
    if (acc > limit) return range_error("ParseInt", s);
  }
  if (neg)
    return acc == limit ? std::numeric_limits<std::int64_t>::min()
                        : -static_cast<std::int64_t>(acc);
  return static_cast<std::int64_t>(acc);
}

Result<double> parse_go_float(std::string_view s) {
  if (s.empty() || is_space(s.front())) return syntax_error("ParseFloat", s);
  std::string buf(s);
  char* end = nullptr;
  errno = 0;
  double d = std::strtod(buf.c_str(), &end);
  if (end != buf.c_str() + buf.size()) return syntax_error("ParseFloat", s);
  if (errno == ERANGE && std::isinf(d)) return range_error("ParseFloat", s);
  // JSON has no infinities or NaN; Go would fail later when serialising the CRD.
  if (!std::isfinite(d)) return Error("value " + quote_go(s) + " is not a finite number");
  return d;
}

Status wrap(const std::string& prefix, const Error& e) { return Error(prefix + e.message); }

Status apply_default(Schema& schema, const Marker& m) {
  std::string raw = schema.type == "string" ? "\"" + m.value + "\"" : m.value;
  boost::system::error_code ec;
  Json v = json::parse(raw, ec);
  if (ec) {
    return Error("invalid default value " + quote_go(m.value) + " for type " +
                 (schema.type.empty() ? std::string("custom") : schema.type) +
                 ": not a valid JSON value");
  }
  bool fits = true;
  if (schema.type == "integer")
    fits = v.is_int64() || v.is_uint64();
  else if (schema.type == "number")
    fits = v.is_number();
  else if (schema.type == "boolean")
    fits = v.is_bool();
  if (!fits) {
    return Error("invalid default value " + quote_go(m.value) + " for type " + schema.type);
  }
  schema.default_value = std::move(v);
  return {};
}

Status apply_enum(Schema& schema, const Marker& m) {
  std::vector<Json> values;
  std::size_t start = 0;
  while (true) {
    std::size_t comma = m.value.find(',', start);
    std::string item(trim(std::string_view(m.value).substr(
        start, comma == std::string::npos ? std::string::npos : comma - start)));
    if (item.empty()) return Error("empty enum values are not allowed");
    if (schema.type == "string") {
      values.emplace_back(item);
    } else if (schema.type == "integer") {
      auto n = parse_go_int(item);
      if (!n) return wrap("failed to parse integer enum value: ", n.error());
      values.emplace_back(*n);
    } else {
      return Error("enum values only supported for string and integer types, got type: " +
                   schema.type);
    }
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  schema.enum_values = std::move(values);
  return {};
}

Status apply_int(std::optional<std::int64_t>& target, const Schema& schema, const Marker& m,
                 std::string_view want_type, std::string_view type_word) {
  if (schema.type != want_type) {
    return Error(m.key + " marker is only valid for " + std::string(type_word) +
                 " types, got type: " + schema.type);
  }
  auto n = parse_go_int(m.value);
  if (!n) return wrap("failed to parse " + m.key + " value: ", n.error());
  target = *n;
  return {};
}

Status apply_bound(std::optional<double>& target, const Marker& m) {
  auto d = parse_go_float(m.value);
  // "enum" in this message is upstream's wording, kept for fidelity.
  if (!d) return wrap("failed to parse " + m.key + " enum value: ", d.error());
  target = *d;
  return {};
}

Status apply_pattern(Schema& schema, const Marker& m) {
  if (m.value.empty()) return Error("pattern marker value cannot be empty");
  if (schema.type != "string") {
    return Error("pattern marker is only valid for string types, got type: " + schema.type);
  }
  RE2::Options opts;
  opts.set_log_errors(false);
  RE2 re(m.value, opts);
  if (!re.ok()) return Error("invalid pattern regex: error parsing regexp: " + re.error());
  schema.pattern = m.value;
  return {};
}

Status apply_list_type(Schema& schema, const Marker& m, bool unique_items_set) {
  if (m.value != "atomic" && m.value != "set" && m.value != "map") {
    return Error("invalid listType value " + quote_go(m.value) +
                 ": must be one of atomic, set, map");
  }
  if (schema.type != "array") {
    return Error("listType marker is only valid for array types, got type: " + schema.type);
  }
  if (unique_items_set && m.value != "set") {
    return Error("listType=" + m.value + " conflicts with uniqueItems=true");
  }
  schema.list_type = m.value;
  return {};
}

}  // namespace

bool parse_go_bool(std::string_view s, bool& out) {
  if (s == "1" || s == "t" || s == "T" || s == "TRUE" || s == "true" || s == "True") {
    out = true;
    return true;
  }
  if (s == "0" || s == "f" || s == "F" || s == "FALSE" || s == "false" || s == "False") {
    out = false;
    return true;
  }
  return false;
}

const std::vector<std::string_view>& marker_keys() {
  static const std::vector<std::string_view> keys = [] {
    std::vector<std::string_view> v;
    for (const auto& e : kKeys) v.push_back(e.key);
    return v;
  }();
  return keys;
}

Result<std::vector<Marker>> parse_markers(std::string_view text) {
  std::vector<Marker> out;
  std::optional<Marker> current;
  bool in_quotes = false;
  bool escaped = false;
  int brackets = 0;
  std::string buf;
  for (char c : text) {
    if (c == '=' && !current && !in_quotes && brackets == 0) {
      std::string key(trim(buf));
      if (key.empty()) return Error("empty marker key");
      auto kind = kind_of(key);
      if (!kind) {
        return Error("invalid marker key " + quote_go(key) + ": unknown marker: " + key);
      }
      current = Marker{*kind, key, ""};
      buf.clear();
    } else if (c == '"' && !escaped) {
      in_quotes = !in_quotes;
      buf += c;
    } else if (c == '\\' && in_quotes && !escaped) {
      escaped = true;
      buf += c;
    } else if ((c == '{' || c == '[') && !in_quotes) {
      ++brackets;
      buf += c;
    } else if ((c == '}' || c == ']') && !in_quotes) {
      --brackets;
      buf += c;
      if (brackets < 0) return Error("unmatched closing bracket/brace");
    } else if (is_space(c) && !in_quotes && brackets == 0) {
      if (current) {
        current->value = process_value(buf);
        out.push_back(std::move(*current));
        current.reset();
        buf.clear();
      }
    } else {
      if (escaped && in_quotes) escaped = false;
      buf += c;
    }
  }
  // Same order of checks as upstream, so the same input gets the same message.
  if (!current) return Error("marker key '" + buf + "' without a value");
  if (in_quotes) return Error("unclosed quote");
  if (brackets > 0) return Error("unclosed bracket/brace");
  current->value = process_value(buf);
  out.push_back(std::move(*current));
  return out;
}

namespace {

Status apply_required(Schema& parent, const std::string& name, const Marker& m) {
  bool b = false;
  if (!parse_go_bool(m.value, b)) {
    return wrap("failed to parse required marker value: ", syntax_error("ParseBool", m.value));
  }
  if (b) parent.required.push_back(name);
  return {};
}

Status apply_immutable(Schema& schema, const Marker& m) {
  bool b = false;
  if (!parse_go_bool(m.value, b)) {
    return wrap("failed to parse immutable marker value: ", syntax_error("ParseBool", m.value));
  }
  if (b) {
    schema.validations.push_back(
        ValidationRule{"self == oldSelf", "field is immutable", "", "", "", {}});
  }
  return {};
}

// Sets unique_items_set when the list became a set.
Status apply_unique_items(Schema& schema, const Marker& m, bool& unique_items_set) {
  bool b = false;
  if (!parse_go_bool(m.value, b)) {
    return wrap("failed to parse uniqueItems marker value: ", syntax_error("ParseBool", m.value));
  }
  if (schema.type != "array") {
    return Error("uniqueItems marker is only valid for array types, got type: " + schema.type);
  }
  if (b) {
    if (schema.list_type && *schema.list_type != "set") {
      return Error("uniqueItems=true conflicts with listType=" + *schema.list_type);
    }
    // Kubernetes expresses uniqueness as a set-typed list, not JSON-schema uniqueItems.
    schema.list_type = "set";
    unique_items_set = true;
  }
  return {};
}

Status apply_list_map_key(Schema& schema, const Marker& m) {
  if (schema.type != "array") {
    return Error("listMapKey marker is only valid for array types, got type: " + schema.type);
  }
  if (m.value.empty()) return Error("listMapKey marker value cannot be empty");
  if (std::find(schema.list_map_keys.begin(), schema.list_map_keys.end(), m.value) !=
      schema.list_map_keys.end()) {
    return Error("duplicate listMapKey " + quote_go(m.value));
  }
  schema.list_map_keys.push_back(m.value);
  return {};
}

}  // namespace

Status apply_markers(Schema& schema, const std::vector<Marker>& markers, const std::string& name,
                     Schema& parent) {
  bool unique_items_set = false;
  for (const Marker& m : markers) {
    Status st;
    switch (m.kind) {
      case MarkerKind::kRequired:
        st = apply_required(parent, name, m);
        break;
      case MarkerKind::kDefault:
        st = apply_default(schema, m);
        break;
      case MarkerKind::kDescription:
        schema.description = m.value;
        break;
      case MarkerKind::kMinimum:
        st = apply_bound(schema.minimum, m);
        break;
      case MarkerKind::kMaximum:
        st = apply_bound(schema.maximum, m);
        break;
      case MarkerKind::kValidation:
        if (trim(m.value).empty()) return Error("validation failed");
        schema.validations.push_back(ValidationRule{m.value, "validation failed", "", "", "", {}});
        break;
      case MarkerKind::kImmutable:
        st = apply_immutable(schema, m);
        break;
      case MarkerKind::kEnum:
        st = apply_enum(schema, m);
        break;
      case MarkerKind::kPattern:
        st = apply_pattern(schema, m);
        break;
      case MarkerKind::kUniqueItems:
        st = apply_unique_items(schema, m, unique_items_set);
        break;
      case MarkerKind::kMinLength:
        st = apply_int(schema.min_length, schema, m, "string", "string");
        break;
      case MarkerKind::kMaxLength:
        st = apply_int(schema.max_length, schema, m, "string", "string");
        break;
      case MarkerKind::kMinItems:
        st = apply_int(schema.min_items, schema, m, "array", "array");
        break;
      case MarkerKind::kMaxItems:
        st = apply_int(schema.max_items, schema, m, "array", "array");
        break;
      case MarkerKind::kListType:
        st = apply_list_type(schema, m, unique_items_set);
        break;
      case MarkerKind::kListMapKey:
        st = apply_list_map_key(schema, m);
        break;
    }
    if (!st) return st;
  }
  if (!schema.list_map_keys.empty() && !schema.list_type) {
    return Error("listMapKey set while listType is unset, listType must be set to map");
  }
  if (!schema.list_map_keys.empty() && schema.list_type != "map") {
    return Error("listMapKey set while listType is set to " + *schema.list_type +
                 ", listType must be set to map");
  }
  return {};
}

}  // namespace kro::schema

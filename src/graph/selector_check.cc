#include "graph/selector_check.h"

#include "graph/extract.h"
#include "graph/field_path.h"

namespace kro::graph {

namespace {

constexpr std::string_view kPath = "metadata.selector";
constexpr std::string_view kKeyFmt = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
constexpr std::string_view kKeyMessage =
    "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
    "alphanumeric character";
constexpr std::string_view kValueMessage =
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or "
    "'.', and must start and end with an alphanumeric character";
constexpr std::string_view kSubdomainMessage =
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or "
    "'.', and must start and end with an alphanumeric character";
constexpr std::string_view kSubdomainFmt =
    "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";

bool alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}
bool lower_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

// ([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]
bool key_syntax(std::string_view s) {
  if (s.empty() || !alnum(s.front()) || !alnum(s.back())) return false;
  for (char c : s) {
    if (!alnum(c) && c != '-' && c != '_' && c != '.') return false;
  }
  return true;
}

// Dot-separated RFC 1123 labels: [a-z0-9]([-a-z0-9]*[a-z0-9])?
bool subdomain_syntax(std::string_view s) {
  std::size_t start = 0;
  while (true) {
    std::size_t dot = s.find('.', start);
    std::string_view label = s.substr(start, dot == std::string_view::npos ? dot : dot - start);
    if (label.empty() || !lower_alnum(label.front()) || !lower_alnum(label.back())) return false;
    for (char c : label) {
      if (!lower_alnum(c) && c != '-') return false;
    }
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

std::string regex_error(std::string_view message, std::string_view fmt,
                        std::initializer_list<std::string_view> examples) {
  std::string out(message);
  out += " (e.g. ";
  bool first = true;
  for (auto e : examples) {
    if (!first) out += " or ";
    first = false;
    out.append("'").append(e).append("', ");
  }
  out.append("regex used for validation is '").append(fmt).append("')");
  return out;
}

std::string max_len(std::size_t n) {
  // apimachinery v0.36.3's content.MaxLenError counts bytes, and says so.
  return "must be no more than " + std::to_string(n) + " bytes";
}

// Go's %q of a plain string, enough for field error values.
std::string quoted(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

// The type name upstream's typed walk reports: the selector is decoded by encoding/json, so
// every number is a float64.
std::string go_type(const Json& v) {
  if (v.is_bool()) return "boolean";
  if (v.is_number()) return "float64";
  if (v.is_string()) return "string";
  if (v.is_array()) return "array";
  return "object";
}

std::string mismatch(std::string_view want, const std::string& path, const Json& v) {
  return "expected " + std::string(want) + " type for path " + path + ", got " + go_type(v);
}

bool standalone(const Json& v) {
  if (!v.is_string()) return false;
  auto s = is_standalone_expression(v.as_string());
  return s.ok() && *s;
}

std::string unknown_field(const std::string& path, std::string_view field) {
  return "error getting field schema for path " + path + "." + std::string(field) +
         ": schema not found for field " + std::string(field);
}

// A string field (key, operator, a label value, an element of values).
std::optional<std::string> check_string(const Json& v, const std::string& path) {
  if (v.is_null() || v.is_string()) return std::nullopt;
  return mismatch("string", path, v);
}

std::optional<std::string> check_string_list(const Json& v, const std::string& path) {
  if (v.is_null() || standalone(v)) return std::nullopt;
  if (!v.is_array()) return mismatch("array", path, v);
  for (std::size_t i = 0; i < v.as_array().size(); ++i) {
    if (auto p = check_string(v.as_array()[i], join_index(path, i))) return p;
  }
  return std::nullopt;
}

std::optional<std::string> check_requirement(const Json& v, const std::string& path) {
  if (v.is_null() || standalone(v)) return std::nullopt;
  if (!v.is_object()) return mismatch("object", path, v);
  for (const auto& kv : v.as_object()) {
    std::string field_path = join_field(path, kv.key());
    std::optional<std::string> p;
    if (kv.key() == "key" || kv.key() == "operator") {
      p = standalone(kv.value()) ? std::nullopt : check_string(kv.value(), field_path);
    } else if (kv.key() == "values") {
      p = check_string_list(kv.value(), field_path);
    } else {
      p = unknown_field(path, kv.key());
    }
    if (p) return p;
  }
  return std::nullopt;
}

// Step 1: the shape, against LabelSelector's schema.
std::optional<std::string> check_shape(const Json& selector) {
  const std::string root(kPath);
  for (const auto& kv : selector.as_object()) {
    std::string path = join_field(root, kv.key());
    const Json& v = kv.value();
    if (kv.key() == "matchLabels") {
      if (v.is_null() || standalone(v)) continue;
      if (!v.is_object()) return mismatch("object", path, v);
      for (const auto& label : v.as_object()) {
        if (auto p = check_string(label.value(), join_field(path, label.key()))) return p;
      }
    } else if (kv.key() == "matchExpressions") {
      if (v.is_null() || standalone(v)) continue;
      if (!v.is_array()) return mismatch("array", path, v);
      for (std::size_t i = 0; i < v.as_array().size(); ++i) {
        if (auto p = check_requirement(v.as_array()[i], join_index(path, i))) return p;
      }
    } else {
      return unknown_field(root, kv.key());
    }
  }
  return std::nullopt;
}

bool has_expression(const Json& v) {
  if (v.is_string()) return v.as_string().find("${") != std::string_view::npos;
  if (v.is_array()) {
    for (const auto& e : v.as_array()) {
      if (has_expression(e)) return true;
    }
  }
  if (v.is_object()) {
    for (const auto& kv : v.as_object()) {
      if (has_expression(kv.value())) return true;
    }
  }
  return false;
}

void add_invalid(std::vector<std::string>& errs, const std::string& path, std::string_view value,
                 const std::vector<std::string>& problems) {
  for (const auto& p : problems) {
    std::string e = path;
    e.append(": Invalid value: ").append(quoted(value)).append(": ").append(p);
    errs.push_back(std::move(e));
  }
}

std::string string_or_empty(const Json* v) {
  return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
}

void validate_requirement(const Json& r, const std::string& path, std::vector<std::string>& errs) {
  const JsonObject empty;
  const JsonObject& o = r.is_object() ? r.as_object() : empty;
  std::string op = string_or_empty(o.if_contains("operator"));
  std::vector<std::string> values;
  if (const Json* vs = o.if_contains("values"); vs != nullptr && vs->is_array()) {
    for (const auto& v : vs->as_array()) values.push_back(string_or_empty(&v));
  }
  if (op == "In" || op == "NotIn") {
    if (values.empty()) {
      errs.push_back(
          path + ".values: Required value: must be specified when `operator` is 'In' or 'NotIn'");
    }
  } else if (op == "Exists" || op == "DoesNotExist") {
    if (!values.empty()) {
      errs.push_back(path +
                     ".values: Forbidden: may not be specified when `operator` is 'Exists' "
                     "or 'DoesNotExist'");
    }
  } else {
    errs.push_back(path + ".operator: Invalid value: " + quoted(op) +
                   ": not a valid selector operator");
  }
  std::string key = string_or_empty(o.if_contains("key"));
  add_invalid(errs, path + ".key", key, label_key_problems(key));
  for (std::size_t i = 0; i < values.size(); ++i) {
    add_invalid(errs, join_index(path + ".values", i), values[i], label_value_problems(values[i]));
  }
}

// Step 2: Kubernetes' ValidateLabelSelector over a literal selector.
std::optional<std::string> validate_literal(const Json& selector) {
  std::vector<std::string> errs;
  const std::string root(kPath);
  if (const Json* ml = selector.as_object().if_contains("matchLabels"); ml && ml->is_object()) {
    for (const auto& kv : ml->as_object()) {
      add_invalid(errs, root + ".matchLabels", kv.key(), label_key_problems(kv.key()));
      std::string v = string_or_empty(&kv.value());
      add_invalid(errs, root + ".matchLabels", v, label_value_problems(v));
    }
  }
  if (const Json* me = selector.as_object().if_contains("matchExpressions"); me && me->is_array()) {
    for (std::size_t i = 0; i < me->as_array().size(); ++i) {
      validate_requirement(me->as_array()[i], join_index(root + ".matchExpressions", i), errs);
    }
  }
  if (errs.empty()) return std::nullopt;
  std::string out = "invalid label selector: [";
  for (std::size_t i = 0; i < errs.size(); ++i) out += (i > 0 ? " " : "") + errs[i];
  return out + "]";
}

}  // namespace

std::vector<std::string> label_key_problems(std::string_view key) {
  std::vector<std::string> errs;
  std::string_view name = key;
  std::size_t slash = key.find('/');
  if (slash != std::string_view::npos) {
    if (key.find('/', slash + 1) != std::string_view::npos) {
      return {"a valid label key " +
              regex_error(kKeyMessage, kKeyFmt, {"MyName", "my.name", "123-abc"}) +
              " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"};
    }
    std::string_view prefix = key.substr(0, slash);
    name = key.substr(slash + 1);
    if (prefix.empty()) {
      errs.emplace_back("prefix part must be non-empty");
    } else {
      if (prefix.size() > 253) errs.push_back("prefix part " + max_len(253));
      if (!subdomain_syntax(prefix)) {
        errs.push_back("prefix part " +
                       regex_error(kSubdomainMessage, kSubdomainFmt, {"example.com"}));
      }
    }
  }
  if (name.empty()) {
    errs.emplace_back("name part must be non-empty");
  } else if (name.size() > 63) {
    errs.push_back("name part " + max_len(63));
  }
  if (!key_syntax(name)) {
    errs.push_back("name part " +
                   regex_error(kKeyMessage, kKeyFmt, {"MyName", "my.name", "123-abc"}));
  }
  return errs;
}

std::vector<std::string> label_value_problems(std::string_view value) {
  std::vector<std::string> errs;
  if (value.size() > 63) errs.push_back(max_len(63));
  if (!value.empty() && !key_syntax(value)) {
    errs.push_back(regex_error(kValueMessage, "(" + std::string(kKeyFmt) + ")?",
                               {"MyValue", "my_value", "12345"}));
  }
  return errs;
}

std::optional<std::string> selector_problem(const Json& selector) {
  if (!selector.is_object()) return std::nullopt;
  if (auto p = check_shape(selector)) return p;
  if (has_expression(selector)) return std::nullopt;
  return validate_literal(selector);
}

}  // namespace kro::graph

#include "graph/label_selector.h"

#include <algorithm>
#include <string_view>

#include "value/strings.h"

namespace kro::graph {
namespace {

// apimachinery's words and patterns (k8s.io/apimachinery/pkg/api/validate/content), which its
// messages quote.
constexpr std::string_view kLabelKeyFmt = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
constexpr std::string_view kLabelKeyMsg =
    "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
    "alphanumeric character";
constexpr std::string_view kLabelValueMsg =
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or "
    "'.', and must start and end with an alphanumeric character";
constexpr std::string_view kSubdomainFmt =
    "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";
constexpr std::string_view kSubdomainMsg =
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or "
    "'.', and must start and end with an alphanumeric character";
constexpr std::size_t kLabelMaxLength = 63;
constexpr std::size_t kSubdomainMaxLength = 253;

std::string regex_error(std::string_view msg, std::string_view re,
                        std::initializer_list<std::string_view> examples) {
  std::string out(msg);
  out += " (e.g. ";
  bool first = true;
  for (std::string_view e : examples) {
    if (!first) out += " or ";
    first = false;
    out.append("'").append(e).append("', ");
  }
  return out.append("regex used for validation is '").append(re).append("')");
}

std::string max_len_error(std::size_t n) {
  return "must be no more than " + std::to_string(n) + " bytes";
}

bool is_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// ([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]
bool matches_label_key(std::string_view s) {
  if (s.empty() || !is_alnum(s.front()) || !is_alnum(s.back())) return false;
  for (char c : s) {
    if (!is_alnum(c) && c != '-' && c != '_' && c != '.') return false;
  }
  return true;
}

// [a-z0-9]([-a-z0-9]*[a-z0-9])? joined by dots.
bool matches_subdomain(std::string_view s) {
  std::size_t start = 0;
  while (true) {
    std::size_t dot = s.find('.', start);
    std::string_view part = s.substr(start, dot == std::string_view::npos ? dot : dot - start);
    auto lower_alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
    if (part.empty() || !lower_alnum(part.front()) || !lower_alnum(part.back())) return false;
    for (char c : part) {
      if (!lower_alnum(c) && c != '-') return false;
    }
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

std::string key_regex_error(std::string_view prefix) {
  return std::string(prefix) +
         regex_error(kLabelKeyMsg, kLabelKeyFmt, {"MyName", "my.name", "123-abc"});
}

// One field.Error: "<field>: <type>[: <value>][: <detail>]".
struct FieldError {
  std::string field;
  std::string body;
};

FieldError invalid(std::string field, std::string_view value, std::string_view detail) {
  return {std::move(field), "Invalid value: " + go_quote(value) + ": " + std::string(detail)};
}

void label_name(std::string_view key, const std::string& field, std::vector<FieldError>& out) {
  for (const auto& p : label_key_problems(key)) out.push_back(invalid(field, key, p));
}

// Go's encoding/json names the JSON kind it could not store.
std::string_view json_kind(const Json& v) {
  if (v.is_string()) return "string";
  if (v.is_bool()) return "bool";
  if (v.is_array()) return "array";
  if (v.is_object()) return "object";
  return "number";
}

std::string decode_error(const Json& v, std::string_view field, std::string_view go_type) {
  return "invalid selector object: json: cannot unmarshal " + std::string(json_kind(v)) +
         " into Go struct field " + std::string(field) + " of type " + std::string(go_type);
}

// A string (or null, the zero value) where Go decodes into a string; else the decode error.
std::optional<std::string> string_of(const Json& v, std::string_view field,
                                     std::string_view go_type, std::string& error) {
  if (v.is_null()) return std::string();
  if (!v.is_string()) {
    if (error.empty()) error = decode_error(v, field, go_type);
    return std::nullopt;
  }
  return std::string(v.as_string());
}

void match_labels(const Json& labels, std::vector<FieldError>& out, std::string& error) {
  if (labels.is_null()) return;
  if (!labels.is_object()) {
    if (error.empty()) {
      error = decode_error(labels, "LabelSelector.matchLabels", "map[string]string");
    }
    return;
  }
  const std::string field = "metadata.selector.matchLabels";
  for (const auto& kv : labels.as_object()) {
    auto value = string_of(kv.value(), "LabelSelector.matchLabels", "string", error);
    if (!value) continue;
    label_name(kv.key(), field, out);
    for (const auto& p : label_value_problems(*value)) out.push_back(invalid(field, *value, p));
  }
}

void requirement(const Json& item, std::size_t index, std::vector<FieldError>& out,
                 std::string& error) {
  if (!item.is_null() && !item.is_object()) {
    if (error.empty()) {
      error = decode_error(item, "LabelSelector.matchExpressions", "v1.LabelSelectorRequirement");
    }
    return;
  }
  constexpr std::string_view kStruct = "LabelSelectorRequirement.matchExpressions.";
  std::string key, op;
  std::vector<std::string> values;
  if (item.is_object()) {
    const JsonObject& o = item.as_object();
    if (const Json* k = o.if_contains("key")) {
      key = string_of(*k, std::string(kStruct) + "key", "string", error).value_or("");
    }
    if (const Json* v = o.if_contains("operator")) {
      op = string_of(*v, std::string(kStruct) + "operator", "v1.LabelSelectorOperator", error)
               .value_or("");
    }
    if (const Json* vs = o.if_contains("values"); vs != nullptr && !vs->is_null()) {
      if (!vs->is_array()) {
        if (error.empty()) error = decode_error(*vs, std::string(kStruct) + "values", "[]string");
      } else {
        for (const Json& v : vs->as_array()) {
          values.push_back(
              string_of(v, std::string(kStruct) + "values", "string", error).value_or(""));
        }
      }
    }
  }
  const std::string at = "metadata.selector.matchExpressions[" + std::to_string(index) + "]";
  if (op == "In" || op == "NotIn") {
    if (values.empty()) {
      out.push_back(
          {at + ".values", "Required value: must be specified when `operator` is 'In' or 'NotIn'"});
    }
  } else if (op == "Exists" || op == "DoesNotExist") {
    if (!values.empty()) {
      out.push_back({at + ".values",
                     "Forbidden: may not be specified when `operator` is 'Exists' or "
                     "'DoesNotExist'"});
    }
  } else {
    out.push_back(invalid(at + ".operator", op, "not a valid selector operator"));
  }
  label_name(key, at + ".key", out);
  for (std::size_t i = 0; i < values.size(); ++i) {
    for (const auto& p : label_value_problems(values[i])) {
      out.push_back(invalid(at + ".values[" + std::to_string(i) + "]", values[i], p));
    }
  }
}

}  // namespace

std::vector<std::string> label_key_problems(std::string_view key) {
  std::vector<std::string> errs;
  std::string_view name = key;
  const std::size_t slashes = std::count(key.begin(), key.end(), '/');
  if (slashes > 1) {
    return {"a valid label key " +
            regex_error(kLabelKeyMsg, kLabelKeyFmt, {"MyName", "my.name", "123-abc"}) +
            " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"};
  }
  if (slashes == 1) {
    std::string_view prefix = key.substr(0, key.find('/'));
    name = key.substr(key.find('/') + 1);
    if (prefix.empty()) {
      errs.emplace_back("prefix part must be non-empty");
    } else {
      if (prefix.size() > kSubdomainMaxLength) {
        errs.push_back("prefix part " + max_len_error(kSubdomainMaxLength));
      }
      if (!matches_subdomain(prefix)) {
        errs.push_back("prefix part " + regex_error(kSubdomainMsg, kSubdomainFmt, {"example.com"}));
      }
    }
  }
  if (name.empty()) {
    errs.emplace_back("name part must be non-empty");
  } else if (name.size() > kLabelMaxLength) {
    errs.push_back("name part " + max_len_error(kLabelMaxLength));
  }
  if (!matches_label_key(name)) errs.push_back(key_regex_error("name part "));
  return errs;
}

std::vector<std::string> label_value_problems(std::string_view value) {
  std::vector<std::string> errs;
  if (value.size() > kLabelMaxLength) errs.push_back(max_len_error(kLabelMaxLength));
  if (!value.empty() && !matches_label_key(value)) {
    errs.push_back(regex_error(kLabelValueMsg, std::string("(") + std::string(kLabelKeyFmt) + ")?",
                               {"MyValue", "my_value", "12345"}));
  }
  return errs;
}

std::optional<std::string> validate_literal_label_selector(const Json& selector) {
  if (!selector.is_object()) return std::nullopt;
  const JsonObject& sel = selector.as_object();
  std::vector<FieldError> labels_errors, expression_errors;
  std::string error;  // the first decode error, in document order, as Go reports it
  for (const auto& kv : sel) {
    if (kv.key() == "matchLabels") {
      match_labels(kv.value(), labels_errors, error);
    } else if (kv.key() == "matchExpressions" && !kv.value().is_null()) {
      if (!kv.value().is_array()) {
        if (error.empty()) {
          error = decode_error(kv.value(), "LabelSelector.matchExpressions",
                               "[]v1.LabelSelectorRequirement");
        }
        continue;
      }
      const JsonArray& items = kv.value().as_array();
      for (std::size_t i = 0; i < items.size(); ++i) {
        requirement(items[i], i, expression_errors, error);
      }
    }
  }
  if (!error.empty()) return error;
  // matchLabels is validated before matchExpressions, whatever the order in the document.
  std::vector<std::string> all;
  for (const auto* list : {&labels_errors, &expression_errors}) {
    for (const auto& e : *list) all.push_back(e.field + ": " + e.body);
  }
  if (all.empty()) return std::nullopt;
  std::string out = "invalid label selector: [";
  for (std::size_t i = 0; i < all.size(); ++i) out.append(i > 0 ? " " : "").append(all[i]);
  return out + "]";
}

}  // namespace kro::graph

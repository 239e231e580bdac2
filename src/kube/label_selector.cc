#include "kube/label_selector.h"

#include <algorithm>
#include <tuple>

namespace kro::kube {

namespace {

Error field_error(std::string path, std::string message) {
  Error e(std::move(message));
  e.path = std::move(path);
  return e;
}

const Json* label_value(const Json* labels, std::string_view key) {
  if (labels == nullptr || !labels->is_object()) return nullptr;
  const Json* v = labels->as_object().if_contains(key);
  return v != nullptr && v->is_string() ? v : nullptr;
}

bool contains(const std::vector<std::string>& sorted, std::string_view v) {
  return std::binary_search(sorted.begin(), sorted.end(), v, std::less<>());
}

Result<LabelSelector::Operator> parse_operator(const Json* op, const std::string& path) {
  if (op == nullptr || !op->is_string()) {
    return field_error(path, "operator is required (In, NotIn, Exists or DoesNotExist)");
  }
  std::string_view o = op->as_string();
  if (o == "In") return LabelSelector::Operator::kIn;
  if (o == "NotIn") return LabelSelector::Operator::kNotIn;
  if (o == "Exists") return LabelSelector::Operator::kExists;
  if (o == "DoesNotExist") return LabelSelector::Operator::kDoesNotExist;
  return field_error(
      path, "unknown operator \"" + std::string(o) + "\" (want In, NotIn, Exists or DoesNotExist)");
}

Result<LabelSelector::Requirement> parse_expression(const Json& e, const std::string& path) {
  if (!e.is_object()) return field_error(path, "a match expression must be an object");
  const JsonObject& o = e.as_object();
  LabelSelector::Requirement r;
  const Json* key = o.if_contains("key");
  if (key == nullptr || !key->is_string() || key->as_string().empty()) {
    return field_error(path + ".key", "key is required");
  }
  r.key = std::string(key->as_string());
  KRO_ASSIGN_OR_RETURN(r.op, parse_operator(o.if_contains("operator"), path + ".operator"));
  if (const Json* vs = o.if_contains("values"); vs != nullptr && !vs->is_null()) {
    if (!vs->is_array()) return field_error(path + ".values", "values must be a list of strings");
    for (std::size_t i = 0; i < vs->as_array().size(); ++i) {
      const Json& v = vs->as_array()[i];
      if (!v.is_string()) {
        return field_error(path + ".values[" + std::to_string(i) + "]",
                           "values must be a list of strings");
      }
      r.values.emplace_back(v.as_string());
    }
  }
  bool set_based = r.op == LabelSelector::Operator::kIn || r.op == LabelSelector::Operator::kNotIn;
  if (set_based && r.values.empty()) {
    return field_error(path + ".values",
                       std::string("operator ") +
                           (r.op == LabelSelector::Operator::kIn ? "In" : "NotIn") +
                           " needs at least one value");
  }
  if (!set_based && !r.values.empty()) {
    return field_error(path + ".values",
                       std::string("operator ") +
                           (r.op == LabelSelector::Operator::kExists ? "Exists" : "DoesNotExist") +
                           " takes no values");
  }
  std::sort(r.values.begin(), r.values.end());
  r.values.erase(std::unique(r.values.begin(), r.values.end()), r.values.end());
  return r;
}

}  // namespace

bool LabelSelector::Requirement::operator<(const Requirement& o) const {
  return std::tie(key, op, values) < std::tie(o.key, o.op, o.values);
}

Result<LabelSelector> LabelSelector::parse(const Json& selector) {
  LabelSelector out;
  if (selector.is_null()) return out;
  if (!selector.is_object()) return Error("a label selector must be an object");
  const JsonObject& s = selector.as_object();
  for (const auto& kv : s) {
    if (kv.key() != "matchLabels" && kv.key() != "matchExpressions") {
      return field_error(std::string(kv.key()),
                         "unknown label selector field (want matchLabels or matchExpressions)");
    }
  }
  if (const Json* ml = s.if_contains("matchLabels"); ml != nullptr && !ml->is_null()) {
    if (!ml->is_object()) return field_error("matchLabels", "matchLabels must be a map of strings");
    for (const auto& kv : ml->as_object()) {
      std::string path = "matchLabels." + std::string(kv.key());
      if (kv.key().empty()) return field_error("matchLabels", "a label key must not be empty");
      if (!kv.value().is_string()) return field_error(path, "a label value must be a string");
      out.requirements_.push_back(
          {std::string(kv.key()), Operator::kIn, {std::string(kv.value().as_string())}});
    }
  }
  if (const Json* me = s.if_contains("matchExpressions"); me != nullptr && !me->is_null()) {
    if (!me->is_array()) {
      return field_error("matchExpressions", "matchExpressions must be a list");
    }
    for (std::size_t i = 0; i < me->as_array().size(); ++i) {
      KRO_ASSIGN_OR_RETURN(auto r, parse_expression(me->as_array()[i],
                                                    "matchExpressions[" + std::to_string(i) + "]"));
      out.requirements_.push_back(std::move(r));
    }
  }
  std::sort(out.requirements_.begin(), out.requirements_.end());
  out.requirements_.erase(std::unique(out.requirements_.begin(), out.requirements_.end()),
                          out.requirements_.end());
  return out;
}

bool LabelSelector::matches_labels(const Json* labels) const {
  for (const auto& r : requirements_) {
    const Json* have = label_value(labels, r.key);
    switch (r.op) {
      case Operator::kIn:
        if (have == nullptr || !contains(r.values, have->as_string())) return false;
        break;
      case Operator::kNotIn:
        // As the API server: an object without the label satisfies "notin".
        if (have != nullptr && contains(r.values, have->as_string())) return false;
        break;
      case Operator::kExists:
        if (have == nullptr) return false;
        break;
      case Operator::kDoesNotExist:
        if (have != nullptr) return false;
        break;
    }
  }
  return true;
}

bool LabelSelector::matches(const Json& object) const {
  return matches_labels(find_path(object, "metadata.labels"));
}

std::string LabelSelector::str() const {
  std::string out;
  auto join = [](const std::vector<std::string>& vs) {
    std::string s;
    for (const auto& v : vs) {
      if (!s.empty()) s += ',';
      s += v;
    }
    return s;
  };
  for (const auto& r : requirements_) {
    if (!out.empty()) out += ',';
    switch (r.op) {
      case Operator::kIn:
        out += r.values.size() == 1 ? r.key + "=" + r.values.front()
                                    : r.key + " in (" + join(r.values) + ")";
        break;
      case Operator::kNotIn:
        out += r.key + " notin (" + join(r.values) + ")";
        break;
      case Operator::kExists:
        out += r.key;
        break;
      case Operator::kDoesNotExist:
        out += "!" + r.key;
        break;
    }
  }
  return out;
}

}  // namespace kro::kube

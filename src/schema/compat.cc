#include "schema/compat.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <set>

namespace kro::schema {

namespace {

struct TypeInfo {
  ChangeType type;
  std::string_view name;
};

constexpr TypeInfo kNames[] = {
    {ChangeType::kPropertyRemoved, "PROPERTY_REMOVED"},
    {ChangeType::kTypeChanged, "TYPE_CHANGED"},
    {ChangeType::kRequiredAdded, "REQUIRED_ADDED"},
    {ChangeType::kEnumRestricted, "ENUM_RESTRICTED"},
    {ChangeType::kPatternChanged, "PATTERN_CHANGED"},
    {ChangeType::kPatternAdded, "PATTERN_ADDED"},
    {ChangeType::kRequiredDefaultRemoved, "REQUIRED_DEFAULT_REMOVED"},
    {ChangeType::kMinimumAdded, "MINIMUM_ADDED"},
    {ChangeType::kMinimumIncreased, "MINIMUM_INCREASED"},
    {ChangeType::kMaximumAdded, "MAXIMUM_ADDED"},
    {ChangeType::kMaximumDecreased, "MAXIMUM_DECREASED"},
    {ChangeType::kMinLengthAdded, "MIN_LENGTH_ADDED"},
    {ChangeType::kMinLengthIncreased, "MIN_LENGTH_INCREASED"},
    {ChangeType::kMaxLengthAdded, "MAX_LENGTH_ADDED"},
    {ChangeType::kMaxLengthDecreased, "MAX_LENGTH_DECREASED"},
    {ChangeType::kMinItemsAdded, "MIN_ITEMS_ADDED"},
    {ChangeType::kMinItemsIncreased, "MIN_ITEMS_INCREASED"},
    {ChangeType::kMaxItemsAdded, "MAX_ITEMS_ADDED"},
    {ChangeType::kMaxItemsDecreased, "MAX_ITEMS_DECREASED"},
    {ChangeType::kPropertyAdded, "PROPERTY_ADDED"},
    {ChangeType::kDescriptionChanged, "DESCRIPTION_CHANGED"},
    {ChangeType::kDefaultChanged, "DEFAULT_CHANGED"},
    {ChangeType::kRequiredRemoved, "REQUIRED_REMOVED"},
    {ChangeType::kEnumExpanded, "ENUM_EXPANDED"},
    {ChangeType::kPatternRemoved, "PATTERN_REMOVED"},
    {ChangeType::kAdditionalPrinterColumnsChanged, "ADDITIONAL_PRINTER_COLUMNS_CHANGED"},
    {ChangeType::kMinimumRemoved, "MINIMUM_REMOVED"},
    {ChangeType::kMinimumDecreased, "MINIMUM_DECREASED"},
    {ChangeType::kMaximumRemoved, "MAXIMUM_REMOVED"},
    {ChangeType::kMaximumIncreased, "MAXIMUM_INCREASED"},
    {ChangeType::kMinLengthRemoved, "MIN_LENGTH_REMOVED"},
    {ChangeType::kMinLengthDecreased, "MIN_LENGTH_DECREASED"},
    {ChangeType::kMaxLengthRemoved, "MAX_LENGTH_REMOVED"},
    {ChangeType::kMaxLengthIncreased, "MAX_LENGTH_INCREASED"},
    {ChangeType::kMinItemsRemoved, "MIN_ITEMS_REMOVED"},
    {ChangeType::kMinItemsDecreased, "MIN_ITEMS_DECREASED"},
    {ChangeType::kMaxItemsRemoved, "MAX_ITEMS_REMOVED"},
    {ChangeType::kMaxItemsIncreased, "MAX_ITEMS_INCREASED"},
};

// The four change types of one bound: added, removed, tightened, relaxed.
struct BoundTypes {
  ChangeType added, removed, tightened, relaxed;
};

class Comparer {
 public:
  CompatReport report;

  void breaking(std::string path, ChangeType t, std::string o, std::string n) {
    report.breaking.push_back(Change{std::move(path), t, std::move(o), std::move(n)});
  }
  void fine(std::string path, ChangeType t, std::string o, std::string n) {
    report.non_breaking.push_back(Change{std::move(path), t, std::move(o), std::move(n)});
  }

  void compare(const std::string& path, const Schema& a, const Schema& b);

 private:
  template <typename T>
  void bound(const std::string& path, std::string_view name, const std::optional<T>& a,
             const std::optional<T>& b, bool lower, BoundTypes t);
  void properties(const std::string& path, const Schema& a, const Schema& b);
  void required(const std::string& path, const Schema& a, const Schema& b);
  void enums(const std::string& path, const Schema& a, const Schema& b);
};

// Go's strconv.FormatFloat(f, 'f', -1, 64): shortest representation, no exponent.
std::string format_float(double d) {
  char buf[400];
  auto res = std::to_chars(buf, buf + sizeof(buf), d, std::chars_format::fixed);
  return std::string(buf, res.ptr);
}

std::string format_value(double d) { return format_float(d); }
std::string format_value(std::int64_t v) { return std::to_string(v); }

std::string raw(const std::optional<Json>& v) { return v ? kro::to_json(*v) : ""; }

bool has_default(const Schema* s) { return s != nullptr && s->default_value.has_value(); }

template <typename T>
void Comparer::bound(const std::string& path, std::string_view name, const std::optional<T>& a,
                     const std::optional<T>& b, bool lower, BoundTypes t) {
  if (!a && !b) return;
  std::string p = path + "." + std::string(name);
  if (!a) return breaking(p, t.added, "", format_value(*b));
  if (!b) return fine(p, t.removed, format_value(*a), "");
  if (*a == *b) return;
  bool tighter = lower ? *b > *a : *b < *a;
  if (tighter) {
    breaking(p, t.tightened, format_value(*a), format_value(*b));
  } else {
    fine(p, t.relaxed, format_value(*a), format_value(*b));
  }
}

void Comparer::properties(const std::string& path, const Schema& a, const Schema& b) {
  std::set<std::string> old_names;
  for (const auto& p : a.properties) old_names.insert(p.name);
  for (const auto& name : old_names) {
    std::string p = path;
    p.append(".properties.").append(name);
    const Schema* nb = b.property(name);
    if (nb == nullptr) {
      breaking(p, ChangeType::kPropertyRemoved, "", "");
      continue;
    }
    compare(p, *a.property(name), *nb);
  }
  std::set<std::string> new_names;
  for (const auto& p : b.properties) new_names.insert(p.name);
  for (const auto& name : new_names) {
    if (old_names.count(name)) continue;
    std::string p = path;
    p.append(".properties.").append(name);
    // A new required field without a default rejects every existing object that lacks it.
    if (b.is_required(name) && !has_default(b.property(name))) {
      breaking(p, ChangeType::kPropertyAdded, "required=false", "required=true");
    } else {
      fine(p, ChangeType::kPropertyAdded, "", "");
    }
  }
}

void Comparer::required(const std::string& path, const Schema& a, const Schema& b) {
  if (a.required.empty() && b.required.empty()) return;
  std::set<std::string> olds(a.required.begin(), a.required.end());
  std::set<std::string> news(b.required.begin(), b.required.end());
  for (const auto& r : news) {
    if (a.property(r) != nullptr && !olds.count(r)) {
      breaking(path + ".required", ChangeType::kRequiredAdded, "", r);
    }
  }
  for (const auto& r : olds) {
    if (!news.count(r)) fine(path + ".required", ChangeType::kRequiredRemoved, r, "");
  }
  for (const auto& r : news) {
    if (a.property(r) == nullptr || !olds.count(r)) continue;
    if (has_default(a.property(r)) && !has_default(b.property(r))) {
      breaking(path + ".required", ChangeType::kRequiredDefaultRemoved, r, "");
    }
  }
}

void Comparer::enums(const std::string& path, const Schema& a, const Schema& b) {
  if (a.enum_values.empty() || b.enum_values.empty()) return;
  std::set<std::string> olds;
  std::set<std::string> news;
  for (const auto& v : a.enum_values) olds.insert(kro::to_json(v));
  for (const auto& v : b.enum_values) news.insert(kro::to_json(v));
  for (const auto& v : olds) {
    if (!news.count(v)) breaking(path + ".enum", ChangeType::kEnumRestricted, v, "");
  }
  for (const auto& v : news) {
    if (!olds.count(v)) fine(path + ".enum", ChangeType::kEnumExpanded, "", v);
  }
}

void Comparer::compare(const std::string& path, const Schema& a, const Schema& b) {
  if (a.description != b.description) {
    fine(path + ".description", ChangeType::kDescriptionChanged, a.description, b.description);
  }
  if (raw(a.default_value) != raw(b.default_value)) {
    fine(path + ".default", ChangeType::kDefaultChanged, raw(a.default_value),
         raw(b.default_value));
  }
  if (a.type != b.type) {
    // Nothing below the type is comparable once the type differs.
    breaking(path + ".type", ChangeType::kTypeChanged, a.type, b.type);
    return;
  }
  if (a.pattern != b.pattern) {
    if (a.pattern.empty()) {
      breaking(path + ".pattern", ChangeType::kPatternAdded, "", b.pattern);
    } else if (b.pattern.empty()) {
      fine(path + ".pattern", ChangeType::kPatternRemoved, a.pattern, "");
    } else {
      breaking(path + ".pattern", ChangeType::kPatternChanged, a.pattern, b.pattern);
    }
  }
  using CT = ChangeType;
  bound(path, "minimum", a.minimum, b.minimum, true,
        {CT::kMinimumAdded, CT::kMinimumRemoved, CT::kMinimumIncreased, CT::kMinimumDecreased});
  bound(path, "maximum", a.maximum, b.maximum, false,
        {CT::kMaximumAdded, CT::kMaximumRemoved, CT::kMaximumDecreased, CT::kMaximumIncreased});
  bound(path, "minLength", a.min_length, b.min_length, true,
        {CT::kMinLengthAdded, CT::kMinLengthRemoved, CT::kMinLengthIncreased,
         CT::kMinLengthDecreased});
  bound(path, "maxLength", a.max_length, b.max_length, false,
        {CT::kMaxLengthAdded, CT::kMaxLengthRemoved, CT::kMaxLengthDecreased,
         CT::kMaxLengthIncreased});
  bound(path, "minItems", a.min_items, b.min_items, true,
        {CT::kMinItemsAdded, CT::kMinItemsRemoved, CT::kMinItemsIncreased, CT::kMinItemsDecreased});
  bound(path, "maxItems", a.max_items, b.max_items, false,
        {CT::kMaxItemsAdded, CT::kMaxItemsRemoved, CT::kMaxItemsDecreased, CT::kMaxItemsIncreased});
  properties(path, a, b);
  required(path, a, b);
  enums(path, a, b);
  if (a.type == "array") {
    if (a.items && b.items) {
      compare(path + ".items", *a.items, *b.items);
    } else if (a.items) {
      breaking(path + ".items", ChangeType::kPropertyRemoved, "", "");
    } else if (b.items) {
      fine(path + ".items", ChangeType::kPropertyAdded, "", "");
    }
  }
}

std::string last_component(const std::string& path) {
  std::size_t dot = path.rfind('.');
  return dot == std::string::npos ? path : path.substr(dot + 1);
}

Result<const JsonObject*> single_version(const Json& crd, std::string_view which) {
  const Json* versions = crd.is_object() ? find_path(crd, "spec.versions") : nullptr;
  if (versions == nullptr || !versions->is_array() || versions->get_array().size() != 1 ||
      !versions->get_array()[0].is_object()) {
    std::size_t n = versions != nullptr && versions->is_array() ? versions->get_array().size() : 0;
    return Error("expected exactly one version in the " + std::string(which) + " CRD, got " +
                 std::to_string(n));
  }
  return &versions->get_array()[0].get_object();
}

}  // namespace

std::string_view change_type_name(ChangeType t) {
  for (const auto& e : kNames) {
    if (e.type == t) return e.name;
  }
  return "UNKNOWN";
}

std::string Change::description() const {
  const std::string prop = last_component(path);
  switch (type) {
    case ChangeType::kPropertyRemoved:
      return "Property " + prop + " was removed";
    case ChangeType::kPropertyAdded:
      if (new_value == "required") return "Required property " + prop + " was added";
      return "Optional property " + prop + " was added";
    case ChangeType::kTypeChanged:
      return "Type changed from " + old_value + " to " + new_value;
    case ChangeType::kRequiredAdded:
      return "Field " + new_value + " is newly required";
    case ChangeType::kRequiredRemoved:
      return "Field " + old_value + " is no longer required";
    case ChangeType::kEnumRestricted:
      return "Enum value " + old_value + " was removed";
    case ChangeType::kEnumExpanded:
      return "Enum value " + new_value + " was added";
    case ChangeType::kPatternChanged:
      return "Validation pattern changed from " + old_value + " to " + new_value;
    case ChangeType::kPatternAdded:
      return "Validation pattern " + new_value + " was added";
    case ChangeType::kPatternRemoved:
      return "Validation pattern " + old_value + " was removed";
    case ChangeType::kRequiredDefaultRemoved:
      return "Default value removed from required field " + old_value;
    case ChangeType::kDescriptionChanged:
      return "Description field was changed from " + old_value + " to " + new_value;
    case ChangeType::kDefaultChanged:
      return "Default value was changed from " + old_value + " to " + new_value;
    case ChangeType::kAdditionalPrinterColumnsChanged:
      return "Additional printer columns were changed";
    default:
      break;
  }
  // Constraint changes: "<Name> constraint V was added/removed", "<Name> was raised/lowered".
  std::string_view n = change_type_name(type);
  std::string label;
  if (n.starts_with("MINIMUM"))
    label = "Minimum";
  else if (n.starts_with("MAXIMUM"))
    label = "Maximum";
  else if (n.starts_with("MIN_LENGTH"))
    label = "MinLength";
  else if (n.starts_with("MAX_LENGTH"))
    label = "MaxLength";
  else if (n.starts_with("MIN_ITEMS"))
    label = "MinItems";
  else if (n.starts_with("MAX_ITEMS"))
    label = "MaxItems";
  else
    return "Unknown change to " + path;
  if (n.ends_with("_ADDED")) return label + " constraint " + new_value + " was added";
  if (n.ends_with("_REMOVED")) return label + " constraint " + old_value + " was removed";
  if (n.ends_with("_INCREASED"))
    return label + " was increased from " + old_value + " to " + new_value;
  return label + " was decreased from " + old_value + " to " + new_value;
}

std::string CompatReport::summary() const {
  if (breaking.empty()) return "no breaking changes";
  constexpr std::size_t kMax = 3;
  std::string out;
  for (std::size_t i = 0; i < breaking.size(); ++i) {
    if (i == kMax) {
      out += "; and " + std::to_string(breaking.size() - i) + " more changes";
      break;
    }
    if (i > 0) out += "; ";
    out += breaking[i].description();
  }
  return out;
}

CompatReport compare_schemas(const Schema& old_schema, const Schema& new_schema) {
  Comparer c;
  c.compare("", old_schema, new_schema);
  return std::move(c.report);
}

Result<CompatReport> compare_crds(const Json& old_crd, const Json& new_crd) {
  KRO_ASSIGN_OR_RETURN(auto ov, single_version(old_crd, "old"));
  KRO_ASSIGN_OR_RETURN(auto nv, single_version(new_crd, "new"));
  const JsonObject& o = *ov;
  const JsonObject& n = *nv;
  auto name_of = [](const JsonObject& v) {
    const Json* name = v.if_contains("name");
    return name != nullptr && name->is_string() ? std::string(name->get_string()) : "";
  };
  CompatReport report;
  if (name_of(o) != name_of(n)) {
    report.breaking.push_back(Change{"version", ChangeType::kTypeChanged, name_of(o), name_of(n)});
    return report;
  }
  auto openapi = [](const JsonObject& v) -> const Json* {
    const Json* s = v.if_contains("schema");
    return s != nullptr && s->is_object() ? s->get_object().if_contains("openAPIV3Schema")
                                          : nullptr;
  };
  const Json* os = openapi(o);
  const Json* ns = openapi(n);
  if (os == nullptr) return Error("old version " + name_of(o) + " has no schema");
  if (ns == nullptr) return Error("new version " + name_of(n) + " has no schema");
  KRO_ASSIGN_OR_RETURN(auto oschema, schema_from_json(*os, "openAPIV3Schema"));
  KRO_ASSIGN_OR_RETURN(auto nschema, schema_from_json(*ns, "openAPIV3Schema"));
  report = compare_schemas(oschema, nschema);

  auto flag = [](const JsonObject& v, std::string_view key) {
    const Json* f = v.if_contains(key);
    return f != nullptr && f->is_bool() && f->get_bool();
  };
  if (flag(o, "served") && !flag(n, "served")) {
    report.breaking.push_back(Change{"version.served", ChangeType::kTypeChanged, "true", "false"});
  }
  auto has_status = [](const JsonObject& v) {
    const Json* sub = v.if_contains("subresources");
    return sub != nullptr && sub->is_object() && sub->get_object().contains("status");
  };
  if (has_status(o) && !has_status(n)) {
    report.breaking.push_back(
        Change{"version.subresources.status", ChangeType::kPropertyRemoved, "", ""});
  }
  const Json* oc = o.if_contains("additionalPrinterColumns");
  const Json* nc = n.if_contains("additionalPrinterColumns");
  bool same_columns =
      (oc == nullptr && nc == nullptr) || (oc != nullptr && nc != nullptr && deep_equal(*oc, *nc));
  if (!same_columns) {
    report.non_breaking.push_back(Change{"version.additionalPrinterColumns",
                                         ChangeType::kAdditionalPrinterColumnsChanged, "", ""});
  }
  return report;
}

}  // namespace kro::schema

#include "graph/naming.h"

#include <array>
#include <set>
#include <string>

namespace kro::graph {

namespace {

constexpr std::array<std::string_view, 33> kKroReserved = {"apiVersion",
                                                           "context",
                                                           "dependency",
                                                           "dependencies",
                                                           "each",
                                                           "externalRef",
                                                           "externalReference",
                                                           "externalRefs",
                                                           "externalReferences",
                                                           "graph",
                                                           "instance",
                                                           "item",
                                                           "items",
                                                           "kind",
                                                           "kro",
                                                           "metadata",
                                                           "namespace",
                                                           "object",
                                                           "resource",
                                                           "resourcegraphdefinition",
                                                           "resourceGraphDefinition",
                                                           "resources",
                                                           "root",
                                                           "runtime",
                                                           "schema",
                                                           "self",
                                                           "serviceAccountName",
                                                           "spec",
                                                           "status",
                                                           "this",
                                                           "variables",
                                                           "vars",
                                                           "version"};

constexpr std::array<std::string_view, 21> kCelReserved = {
    "true",     "false",   "null",      "in",       "as",  "break",  "const",
    "continue", "else",    "for",       "function", "if",  "import", "let",
    "loop",     "package", "namespace", "return",   "var", "void",   "while"};

bool alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool camel(std::string_view s, char lo, char hi) {
  if (s.empty() || s[0] < lo || s[0] > hi) return false;
  for (char c : s.substr(1))
    if (!alnum(c)) return false;
  return true;
}

bool digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

const std::string kNaming = "naming convention violation: ";

}  // namespace

bool is_reserved_word(std::string_view word) {
  for (auto w : kKroReserved)
    if (w == word) return true;
  for (auto w : kCelReserved)
    if (w == word) return true;
  return false;
}

bool is_lower_camel_case(std::string_view s) { return camel(s, 'a', 'z'); }
bool is_upper_camel_case(std::string_view s) { return camel(s, 'A', 'Z'); }

bool is_kubernetes_version(std::string_view s) {
  // ^v\d+(?:(?:alpha|beta)\d+)?$
  if (s.size() < 2 || s[0] != 'v') return false;
  std::size_t i = 1;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
  if (i == 1) return false;
  std::string_view rest = s.substr(i);
  if (rest.empty()) return true;
  for (std::string_view stage : {std::string_view("alpha"), std::string_view("beta")}) {
    if (rest.substr(0, stage.size()) == stage) return digits(rest.substr(stage.size()));
  }
  return false;
}

std::vector<Error> check_naming(const Rgd& rgd, std::size_t max_dimensions,
                                std::set<std::size_t>* unusable) {
  std::vector<Error> errors;
  auto mark = [unusable](std::size_t index) {
    if (unusable != nullptr) unusable->insert(index);
  };
  const auto& kind = rgd.schema.kind;
  if (!is_upper_camel_case(kind.value)) {
    errors.push_back(rgd.error_at(kind.pointer, kNaming + "kind '" + kind.value +
                                                    "' is not a valid KRO kind name: must be "
                                                    "UpperCamelCase"));
  }
  std::set<std::string, std::less<>> seen;
  for (const auto& r : rgd.resources) {
    const auto& id = r.id;
    if (is_reserved_word(id.value)) {
      errors.push_back(
          rgd.error_at(id.pointer, kNaming + "id " + id.value + " is a reserved keyword in KRO"));
      mark(r.index);
    } else if (!is_lower_camel_case(id.value)) {
      errors.push_back(rgd.error_at(id.pointer, kNaming + "id " + id.value +
                                                    " is not a valid KRO resource id: must be "
                                                    "lower camelCase"));
    } else if (!seen.insert(id.value).second) {
      errors.push_back(
          rgd.error_at(id.pointer, kNaming + "found duplicate resource IDs " + id.value));
      mark(r.index);
    }
  }
  std::set<std::string, std::less<>> ids;
  for (const auto& r : rgd.resources) ids.insert(r.id.value);
  for (const auto& r : rgd.resources) {
    const std::string res = "resource \"" + r.id.value + "\": ";
    if (r.for_each.size() > max_dimensions) {
      errors.push_back(rgd.error_at(r.pointer + "/forEach", res + "forEach cannot have more than " +
                                                                std::to_string(max_dimensions) +
                                                                " dimensions, got " +
                                                                std::to_string(r.for_each.size())));
    }
    std::set<std::string, std::less<>> iterators;
    for (const auto& dim : r.for_each) {
      const auto& name = dim.name;
      const std::string quoted = "\"" + name.value + "\"";
      std::string msg;
      if (!is_lower_camel_case(name.value)) {
        msg = "forEach iterator name " + quoted + " is not valid: must be lowerCamelCase";
      } else if (is_reserved_word(name.value)) {
        msg = "forEach iterator name " + quoted + " is a reserved keyword";
      } else if (ids.count(name.value) != 0) {
        msg = "forEach iterator name " + quoted + " conflicts with resource ID";
      } else if (!iterators.insert(name.value).second) {
        msg = "duplicate forEach iterator name " + quoted;
      }
      if (!msg.empty()) {
        // Upstream reports forEach problems without the naming-convention prefix.
        errors.push_back(rgd.error_at(name.pointer, res + msg));
        mark(r.index);
      }
    }
  }
  const auto& version = rgd.schema.api_version;
  if (!is_kubernetes_version(version.value)) {
    errors.push_back(rgd.error_at(
        version.pointer, "version " + version.value + " is not a valid Kubernetes version"));
  }
  return errors;
}

}  // namespace kro::graph

// Phase 2 of the build (builder.h): one Node per resource.
#include <algorithm>
#include <cctype>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "graph/internal/builder.h"
#include "value/strings.h"

namespace kro::graph::internal {

namespace {

constexpr std::string_view kReservedPrefixes[] = {"kro.run/", "internal.kro.run/"};

// validateKubernetesObjectStructure: apiVersion and kind strings, metadata a map.
std::optional<std::string> object_structure_problem(const JsonObject& obj) {
  for (std::string_view field : {"apiVersion", "kind"}) {
    const Json* v = obj.if_contains(field);
    if (v == nullptr) return std::string(field) + " field not found";
    if (!v->is_string()) return std::string(field) + " field is not a string";
  }
  const Json* md = obj.if_contains("metadata");
  if (md == nullptr) return std::string("metadata field not found");
  if (!md->is_object()) return std::string("metadata field is not a map");
  return std::nullopt;
}

// schema.ParseGroupVersion: "", "/", "v", "g/v" parse; more than one slash does not.
std::optional<std::string> api_version_problem(std::string_view api_version) {
  if (std::count(api_version.begin(), api_version.end(), '/') <= 1) return std::nullopt;
  return "invalid apiVersion format \"" + std::string(api_version) +
         "\": unexpected GroupVersion string: " + std::string(api_version);
}

// Upstream's wrapper for an apiVersion or kind it cannot turn into a GVK.
std::string gvk_context(std::string_view id) {
  return "failed to extract GVK from resource " + std::string(id) + ": ";
}

// The kind, lowercased, must be a DNS-1035 label (validation.IsDNS1035Label, its messages).
std::optional<std::string> kind_problem(std::string_view kind) {
  const std::string lower = ascii_lower(kind);
  auto alpha = [](char c) { return c >= 'a' && c <= 'z'; };
  auto alnum = [&alpha](char c) { return alpha(c) || (c >= '0' && c <= '9'); };
  bool valid =
      !lower.empty() && alpha(lower.front()) && alnum(lower.back()) &&
      std::all_of(lower.begin(), lower.end(), [&alnum](char c) { return alnum(c) || c == '-'; });
  std::vector<std::string> errs;
  if (lower.size() > 63) errs.emplace_back("must be no more than 63 characters");
  if (!valid) {
    errs.emplace_back(
        "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with "
        "an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or "
        "'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')");
  }
  if (errs.empty()) return std::nullopt;
  std::string text = "invalid kind \"" + std::string(kind) + "\": ";
  for (std::size_t i = 0; i < errs.size(); ++i) text += (i > 0 ? ", " : "") + errs[i];
  return text + " (must be a valid DNS-1035 label when lowercased)";
}

Expression condition_expression(const Rgd& rgd, const Text& text, std::string cel) {
  Expression e;
  e.kind = ExpressionKind::kStandalone;
  e.parts = {cel};
  e.cel = std::move(cel);
  e.original = text.value;
  e.pointer = text.pointer;
  e.pos = rgd.pos(text.pointer);
  return e;
}

// One resource being built into a node: where its problems go, and how they are worded.
struct NodeContext {
  const Rgd& rgd;
  const ResourceDef& res;
  const std::string& id;
  Problems& problems;
  Damage& damage;

  Error error(std::string_view pointer, const std::string& message) const {
    return rgd.error_at(pointer, "failed to build resource \"" + id + "\": " + message);
  }
  // A problem with the object itself: the node is still built (its expressions get checked),
  // but no type can be known for it.
  bool damaged(std::string_view pointer, const std::string& message) {
    damage.resources.insert(id);
    return problems.add(error(pointer, message));
  }
};

// Labels and annotations with kro's prefixes are reserved. False when problems says stop.
bool check_reserved_metadata(NodeContext& c, const std::string& tp, const JsonObject& obj) {
  const Json* md_value = obj.if_contains("metadata");
  const JsonObject* md = md_value != nullptr ? md_value->if_object() : nullptr;
  for (std::string_view what : {"labels", "annotations"}) {
    const JsonObject* m = md != nullptr && md->contains(what) ? md->at(what).if_object() : nullptr;
    if (m == nullptr) continue;
    std::string singular(what.substr(0, what.size() - 1));
    for (const auto& kv : *m) {
      for (std::string_view prefix : kReservedPrefixes) {
        if (kv.key().substr(0, prefix.size()) != prefix) continue;
        std::string text = "invalid ";
        text += singular;
        text += " for resource \"";
        text += c.id;
        text += "\". ";
        text += what;
        text += " with prefix \"";
        text += prefix;
        text += "\" are reserved for internal use";
        if (!c.problems.add(c.error(
                pointer_join(pointer_join(tp + "/metadata", what), kv.key()) + "#key", text))) {
          return false;
        }
      }
    }
  }
  return true;
}

// The node's object from the resource's template; has_gvk is cleared when apiVersion or kind
// is not a string. False when problems says stop.
bool template_object(NodeContext& c, Node& node, ExtractOptions& extract,
                     std::string& extract_context, bool& has_gvk) {
  const ResourceDef& res = c.res;
  const std::string& id = c.id;
  const std::string tp = res.template_pointer();
  const JsonObject& obj = res.template_->as_object();
  if (auto problem = object_structure_problem(obj)) {
    has_gvk = false;
    if (!c.damaged(tp, "resource " + id + " is not a valid Kubernetes object: " + *problem)) {
      return false;
    }
  } else if (auto av = api_version_problem(obj.at("apiVersion").as_string())) {
    if (!c.damaged(tp + "/apiVersion", gvk_context(id) + *av)) return false;
  } else if (auto kp = kind_problem(obj.at("kind").as_string())) {
    if (!c.damaged(tp + "/kind", gvk_context(id) + *kp)) return false;
  }
  if (!check_reserved_metadata(c, tp, obj)) return false;
  node.object = *res.template_;
  extract.base_pointer = tp;
  extract_context = "failed to extract CEL expressions from schema for resource " + id + ": ";
  return true;
}

// The node's object synthesized from the resource's externalRef. False when problems says stop.
bool external_object(NodeContext& c, Node& node, ExtractOptions& extract,
                     std::string& extract_context) {
  const ExternalRef& ext = *c.res.external_ref;
  if (auto problem = api_version_problem(ext.api_version.value)) {
    if (!c.damaged(ext.api_version.pointer, gvk_context(c.id) + *problem)) return false;
  } else if (auto kp = kind_problem(ext.kind.value)) {
    if (!c.damaged(ext.kind.pointer, gvk_context(c.id) + *kp)) return false;
  }
  JsonObject md;
  if (ext.name) md["name"] = ext.name->value;
  if (ext.namespace_) md["namespace"] = ext.namespace_->value;
  if (ext.selector) md["selector"] = *ext.selector;
  JsonObject obj;
  obj["apiVersion"] = ext.api_version.value;
  obj["kind"] = ext.kind.value;
  obj["metadata"] = std::move(md);
  node.object = std::move(obj);
  // The synthesized object has the externalRef's own shape, so its pointers carry over.
  extract.base_pointer = ext.pointer;
  extract_context = "failed to parse external ref resource " + c.id + ": ";
  return true;
}

// The expressions in the node's object. False when problems says stop.
bool scan_variables(NodeContext& c, Node& node, ExtractOptions& extract,
                    const std::string& extract_context) {
  // Collecting, every field that cannot be scanned is reported and the others are kept.
  std::vector<Error> scan_errors;
  if (c.problems.collecting()) extract.errors = &scan_errors;
  auto vars = extract_schemaless(node.object, extract);
  if (vars.ok()) {
    node.variables = std::move(*vars);
  } else {
    scan_errors.push_back(vars.error());
  }
  const std::string scan_context = "failed to build resource \"" + c.id + "\": " + extract_context;
  for (auto& e : scan_errors) {
    e.message.insert(0, scan_context);
    if (!c.problems.add(std::move(e))) return false;
  }
  return true;
}

// A condition that is not one standalone expression is reported and left out. False when
// problems says stop.
bool parse_conditions(NodeContext& c, const std::vector<Text>& in, std::vector<Expression>& out,
                      std::string_view field) {
  for (const auto& text : in) {
    auto cel = parse_standalone(text.value);
    if (cel.ok()) {
      out.push_back(condition_expression(c.rgd, text, std::move(*cel)));
    } else if (!c.problems.add(c.error(text.pointer, "failed to parse " + std::string(field) +
                                                         " expressions: " + cel.error().message))) {
      return false;
    }
  }
  return true;
}

// The forEach dimensions. False when problems says stop.
bool parse_for_each(NodeContext& c, Node& node) {
  for (const auto& dim : c.res.for_each) {
    auto cel = parse_standalone(dim.expression.value);
    if (!cel.ok()) {
      if (!c.problems.add(c.error(
              dim.expression.pointer,
              "failed to parse forEach dimensions: invalid forEach expression for dimension \"" +
                  dim.name.value + "\": " + cel.error().message))) {
        return false;
      }
      // The iterator stays declared (its uses are not unknown identifiers); the expression is
      // skipped by the later phases.
      c.damage.expressions.insert(dim.expression.pointer);
      cel = std::string();
    }
    node.for_each.push_back(ForEachDimension{
        dim.name.value, condition_expression(c.rgd, dim.expression, std::move(*cel))});
  }
  return true;
}

}  // namespace

std::optional<Node> build_node(const Rgd& rgd, const ResourceDef& res, const BuildOptions& options,
                               Problems& problems, Damage& damage) {
  const std::string& id = res.id.value;
  NodeContext c{rgd, res, id, problems, damage};
  if (res.external_ref && !res.for_each.empty()) {
    damage.resources.insert(id);
    (void)problems.add(
        c.error(res.pointer + "/forEach",
                "invalid combination of resource fields: cannot use externalRef with forEach"));
    return std::nullopt;
  }

  Node node;
  node.id = id;
  node.index = res.index;
  node.pointer = res.pointer;
  node.deletion_policy = res.deletion_policy;
  ExtractOptions extract;
  extract.positions = rgd.positions.get();
  std::string extract_context;
  bool has_gvk = true;  // apiVersion and kind are strings
  if (res.template_) {
    if (!template_object(c, node, extract, extract_context, has_gvk)) return std::nullopt;
  } else {
    if (!external_object(c, node, extract, extract_context)) return std::nullopt;
  }
  if (!scan_variables(c, node, extract, extract_context)) return std::nullopt;
  if (!parse_conditions(c, res.ready_when, node.ready_when, "readyWhen")) return std::nullopt;
  if (!parse_conditions(c, res.include_when, node.include_when, "includeWhen")) {
    return std::nullopt;
  }
  if (!parse_for_each(c, node)) return std::nullopt;

  if (res.external_ref) {
    node.type =
        res.external_ref->is_collection() ? NodeType::kExternalCollection : NodeType::kExternal;
  } else if (!node.for_each.empty()) {
    node.type = NodeType::kCollection;
  }
  if (options.namespaced && has_gvk) {
    const JsonObject& obj = node.object.as_object();
    node.namespaced =
        options.namespaced(obj.at("apiVersion").as_string(), obj.at("kind").as_string())
            .value_or(true);
  }
  return node;
}

}  // namespace kro::graph::internal

// Phase 2 of the build (builder.h): one Node per resource.
#include <algorithm>
#include <cctype>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "graph/builder_internal.h"
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

}  // namespace

std::optional<Node> build_node(const Rgd& rgd, const ResourceDef& res, const BuildOptions& options,
                               Problems& problems, Damage& damage) {
  const std::string& id = res.id.value;
  auto error = [&rgd, &id](std::string_view pointer, const std::string& message) {
    return rgd.error_at(pointer, "failed to build resource \"" + id + "\": " + message);
  };
  // A problem with the object itself: the node is still built (its expressions get checked),
  // but no type can be known for it.
  auto damaged = [&](std::string_view pointer, const std::string& message) {
    damage.resources.insert(id);
    return problems.add(error(pointer, message));
  };
  if (res.external_ref && !res.for_each.empty()) {
    damage.resources.insert(id);
    (void)problems.add(
        error(res.pointer + "/forEach",
              "invalid combination of resource fields: cannot use externalRef with forEach"));
    return std::nullopt;
  }

  Node node;
  node.id = id;
  node.index = res.index;
  node.pointer = res.pointer;
  ExtractOptions extract;
  extract.positions = rgd.positions.get();
  std::string extract_context;
  bool has_gvk = true;  // apiVersion and kind are strings
  if (res.template_) {
    const std::string tp = res.template_pointer();
    const JsonObject& obj = res.template_->as_object();
    if (auto problem = object_structure_problem(obj)) {
      has_gvk = false;
      if (!damaged(tp, "resource " + id + " is not a valid Kubernetes object: " + *problem)) {
        return std::nullopt;
      }
    } else if (auto av = api_version_problem(obj.at("apiVersion").as_string())) {
      if (!damaged(tp + "/apiVersion", *av)) return std::nullopt;
    } else if (auto kp = kind_problem(obj.at("kind").as_string())) {
      if (!damaged(tp + "/kind", *kp)) return std::nullopt;
    }
    const Json* md_value = obj.if_contains("metadata");
    const JsonObject* md = md_value != nullptr ? md_value->if_object() : nullptr;
    for (std::string_view what : {"labels", "annotations"}) {
      const JsonObject* m =
          md != nullptr && md->contains(what) ? md->at(what).if_object() : nullptr;
      if (m == nullptr) continue;
      std::string singular(what.substr(0, what.size() - 1));
      for (const auto& kv : *m) {
        for (std::string_view prefix : kReservedPrefixes) {
          if (kv.key().substr(0, prefix.size()) != prefix) continue;
          std::string text = "invalid ";
          text += singular;
          text += " for resource \"";
          text += id;
          text += "\". ";
          text += what;
          text += " with prefix \"";
          text += prefix;
          text += "\" are reserved for internal use";
          if (!problems.add(error(
                  pointer_join(pointer_join(tp + "/metadata", what), kv.key()) + "#key", text))) {
            return std::nullopt;
          }
        }
      }
    }
    node.object = *res.template_;
    extract.base_pointer = tp;
    extract_context = "failed to extract CEL expressions from schema for resource " + id + ": ";
  } else {
    const ExternalRef& ext = *res.external_ref;
    if (auto problem = api_version_problem(ext.api_version.value)) {
      if (!damaged(ext.api_version.pointer, *problem)) return std::nullopt;
    } else if (auto kp = kind_problem(ext.kind.value)) {
      if (!damaged(ext.kind.pointer, *kp)) return std::nullopt;
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
    extract_context = "failed to parse external ref resource " + id + ": ";
  }
  // Collecting, every field that cannot be scanned is reported and the others are kept.
  std::vector<Error> scan_errors;
  if (problems.collecting()) extract.errors = &scan_errors;
  auto vars = extract_schemaless(node.object, extract);
  if (vars.ok()) {
    node.variables = std::move(*vars);
  } else {
    scan_errors.push_back(vars.error());
  }
  const std::string scan_context = "failed to build resource \"" + id + "\": " + extract_context;
  for (auto& e : scan_errors) {
    e.message.insert(0, scan_context);
    if (!problems.add(std::move(e))) return std::nullopt;
  }

  // A condition that is not one standalone expression is reported and left out.
  auto conditions = [&](const std::vector<Text>& in, std::vector<Expression>& out,
                        std::string_view field) {
    for (const auto& text : in) {
      auto cel = parse_standalone(text.value);
      if (cel.ok()) {
        out.push_back(condition_expression(rgd, text, std::move(*cel)));
      } else if (!problems.add(error(text.pointer, "failed to parse " + std::string(field) +
                                                       " expressions: " + cel.error().message))) {
        return false;
      }
    }
    return true;
  };
  if (!conditions(res.ready_when, node.ready_when, "readyWhen")) return std::nullopt;
  if (!conditions(res.include_when, node.include_when, "includeWhen")) return std::nullopt;
  for (const auto& dim : res.for_each) {
    auto cel = parse_standalone(dim.expression.value);
    if (!cel.ok()) {
      if (!problems.add(error(
              dim.expression.pointer,
              "failed to parse forEach dimensions: invalid forEach expression for dimension \"" +
                  dim.name.value + "\": " + cel.error().message))) {
        return std::nullopt;
      }
      // The iterator stays declared (its uses are not unknown identifiers); the expression is
      // skipped by the later phases.
      damage.expressions.insert(dim.expression.pointer);
      cel = std::string();
    }
    node.for_each.push_back(ForEachDimension{
        dim.name.value, condition_expression(rgd, dim.expression, std::move(*cel))});
  }

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

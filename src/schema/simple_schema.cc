#include "schema/simple_schema.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "schema/markers.h"
#include "schema/type_expr.h"
#include "value/go_json.h"
#include "value/strings.h"

namespace kro::schema {

namespace {

// Upstream's errors carry the path as prefixes added on the way out ("field ingress: field
// enabled: ...", "parsing type Owner: ..."); the position stays the leaf's.
Error with_prefix(Error e, std::string_view prefix) {
  e.message.insert(0, prefix);
  return e;
}

class Transformer {
 public:
  explicit Transformer(const SimpleSchemaOptions& opt) : opt_(opt) {}

  Status load_types(const Json& types);
  Result<Schema> build_object(const JsonObject& spec, const std::string& path,
                              const std::string& pointer);

 private:
  struct CustomType {
    Schema schema;
    bool required = false;
  };
  struct Where {
    std::string path;
    std::string pointer;
  };

  Error error_at(std::string message, const Where& w) const {
    Error e(std::move(message));
    e.path = w.path;
    if (opt_.positions != nullptr) e.pos = opt_.positions->at(w.pointer);
    return e;
  }

  Result<Schema> type_schema(const TypeExpr& t) const;
  Result<Schema> build_field(const std::string& name, const Json& value, Schema& parent,
                             const Where& w);
  Result<Schema> build_from_string(const std::string& name, std::string_view text, Schema& parent,
                                   const Where& w);
  Status collect_deps(const Json& spec, const Where& w, std::vector<std::string>& out) const;
  // Builds custom type `name` (its dependencies are built already) into types_.
  Status load_type(const std::string& name, const Json& spec, const Where& w);

  const SimpleSchemaOptions& opt_;
  std::map<std::string, CustomType, std::less<>> types_;
};

Result<Schema> Transformer::type_schema(const TypeExpr& t) const {
  Schema s;
  switch (t.kind) {
    case TypeExpr::Kind::kAtomic:
      s.type = t.name == "float" ? "number" : t.name;
      return s;
    case TypeExpr::Kind::kObject:
      s.type = "object";
      s.preserve_unknown_fields = true;
      return s;
    case TypeExpr::Kind::kSlice: {
      KRO_ASSIGN_OR_RETURN(auto elem, type_schema(*t.elem));
      s.type = "array";
      s.items = std::move(elem);
      return s;
    }
    case TypeExpr::Kind::kMap: {
      KRO_ASSIGN_OR_RETURN(auto value, type_schema(*t.elem));
      s.type = "object";
      s.additional_properties = std::move(value);
      return s;
    }
    case TypeExpr::Kind::kCustom: {
      auto it = types_.find(t.name);
      if (it == types_.end()) return Error("unknown type: " + t.name);
      return it->second.schema;
    }
  }
  return Error("unknown type: " + t.name);
}

Result<Schema> Transformer::build_from_string(const std::string& name, std::string_view text,
                                              Schema& parent, const Where& w) {
  auto field = parse_field_string(text);
  if (!field) return error_at(field.error().message, w);
  auto schema = type_schema(field->type);
  if (!schema) return error_at(schema.error().message, w);
  if (field->type.kind == TypeExpr::Kind::kCustom && types_.at(field->type.name).required) {
    parent.required.push_back(name);
  }
  auto st = apply_markers(*schema, field->markers, name, parent);
  if (!st) return error_at(st.error().message, w);
  return schema;
}

Result<Schema> Transformer::build_field(const std::string& name, const Json& value, Schema& parent,
                                        const Where& w) {
  if (value.is_string()) return build_from_string(name, value.get_string(), parent, w);
  if (value.is_object()) return build_object(value.get_object(), w.path, w.pointer);
  return error_at("unexpected type: " + go_type_name(value), w);
}

Result<Schema> Transformer::build_object(const JsonObject& spec, const std::string& path,
                                         const std::string& pointer) {
  Schema s;
  s.type = "object";
  bool child_has_default = false;
  for (const auto& kv : spec) {
    std::string name(kv.key());
    std::string child_path = path;
    if (!child_path.empty()) child_path += '.';
    child_path += name;
    Where w{std::move(child_path), pointer_join(pointer, name)};
    auto field = build_field(name, kv.value(), s, w);
    if (!field) return with_prefix(std::move(field).take_error(), "field " + name + ": ");
    if (field->default_value) child_has_default = true;
    s.properties.push_back(Property{std::move(name), std::move(*field)});
  }
  // Sorted for deterministic CRDs; a field made required twice (alias and marker) is listed once.
  std::sort(s.required.begin(), s.required.end());
  s.required.erase(std::unique(s.required.begin(), s.required.end()), s.required.end());
  // default: {} lets the API server fill nested defaults; it would violate required children.
  if (s.required.empty() && child_has_default && !s.default_value) {
    s.default_value = Json(JsonObject());
  }
  return s;
}

Status Transformer::collect_deps(const Json& spec, const Where& w,
                                 std::vector<std::string>& out) const {
  if (spec.is_string()) {
    std::string_view text = spec.get_string();
    std::string_view type_part = trim(text.substr(0, text.find('|')));
    if (type_part.empty()) return error_at("empty type", w);
    auto t = parse_type(type_part);
    if (!t) return error_at(t.error().message, w);
    type_dependencies(*t, out);
    return {};
  }
  if (spec.is_object()) {
    for (const auto& kv : spec.get_object()) {
      std::string name(kv.key());
      Where child{w.path + "." + name, pointer_join(w.pointer, name)};
      auto st = collect_deps(kv.value(), child, out);
      if (!st) return with_prefix(std::move(st).take_error(), "field " + name + ": ");
    }
    return {};
  }
  return error_at("unexpected type: " + go_type_name(spec), w);
}

// Type name -> the custom types it depends on.
using TypeGraph = std::map<std::string, std::vector<std::string>, std::less<>>;

// When `edges` already hold a path dep -> ... -> name, adding name -> dep closes a cycle: returns
// it as "name -> dep -> ... -> name", otherwise nothing.
std::optional<std::string> cycle_through(TypeGraph& edges, const std::string& name,
                                         const std::string& dep) {
  std::vector<std::string> stack{dep};
  std::map<std::string, std::string> came_from;
  std::set<std::string> seen{dep};
  bool found = dep == name;
  while (!stack.empty() && !found) {
    std::string cur = stack.back();
    stack.pop_back();
    for (const auto& next : edges[cur]) {
      if (seen.insert(next).second) {
        came_from[next] = cur;
        if (next == name) {
          found = true;
          break;
        }
        stack.push_back(next);
      }
    }
  }
  if (!found) return std::nullopt;
  std::vector<std::string> path{name};
  if (dep != name) {
    std::vector<std::string> back;
    for (std::string at = name; at != dep; at = came_from[at]) back.push_back(at);
    back.push_back(dep);
    std::reverse(back.begin(), back.end());
    path.insert(path.end(), back.begin(), back.end());
  } else {
    path.push_back(name);
  }
  std::string cycle;
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (i > 0) cycle += " -> ";
    cycle += path[i];
  }
  return cycle;
}

// The order to build the types in, dependencies first: a depth-first post-order over
// declaration order.
std::vector<std::string> dependency_order(const std::vector<std::string>& names, TypeGraph& edges) {
  std::set<std::string, std::less<>> done;
  std::vector<std::string> order;
  std::vector<std::pair<std::string, std::size_t>> work;
  for (const auto& root_name : names) {
    if (done.count(root_name)) continue;
    work.emplace_back(root_name, 0);
    done.insert(root_name);
    while (!work.empty()) {
      auto& [cur, idx] = work.back();
      const auto& out = edges[cur];
      if (idx < out.size()) {
        const std::string& next = out[idx++];
        if (done.insert(next).second) work.emplace_back(next, 0);
      } else {
        order.push_back(cur);
        work.pop_back();
      }
    }
  }
  return order;
}

Status Transformer::load_types(const Json& types) {
  if (types.is_null()) return {};
  Where root{opt_.types_path, opt_.types_pointer};
  if (!types.is_object()) return error_at("types must be a map of type names", root);
  const JsonObject& obj = types.get_object();

  std::vector<std::string> names;
  std::map<std::string, std::vector<std::string>, std::less<>> deps;
  std::map<std::string, Where, std::less<>> where;
  for (const auto& kv : obj) {
    std::string name(kv.key());
    Where w{opt_.types_path + "." + name, pointer_join(opt_.types_pointer, name)};
    std::vector<std::string> d;
    if (auto st = collect_deps(kv.value(), w, d); !st) {
      return with_prefix(std::move(st).take_error(), "parsing type " + name + ": ");
    }
    names.push_back(name);
    deps[name] = std::move(d);
    where[name] = w;
  }

  // Edges are added type by type in declaration order, with upstream's DAG's checks and words:
  // a type naming an undeclared type, a type naming itself, and the edge that closes a cycle
  // (naming the type whose dependencies close it).
  TypeGraph edges;
  for (const auto& name : names) {
    for (const auto& dep : deps[name]) {
      if (!deps.count(dep)) return error_at("node " + dep + " does not exist", where[name]);
      if (dep == name) return error_at("self references are not allowed", where[name]);
    }
    for (const auto& dep : deps[name]) {
      if (auto cycle = cycle_through(edges, name, dep)) {
        std::string message = "cyclic dependency in type ";
        message.append(name).append(": graph contains a cycle: ").append(*cycle);
        return error_at(std::move(message), where[name]);
      }
      edges[name].push_back(dep);
    }
  }

  for (const auto& name : dependency_order(names, edges)) {
    if (auto st = load_type(name, obj.at(name), where[name]); !st) {
      return with_prefix(std::move(st).take_error(), "building schema for " + name + ": ");
    }
  }
  return {};
}

Status Transformer::load_type(const std::string& name, const Json& spec, const Where& w) {
  CustomType ct;
  if (spec.is_string()) {
    Schema dummy_parent;
    KRO_ASSIGN_OR_RETURN(ct.schema, build_from_string(name, spec.get_string(), dummy_parent, w));
    ct.required = !dummy_parent.required.empty();
  } else {
    KRO_ASSIGN_OR_RETURN(ct.schema, build_object(spec.get_object(), w.path, w.pointer));
  }
  types_[name] = std::move(ct);
  return {};
}

}  // namespace

Result<Schema> simple_schema_to_openapi(const Json& spec, const Json& types,
                                        const SimpleSchemaOptions& options) {
  Transformer t(options);
  KRO_RETURN_IF_ERROR(t.load_types(types));
  if (spec.is_null()) return t.build_object(JsonObject(), options.spec_path, options.spec_pointer);
  if (!spec.is_object()) {
    Error e("the spec schema must be a map of field names to types");
    e.path = options.spec_path;
    if (options.positions != nullptr) e.pos = options.positions->at(options.spec_pointer);
    return e;
  }
  return t.build_object(spec.get_object(), options.spec_path, options.spec_pointer);
}

}  // namespace kro::schema

#include "cel/types/openapi_types.h"

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "cel/types/escaping.h"

namespace kro::cel::types {
namespace {

constexpr int kMaxDepth = 64;

class Converter {
 public:
  explicit Converter(const RefResolver& resolver) : resolver_(resolver) {}

  // nullopt: the schema has no CEL type (its parent leaves the field out).
  std::optional<Type> convert(const Json& schema, const std::string& name, const std::string& path,
                              int depth) {
    if (error_) return std::nullopt;
    if (depth > kMaxDepth) return Type::dyn();
    if (!schema.is_object()) {
      fail("schema is not an object", path);
      return std::nullopt;
    }
    const JsonObject& s = schema.as_object();
    if (const Json* ref = s.if_contains("$ref")) {
      if (!ref->is_string()) {
        fail("$ref is not a string", path);
        return std::nullopt;
      }
      std::string ref_name(ref->as_string());
      const Json* target = resolver_ ? resolver_(ref_name) : nullptr;
      if (!target) {
        fail("unresolved $ref " + ref_name, path);
        return std::nullopt;
      }
      // A recursive schema (JSONSchemaProps refers to itself through a dozen fields) is cut
      // where a reference repeats: its inner occurrence is dyn. Expanding it to the depth limit
      // instead costs a dozen to the power of that limit.
      if (std::find(expanding_.begin(), expanding_.end(), ref_name) != expanding_.end()) {
        return Type::dyn();
      }
      expanding_.push_back(ref_name);
      auto t = convert(*target, name, path, depth + 1);
      expanding_.pop_back();
      return t;
    }
    if (flag(s, "x-kubernetes-int-or-string") || flag(s, "x-kubernetes-preserve-unknown-fields")) {
      return Type::dyn();
    }
    std::string type = string_field(s, "type");
    if (type.empty()) {
      // Generated Kubernetes schemas wrap a reference as allOf: [{$ref}] to attach a description.
      if (const Json* all = s.if_contains("allOf");
          all && all->is_array() && all->as_array().size() == 1) {
        return convert(all->as_array()[0], name, path + ".allOf[0]", depth + 1);
      }
      if (s.contains("properties") || s.contains("additionalProperties")) {
        type = "object";
      } else {
        return Type::dyn();
      }
    }
    if (type == "integer") return Type::integer();
    if (type == "number") return Type::dbl();
    if (type == "boolean") return Type::boolean();
    if (type == "string") {
      std::string format = string_field(s, "format");
      if (format == "byte") return Type::bytes();
      if (format == "duration") return Type::duration();
      if (format == "date" || format == "date-time") return Type::timestamp();
      return Type::string();
    }
    if (type == "array") {
      const Json* items = s.if_contains("items");
      if (!items) return std::nullopt;
      auto elem = convert(*items, name + ".@idx", path + ".items", depth + 1);
      if (!elem) return std::nullopt;
      return Type::list(*elem);
    }
    if (type == "object") return convert_object(s, name, path, depth);
    fail("unknown schema type '" + type + "'", path);
    return std::nullopt;
  }

  const std::optional<Error>& error() const { return error_; }

 private:
  std::optional<Type> convert_object(const JsonObject& s, const std::string& name,
                                     const std::string& path, int depth) {
    if (const Json* ap = s.if_contains("additionalProperties"); ap && ap->is_object()) {
      auto value = convert(*ap, name + ".@elem", path + ".additionalProperties", depth + 1);
      if (!value) return std::nullopt;
      return Type::map(Type::string(), *value);
    }
    std::vector<std::string> required;
    if (const Json* req = s.if_contains("required"); req && req->is_array()) {
      for (const auto& r : req->as_array()) {
        if (r.is_string()) required.emplace_back(r.as_string());
      }
    }
    std::vector<Field> fields;
    if (const Json* props = s.if_contains("properties")) {
      if (!props->is_object()) {
        fail("properties is not an object", path);
        return std::nullopt;
      }
      for (const auto& kv : props->as_object()) {
        std::string prop(kv.key());
        auto cel_name = escape_field_name(prop);
        if (!cel_name) continue;  // not expressible in CEL: invisible to expressions
        std::string child_name = name;
        child_name.append(".").append(*cel_name);
        std::string child_path = path;
        child_path.append(".properties.").append(prop);
        auto t = convert(kv.value(), child_name, child_path, depth + 1);
        if (error_) return std::nullopt;
        if (!t) continue;
        bool req = std::find(required.begin(), required.end(), prop) != required.end();
        fields.push_back(Field{*cel_name, *t, req});
      }
    }
    if (flag(s, "x-kubernetes-embedded-resource")) add_resource_root_fields(fields, name);
    return Type::object(std::make_shared<const ObjectType>(name, std::move(fields)));
  }

  // apiVersion, kind and metadata.{name, generateName} are always readable on an embedded
  // resource, whatever its schema says.
  static void add_resource_root_fields(std::vector<Field>& fields, const std::string& name) {
    auto has = [&](std::string_view f) {
      for (const auto& x : fields) {
        if (x.name == f) return true;
      }
      return false;
    };
    if (!has("apiVersion")) fields.push_back(Field{"apiVersion", Type::string(), false});
    if (!has("kind")) fields.push_back(Field{"kind", Type::string(), false});
    for (auto& f : fields) {
      if (f.name != "metadata") continue;
      if (const ObjectType* meta = f.type.object()) {
        std::vector<Field> mf = meta->fields();
        bool has_name = meta->find_field("name") != nullptr;
        bool has_gen = meta->find_field("generateName") != nullptr;
        if (!has_name) mf.push_back(Field{"name", Type::string(), false});
        if (!has_gen) mf.push_back(Field{"generateName", Type::string(), false});
        f.type = Type::object(std::make_shared<const ObjectType>(meta->name(), std::move(mf)));
      }
      return;
    }
    std::vector<Field> mf = {{"name", Type::string(), false},
                             {"generateName", Type::string(), false}};
    fields.push_back(Field{"metadata",
                           Type::object(std::make_shared<const ObjectType>(name + ".metadata", mf)),
                           false});
  }

  static bool flag(const JsonObject& s, std::string_view key) {
    const Json* v = s.if_contains(key);
    return v && v->is_bool() && v->as_bool();
  }
  static std::string string_field(const JsonObject& s, std::string_view key) {
    const Json* v = s.if_contains(key);
    return v && v->is_string() ? std::string(v->as_string()) : std::string();
  }
  void fail(std::string msg, const std::string& path) {
    if (error_) return;
    Error e(std::move(msg));
    e.path = path.empty() ? std::string() : path.substr(path[0] == '.' ? 1 : 0);
    error_ = std::move(e);
  }

  const RefResolver& resolver_;
  std::optional<Error> error_;
  std::vector<std::string> expanding_;  // the $refs being converted, outermost first
};

}  // namespace

Result<Type> type_from_schema(const Json& schema, std::string_view type_name,
                              const RefResolver& resolver) {
  Converter c(resolver);
  auto t = c.convert(schema, std::string(type_name), "", 0);
  if (c.error()) return *c.error();
  return t ? *t : Type::dyn();
}

}  // namespace kro::cel::types

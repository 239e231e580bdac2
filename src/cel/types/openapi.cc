#include "cel/types/openapi.h"

#include <algorithm>
#include <optional>

#include "cel/types/escaping.h"

namespace kro::cel::types {
namespace {

constexpr int kMaxDepth = 64;

class Converter {
 public:
  explicit Converter(const RefResolver& resolver) : resolver_(resolver) {}

  // nullopt: the schema has no CEL type (its parent leaves the field out).
  std::optional<Type> Convert(const Json& schema, const std::string& name, const std::string& path,
                              int depth) {
    if (error_) return std::nullopt;
    if (depth > kMaxDepth) return Type::Dyn();
    if (!schema.is_object()) {
      Fail("schema is not an object", path);
      return std::nullopt;
    }
    const JsonObject& s = schema.as_object();
    if (const Json* ref = s.if_contains("$ref")) {
      if (!ref->is_string()) {
        Fail("$ref is not a string", path);
        return std::nullopt;
      }
      const Json* target = resolver_ ? resolver_(std::string_view(ref->as_string())) : nullptr;
      if (!target) {
        Fail("unresolved $ref " + std::string(ref->as_string()), path);
        return std::nullopt;
      }
      return Convert(*target, name, path, depth + 1);
    }
    if (Flag(s, "x-kubernetes-int-or-string") || Flag(s, "x-kubernetes-preserve-unknown-fields")) {
      return Type::Dyn();
    }
    std::string type = StringField(s, "type");
    if (type.empty()) {
      // Generated Kubernetes schemas wrap a reference as allOf: [{$ref}] to attach a description.
      if (const Json* all = s.if_contains("allOf");
          all && all->is_array() && all->as_array().size() == 1) {
        return Convert(all->as_array()[0], name, path + ".allOf[0]", depth + 1);
      }
      if (s.contains("properties") || s.contains("additionalProperties")) {
        type = "object";
      } else {
        return Type::Dyn();
      }
    }
    if (type == "integer") return Type::Int();
    if (type == "number") return Type::Double();
    if (type == "boolean") return Type::Bool();
    if (type == "string") {
      std::string format = StringField(s, "format");
      if (format == "byte") return Type::Bytes();
      if (format == "duration") return Type::Duration();
      if (format == "date" || format == "date-time") return Type::Timestamp();
      return Type::String();
    }
    if (type == "array") {
      const Json* items = s.if_contains("items");
      if (!items) return std::nullopt;
      auto elem = Convert(*items, name + ".@idx", path + ".items", depth + 1);
      if (!elem) return std::nullopt;
      return Type::List(*elem);
    }
    if (type == "object") return ConvertObject(s, name, path, depth);
    Fail("unknown schema type '" + type + "'", path);
    return std::nullopt;
  }

  const std::optional<Error>& error() const { return error_; }

 private:
  std::optional<Type> ConvertObject(const JsonObject& s, const std::string& name,
                                    const std::string& path, int depth) {
    if (const Json* ap = s.if_contains("additionalProperties"); ap && ap->is_object()) {
      auto value = Convert(*ap, name + ".@elem", path + ".additionalProperties", depth + 1);
      if (!value) return std::nullopt;
      return Type::Map(Type::String(), *value);
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
        Fail("properties is not an object", path);
        return std::nullopt;
      }
      for (const auto& kv : props->as_object()) {
        std::string prop(kv.key());
        auto cel_name = EscapeFieldName(prop);
        if (!cel_name) continue;  // not expressible in CEL: invisible to expressions
        std::string child_name = name;
        child_name.append(".").append(*cel_name);
        std::string child_path = path;
        child_path.append(".properties.").append(prop);
        auto t = Convert(kv.value(), child_name, child_path, depth + 1);
        if (error_) return std::nullopt;
        if (!t) continue;
        bool req = std::find(required.begin(), required.end(), prop) != required.end();
        fields.push_back(Field{*cel_name, *t, req});
      }
    }
    if (Flag(s, "x-kubernetes-embedded-resource")) AddResourceRootFields(fields, name);
    return Type::Object(std::make_shared<const ObjectType>(name, std::move(fields)));
  }

  // apiVersion, kind and metadata.{name, generateName} are always readable on an embedded
  // resource, whatever its schema says.
  static void AddResourceRootFields(std::vector<Field>& fields, const std::string& name) {
    auto has = [&](std::string_view f) {
      for (const auto& x : fields) {
        if (x.name == f) return true;
      }
      return false;
    };
    if (!has("apiVersion")) fields.push_back(Field{"apiVersion", Type::String(), false});
    if (!has("kind")) fields.push_back(Field{"kind", Type::String(), false});
    for (auto& f : fields) {
      if (f.name != "metadata") continue;
      if (const ObjectType* meta = f.type.object()) {
        std::vector<Field> mf = meta->fields();
        bool has_name = meta->FindField("name") != nullptr;
        bool has_gen = meta->FindField("generateName") != nullptr;
        if (!has_name) mf.push_back(Field{"name", Type::String(), false});
        if (!has_gen) mf.push_back(Field{"generateName", Type::String(), false});
        f.type = Type::Object(std::make_shared<const ObjectType>(meta->name(), std::move(mf)));
      }
      return;
    }
    std::vector<Field> mf = {{"name", Type::String(), false},
                             {"generateName", Type::String(), false}};
    fields.push_back(Field{"metadata",
                           Type::Object(std::make_shared<const ObjectType>(name + ".metadata", mf)),
                           false});
  }

  static bool Flag(const JsonObject& s, std::string_view key) {
    const Json* v = s.if_contains(key);
    return v && v->is_bool() && v->as_bool();
  }
  static std::string StringField(const JsonObject& s, std::string_view key) {
    const Json* v = s.if_contains(key);
    return v && v->is_string() ? std::string(v->as_string()) : std::string();
  }
  void Fail(std::string msg, const std::string& path) {
    if (error_) return;
    Error e(std::move(msg));
    e.path = path.empty() ? std::string() : path.substr(path[0] == '.' ? 1 : 0);
    error_ = std::move(e);
  }

  const RefResolver& resolver_;
  std::optional<Error> error_;
};

}  // namespace

Result<Type> TypeFromSchema(const Json& schema, std::string_view type_name,
                            const RefResolver& resolver) {
  Converter c(resolver);
  auto t = c.Convert(schema, std::string(type_name), "", 0);
  if (c.error()) return *c.error();
  return t ? *t : Type::Dyn();
}

}  // namespace kro::cel::types

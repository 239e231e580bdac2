// CEL type ↔ OpenAPI helpers of the typing phase (typing.h).
#include <cstdint>
#include <optional>
#include <string>

#include "cel/types/escaping.h"
#include "graph/typing.h"

namespace kro::graph {

using cel::types::Type;
using cel::types::TypeKind;

namespace {

schema::Schema typed(std::string type, std::string format = "") {
  schema::Schema s;
  s.type = std::move(type);
  s.format = std::move(format);
  return s;
}

schema::Schema any_value(std::string description = "") {
  schema::Schema s;
  s.preserve_unknown_fields = true;
  s.description = std::move(description);
  return s;
}

// Upstream infers a status field's schema in two walks (pkg/graph/schema/conversion_cel_type.go,
// docs/upstream-v0.9.4.md): the expression's CEL type (kCelType: lists and maps by their
// parameters, a timestamp as a described date-time), and, below any object, the object's
// declared type (kDeclType), where only primitives, lists, maps and objects get a schema and
// every other leaf, timestamps included, is left open. The generated CRD must be upstream's, so
// both walks are kept.
enum class Walk : std::uint8_t { kCelType, kDeclType };

std::optional<schema::Schema> primitive(const Type& t) {
  switch (t.kind()) {
    case TypeKind::kBool:
      return typed("boolean");
    case TypeKind::kInt:
    case TypeKind::kUint:
      return typed("integer");
    case TypeKind::kDouble:
      return typed("number");
    case TypeKind::kString:
      return typed("string");
    case TypeKind::kBytes:
      return typed("string", "byte");
    case TypeKind::kNull:
      return any_value("null type - any value allowed");
    default:
      return std::nullopt;
  }
}

schema::Schema convert(const Type& t, int depth, Walk walk) {
  if (depth > 64) return any_value();
  if (auto p = primitive(t)) return *p;
  switch (t.kind()) {
    case TypeKind::kOptional:
      return convert(t.elem(), depth + 1, walk);
    case TypeKind::kList: {
      schema::Schema s = typed("array");
      s.items = convert(t.elem(), depth + 1, walk);
      return s;
    }
    case TypeKind::kMap: {
      schema::Schema s = typed("object");
      s.additional_properties = convert(t.elem(), depth + 1, walk);
      return s;
    }
    case TypeKind::kObject: {
      const cel::types::ObjectType* o = t.object();
      if (o == nullptr) return any_value();
      schema::Schema s = typed("object");
      for (const auto& f : o->fields()) {
        s.set_property(cel::types::unescape_field_name(f.name),
                       convert(f.type, depth + 1, Walk::kDeclType));
      }
      if (o->fields().empty()) s.additional_properties_allowed = true;
      return s;
    }
    case TypeKind::kTimestamp:
      if (walk == Walk::kCelType) {
        schema::Schema s = typed("string", "date-time");
        s.description = "Timestamp representing a creation time";
        return s;
      }
      return any_value();
    case TypeKind::kDyn:
      return any_value();
    default:
      return walk == Walk::kCelType ? any_value("unknown CEL type: " + t.to_string()) : any_value();
  }
}

std::optional<std::string> mismatch(const Type& out, const Type& want, int depth) {
  if (depth > 64) return std::nullopt;
  if (out.is(TypeKind::kDyn) || want.is(TypeKind::kDyn)) return std::nullopt;
  // An optional output is checked by its value type (upstream's AreTypesStructurallyCompatible):
  // `${x.?y}` may fill a string field, an absent value leaving the field out.
  if (out.is(TypeKind::kOptional) && !want.is(TypeKind::kOptional)) {
    return mismatch(out.elem(), want, depth + 1);
  }
  if (out.kind() != want.kind()) {
    return "type kind mismatch: got \"" + out.to_string() + "\", expected \"" + want.to_string() +
           "\"";
  }
  switch (want.kind()) {
    case TypeKind::kList:
    case TypeKind::kOptional: {
      if (auto why = mismatch(out.elem(), want.elem(), depth + 1)) {
        return "list element type incompatible: " + *why;
      }
      return std::nullopt;
    }
    case TypeKind::kMap: {
      if (auto why = mismatch(out.key(), want.key(), depth + 1)) {
        return "map key type incompatible: " + *why;
      }
      if (auto why = mismatch(out.elem(), want.elem(), depth + 1)) {
        return "map value type incompatible: " + *why;
      }
      return std::nullopt;
    }
    case TypeKind::kObject: {
      const cel::types::ObjectType* o = out.object();
      const cel::types::ObjectType* w = want.object();
      if (o == nullptr || w == nullptr) return std::nullopt;
      // The output may have fewer fields than expected, never one the expected type lacks.
      if (!o->fields().empty() && w->fields().empty()) {
        return std::string("output has fields but expected type has none");
      }
      for (const auto& f : o->fields()) {
        const cel::types::Field* ef = w->find_field(f.name);
        if (ef == nullptr) {
          return "field \"" + f.name + "\" exists in output but not in expected type";
        }
        if (auto why = mismatch(f.type, ef->type, depth + 1)) {
          return "field \"" + f.name + "\" has incompatible type: " + *why;
        }
      }
      return std::nullopt;
    }
    case TypeKind::kOpaque:
      if (out.name() != want.name()) {
        return "type kind mismatch: got \"" + out.to_string() + "\", expected \"" +
               want.to_string() + "\"";
      }
      return std::nullopt;
    default:
      return std::nullopt;  // primitives: the same kind is enough
  }
}

Json str() { return JsonObject{{"type", "string"}}; }
Json str_map() { return JsonObject{{"type", "object"}, {"additionalProperties", str()}}; }
Json str_list() { return JsonObject{{"type", "array"}, {"items", str()}}; }
Json date_time() { return JsonObject{{"type", "string"}, {"format", "date-time"}}; }
Json integer() { return JsonObject{{"type", "integer"}, {"format", "int64"}}; }
Json boolean() { return JsonObject{{"type", "boolean"}}; }

}  // namespace

schema::Schema schema_from_cel_type(const Type& t) { return convert(t, 0, Walk::kCelType); }

std::optional<std::string> structural_mismatch(const Type& output, const Type& expected) {
  return mismatch(output, expected, 0);
}

Json object_meta_schema(bool with_namespace) {
  JsonObject owner_props;
  for (const char* f : {"apiVersion", "kind", "name", "uid"}) owner_props[f] = str();
  owner_props["controller"] = boolean();
  owner_props["blockOwnerDeletion"] = boolean();
  JsonObject owner{{"type", "object"},
                   {"required", JsonArray{"apiVersion", "kind", "name", "uid"}},
                   {"properties", std::move(owner_props)}};
  JsonObject mf_props;
  for (const char* f : {"manager", "operation", "apiVersion", "fieldsType", "subresource"}) {
    mf_props[f] = str();
  }
  mf_props["time"] = date_time();
  mf_props["fieldsV1"] =
      JsonObject{{"type", "object"}, {"x-kubernetes-preserve-unknown-fields", true}};
  JsonObject props;
  props["name"] = str();
  props["generateName"] = str();
  if (with_namespace) props["namespace"] = str();
  props["selfLink"] = str();
  props["uid"] = str();
  props["resourceVersion"] = str();
  props["generation"] = integer();
  props["creationTimestamp"] = date_time();
  props["deletionTimestamp"] = date_time();
  props["deletionGracePeriodSeconds"] = integer();
  props["labels"] = str_map();
  props["annotations"] = str_map();
  props["ownerReferences"] = JsonObject{{"type", "array"}, {"items", std::move(owner)}};
  props["finalizers"] = str_list();
  props["managedFields"] =
      JsonObject{{"type", "array"},
                 {"items", JsonObject{{"type", "object"}, {"properties", std::move(mf_props)}}}};
  return JsonObject{{"type", "object"}, {"properties", std::move(props)}};
}

}  // namespace kro::graph

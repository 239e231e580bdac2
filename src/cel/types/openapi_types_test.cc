#include "cel/types/openapi_types.h"

#include <gtest/gtest.h>

namespace kro::cel::types {
namespace {

Json json_of(std::string_view text) {
  auto j = parse_json(text);
  EXPECT_TRUE(j.ok()) << text;
  return j.ok() ? *j : Json();
}

Type conv(std::string_view schema, std::string_view name = "__type_x") {
  auto t = type_from_schema(json_of(schema), name);
  EXPECT_TRUE(t.ok()) << (t.ok() ? "" : t.error().str());
  return t.ok() ? *t : Type::error();
}

const Field* field_of(const Type& t, std::string_view name) {
  EXPECT_NE(t.object(), nullptr) << t.to_string();
  return t.object() ? t.object()->find_field(name) : nullptr;
}

TEST(OpenAPITest, Scalars) {
  EXPECT_EQ(conv(R"({"type":"integer","format":"int32"})"), Type::integer());
  EXPECT_EQ(conv(R"({"type":"number"})"), Type::dbl());
  EXPECT_EQ(conv(R"({"type":"boolean"})"), Type::boolean());
  EXPECT_EQ(conv(R"({"type":"string"})"), Type::string());
  EXPECT_EQ(conv(R"({"type":"string","format":"byte"})"), Type::bytes());
  EXPECT_EQ(conv(R"({"type":"string","format":"duration"})"), Type::duration());
  EXPECT_EQ(conv(R"({"type":"string","format":"date-time"})"), Type::timestamp());
  EXPECT_EQ(conv(R"({"type":"string","format":"date"})"), Type::timestamp());
  EXPECT_EQ(conv(R"({"type":"string","format":"uri"})"), Type::string());
}

TEST(OpenAPITest, DynFallbacks) {
  EXPECT_EQ(
      conv(R"({"x-kubernetes-int-or-string":true,"anyOf":[{"type":"integer"},{"type":"string"}]})"),
      Type::dyn());
  EXPECT_EQ(conv(R"({"type":"object","x-kubernetes-preserve-unknown-fields":true})"), Type::dyn());
  EXPECT_EQ(conv(R"({"oneOf":[{"type":"integer"},{"type":"string"}]})"), Type::dyn());
  EXPECT_EQ(conv(R"({})"), Type::dyn());
}

TEST(OpenAPITest, ListsAndMaps) {
  EXPECT_EQ(conv(R"({"type":"array","items":{"type":"string"}})"), Type::list(Type::string()));
  EXPECT_EQ(conv(R"({"type":"object","additionalProperties":{"type":"string"}})"),
            Type::map(Type::string(), Type::string()));
  Type t =
      conv(R"({"type":"array","items":{"type":"object","properties":{"a":{"type":"integer"}}}})",
           "__type_r");
  ASSERT_TRUE(t.is(TypeKind::kList));
  EXPECT_EQ(t.elem().name(), "__type_r.@idx");
  Type m = conv(R"({"type":"object","additionalProperties":{"type":"object","properties":{}}})",
                "__type_r");
  EXPECT_EQ(m.elem().name(), "__type_r.@elem");
}

// A Deployment-shaped schema, as the API server publishes it (abridged).
constexpr std::string_view kDeployment = R"({
  "type": "object",
  "x-kubernetes-embedded-resource": true,
  "required": ["spec"],
  "properties": {
    "apiVersion": {"type": "string"},
    "metadata": {"type": "object", "properties": {
      "namespace": {"type": "string"},
      "labels": {"type": "object", "additionalProperties": {"type": "string"}},
      "creationTimestamp": {"type": "string", "format": "date-time"}}},
    "spec": {"type": "object", "required": ["selector"], "properties": {
      "replicas": {"type": "integer", "format": "int32"},
      "selector": {"type": "object"},
      "strategy": {"type": "object", "properties": {"rollingUpdate": {"type": "object", "properties": {
        "maxSurge": {"x-kubernetes-int-or-string": true, "anyOf": [{"type": "integer"}, {"type": "string"}]}}}}},
      "template": {"type": "object", "properties": {"spec": {"type": "object", "properties": {
        "containers": {"type": "array", "items": {"type": "object", "required": ["name"], "properties": {
          "name": {"type": "string"},
          "ports": {"type": "array", "items": {"type": "object", "properties": {
            "containerPort": {"type": "integer"}}}}}}}}}}}}},
    "status": {"type": "object", "properties": {"availableReplicas": {"type": "integer"},
      "conditions": {"type": "array", "items": {"type": "object", "properties": {
        "type": {"type": "string"}, "status": {"type": "string"},
        "lastTransitionTime": {"type": "string", "format": "date-time"}}}}}}
  }
})";

TEST(OpenAPITest, DeploymentLikeObject) {
  Type d = conv(kDeployment, "__type_deployment");
  ASSERT_TRUE(d.is(TypeKind::kObject));
  EXPECT_EQ(d.name(), "__type_deployment");
  ASSERT_NE(field_of(d, "spec"), nullptr);
  EXPECT_TRUE(field_of(d, "spec")->required);
  EXPECT_FALSE(field_of(d, "status")->required);
  Type spec = field_of(d, "spec")->type;
  EXPECT_EQ(spec.name(), "__type_deployment.spec");
  EXPECT_EQ(field_of(spec, "replicas")->type, Type::integer());
  EXPECT_TRUE(field_of(spec, "selector")->required);
  Type surge =
      field_of(field_of(field_of(spec, "strategy")->type, "rollingUpdate")->type, "maxSurge")->type;
  EXPECT_EQ(surge, Type::dyn());
  Type containers =
      field_of(field_of(field_of(spec, "template")->type, "spec")->type, "containers")->type;
  ASSERT_TRUE(containers.is(TypeKind::kList));
  EXPECT_EQ(containers.elem().name(), "__type_deployment.spec.template.spec.containers.@idx");
  EXPECT_TRUE(field_of(containers.elem(), "name")->required);
  Type meta = field_of(d, "metadata")->type;
  EXPECT_EQ(field_of(meta, "labels")->type, Type::map(Type::string(), Type::string()));
  EXPECT_EQ(field_of(meta, "creationTimestamp")->type, Type::timestamp());
  // `namespace` is a CEL reserved word: escaped, and found by its plain name too.
  ASSERT_NE(field_of(meta, "namespace"), nullptr);
  EXPECT_EQ(field_of(meta, "namespace")->name, "__namespace__");
  // Embedded resource: kind and metadata.name exist although the schema omits them.
  EXPECT_EQ(field_of(d, "kind")->type, Type::string());
  EXPECT_EQ(field_of(meta, "name")->type, Type::string());
  EXPECT_EQ(field_of(meta, "generateName")->type, Type::string());
  Type cond = field_of(field_of(d, "status")->type, "conditions")->type.elem();
  EXPECT_EQ(field_of(cond, "lastTransitionTime")->type, Type::timestamp());
}

TEST(OpenAPITest, CrdWithIntOrStringAndPreserveUnknownFields) {
  Type t = conv(R"({"type":"object","properties":{
    "port": {"x-kubernetes-int-or-string": true},
    "values": {"type":"object","x-kubernetes-preserve-unknown-fields":true},
    "my-field": {"type":"string"},
    "a.b/c": {"type":"boolean"},
    "9lives": {"type":"string"},
    "weird key": {"type":"string"}}})");
  EXPECT_EQ(field_of(t, "port")->type, Type::dyn());
  EXPECT_EQ(field_of(t, "values")->type, Type::dyn());
  EXPECT_EQ(field_of(t, "my__dash__field")->type, Type::string());
  EXPECT_EQ(field_of(t, "a__dot__b__slash__c")->type, Type::boolean());
  EXPECT_EQ(t.object()->fields().size(), 4u);  // "9lives" and "weird key" have no CEL name
}

TEST(OpenAPITest, RefsAreResolved) {
  Json doc = json_of(R"({"io.k8s.Port": {"type":"object","properties":{"port":{"type":"integer"}}},
                   "io.k8s.Node": {"type":"object","properties":{"next":{"$ref":"io.k8s.Node"}}}})");
  RefResolver resolve = [&](std::string_view ref) -> const Json* {
    return doc.as_object().if_contains(ref);
  };
  auto t = type_from_schema(
      json_of(
          R"({"type":"object","properties":{"p":{"allOf":[{"$ref":"io.k8s.Port"}],"description":"d"}}})"),
      "r", resolve);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(field_of(field_of(*t, "p")->type, "port")->type, Type::integer());
  // A recursive definition ends in dyn instead of looping.
  auto rec = type_from_schema(json_of(R"({"$ref":"io.k8s.Node"})"), "n", resolve);
  ASSERT_TRUE(rec.ok());
  EXPECT_TRUE(rec->is(TypeKind::kObject));
}

// JSONSchemaProps-like: a definition reaching itself through many fields. Expanding each
// occurrence to the depth limit would never finish; the repeated reference is dyn.
TEST(OpenAPITest, BranchingRecursionIsCutWhereAReferenceRepeats) {
  std::string props;
  for (int i = 0; i < 12; ++i) {
    props += (i > 0 ? "," : "") + std::string("\"f") + std::to_string(i) +
             R"(":{"$ref":"io.k8s.Props"})";
  }
  props += R"(,"items":{"type":"array","items":{"$ref":"io.k8s.Props"}})";
  Json doc = json_of(R"({"io.k8s.Props": {"type":"object","properties":{)" + props + "}}}");
  RefResolver resolve = [&](std::string_view ref) -> const Json* {
    return doc.as_object().if_contains(ref);
  };
  auto t = type_from_schema(json_of(R"({"$ref":"io.k8s.Props"})"), "p", resolve);
  ASSERT_TRUE(t.ok());
  ASSERT_TRUE(t->is(TypeKind::kObject));
  EXPECT_EQ(field_of(*t, "f0")->type, Type::dyn());
  EXPECT_EQ(field_of(*t, "items")->type, Type::list(Type::dyn()));
}

TEST(OpenAPITest, Errors) {
  auto bad =
      type_from_schema(json_of(R"({"type":"object","properties":{"a":{"type":"strnig"}}})"), "r");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().message, "unknown schema type 'strnig'");
  EXPECT_EQ(bad.error().path, "properties.a");
  auto ref = type_from_schema(json_of(R"({"properties":{"a":{"$ref":"#/x"}}})"), "r");
  ASSERT_FALSE(ref.ok());
  EXPECT_EQ(ref.error().message, "unresolved $ref #/x");
  EXPECT_FALSE(type_from_schema(json_of("[1]"), "r").ok());
}

}  // namespace
}  // namespace kro::cel::types

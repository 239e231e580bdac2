#include "cel/types/openapi.h"

#include <gtest/gtest.h>

namespace kro::cel::types {
namespace {

Json J(std::string_view text) {
  auto j = parse_json(text);
  EXPECT_TRUE(j.ok()) << text;
  return j.ok() ? *j : Json();
}

Type Conv(std::string_view schema, std::string_view name = "__type_x") {
  auto t = TypeFromSchema(J(schema), name);
  EXPECT_TRUE(t.ok()) << (t.ok() ? "" : t.error().str());
  return t.ok() ? *t : Type::Error();
}

const Field* F(const Type& t, std::string_view name) {
  EXPECT_NE(t.object(), nullptr) << t.ToString();
  return t.object() ? t.object()->FindField(name) : nullptr;
}

TEST(OpenAPITest, Scalars) {
  EXPECT_EQ(Conv(R"({"type":"integer","format":"int32"})"), Type::Int());
  EXPECT_EQ(Conv(R"({"type":"number"})"), Type::Double());
  EXPECT_EQ(Conv(R"({"type":"boolean"})"), Type::Bool());
  EXPECT_EQ(Conv(R"({"type":"string"})"), Type::String());
  EXPECT_EQ(Conv(R"({"type":"string","format":"byte"})"), Type::Bytes());
  EXPECT_EQ(Conv(R"({"type":"string","format":"duration"})"), Type::Duration());
  EXPECT_EQ(Conv(R"({"type":"string","format":"date-time"})"), Type::Timestamp());
  EXPECT_EQ(Conv(R"({"type":"string","format":"date"})"), Type::Timestamp());
  EXPECT_EQ(Conv(R"({"type":"string","format":"uri"})"), Type::String());
}

TEST(OpenAPITest, DynFallbacks) {
  EXPECT_EQ(
      Conv(R"({"x-kubernetes-int-or-string":true,"anyOf":[{"type":"integer"},{"type":"string"}]})"),
      Type::Dyn());
  EXPECT_EQ(Conv(R"({"type":"object","x-kubernetes-preserve-unknown-fields":true})"), Type::Dyn());
  EXPECT_EQ(Conv(R"({"oneOf":[{"type":"integer"},{"type":"string"}]})"), Type::Dyn());
  EXPECT_EQ(Conv(R"({})"), Type::Dyn());
}

TEST(OpenAPITest, ListsAndMaps) {
  EXPECT_EQ(Conv(R"({"type":"array","items":{"type":"string"}})"), Type::List(Type::String()));
  EXPECT_EQ(Conv(R"({"type":"object","additionalProperties":{"type":"string"}})"),
            Type::Map(Type::String(), Type::String()));
  Type t =
      Conv(R"({"type":"array","items":{"type":"object","properties":{"a":{"type":"integer"}}}})",
           "__type_r");
  ASSERT_TRUE(t.is(TypeKind::kList));
  EXPECT_EQ(t.elem().Name(), "__type_r.@idx");
  Type m = Conv(R"({"type":"object","additionalProperties":{"type":"object","properties":{}}})",
                "__type_r");
  EXPECT_EQ(m.elem().Name(), "__type_r.@elem");
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
  Type d = Conv(kDeployment, "__type_deployment");
  ASSERT_TRUE(d.is(TypeKind::kObject));
  EXPECT_EQ(d.Name(), "__type_deployment");
  ASSERT_NE(F(d, "spec"), nullptr);
  EXPECT_TRUE(F(d, "spec")->required);
  EXPECT_FALSE(F(d, "status")->required);
  Type spec = F(d, "spec")->type;
  EXPECT_EQ(spec.Name(), "__type_deployment.spec");
  EXPECT_EQ(F(spec, "replicas")->type, Type::Int());
  EXPECT_TRUE(F(spec, "selector")->required);
  Type surge = F(F(F(spec, "strategy")->type, "rollingUpdate")->type, "maxSurge")->type;
  EXPECT_EQ(surge, Type::Dyn());
  Type containers = F(F(F(spec, "template")->type, "spec")->type, "containers")->type;
  ASSERT_TRUE(containers.is(TypeKind::kList));
  EXPECT_EQ(containers.elem().Name(), "__type_deployment.spec.template.spec.containers.@idx");
  EXPECT_TRUE(F(containers.elem(), "name")->required);
  Type meta = F(d, "metadata")->type;
  EXPECT_EQ(F(meta, "labels")->type, Type::Map(Type::String(), Type::String()));
  EXPECT_EQ(F(meta, "creationTimestamp")->type, Type::Timestamp());
  // `namespace` is a CEL reserved word: escaped, and found by its plain name too.
  ASSERT_NE(F(meta, "namespace"), nullptr);
  EXPECT_EQ(F(meta, "namespace")->name, "__namespace__");
  // Embedded resource: kind and metadata.name exist although the schema omits them.
  EXPECT_EQ(F(d, "kind")->type, Type::String());
  EXPECT_EQ(F(meta, "name")->type, Type::String());
  EXPECT_EQ(F(meta, "generateName")->type, Type::String());
  Type cond = F(F(d, "status")->type, "conditions")->type.elem();
  EXPECT_EQ(F(cond, "lastTransitionTime")->type, Type::Timestamp());
}

TEST(OpenAPITest, CrdWithIntOrStringAndPreserveUnknownFields) {
  Type t = Conv(R"({"type":"object","properties":{
    "port": {"x-kubernetes-int-or-string": true},
    "values": {"type":"object","x-kubernetes-preserve-unknown-fields":true},
    "my-field": {"type":"string"},
    "a.b/c": {"type":"boolean"},
    "9lives": {"type":"string"},
    "weird key": {"type":"string"}}})");
  EXPECT_EQ(F(t, "port")->type, Type::Dyn());
  EXPECT_EQ(F(t, "values")->type, Type::Dyn());
  EXPECT_EQ(F(t, "my__dash__field")->type, Type::String());
  EXPECT_EQ(F(t, "a__dot__b__slash__c")->type, Type::Bool());
  EXPECT_EQ(t.object()->fields().size(), 4u);  // "9lives" and "weird key" have no CEL name
}

TEST(OpenAPITest, RefsAreResolved) {
  Json doc = J(R"({"io.k8s.Port": {"type":"object","properties":{"port":{"type":"integer"}}},
                   "io.k8s.Node": {"type":"object","properties":{"next":{"$ref":"io.k8s.Node"}}}})");
  RefResolver resolve = [&](std::string_view ref) -> const Json* {
    return doc.as_object().if_contains(ref);
  };
  auto t = TypeFromSchema(
      J(R"({"type":"object","properties":{"p":{"allOf":[{"$ref":"io.k8s.Port"}],"description":"d"}}})"),
      "r", resolve);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(F(F(*t, "p")->type, "port")->type, Type::Int());
  // A recursive definition ends in dyn instead of looping.
  auto rec = TypeFromSchema(J(R"({"$ref":"io.k8s.Node"})"), "n", resolve);
  ASSERT_TRUE(rec.ok());
  EXPECT_TRUE(rec->is(TypeKind::kObject));
}

TEST(OpenAPITest, Errors) {
  auto bad = TypeFromSchema(J(R"({"type":"object","properties":{"a":{"type":"strnig"}}})"), "r");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().message, "unknown schema type 'strnig'");
  EXPECT_EQ(bad.error().path, "properties.a");
  auto ref = TypeFromSchema(J(R"({"properties":{"a":{"$ref":"#/x"}}})"), "r");
  ASSERT_FALSE(ref.ok());
  EXPECT_EQ(ref.error().message, "unresolved $ref #/x");
  EXPECT_FALSE(TypeFromSchema(J("[1]"), "r").ok());
}

}  // namespace
}  // namespace kro::cel::types

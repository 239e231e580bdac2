#include "schema/openapi_schema.h"

#include <gtest/gtest.h>

#include "schema/test_util.h"

namespace kro::schema {
namespace {

using testing::yaml;

TEST(OpenApi, RoundTripKeepsEveryModelledField) {
  const char* text = R"({
    "description": "d", "type": "object", "format": "f", "title": "t",
    "default": {"a": 1}, "maximum": 10, "exclusiveMaximum": true, "minimum": 0.5,
    "exclusiveMinimum": true, "maxLength": 9, "minLength": 1, "pattern": "^a$",
    "maxItems": 3, "minItems": 1, "uniqueItems": true, "multipleOf": 2,
    "enum": ["a", 1], "maxProperties": 4, "minProperties": 1, "required": ["b", "a"],
    "allOf": [{"type": "object"}], "oneOf": [{"required": ["a"]}], "anyOf": [{"required": ["b"]}],
    "not": {"required": ["c"]},
    "properties": {"b": {"type": "string"}, "a": {"type": "array", "items": {"type": "integer"}}},
    "additionalProperties": false, "externalDocs": {"url": "https://x"},
    "example": [1], "nullable": true, "x-kubernetes-preserve-unknown-fields": true,
    "x-kubernetes-embedded-resource": true, "x-kubernetes-int-or-string": true,
    "x-kubernetes-list-map-keys": ["k"], "x-kubernetes-list-type": "map",
    "x-kubernetes-map-type": "atomic",
    "x-kubernetes-validations": [{"rule": "self.a > 0", "message": "m", "messageExpression": "e",
                                  "reason": "FieldValueInvalid", "fieldPath": ".a",
                                  "optionalOldSelf": true}]
  })";
  auto in = parse_json(text);
  ASSERT_TRUE(in.ok());
  auto s = schema_from_json(*in);
  ASSERT_TRUE(s.ok()) << s.error().str();
  Json out = to_json(*s);
  EXPECT_TRUE(deep_equal(out, *in)) << kro::to_json(out);
  // Properties keep the written order in memory and are sorted on output, as Go does.
  EXPECT_EQ(s->properties[0].name, "b");
  EXPECT_EQ(out.at("properties").as_object().begin()->key(), "a");
  EXPECT_TRUE(equal(*s, *schema_from_json(out)));
}

TEST(OpenApi, OutputOrderIsGoStructOrder) {
  auto s = schema_from_json(yaml(R"(
x-kubernetes-validations: [{rule: r, message: m}]
items: {type: string}
required: [a]
type: array
description: d
default: []
minItems: 1
)"));
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(
      kro::to_json(to_json(*s)),
      R"({"description":"d","type":"array","default":[],"minItems":1,"required":["a"],)"
      R"("items":{"type":"string"},"x-kubernetes-validations":[{"rule":"r","message":"m"}]})");
}

TEST(OpenApi, IntegralBoundsPrintWithoutFraction) {
  Schema s;
  s.minimum = 1.0;
  s.maximum = 2.5;
  Json j = to_json(s);
  EXPECT_TRUE(j.at("minimum").is_int64());
  EXPECT_EQ(j.at("minimum").as_int64(), 1);
  EXPECT_TRUE(j.at("maximum").is_double());
  EXPECT_EQ(j.at("maximum").as_double(), 2.5);
}

TEST(OpenApi, AdditionalPropertiesSchemaOrBool) {
  auto s = schema_from_json(yaml("{type: object, additionalProperties: {type: string}}"));
  ASSERT_TRUE(s.ok());
  ASSERT_TRUE(s->additional_properties);
  EXPECT_EQ(s->additional_properties->type, "string");
  auto b = schema_from_json(yaml("{type: object, additionalProperties: true}"));
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->additional_properties_allowed, true);
  EXPECT_EQ(kro::to_json(to_json(*b)), R"({"type":"object","additionalProperties":true})");
}

TEST(OpenApi, PropertyHelpers) {
  Schema s;
  Schema str;
  str.type = "string";
  s.set_property("a", str);
  s.set_property("b", str);
  str.type = "integer";
  s.set_property("a", str);
  ASSERT_EQ(s.properties.size(), 2u);
  EXPECT_EQ(s.properties[0].name, "a");
  EXPECT_EQ(s.property("a")->type, "integer");
  EXPECT_EQ(s.property("zzz"), nullptr);
  s.required = {"b"};
  EXPECT_TRUE(s.is_required("b"));
  EXPECT_FALSE(s.is_required("a"));
}

TEST(OpenApi, CopiesAreDeep) {
  Schema s;
  s.type = "array";
  Schema item;
  item.type = "string";
  s.items = item;
  Schema copy = s;
  copy.items->type = "integer";
  EXPECT_EQ(s.items->type, "string");
}

TEST(OpenApi, ErrorsNameTheField) {
  struct Case {
    const char* yaml;
    const char* path;
    const char* message;
  } cases[] = {
      {"[1]", "", "a schema must be an object"},
      {"{type: 1}", "type", "must be a string"},
      {"{properties: {a: {minLength: x}}}", "properties.a.minLength", "must be an integer"},
      {"{properties: {a: {minimum: x}}}", "properties.a.minimum", "must be a number"},
      {"{items: [{type: string}]}", "items",
       "a list of item schemas is not supported; use one schema"},
      {"{typo: string}", "typo", "unknown field \"typo\""},
      {"{required: [a, 1]}", "required[1]", "must be a string"},
      {"{x-kubernetes-validations: [{message: m}]}", "x-kubernetes-validations[0].rule",
       "a validation rule is required"},
      {"{nullable: yes-please}", "nullable", "must be a boolean"},
  };
  for (const auto& c : cases) {
    auto s = schema_from_json(yaml(c.yaml));
    ASSERT_FALSE(s.ok()) << c.yaml;
    EXPECT_EQ(s.error().path, c.path) << c.yaml;
    EXPECT_EQ(s.error().message, c.message) << c.yaml;
  }
  auto nested = schema_from_json(yaml("{type: 5}"), "spec.versions[0].schema.openAPIV3Schema");
  EXPECT_EQ(nested.error().path, "spec.versions[0].schema.openAPIV3Schema.type");
}

}  // namespace
}  // namespace kro::schema

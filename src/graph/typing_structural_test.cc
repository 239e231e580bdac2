// Structural compatibility of an expression's type with the schema type it is assigned to, and
// the schema of a CEL type (typing_test_util.h has the snapshot they are checked against).
#include <gtest/gtest.h>

#include "graph/typing.h"
#include "graph/typing_test_util.h"

namespace kro::graph {
namespace {

using testing::compile;
using testing::deployment_with_spec;
using testing::expect_error;
using testing::kDeployment;
using testing::rgd_text;

TEST(Typing, StructuralCompatibility) {
  // A list of schema objects (dyn elements) fits the containers list.
  auto ok = compile(rgd_text(deployment_with_spec(R"(          template:
            spec:
              containers: ${schema.spec.containers}
)")));
  ASSERT_TRUE(ok.ok()) << ok.error().str();
  // A map literal is nominally a map, not the Container object: kind mismatch.
  expect_error(rgd_text(deployment_with_spec(R"(          template:
            spec:
              containers: '${[{"name": 1}]}'
)")),
               "failed to validate resource \"deployment\": type mismatch in resource "
               "\"deployment\" at path \"spec.template.spec.containers\": expression "
               "\"[{\\\"name\\\": 1}]\" returns type \"list(map(string, int))\" but expected "
               "\"list(__type_deployment.spec.template.spec.containers.@idx)\": list element type "
               "incompatible: type kind mismatch: got \"map(string, int)\", expected "
               "\"__type_deployment.spec.template.spec.containers.@idx\"",
               24);
}

TEST(Typing, ObjectSubsetAcrossResources) {
  // deployment.spec.selector.matchLabels is map(string, string): fits another map field.
  auto g = compile(rgd_text(std::string(kDeployment) + R"(    - id: cm
      template:
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: c}
        data: ${deployment.spec.selector.matchLabels}
)"));
  ASSERT_TRUE(g.ok()) << g.error().str();
}

// An external collection's selector is typed as upstream types it (selectorFieldType): the
// listed kind's schema says nothing about metadata.selector.
TEST(Typing, ExternalCollectionSelectorExpressionsAreTyped) {
  auto with_selector = [](const std::string& selector) {
    return rgd_text(
        "    - id: configs\n"
        "      externalRef:\n"
        "        apiVersion: v1\n"
        "        kind: ConfigMap\n"
        "        metadata:\n"
        "          selector: " +
        selector + "\n");
  };
  auto ok = compile(with_selector("{matchLabels: {app: '${schema.spec.name}'}}"));
  ASSERT_TRUE(ok.ok()) << ok.error().str();
  ok = compile(with_selector("{matchExpressions: '${schema.spec.containers}'}"));
  ASSERT_TRUE(ok.ok()) << ok.error().str();
  for (const std::string& wrong : {std::string("{matchLabels: '${schema.spec.name}'}"),
                                   std::string("{matchExpressions: '${schema.spec.name}'}"),
                                   std::string("'${schema.spec.name}'")}) {
    auto g = compile(with_selector(wrong));
    ASSERT_FALSE(g.ok()) << wrong;
    EXPECT_NE(g.error().message.find("type mismatch in resource \"configs\" at path "
                                     "\"metadata.selector"),
              std::string::npos)
        << g.error().message;
  }
}

TEST(StructuralMismatch, AnOptionalOutputIsCheckedByItsValueType) {
  using cel::types::Type;
  EXPECT_FALSE(structural_mismatch(Type::optional(Type::dyn()), Type::string()));
  EXPECT_FALSE(structural_mismatch(Type::optional(Type::string()), Type::string()));
  EXPECT_TRUE(structural_mismatch(Type::optional(Type::integer()), Type::string()));
}

TEST(StructuralMismatch, ObjectFieldRules) {
  using cel::types::Field;
  using cel::types::ObjectType;
  using cel::types::Type;
  auto obj = [](std::string name, std::vector<Field> fields) {
    return Type::object(std::make_shared<const ObjectType>(std::move(name), std::move(fields)));
  };
  Type want = obj("w", {{"a", Type::string(), true}, {"b", Type::integer(), false}});
  EXPECT_FALSE(structural_mismatch(obj("o", {{"a", Type::string(), false}}), want));
  EXPECT_EQ(structural_mismatch(obj("o", {{"c", Type::string(), false}}), want),
            "field \"c\" exists in output but not in expected type");
  EXPECT_EQ(structural_mismatch(obj("o", {{"b", Type::string(), false}}), want),
            "field \"b\" has incompatible type: type kind mismatch: got \"string\", expected "
            "\"int\"");
  EXPECT_FALSE(structural_mismatch(Type::list(Type::dyn()), Type::list(want)));
}

TEST(SchemaFromCelType, Conversions) {
  using cel::types::Type;
  auto yaml_of = [](const Type& t) {
    return kro::to_json(schema::to_json(schema_from_cel_type(t)));
  };
  EXPECT_EQ(yaml_of(Type::bytes()), R"({"type":"string","format":"byte"})");
  EXPECT_EQ(yaml_of(Type::uinteger()), R"({"type":"integer"})");
  EXPECT_EQ(yaml_of(Type::dbl()), R"({"type":"number"})");
  EXPECT_EQ(yaml_of(Type::dyn()), R"({"x-kubernetes-preserve-unknown-fields":true})");
  EXPECT_EQ(yaml_of(Type::null()), R"({"description":"null type - any value allowed",)"
                                   R"("x-kubernetes-preserve-unknown-fields":true})");
  EXPECT_EQ(yaml_of(Type::map(Type::string(), Type::integer())),
            R"({"type":"object","additionalProperties":{"type":"integer"}})");
}

// Upstream's two walks (docs/upstream-v0.9.4.md): a timestamp is a described date-time where the
// expression's own type says so (itself, or inside lists and maps of it), but an open field
// inside an object; any other type upstream has no schema for is open, described at the top.
TEST(SchemaFromCelType, TimestampsAndUnknownTypesFollowUpstreamsTwoWalks) {
  using cel::types::Field;
  using cel::types::ObjectType;
  using cel::types::Type;
  auto json_of = [](const Type& t) {
    return kro::to_json(schema::to_json(schema_from_cel_type(t)));
  };
  const std::string described =
      R"({"description":"Timestamp representing a creation time","type":"string",)"
      R"("format":"date-time"})";
  EXPECT_EQ(json_of(Type::timestamp()), described);
  EXPECT_EQ(json_of(Type::list(Type::timestamp())),
            R"({"type":"array","items":)" + described + "}");
  std::vector<Field> fields{{"at", Type::timestamp(), false}, {"d", Type::duration(), false}};
  EXPECT_EQ(json_of(Type::object(std::make_shared<const ObjectType>("o", std::move(fields)))),
            R"({"type":"object","properties":{"at":{"x-kubernetes-preserve-unknown-fields":true},)"
            R"("d":{"x-kubernetes-preserve-unknown-fields":true}}})");
  EXPECT_EQ(json_of(Type::duration()),
            R"({"description":"unknown CEL type: google.protobuf.Duration",)"
            R"("x-kubernetes-preserve-unknown-fields":true})");
}

}  // namespace
}  // namespace kro::graph

// The typing phase against a small hand-written snapshot (typing_test_util.h: a few kinds cut
// down to the fields the tests read), so each case states exactly which schema it checks
// against: what a successful check produces, resolving the kinds, and the types of template and
// status expressions. The other typing errors of docs/behaviour/compile-and-typing.md "Error
// messages" are in typing_when_test.cc, typing_literal_test.cc and typing_structural_test.cc.
#include "graph/typing.h"

#include <gtest/gtest.h>

#include "graph/typing_test_util.h"

namespace kro::graph {
namespace {

using testing::compile;
using testing::deployment_with_spec;
using testing::expect_error;
using testing::expect_error_prefix;
using testing::kDeployment;
using testing::rgd_text;
using testing::validate;

TEST(Typing, TypesResourcesStatusAndStoresPrograms) {
  auto g = compile(rgd_text(kDeployment, R"(      available: ${deployment.status.availableReplicas}
      conditions2: ${deployment.status.conditions}
      label: "x-${deployment.metadata.name}"
      nested:
        paused: ${deployment.spec.paused}
)"));
  ASSERT_TRUE(g.ok()) << g.error().str();
  EXPECT_TRUE(g->typed);
  const ResourceType* rt = g->resource("deployment");
  ASSERT_NE(rt, nullptr);
  EXPECT_TRUE(rt->namespaced);
  EXPECT_EQ(rt->type.to_string(), "__type_deployment");
  const Node* n = g->graph.node("deployment");
  for (const auto& v : n->variables) {
    ASSERT_NE(v.expr.checked, nullptr) << v.path;
    ASSERT_NE(v.expr.checked->program, nullptr) << v.path;
  }
  EXPECT_EQ(n->variables[1].expr.checked->output.to_string(), "int");
  Json status = schema::to_json(g->status_schema);
  EXPECT_TRUE(deep_equal(status, parse_yaml(R"(
type: object
properties:
  available: {type: integer}
  conditions2:
    type: array
    items:
      type: object
      properties:
        lastTransitionTime: {x-kubernetes-preserve-unknown-fields: true}
        status: {type: string}
        type: {type: string}
  label: {type: string}
  nested:
    type: object
    properties:
      paused: {type: boolean}
)")
                                     ->value))
      << to_yaml(status);
  // The CRD carries the typed status plus kro's fields.
  const Json& crd_status = g->crd.at("spec")
                               .at("versions")
                               .at(0)
                               .at("schema")
                               .at("openAPIV3Schema")
                               .at("properties")
                               .at("status")
                               .at("properties");
  EXPECT_EQ(crd_status.at("available").at("type"), "integer");
  EXPECT_EQ(crd_status.at("state").at("type"), "string");
}

TEST(Typing, UnknownKindIsSchemaNotFound) {
  expect_error(rgd_text(R"(    - id: widget
      template:
        apiVersion: example.com/v1
        kind: Widget
        metadata: {name: w}
)"),
               "failed to build resource \"widget\": failed to get schema for resource widget: "
               "cannot resolve group version kind \"example.com/v1, Kind=Widget\": schema not "
               "found",
               19);
}

TEST(Typing, CoreGroupKindSpelling) {
  expect_error(rgd_text(R"(    - id: pod
      template: {apiVersion: v1, kind: Pod, metadata: {name: p}}
)"),
               "failed to build resource \"pod\": failed to get schema for resource pod: cannot "
               "resolve group version kind \"/v1, Kind=Pod\": schema not found",
               17);
}

TEST(Typing, TemplateTypeMismatch) {
  expect_error(rgd_text(deployment_with_spec("          replicas: ${schema.spec.name}\n")),
               "failed to validate resource \"deployment\": type mismatch in resource "
               "\"deployment\" at path \"spec.replicas\": expression \"schema.spec.name\" returns "
               "type \"string\" but expected \"int\": type kind mismatch: got \"string\", "
               "expected \"int\"",
               22);
}

TEST(Typing, StringTemplatePartsMustBeStrings) {
  auto g = compile(rgd_text(R"(    - id: cm
      template:
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: "cm-${schema.spec.port}"
)"));
  ASSERT_FALSE(g.ok());
  EXPECT_EQ(g.error().message.rfind("failed to validate resource \"cm\": failed to compile "
                                    "template expression \"cm-${schema.spec.port}\" at path "
                                    "\"metadata.name\": ",
                                    0),
            0u)
      << g.error().message;
  EXPECT_NE(g.error().message.find("found no matching overload for '_+_' applied to '(string, "
                                   "int)'"),
            std::string::npos)
      << g.error().message;
  EXPECT_EQ(g.error().pos.line, 21);
}

TEST(Typing, UndefinedFieldIsACompileError) {
  auto g = compile(rgd_text(R"(    - id: cm
      template:
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: ${schema.spec.nope}
)"));
  ASSERT_FALSE(g.ok());
  EXPECT_NE(g.error().message.find("failed to compile template expression \"schema.spec.nope\" "
                                   "at path \"metadata.name\": "),
            std::string::npos)
      << g.error().message;
  EXPECT_NE(g.error().message.find("undefined field 'nope'"), std::string::npos)
      << g.error().message;
}

TEST(Typing, StatusExpressionErrors) {
  expect_error_prefix(rgd_text(kDeployment, "      x: ${deployment.status.nope}\n"),
                      "failed to build instance status schema: failed to type-check status "
                      "expression \"deployment.status.nope\" at path \"x\": ",
                      16);
}

TEST(Validate, CollectsEveryTypingError) {
  auto errors = validate(rgd_text(R"(    - id: a
      includeWhen:
        - ${schema.spec.name}
      template: {apiVersion: v1, kind: ConfigMap, metadata: {name: a}}
    - id: b
      template:
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: b}
        spec: {replicas: "${schema.spec.name}"}
)",
                                  "      bad: ${a.nope}\n"));
  // In document order: schema.status comes before the resources.
  ASSERT_EQ(errors.size(), 3u);
  EXPECT_NE(errors[0].message.find("status expression \"a.nope\""), std::string::npos);
  EXPECT_NE(errors[1].message.find("includeWhen expression"), std::string::npos);
  EXPECT_NE(errors[2].message.find("type mismatch in resource \"b\""), std::string::npos);
}

TEST(Validate, EveryUnknownKindIsReported) {
  auto errors = validate(rgd_text(R"(    - id: a
      template: {apiVersion: example.com/v1, kind: A, metadata: {name: a}}
    - id: b
      template: {apiVersion: example.com/v1, kind: B, metadata: {name: b}}
)"));
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_NE(errors[0].message.find("\"example.com/v1, Kind=A\""), std::string::npos);
  EXPECT_EQ(errors[0].pos.line, 17);
  EXPECT_NE(errors[1].message.find("\"example.com/v1, Kind=B\""), std::string::npos);
  EXPECT_EQ(errors[1].pos.line, 19);
}

}  // namespace
}  // namespace kro::graph

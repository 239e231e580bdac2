// Typing of a resource's includeWhen, readyWhen and forEach expressions (typing_test_util.h
// has the snapshot they are checked against).
#include <gtest/gtest.h>

#include "graph/typing.h"
#include "graph/typing_test_util.h"

namespace kro::graph {
namespace {

using testing::compile;
using testing::expect_error;
using testing::expect_error_prefix;
using testing::rgd_text;

TEST(Typing, IncludeWhenMustBeBool) {
  expect_error(rgd_text(R"(    - id: cm
      includeWhen:
        - ${schema.spec.name}
      template: {apiVersion: v1, kind: ConfigMap, metadata: {name: c}}
)"),
               "failed to validate resource \"cm\": includeWhen expression \"schema.spec.name\" in "
               "resource \"cm\" must return bool or optional_type(bool), but returns \"string\"",
               18);
}

TEST(Typing, ReadyWhenMustBeBool) {
  expect_error(
      rgd_text(R"(    - id: cm
      readyWhen:
        - ${cm.metadata.generation}
      template: {apiVersion: v1, kind: ConfigMap, metadata: {name: c}}
)"),
      "failed to validate resource \"cm\": readyWhen expression \"cm.metadata.generation\" "
      "in resource \"cm\" must return bool or optional_type(bool), but returns \"int\"",
      18);
}

TEST(Typing, DynConditionIsRejectedAsUpstreamDoes) {
  expect_error(rgd_text(R"(    - id: cm
      includeWhen:
        - ${schema.spec.containers[0].enabled}
      template: {apiVersion: v1, kind: ConfigMap, metadata: {name: c}}
)"),
               "failed to validate resource \"cm\": includeWhen expression "
               "\"schema.spec.containers[0].enabled\" in resource \"cm\" must return bool or "
               "optional_type(bool), but returns \"dyn\"",
               18);
  auto ok = compile(rgd_text(R"(    - id: cm
      includeWhen:
        - ${bool(schema.spec.containers[0].enabled)}
        - ${schema.spec.?enabled}
      template: {apiVersion: v1, kind: ConfigMap, metadata: {name: c}}
)"));
  EXPECT_TRUE(ok.ok()) << ok.error().str();
}

TEST(Typing, ConditionCompileError) {
  expect_error_prefix(rgd_text(R"(    - id: cm
      includeWhen:
        - ${schema.spec.enabled && schema.spec.port}
      template: {apiVersion: v1, kind: ConfigMap, metadata: {name: c}}
)"),
                      "failed to validate resource \"cm\": failed to type-check includeWhen "
                      "expression \"schema.spec.enabled && schema.spec.port\" in resource \"cm\": ",
                      18);
}

TEST(Typing, ForEachMustReturnAList) {
  expect_error(
      rgd_text(R"(    - id: cms
      forEach:
        - region: ${schema.spec.name}
      template:
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: "${region}"}
)"),
      "failed to validate resource \"cms\": node \"cms\": forEach iterator \"region\" must "
      "return a list, got \"string\": type \"string\" is not a list type",
      18);
}

TEST(Typing, IteratorTakesTheElementType) {
  // regions is list(string): fine in a string field, a mismatch in an int field.
  auto ok = compile(rgd_text(R"(    - id: cms
      forEach:
        - region: ${schema.spec.regions}
      template:
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: "${region}"}
      readyWhen:
        - ${each.metadata.name != ""}
)"));
  ASSERT_TRUE(ok.ok()) << ok.error().str();
  EXPECT_EQ(ok->resource("cms")->type.to_string(), "list(__type_cms)");
  expect_error(rgd_text(R"(    - id: deps
      forEach:
        - region: ${schema.spec.regions}
      template:
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: "${region}"}
        spec: {replicas: "${region}"}
)"),
               "failed to validate resource \"deps\": type mismatch in resource \"deps\" at path "
               "\"spec.replicas\": expression \"region\" returns type \"string\" but expected "
               "\"int\": type kind mismatch: got \"string\", expected \"int\"",
               23);
}

}  // namespace
}  // namespace kro::graph

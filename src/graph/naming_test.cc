#include "graph/naming.h"

#include <gtest/gtest.h>

#include "graph/typing_test_util.h"

namespace kro::graph {
namespace {

using testing::must_read;

std::string rgd_text(std::string_view kind, std::string_view resources) {
  return "apiVersion: kro.run/v1alpha1\nkind: ResourceGraphDefinition\nmetadata: {name: t}\n"
         "spec:\n  schema: {apiVersion: v1alpha1, kind: " +
         std::string(kind) + "}\n  resources:\n" + std::string(resources);
}

std::string res(std::string_view id, std::string_view extra = "") {
  return "    - id: " + std::string(id) +
         "\n      template: {apiVersion: v1, kind: ConfigMap, metadata: {name: x}}\n" +
         std::string(extra);
}

TEST(Naming, Predicates) {
  struct Case {
    bool (*predicate)(std::string_view);
    const char* name;
    const char* word;
    bool want;
  };
  const Case cases[] = {
      {is_lower_camel_case, "lower", "deployment", true},
      {is_lower_camel_case, "lower", "myDeployment2", true},
      {is_lower_camel_case, "lower", "my-deployment", false},
      {is_lower_camel_case, "lower", "my_deployment", false},
      {is_lower_camel_case, "lower", "Deployment", false},
      {is_lower_camel_case, "lower", "", false},
      {is_upper_camel_case, "upper", "WebApp", true},
      {is_upper_camel_case, "upper", "webApp", false},
      {is_upper_camel_case, "upper", "Web-App", false},
      {is_reserved_word, "reserved", "deployment", false},
      {is_kubernetes_version, "version", "v1", true},
      {is_kubernetes_version, "version", "v1alpha1", true},
      {is_kubernetes_version, "version", "v22beta3", true},
      {is_kubernetes_version, "version", "v1alpha", false},
      {is_kubernetes_version, "version", "1", false},
      {is_kubernetes_version, "version", "v1gamma1", false},
  };
  for (const auto& c : cases) EXPECT_EQ(c.predicate(c.word), c.want) << c.name << " " << c.word;
  for (auto w : {"schema", "each", "spec", "metadata", "runtime", "true", "in", "while",
                 "resourceGraphDefinition", "serviceAccountName"}) {
    EXPECT_TRUE(is_reserved_word(w)) << w;
  }
}

TEST(Naming, ValidRgdHasNoProblems) {
  EXPECT_TRUE(
      check_naming(must_read(rgd_text("WebApp", res("deployment") + res("service")))).empty());
}

TEST(Naming, KindMustBeUpperCamelCase) {
  auto errors = check_naming(must_read(rgd_text("webApp", res("a"))));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].message,
            "naming convention violation: kind 'webApp' is not a valid KRO kind name: must be "
            "UpperCamelCase");
  EXPECT_EQ(errors[0].path, "spec.schema.kind");
  EXPECT_EQ(errors[0].pos.line, 5);
}

TEST(Naming, ResourceIds) {
  auto errors = check_naming(
      must_read(rgd_text("App", res("schema") + res("my-res") + res("ok") + res("ok"))));
  ASSERT_EQ(errors.size(), 3u);
  EXPECT_EQ(errors[0].message,
            "naming convention violation: id schema is a reserved keyword in KRO");
  EXPECT_EQ(errors[0].path, "spec.resources[0].id");
  EXPECT_EQ(errors[0].pos.line, 7);
  EXPECT_EQ(errors[1].message,
            "naming convention violation: id my-res is not a valid KRO resource id: must be lower "
            "camelCase");
  EXPECT_EQ(errors[2].message, "naming convention violation: found duplicate resource IDs ok");
  EXPECT_EQ(errors[2].path, "spec.resources[3].id");
}

TEST(Naming, ForEachIterators) {
  auto errors = check_naming(
      must_read(rgd_text("App", res("a",
                                    "      forEach:\n        - Bad: ${x}\n        - item: ${x}\n"
                                    "        - b: ${x}\n        - v: ${x}\n        - v: ${y}\n") +
                                    res("b"))));
  ASSERT_EQ(errors.size(), 4u);
  EXPECT_EQ(errors[0].message,
            "resource \"a\": forEach iterator name \"Bad\" is not "
            "valid: must be lowerCamelCase");
  EXPECT_EQ(errors[0].path, "spec.resources[0].forEach[0].Bad");
  EXPECT_EQ(errors[0].pos.line, 10);
  EXPECT_EQ(errors[0].pos.column, 11);
  EXPECT_EQ(errors[1].message,
            "resource \"a\": forEach iterator name \"item\" is a "
            "reserved keyword");
  EXPECT_EQ(errors[2].message,
            "resource \"a\": forEach iterator name \"b\" conflicts "
            "with resource ID");
  EXPECT_EQ(errors[3].message, "resource \"a\": duplicate forEach iterator name \"v\"");
}

TEST(Naming, ForEachDimensionLimit) {
  auto rgd = must_read(
      rgd_text("App", res("a", "      forEach:\n        - x: ${l}\n        - y: ${l}\n")));
  EXPECT_TRUE(check_naming(rgd).empty());
  auto errors = check_naming(rgd, 1);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].message,
            "resource \"a\": forEach cannot have more than 1 "
            "dimensions, got 2");
}

TEST(Naming, SchemaApiVersion) {
  auto text = rgd_text("App", res("a"));
  text.replace(text.find("v1alpha1, kind"), 8, "version1");
  auto errors = check_naming(must_read(text));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].message, "version version1 is not a valid Kubernetes version");
}

}  // namespace
}  // namespace kro::graph

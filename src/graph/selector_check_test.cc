#include "graph/selector_check.h"

#include <gtest/gtest.h>

#include "value/json.h"

namespace kro::graph {
namespace {

std::string problem(std::string_view json) {
  auto p = selector_problem(json::parse(json));
  return p ? *p : "";
}

TEST(SelectorCheck, AdmitsWellFormedSelectors) {
  EXPECT_EQ(problem(R"({})"), "");
  EXPECT_EQ(problem(R"({"matchLabels": {"team": "platform", "example.com/tier": ""}})"), "");
  EXPECT_EQ(problem(R"({"matchExpressions": [{"key": "a", "operator": "In", "values": ["x"]},
                                             {"key": "b", "operator": "Exists"}]})"),
            "");
  // Expressions are typed by the checker and their values only known at reconcile time.
  EXPECT_EQ(problem(R"({"matchLabels": "${schema.spec.labels}"})"), "");
  EXPECT_EQ(problem(R"({"matchExpressions": [{"key": "a", "operator": "${schema.spec.op}"}]})"),
            "");
}

TEST(SelectorCheck, ShapeMismatchUsesUpstreamsTypedWalkMessages) {
  EXPECT_EQ(problem(R"({"matchLabels": "team=platform"})"),
            "expected object type for path metadata.selector.matchLabels, got string");
  EXPECT_EQ(problem(R"({"matchExpressions": {"key": "a"}})"),
            "expected array type for path metadata.selector.matchExpressions, got object");
  EXPECT_EQ(problem(R"({"matchLabels": {"team": 3}})"),
            "expected string type for path metadata.selector.matchLabels.team, got float64");
  EXPECT_EQ(problem(R"({"matchExpressions": [{"key": "a", "operator": "In", "values": [true]}]})"),
            "expected string type for path metadata.selector.matchExpressions[0].values[0], got "
            "boolean");
}

TEST(SelectorCheck, UnknownFieldsAreNamed) {
  EXPECT_EQ(problem(R"({"matchLabels": {"team": "platform"}, "bogusField": "value"})"),
            "error getting field schema for path metadata.selector.bogusField: schema not found "
            "for field bogusField");
  EXPECT_EQ(problem(R"({"matchExpressions": [{"key": "a", "operator": "Exists", "op": 1}]})"),
            "error getting field schema for path metadata.selector.matchExpressions[0].op: "
            "schema not found for field op");
}

TEST(SelectorCheck, LiteralSelectorsAreValidatedAsKubernetesDoes) {
  EXPECT_EQ(problem(R"({"matchExpressions": [{"key": "team", "operator": "NotARealOperator"}]})"),
            "invalid label selector: [metadata.selector.matchExpressions[0].operator: Invalid "
            "value: \"NotARealOperator\": not a valid selector operator]");
  EXPECT_EQ(problem(R"({"matchExpressions": [{"key": "team", "operator": "In"}]})"),
            "invalid label selector: [metadata.selector.matchExpressions[0].values: Required "
            "value: must be specified when `operator` is 'In' or 'NotIn']");
  EXPECT_EQ(
      problem(R"({"matchExpressions": [{"key": "t", "operator": "Exists", "values": ["x"]}]})"),
      "invalid label selector: [metadata.selector.matchExpressions[0].values: Forbidden: may "
      "not be specified when `operator` is 'Exists' or 'DoesNotExist']");
  std::string bad_value = problem(R"({"matchLabels": {"team": "a b"}})");
  EXPECT_EQ(bad_value.rfind("invalid label selector: [metadata.selector.matchLabels: Invalid "
                            "value: \"a b\": a valid label must be an empty string",
                            0),
            0u)
      << bad_value;
}

TEST(SelectorCheck, LabelKeySyntax) {
  EXPECT_TRUE(label_key_problems("app.kubernetes.io/name").empty());
  EXPECT_TRUE(label_key_problems("MyName").empty());
  ASSERT_EQ(label_key_problems("/x").size(), 1u);
  EXPECT_EQ(label_key_problems("/x")[0], "prefix part must be non-empty");
  EXPECT_EQ(label_key_problems("Example.com/x")[0].rfind("prefix part a lowercase RFC 1123", 0),
            0u);
  EXPECT_EQ(label_key_problems(std::string(64, 'a'))[0], "name part must be no more than 63 bytes");
  EXPECT_EQ(label_key_problems("a/b/c")[0].rfind("a valid label key must consist of", 0), 0u);
  EXPECT_EQ(label_key_problems("-a")[0].rfind("name part must consist of", 0), 0u);
  EXPECT_TRUE(label_value_problems("").empty());
  EXPECT_EQ(label_value_problems(std::string(64, 'a'))[0], "must be no more than 63 bytes");
}

}  // namespace
}  // namespace kro::graph

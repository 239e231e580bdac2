#include "cli/observed.h"

#include <gtest/gtest.h>

namespace kro::cli {
namespace {

Json parse(std::string_view text) { return parse_json(text).value(); }

TEST(Selector, MatchLabelsAndExpressions) {
  Json labels = parse(R"({"team":"pay","kind":"endpoint"})");
  EXPECT_TRUE(selector_matches(Json(nullptr), labels));
  EXPECT_TRUE(selector_matches(parse("{}"), labels));
  EXPECT_TRUE(selector_matches(parse(R"({"matchLabels":{"team":"pay"}})"), labels));
  EXPECT_FALSE(selector_matches(parse(R"({"matchLabels":{"team":"search"}})"), labels));
  EXPECT_FALSE(selector_matches(parse(R"({"matchLabels":{"missing":"x"}})"), labels));
  EXPECT_TRUE(selector_matches(
      parse(R"({"matchExpressions":[{"key":"kind","operator":"In","values":["endpoint"]}]})"),
      labels));
  EXPECT_FALSE(selector_matches(
      parse(R"({"matchExpressions":[{"key":"kind","operator":"NotIn","values":["endpoint"]}]})"),
      labels));
  EXPECT_TRUE(selector_matches(parse(R"({"matchExpressions":[{"key":"team","operator":"Exists"},
                                     {"key":"gone","operator":"DoesNotExist"}]})"),
                               labels));
  EXPECT_FALSE(selector_matches(
      parse(R"({"matchExpressions":[{"key":"team","operator":"Bogus"}]})"), labels));
  EXPECT_FALSE(selector_matches(parse(R"({"matchLabels":["not","a","map"]})"), labels));
  EXPECT_FALSE(selector_matches(parse(R"({"matchLabels":{"team":"pay"}})"), Json(nullptr)));
}

TEST(ObservedPool, FindsByIdentityAndSelects) {
  ObservedPool pool;
  pool.add(parse(R"({"apiVersion":"v1","kind":"ConfigMap",
                     "metadata":{"name":"a","namespace":"ns","labels":{"x":"1"}}})"));
  pool.add(parse(R"({"apiVersion":"v1","kind":"ConfigMap",
                     "metadata":{"name":"b","namespace":"other","labels":{"x":"1"}}})"));
  pool.add(parse(R"({"apiVersion":"apps/v1","kind":"Deployment",
                     "metadata":{"name":"a","namespace":"ns"}})"));
  runtime::ObjectIdentity id{"apps", "v1", "Deployment", "ns", "a"};
  const Document* found = pool.find(id);
  ASSERT_NE(found, nullptr);
  EXPECT_EQ(runtime::identity_of(**found), id);
  id.namespace_ = "elsewhere";
  EXPECT_EQ(pool.find(id), nullptr);
  Json selector = parse(R"({"matchLabels":{"x":"1"}})");
  EXPECT_EQ(pool.select("v1", "ConfigMap", "", selector).size(), 2u);
  EXPECT_EQ(pool.select("v1", "ConfigMap", "ns", selector).size(), 1u);
  EXPECT_EQ(pool.select("apps/v1", "ConfigMap", "", selector).size(), 0u);
}

}  // namespace
}  // namespace kro::cli

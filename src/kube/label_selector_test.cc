#include "kube/label_selector.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace kro::kube {
namespace {

using ::testing::HasSubstr;

Json js(std::string_view text) { return parse_json(text).value(); }

LabelSelector sel(std::string_view text) {
  auto s = LabelSelector::parse(js(text));
  EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.error().str());
  return s.ok() ? *s : LabelSelector();
}

Json object_with(std::string_view labels) {
  return js(std::string(R"({"metadata":{"name":"x","labels":)") + std::string(labels) + "}}");
}

TEST(LabelSelector, EmptyAndNullSelectEverything) {
  for (const char* text : {"{}", "null", R"({"matchLabels":{},"matchExpressions":[]})"}) {
    LabelSelector s = sel(text);
    EXPECT_TRUE(s.selects_everything()) << text;
    EXPECT_TRUE(s.matches(js(R"({"metadata":{"name":"x"}})"))) << text;
    EXPECT_EQ(s.str(), "") << text;
  }
}

TEST(LabelSelector, MatchLabelsNeedEveryPairWithItsValue) {
  LabelSelector s = sel(R"({"matchLabels":{"app":"web","tier":"front"}})");
  EXPECT_TRUE(s.matches(object_with(R"({"app":"web","tier":"front","x":"y"})")));
  EXPECT_FALSE(s.matches(object_with(R"({"app":"web"})")));
  EXPECT_FALSE(s.matches(object_with(R"({"app":"web","tier":"back"})")));
  EXPECT_FALSE(s.matches(js(R"({"metadata":{"name":"x"}})")));
}

TEST(LabelSelector, InAndNotIn) {
  LabelSelector in = sel(R"({"matchExpressions":[{"key":"env","operator":"In",
                                                  "values":["prod","staging"]}]})");
  EXPECT_TRUE(in.matches(object_with(R"({"env":"prod"})")));
  EXPECT_TRUE(in.matches(object_with(R"({"env":"staging"})")));
  EXPECT_FALSE(in.matches(object_with(R"({"env":"dev"})")));
  EXPECT_FALSE(in.matches(object_with("{}")));

  LabelSelector notin = sel(R"({"matchExpressions":[{"key":"env","operator":"NotIn",
                                                     "values":["prod"]}]})");
  EXPECT_FALSE(notin.matches(object_with(R"({"env":"prod"})")));
  EXPECT_TRUE(notin.matches(object_with(R"({"env":"dev"})")));
  // As the API server: a missing label satisfies notin.
  EXPECT_TRUE(notin.matches(object_with("{}")));
}

TEST(LabelSelector, ExistsAndDoesNotExist) {
  LabelSelector exists = sel(R"({"matchExpressions":[{"key":"team","operator":"Exists"}]})");
  EXPECT_TRUE(exists.matches(object_with(R"({"team":""})")));
  EXPECT_FALSE(exists.matches(object_with(R"({"other":"a"})")));
  LabelSelector absent = sel(R"({"matchExpressions":[{"key":"team","operator":"DoesNotExist"}]})");
  EXPECT_FALSE(absent.matches(object_with(R"({"team":"a"})")));
  EXPECT_TRUE(absent.matches(object_with(R"({"other":"a"})")));
}

TEST(LabelSelector, RequirementsAreAnded) {
  LabelSelector s = sel(R"({"matchLabels":{"app":"web"},
                            "matchExpressions":[{"key":"env","operator":"NotIn","values":["prod"]},
                                                {"key":"team","operator":"Exists"}]})");
  EXPECT_TRUE(s.matches(object_with(R"({"app":"web","team":"a"})")));
  EXPECT_FALSE(s.matches(object_with(R"({"app":"web","team":"a","env":"prod"})")));
  EXPECT_FALSE(s.matches(object_with(R"({"app":"web"})")));
  EXPECT_FALSE(s.matches(object_with(R"({"team":"a"})")));
}

TEST(LabelSelector, StrIsTheApiSyntaxAndCanonical) {
  LabelSelector a = sel(R"({"matchLabels":{"b":"2","a":"1"},
                            "matchExpressions":[{"key":"c","operator":"In","values":["y","x"]},
                                                {"key":"d","operator":"NotIn","values":["z"]},
                                                {"key":"e","operator":"Exists"},
                                                {"key":"f","operator":"DoesNotExist"}]})");
  EXPECT_EQ(a.str(), "a=1,b=2,c in (x,y),d notin (z),e,!f");
  LabelSelector b = sel(R"({"matchExpressions":[{"key":"f","operator":"DoesNotExist"},
                                                {"key":"e","operator":"Exists"},
                                                {"key":"d","operator":"NotIn","values":["z"]},
                                                {"key":"c","operator":"In","values":["x","y","x"]}],
                            "matchLabels":{"a":"1","b":"2"}})");
  EXPECT_EQ(a, b);
  EXPECT_EQ(a.str(), b.str());
  EXPECT_NE(a, sel(R"({"matchLabels":{"a":"1"}})"));
}

TEST(LabelSelector, InvalidSelectorsNameTheField) {
  struct Case {
    const char* text;
    const char* want;
  };
  for (const Case& c : {
           Case{R"("app=web")", "must be an object"},
           Case{R"({"matchLabel":{"a":"b"}})", "matchLabel: unknown label selector field"},
           Case{R"({"matchLabels":["a"]})", "matchLabels: matchLabels must be a map"},
           Case{R"({"matchLabels":{"a":1}})", "matchLabels.a: a label value must be a string"},
           Case{R"({"matchExpressions":{"key":"a"}})", "matchExpressions: matchExpressions must"},
           Case{R"({"matchExpressions":[{"operator":"Exists"}]})",
                "matchExpressions[0].key: key is required"},
           Case{R"({"matchExpressions":[{"key":"a","operator":"Exists"},{"key":"b"}]})",
                "matchExpressions[1].operator: operator is required"},
           Case{R"({"matchExpressions":[{"key":"a","operator":"Equals","values":["x"]}]})",
                "unknown operator \"Equals\""},
           Case{R"({"matchExpressions":[{"key":"a","operator":"In","values":[]}]})",
                "matchExpressions[0].values: operator In needs at least one value"},
           Case{R"({"matchExpressions":[{"key":"a","operator":"NotIn"}]})",
                "operator NotIn needs at least one value"},
           Case{R"({"matchExpressions":[{"key":"a","operator":"Exists","values":["x"]}]})",
                "operator Exists takes no values"},
           Case{R"({"matchExpressions":[{"key":"a","operator":"In","values":[1]}]})",
                "matchExpressions[0].values[0]: values must be a list of strings"},
       }) {
    auto s = LabelSelector::parse(js(c.text));
    ASSERT_FALSE(s.ok()) << c.text;
    EXPECT_THAT(s.error().str(), HasSubstr(c.want)) << c.text;
  }
}

}  // namespace
}  // namespace kro::kube

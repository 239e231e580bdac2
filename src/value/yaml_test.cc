#include "value/yaml.h"

#include <gtest/gtest.h>

namespace kro {
namespace {

TEST(Yaml, ResolvesPlainScalarsLikeKubernetes) {
  auto doc = parse_yaml("a: yes\nb: \"yes\"\nc: 0x1F\nd: 012\ne: 1.5\nf: ~\ng: 1_000\nh: nope\n");
  ASSERT_TRUE(doc.ok()) << doc.error().str();
  const auto& o = doc->value.as_object();
  EXPECT_EQ(o.at("a"), json::value(true));
  EXPECT_EQ(o.at("b"), json::value("yes"));
  EXPECT_EQ(o.at("c"), json::value(31));
  EXPECT_EQ(o.at("d"), json::value(10));
  EXPECT_EQ(o.at("e"), json::value(1.5));
  EXPECT_TRUE(o.at("f").is_null());
  EXPECT_EQ(o.at("g"), json::value(1000));
  EXPECT_EQ(o.at("h"), json::value("nope"));
}

TEST(Yaml, KeepsPositionsOfEveryNode) {
  auto doc = parse_yaml("spec:\n  resources:\n    - id: web\n      template: {}\n", "rgd.yaml");
  ASSERT_TRUE(doc.ok());
  auto pos = doc->positions.at("/spec/resources/0/id");
  EXPECT_EQ(pos.file, "rgd.yaml");
  EXPECT_EQ(pos.line, 3);
  EXPECT_EQ(pos.column, 11);
  EXPECT_EQ(doc->positions.key_at("/spec/resources/0/id").column, 7);
  // Unknown paths fall back to the nearest known ancestor.
  EXPECT_EQ(doc->positions.at("/spec/resources/0/missing").line, 3);
}

TEST(Yaml, ReportsSyntaxErrorsWithPosition) {
  auto doc = parse_yaml("a: [1, 2\nb: 3\n", "bad.yaml");
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.error().pos.file, "bad.yaml");
  EXPECT_GT(doc.error().pos.line, 0);
}

TEST(Yaml, RejectsDuplicateKeys) {
  auto doc = parse_yaml("a: 1\na: 2\n", "dup.yaml");
  ASSERT_FALSE(doc.ok());
  EXPECT_NE(doc.error().message.find("duplicate key"), std::string::npos);
  EXPECT_EQ(doc.error().pos.line, 2);
}

TEST(Yaml, MultiDocumentStreamsDropEmptyDocuments) {
  auto docs = parse_yaml_documents("a: 1\n---\n---\nb: 2\n");
  ASSERT_TRUE(docs.ok());
  EXPECT_EQ(docs->size(), 2u);
}

TEST(Yaml, RoundTripsThroughWriter) {
  const char* text =
      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  labels: {}\ndata:\n"
      "  enabled: \"true\"\n  port: \"80\"\n  empty: \"\"\n  list:\n    - a: 1\n      b: [1, 2]\n"
      "    - plain\n";
  auto doc = parse_yaml(text);
  ASSERT_TRUE(doc.ok());
  auto again = parse_yaml(to_yaml(doc->value));
  ASSERT_TRUE(again.ok()) << to_yaml(doc->value);
  EXPECT_EQ(doc->value, again->value) << to_yaml(doc->value);
}

TEST(Json, DeepEqualTreatsNumbersByValue) {
  EXPECT_TRUE(deep_equal(json::parse("{\"a\":[1,2.0]}"), json::parse("{\"a\":[1.0,2]}")));
  EXPECT_FALSE(deep_equal(json::parse("{\"a\":1}"), json::parse("{\"a\":1,\"b\":2}")));
  EXPECT_TRUE(deep_equal(json::value(std::uint64_t{5}), json::value(5)));
}

TEST(Json, FindPathWalksObjects) {
  auto v = json::parse(R"({"metadata":{"name":"x"}})");
  ASSERT_NE(find_path(v, "metadata.name"), nullptr);
  EXPECT_EQ(*find_path(v, "metadata.name"), json::value("x"));
  EXPECT_EQ(find_path(v, "metadata.namespace"), nullptr);
}

TEST(Json, ParseErrorsNameTheFile) {
  auto r = parse_json("{\"a\": }", "x.json");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().pos.file, "x.json");
}

}  // namespace
}  // namespace kro

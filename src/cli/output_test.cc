#include "cli/output.h"

#include <gtest/gtest.h>

namespace kro::cli {
namespace {

TEST(Output, YamlCommentPrefixesEveryLine) {
  EXPECT_EQ(yaml_comment("a\n\nb"), "# a\n#\n# b\n");
  EXPECT_EQ(yaml_comment("one\n"), "# one\n");
  EXPECT_EQ(yaml_comment(""), "");
}

TEST(Output, EmitAllSeparatesYamlDocumentsAndListsJson) {
  std::vector<Json> objects = {parse_json(R"({"a":1})").value(), parse_json(R"({"b":2})").value()};
  EXPECT_EQ(emit_all(objects, Format::kYaml), "a: 1\n---\nb: 2\n");
  std::string json = emit_all(objects, Format::kJson);
  auto back = parse_json(json);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(to_json(*back), R"({"apiVersion":"v1","kind":"List","items":[{"a":1},{"b":2}]})");
}

TEST(Output, ParseFormat) {
  EXPECT_EQ(*parse_format("json"), Format::kJson);
  EXPECT_EQ(*parse_format("yaml"), Format::kYaml);
  EXPECT_FALSE(parse_format("xml").ok());
}

}  // namespace
}  // namespace kro::cli

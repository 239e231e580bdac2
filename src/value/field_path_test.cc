#include "value/field_path.h"

#include <gtest/gtest.h>

namespace kro {
namespace {

std::vector<PathStep> steps(std::string_view path) {
  auto p = parse_field_path(path);
  EXPECT_TRUE(p.ok()) << path << ": " << p.error().message;
  return p.ok() ? *p : std::vector<PathStep>{};
}

TEST(FieldPath, JoinsNamesAndIndexes) {
  EXPECT_EQ(join_field("", "spec"), "spec");
  EXPECT_EQ(join_field("spec", "replicas"), "spec.replicas");
  EXPECT_EQ(join_index("spec.containers", 0), "spec.containers[0]");
  EXPECT_EQ(join_field("metadata.annotations", "example.com/x"),
            R"(metadata.annotations["example.com/x"])");
  EXPECT_EQ(join_field("a", ""), R"(a[""])");
  EXPECT_EQ(join_field("", "a.b"), R"(["a.b"])");
}

TEST(FieldPath, ParsesNamesIndexesAndQuotedNames) {
  std::vector<PathStep> want = {std::string("spec"), std::string("containers"), std::size_t{0},
                                std::string("env"),  std::size_t{12},           std::string("a.b"),
                                std::string("x"),    std::string("q\"\\")};
  EXPECT_EQ(steps(R"(spec.containers[0].env[12]["a.b"].x["q\"\\"])"), want);
  EXPECT_EQ(steps(R"(["a"])"), std::vector<PathStep>{std::string("a")});
}

TEST(FieldPath, UnquotesGoEscapes) {
  EXPECT_EQ(steps(R"(["\a\b\f\n\r\t\v\\\"\'"])"),
            std::vector<PathStep>{std::string("\a\b\f\n\r\t\v\\\"'")});
  EXPECT_EQ(steps(R"(["\u00e9\x41\U0001F600\xff"])"),
            std::vector<PathStep>{std::string("\xc3\xa9"
                                              "A\xF0\x9F\x98\x80\xff")});
}

TEST(FieldPath, RejectsMalformed) {
  for (const char* bad :
       {"", ".a", "a..b", "a.", "a[", "a[x]", "a[1", "a[-1]", R"(a["x)", R"(a["x")", R"(a["\q"])",
        R"(a["\x4"])", R"(a["\ud800"])", R"(a["\U00110000"])"}) {
    EXPECT_FALSE(parse_field_path(bad).ok()) << bad;
  }
}

TEST(FieldPath, FormatRoundTripsThroughParse) {
  const std::vector<PathStep> p = {
      std::string("metadata"), std::string("labels"), std::string("app.kubernetes.io/name"),
      std::string(""),         std::size_t{3},        std::string("t\u00e9.\x01\n\xff"),
      std::string("bare\t")};
  const std::string text = format_field_path(p);
  EXPECT_EQ(text, R"(metadata.labels["app.kubernetes.io/name"][""][3]["t)"
                  "\xc3\xa9"
                  R"(.\x01\n\xff"].bare)"
                  "\t");
  EXPECT_EQ(steps(text), p);
}

}  // namespace
}  // namespace kro

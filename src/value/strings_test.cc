#include "value/strings.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace kro {
namespace {

using ::testing::HasSubstr;

TEST(Trim, DropsAsciiWhitespaceAtBothEnds) {
  EXPECT_EQ(trim(" \t\r\n\v\fa b\t \n"), "a b");
  EXPECT_EQ(trim(""), "");
  EXPECT_EQ(trim(" \n "), "");
  EXPECT_EQ(trim("\xC2\xA0x"), "\xC2\xA0x");  // not Unicode spaces
}

TEST(AsciiCase, MapsOnlyAsciiLetters) {
  EXPECT_EQ(ascii_lower("DeploymentÉ-9"), "deploymentÉ-9");
  EXPECT_EQ(ascii_upper("deploymenté-9"), "DEPLOYMENTé-9");
}

TEST(GoQuote, EscapesAsStrconvQuote) {
  EXPECT_EQ(go_quote("a.b"), R"("a.b")");
  EXPECT_EQ(go_quote(""), R"("")");
  EXPECT_EQ(go_quote("q\"\\\a\b\f\n\r\t\v"), R"("q\"\\\a\b\f\n\r\t\v")");
  EXPECT_EQ(go_quote(std::string("\x01\x7f", 2)), R"("\x01\x7f")");
  EXPECT_EQ(go_quote("caf\xC3\xA9 \xE2\x82\xAC"), "\"caf\xC3\xA9 \xE2\x82\xAC\"");  // printable
  EXPECT_EQ(go_quote("\xC2\xA0\xE2\x80\x8B"), R"("\u00a0\u200b")");
  EXPECT_EQ(go_quote("\xEF\xBF\xBE"), R"("\ufffe")");
  EXPECT_EQ(go_quote("\xF3\xB0\x80\x80"), R"("\U000f0000")");
  EXPECT_EQ(go_quote("a\xFF\xC3"), R"("a\xff\xc3")");  // invalid bytes
}

TEST(GoEscape, NamesTheShortEscapesOnly) {
  EXPECT_EQ(go_escape('\n'), "\\n");
  EXPECT_EQ(go_escape('"'), "\\\"");
  EXPECT_EQ(go_escape('\\'), "\\\\");
  EXPECT_EQ(go_escape('\v'), "\\v");
  EXPECT_EQ(go_escape('a'), "");
  EXPECT_EQ(go_escape(0x01), "");
  EXPECT_EQ(go_escape('\''), "");
}

TEST(GoDuration, ParsesGoSpellings) {
  EXPECT_EQ(*parse_go_duration("0"), 0);
  EXPECT_EQ(*parse_go_duration("-0"), 0);
  EXPECT_EQ(*parse_go_duration("300ms"), 300'000'000);
  EXPECT_EQ(*parse_go_duration("1h30m"), 5'400'000'000'000);
  EXPECT_EQ(*parse_go_duration("-1.5s"), -1'500'000'000);
  EXPECT_EQ(*parse_go_duration("+2ns"), 2);
  EXPECT_EQ(*parse_go_duration("1us"), 1000);
  EXPECT_EQ(*parse_go_duration("1\xC2\xB5s"), 1000);
  EXPECT_EQ(*parse_go_duration(".5m"), 30'000'000'000);
  EXPECT_EQ(*parse_go_duration("2562047h47m16.854775807s"), INT64_MAX);
  EXPECT_EQ(*parse_go_duration("-2562047h47m16.854775808s"), INT64_MIN);
}

TEST(GoDuration, RejectsBadInputWithAReason) {
  EXPECT_THAT(parse_go_duration("10").error().message, HasSubstr("missing unit"));
  EXPECT_THAT(parse_go_duration("5x").error().message, HasSubstr("unknown unit \"x\""));
  EXPECT_THAT(parse_go_duration("s").error().message, HasSubstr("expected a number"));
  EXPECT_THAT(parse_go_duration("").error().message, HasSubstr("invalid duration \"\""));
  EXPECT_THAT(parse_go_duration("2562047h47m16.854775808s").error().message,
              HasSubstr("out of range"));
  EXPECT_FALSE(parse_go_duration("1.s.").ok());
  EXPECT_FALSE(parse_go_duration("-").ok());
}

}  // namespace
}  // namespace kro

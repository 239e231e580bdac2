#include "value/utf8.h"

#include <gtest/gtest.h>

namespace kro::utf8 {
namespace {

TEST(Utf8, DecodesEachLength) {
  const std::string s = "a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80";  // a é € 😀
  char32_t cp = 0;
  EXPECT_EQ(decode(s, 0, &cp), 1u);
  EXPECT_EQ(cp, U'a');
  EXPECT_EQ(decode(s, 1, &cp), 2u);
  EXPECT_EQ(cp, U'\u00e9');
  EXPECT_EQ(decode(s, 3, &cp), 3u);
  EXPECT_EQ(cp, U'\u20ac');
  EXPECT_EQ(decode(s, 6, &cp), 4u);
  EXPECT_EQ(cp, U'\U0001F600');
}

TEST(Utf8, RejectsInvalidSequences) {
  char32_t cp = 0;
  EXPECT_EQ(decode("\x80", 0, &cp), 0u);              // a lone continuation byte
  EXPECT_EQ(decode("\xC3", 0, &cp), 0u);              // cut short
  EXPECT_EQ(decode("\xC3x", 0, &cp), 0u);             // no continuation byte
  EXPECT_EQ(decode("\xC0\xAF", 0, &cp), 0u);          // overlong '/'
  EXPECT_EQ(decode("\xE0\x80\xAF", 0, &cp), 0u);      // overlong, three bytes
  EXPECT_EQ(decode("\xED\xA0\x80", 0, &cp), 0u);      // a surrogate
  EXPECT_EQ(decode("\xF4\x90\x80\x80", 0, &cp), 0u);  // above U+10FFFF
  EXPECT_EQ(decode("\xF8\x88\x80\x80\x80", 0, &cp), 0u);
  EXPECT_FALSE(valid("ok\xFF"));
  EXPECT_TRUE(valid("caf\xC3\xA9"));
  EXPECT_TRUE(valid(""));
}

TEST(Utf8, StepsOverInvalidBytesOneByOne) {
  EXPECT_EQ(step("\xE2\x82\xAC", 0), 3u);
  EXPECT_EQ(step("\xE2\x82x", 0), 1u);
  EXPECT_EQ(step("\xC0\xAF", 0), 1u);
}

TEST(Utf8, DecodeAllReplacesEachInvalidByte) {
  EXPECT_EQ(decode_all("a\xFF\xC3\xA9\xE2\x82"),
            (std::vector<char32_t>{U'a', kReplacement, U'\u00e9', kReplacement, kReplacement}));
}

TEST(Utf8, CountsCodePoints) {
  EXPECT_EQ(count(""), 0u);
  EXPECT_EQ(count("a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80"), 4u);
}

TEST(Utf8, EncodesEachLengthAndRoundTrips) {
  std::string out;
  for (char32_t cp : {U'a', U'\u00e9', U'\u20ac', U'\U0001F600', U'\U0010FFFF'}) append(out, cp);
  EXPECT_EQ(out, "a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\xF4\x8F\xBF\xBF");
  EXPECT_EQ(encode(decode_all(out)), out);
  EXPECT_EQ(encode(decode_all(out), 1, 3), "\xC3\xA9\xE2\x82\xAC");
}

}  // namespace
}  // namespace kro::utf8

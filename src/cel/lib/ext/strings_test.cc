#include "cel/lib/ext/strings.h"

#include <gtest/gtest.h>

#include "cel/lib/ext/base64.h"

namespace kro::cel::ext {
namespace {

using Strings = std::vector<std::string>;

TEST(ExtStrings, CodePointIndices) {
  EXPECT_EQ(*char_at("©αT", 1), "α");
  EXPECT_EQ(*char_at("abc", 3), "");
  EXPECT_EQ(char_at("abc", 4).error().message, "index out of range: 4");
  EXPECT_EQ(*index_of("ta©o©αT", "©", 3), 4);
  EXPECT_EQ(*last_index_of("bananananana", "nana", 7), 6);
  EXPECT_EQ(*last_index_of("tacocat", ""), 7);
  EXPECT_EQ(last_index_of("tacocat", "a", -1).error().message, "index out of range: -1");
  EXPECT_EQ(*substring("ta©o©αT", 2, 6), "©o©α");
  EXPECT_EQ(substring("tacocat", 4, 3).error().message,
            "invalid substring range. start: 4, end: 3");
}

TEST(ExtStrings, ReplaceSplitLikeGo) {
  EXPECT_EQ(replace("{0} {0}", "{0}", "2", 1), "2 {0}");
  EXPECT_EQ(replace("abc", "", "-"), "-a-b-c-");
  EXPECT_EQ(replace("é", "", "-", 1), "-é");
  EXPECT_EQ(split("a,b,c", ",", 2), (Strings{"a", "b,c"}));
  EXPECT_EQ(split("a,b", ",", 0), Strings{});
  EXPECT_EQ(split("o©o", "", -1), (Strings{"o", "©", "o"}));
  EXPECT_EQ(split("abc", "", 2), (Strings{"a", "bc"}));
  EXPECT_EQ(split("", ","), Strings{""});
}

TEST(ExtStrings, TrimQuoteReverse) {
  EXPECT_EQ(trim("\u00a0 x \u3000"), "x");
  EXPECT_EQ(trim("\u200bx"), "\u200bx");
  EXPECT_EQ(quote("a\"b\\\n"), "\"a\\\"b\\\\\\n\"");
  EXPECT_EQ(quote("\xff"), "\"\xEF\xBF\xBD\"");
  EXPECT_EQ(reverse("Ta©oCαt"), "tαCo©aT");
  EXPECT_EQ(lower_ascii("ÆB"), "Æb");
}

TEST(Base64, GoStdThenRaw) {
  EXPECT_EQ(base64_encode("hello"), "aGVsbG8=");
  EXPECT_EQ(base64_encode(""), "");
  EXPECT_EQ(*base64_decode("aGVsbG8="), "hello");
  EXPECT_EQ(*base64_decode("aGVsbG8"), "hello");
  EXPECT_EQ(*base64_decode("aGVs\nbG8="), "hello");
  auto bad = base64_decode("a$==");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().message, "illegal base64 data at input byte 1");
  EXPECT_FALSE(base64_decode("aGVsbG8=x").ok());
  EXPECT_FALSE(base64_decode("a").ok());
}

}  // namespace
}  // namespace kro::cel::ext

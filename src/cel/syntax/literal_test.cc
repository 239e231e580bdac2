#include <gtest/gtest.h>

#include "cel/syntax/parser.h"
#include "cel/syntax/test_util.h"

namespace kro::cel::syntax {
namespace {

using testing::parse_debug;

Constant parse_const(std::string_view src) {
  auto r = Parser().parse(src);
  EXPECT_TRUE(r.ok()) << src << ": " << (r.ok() ? "" : r.error().message);
  if (!r.ok() || !r->expr->is(ExprKind::kConstant)) {
    ADD_FAILURE() << src << " is not a constant";
    return Constant::null();
  }
  return r->expr->constant();
}

std::string parse_str(std::string_view src) {
  Constant c = parse_const(src);
  EXPECT_EQ(c.kind, Constant::Kind::kString) << src;
  return c.string_value;
}

std::string parse_bytes(std::string_view src) {
  Constant c = parse_const(src);
  EXPECT_EQ(c.kind, Constant::Kind::kBytes) << src;
  return c.string_value;
}

std::string error_of(std::string_view src) {
  auto r = Parser().parse(src);
  if (r.ok()) return "<parsed: " + debug_string(*r->expr) + ">";
  return r.error().message;
}

TEST(LiteralTest, Integers) {
  EXPECT_EQ(parse_const("0").int_value, 0);
  EXPECT_EQ(parse_const("42").int_value, 42);
  EXPECT_EQ(parse_const("0x1F").int_value, 31);
  EXPECT_EQ(parse_const("0XfF").int_value, 255);
  EXPECT_EQ(parse_const("9223372036854775807").int_value, INT64_MAX);
  EXPECT_EQ(parse_const("-9223372036854775808").int_value, INT64_MIN);
  EXPECT_EQ(parse_const("-0x10").int_value, -16);
  EXPECT_EQ(parse_const("-42").kind, Constant::Kind::kInt);
  EXPECT_NE(error_of("9223372036854775808").find("invalid int literal"), std::string::npos);
  EXPECT_NE(error_of("-9223372036854775809").find("invalid int literal"), std::string::npos);
}

TEST(LiteralTest, Unsigned) {
  Constant c = parse_const("42u");
  EXPECT_EQ(c.kind, Constant::Kind::kUint);
  EXPECT_EQ(c.uint_value, 42u);
  EXPECT_EQ(parse_const("18446744073709551615U").uint_value, UINT64_MAX);
  EXPECT_EQ(parse_const("0xFFu").uint_value, 255u);
  EXPECT_NE(error_of("18446744073709551616u").find("invalid uint literal"), std::string::npos);
  // A uint cannot be negated by the literal syntax: it is the operator.
  EXPECT_EQ(parse_debug("-1u"), "-_(1u)");
}

TEST(LiteralTest, Doubles) {
  EXPECT_DOUBLE_EQ(parse_const("1.5").double_value, 1.5);
  EXPECT_DOUBLE_EQ(parse_const(".5").double_value, 0.5);
  EXPECT_DOUBLE_EQ(parse_const("1e3").double_value, 1000);
  EXPECT_DOUBLE_EQ(parse_const("1.5E-3").double_value, 0.0015);
  EXPECT_DOUBLE_EQ(parse_const("2e+2").double_value, 200);
  EXPECT_DOUBLE_EQ(parse_const("-2.5").double_value, -2.5);
  EXPECT_EQ(parse_const("1.0").kind, Constant::Kind::kDouble);
  EXPECT_NE(error_of("1e999").find("invalid double literal"), std::string::npos);
  // "1." is not a double: the dot starts a selection.
  EXPECT_NE(error_of("1.").find("Syntax error"), std::string::npos);
}

TEST(LiteralTest, OtherConstants) {
  EXPECT_EQ(parse_const("null").kind, Constant::Kind::kNull);
  EXPECT_TRUE(parse_const("true").bool_value);
  EXPECT_FALSE(parse_const("false").bool_value);
}

TEST(LiteralTest, QuoteForms) {
  EXPECT_EQ(parse_str("'hello'"), "hello");
  EXPECT_EQ(parse_str("\"hello\""), "hello");
  EXPECT_EQ(parse_str("'''hello'''"), "hello");
  EXPECT_EQ(parse_str("\"\"\"hello\"\"\""), "hello");
  EXPECT_EQ(parse_str("''"), "");
  EXPECT_EQ(parse_str("''''''"), "");
  EXPECT_EQ(parse_str("'''a\nb'''"), "a\nb");
  EXPECT_EQ(parse_str("'''it's'''"), "it's");
  EXPECT_EQ(parse_str("\"'\""), "'");
  // Raw newlines in triple-quoted strings are normalised to \n.
  EXPECT_EQ(parse_str("'''a\r\nb\rc'''"), "a\nb\nc");
}

TEST(LiteralTest, SimpleEscapes) {
  EXPECT_EQ(parse_str(R"('\a\b\f\n\r\t\v')"), "\a\b\f\n\r\t\v");
  EXPECT_EQ(parse_str(R"('\\ \' \" \` \?')"), "\\ ' \" ` ?");
  EXPECT_EQ(parse_str(R"("""\"""")"), "\"");
}

TEST(LiteralTest, NumericEscapesInStrings) {
  EXPECT_EQ(parse_str(R"('\x41\X42')"), "AB");
  EXPECT_EQ(parse_str(R"('\101')"), "A");
  EXPECT_EQ(parse_str(R"('\u00e9')"), "\xC3\xA9");
  EXPECT_EQ(parse_str(R"('\U0001F62C')"), "\xF0\x9F\x98\xAC");
  // \xFF and \377 in a string are the code point U+00FF, two bytes of UTF-8.
  EXPECT_EQ(parse_str(R"('\xff')"), "\xC3\xBF");
  EXPECT_EQ(parse_str(R"('\377')"), "\xC3\xBF");
  EXPECT_EQ(parse_str(R"('\000')"), std::string(1, '\0'));
}

TEST(LiteralTest, BadEscapes) {
  EXPECT_NE(error_of(R"('\z')").find("unable to unescape string"), std::string::npos);
  EXPECT_NE(error_of(R"('\x4')").find("unable to unescape string"), std::string::npos);
  EXPECT_NE(error_of(R"('\u12')").find("unable to unescape string"), std::string::npos);
  EXPECT_NE(error_of(R"('\uD800')").find("invalid unicode code point"), std::string::npos);
  EXPECT_NE(error_of(R"('\U00110000')").find("invalid unicode code point"), std::string::npos);
  EXPECT_NE(error_of(R"('\08')").find("unable to unescape octal sequence in string"),
            std::string::npos);
  EXPECT_NE(error_of(R"(b'\u0041')").find("unable to unescape string"), std::string::npos);
}

TEST(LiteralTest, RawStrings) {
  EXPECT_EQ(parse_str(R"(r'\d+\n')"), R"(\d+\n)");
  EXPECT_EQ(parse_str(R"(R"\")"), "\\");  // raw: the backslash does not escape the quote
  EXPECT_EQ(parse_str(R"(r'''a\'b''')"), R"(a\'b)");
}

TEST(LiteralTest, Bytes) {
  EXPECT_EQ(parse_bytes("b'abc'"), "abc");
  EXPECT_EQ(parse_bytes("B\"abc\""), "abc");
  EXPECT_EQ(parse_bytes(R"(b'\xff\x00')"), std::string("\xff\0", 2));
  EXPECT_EQ(parse_bytes(R"(b'\377')"), "\xff");
  EXPECT_EQ(parse_bytes("b'\xC3\xBF'"), "\xC3\xBF");  // UTF-8 text stays UTF-8
  EXPECT_EQ(parse_bytes(R"(br'\x00')"), R"(\x00)");
  EXPECT_EQ(parse_bytes(R"(bR'''\n''')"), R"(\n)");
  EXPECT_EQ(parse_bytes(R"(b'''a'b''')"), "a'b");
}

TEST(LiteralTest, UnterminatedString) {
  std::string msg = error_of("'abc");
  EXPECT_NE(msg.find("ERROR: <input>:1:1: Syntax error: token recognition error"),
            std::string::npos)
      << msg;
  EXPECT_NE(error_of("'a\nb'").find("Syntax error"), std::string::npos);
}

}  // namespace
}  // namespace kro::cel::syntax

#include "cel/syntax/unparser.h"

#include <gtest/gtest.h>

#include "cel/syntax/parser.h"

namespace kro::cel::syntax {
namespace {

std::string RoundTrip(std::string_view src) {
  auto r = Parser().Parse(src);
  if (!r.ok()) return r.error().message;
  auto u = Unparse(*r);
  if (!u.ok()) return u.error().message;
  auto again = Parser().Parse(*u);
  EXPECT_TRUE(again.ok()) << *u;
  if (again.ok()) {
    EXPECT_TRUE(Equal(*r->expr, *again->expr, false)) << src << " -> " << *u;
  }
  return *u;
}

TEST(UnparserTest, Operators) {
  EXPECT_EQ(RoundTrip("a+b*c"), "a + b * c");
  EXPECT_EQ(RoundTrip("(a+b)*c"), "(a + b) * c");
  EXPECT_EQ(RoundTrip("a-(b-c)"), "a - (b - c)");
  EXPECT_EQ(RoundTrip("a-b-c"), "a - b - c");
  EXPECT_EQ(RoundTrip("a&&b&&c"), "(a && b) && c");
  EXPECT_EQ(RoundTrip("a||b&&c"), "a || b && c");
  EXPECT_EQ(RoundTrip("a ? b : c ? d : e"), "a ? b : c ? d : e");
  EXPECT_EQ(RoundTrip("(a ? b : c) ? d : e"), "(a ? b : c) ? d : e");
  EXPECT_EQ(RoundTrip("a ? (b ? 1 : 2) : 3"), "a ? (b ? 1 : 2) : 3");
  EXPECT_EQ(RoundTrip("x in [1, 2]"), "x in [1, 2]");
  EXPECT_EQ(RoundTrip("!(a && b)"), "!(a && b)");
  EXPECT_EQ(RoundTrip("!(!a)"), "!(!a)");
  EXPECT_EQ(RoundTrip("-(5)"), "-(5)");
  EXPECT_EQ(RoundTrip("-5"), "-5");
  EXPECT_EQ(RoundTrip("(-5).abs()"), "(-5).abs()");
  EXPECT_EQ(RoundTrip("-(a.b)"), "-(a.b)");
  EXPECT_EQ(RoundTrip("(a + b).size()"), "(a + b).size()");
}

TEST(UnparserTest, Literals) {
  EXPECT_EQ(RoundTrip("1u"), "1u");
  EXPECT_EQ(RoundTrip("0x10"), "16");
  EXPECT_EQ(RoundTrip("1.0"), "1.0");
  EXPECT_EQ(RoundTrip("1e100"), "1e+100");
  EXPECT_EQ(RoundTrip("0.1"), "0.1");
  EXPECT_EQ(RoundTrip("'a\"b\\n'"), R"("a\"b\n")");
  EXPECT_EQ(RoundTrip("'\\x01é'"), "\"\\x01é\"");
  EXPECT_EQ(RoundTrip("b'\\xff\\x00a'"), R"(b"\xff\x00a")");
  EXPECT_EQ(RoundTrip("null"), "null");
  EXPECT_EQ(RoundTrip("r'\\d'"), R"("\\d")");
}

TEST(UnparserTest, Structure) {
  EXPECT_EQ(RoundTrip("a.b[c].d(e, f)"), "a.b[c].d(e, f)");
  EXPECT_EQ(RoundTrip("a.?b[?c]"), "a.?b[?c]");
  EXPECT_EQ(RoundTrip("[?a, b]"), "[?a, b]");
  EXPECT_EQ(RoundTrip("{?'k': v, 1: 2}"), "{?\"k\": v, 1: 2}");
  EXPECT_EQ(RoundTrip("a.b.M{f: 1, ?g: 2}"), "a.b.M{f: 1, ?g: 2}");
  EXPECT_EQ(RoundTrip("a.`b-c`.?`d e`"), "a.`b-c`.?`d e`");
  EXPECT_EQ(RoundTrip("M{`f-g`: 1}"), "M{`f-g`: 1}");
  EXPECT_EQ(RoundTrip(".a.b"), ".a.b");
}

TEST(UnparserTest, Macros) {
  EXPECT_EQ(RoundTrip("has(a.b)"), "has(a.b)");
  EXPECT_EQ(RoundTrip("l.map(x, x.all(y, has(y.z)))"), "l.map(x, x.all(y, has(y.z)))");
  EXPECT_EQ(RoundTrip("cel.bind(v, 1, v + 1)"), "cel.bind(v, 1, v + 1)");
  EXPECT_EQ(RoundTrip("m.transformMap(k, v, v > 0, k)"), "m.transformMap(k, v, v > 0, k)");
  EXPECT_EQ(RoundTrip("o.optMap(v, v)"), "o.optMap(v, v)");
}

TEST(UnparserTest, ComprehensionWithoutMacroCallFails) {
  auto r = Parser(MacroRegistry(AllMacros()), ParserOptions{.populate_macro_calls = false})
               .Parse("l.all(x, x)");
  ASSERT_TRUE(r.ok());
  auto u = Unparse(*r);
  ASSERT_FALSE(u.ok());
  EXPECT_NE(u.error().message.find("comprehension"), std::string::npos);
  // Without the macro record, has() still has a source form.
  auto h = Parser(MacroRegistry(AllMacros()), ParserOptions{.populate_macro_calls = false})
               .Parse("has(a.b)");
  ASSERT_TRUE(h.ok());
  EXPECT_EQ(*Unparse(*h), "has(a.b)");
}

TEST(UnparserTest, DebugStringOfHandBuiltTree) {
  std::vector<ExprPtr> args;
  args.push_back(MakeIdent(2, "a"));
  args.push_back(MakeConstant(3, Constant::Uint(7)));
  ExprPtr call = MakeCall(1, std::string(op::kAdd), std::move(args));
  EXPECT_EQ(DebugString(*call), "_+_(a, 7u)");
  EXPECT_EQ(*Unparse(*call), "a + 7u");
  ExprPtr copy = Clone(*call);
  EXPECT_TRUE(Equal(*call, *copy));
  copy->call().args[0]->id = 9;
  EXPECT_FALSE(Equal(*call, *copy));
  EXPECT_TRUE(Equal(*call, *copy, false));
}

}  // namespace
}  // namespace kro::cel::syntax

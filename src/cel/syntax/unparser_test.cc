#include "cel/syntax/unparser.h"

#include <gtest/gtest.h>

#include "cel/syntax/parser.h"

namespace kro::cel::syntax {
namespace {

std::string round_trip(std::string_view src) {
  auto r = Parser().parse(src);
  if (!r.ok()) return r.error().message;
  auto u = unparse(*r);
  if (!u.ok()) return u.error().message;
  auto again = Parser().parse(*u);
  EXPECT_TRUE(again.ok()) << *u;
  if (again.ok()) {
    EXPECT_TRUE(equal(*r->expr, *again->expr, false)) << src << " -> " << *u;
  }
  return *u;
}

TEST(UnparserTest, Operators) {
  EXPECT_EQ(round_trip("a+b*c"), "a + b * c");
  EXPECT_EQ(round_trip("(a+b)*c"), "(a + b) * c");
  EXPECT_EQ(round_trip("a-(b-c)"), "a - (b - c)");
  EXPECT_EQ(round_trip("a-b-c"), "a - b - c");
  EXPECT_EQ(round_trip("a&&b&&c"), "(a && b) && c");
  EXPECT_EQ(round_trip("a||b&&c"), "a || b && c");
  EXPECT_EQ(round_trip("a ? b : c ? d : e"), "a ? b : c ? d : e");
  EXPECT_EQ(round_trip("(a ? b : c) ? d : e"), "(a ? b : c) ? d : e");
  EXPECT_EQ(round_trip("a ? (b ? 1 : 2) : 3"), "a ? (b ? 1 : 2) : 3");
  EXPECT_EQ(round_trip("x in [1, 2]"), "x in [1, 2]");
  EXPECT_EQ(round_trip("!(a && b)"), "!(a && b)");
  EXPECT_EQ(round_trip("!(!a)"), "!(!a)");
  EXPECT_EQ(round_trip("-(5)"), "-(5)");
  EXPECT_EQ(round_trip("-5"), "-5");
  EXPECT_EQ(round_trip("(-5).abs()"), "(-5).abs()");
  EXPECT_EQ(round_trip("-(a.b)"), "-(a.b)");
  EXPECT_EQ(round_trip("(a + b).size()"), "(a + b).size()");
}

TEST(UnparserTest, Literals) {
  EXPECT_EQ(round_trip("1u"), "1u");
  EXPECT_EQ(round_trip("0x10"), "16");
  EXPECT_EQ(round_trip("1.0"), "1.0");
  EXPECT_EQ(round_trip("1e100"), "1e+100");
  EXPECT_EQ(round_trip("0.1"), "0.1");
  EXPECT_EQ(round_trip("'a\"b\\n'"), R"("a\"b\n")");
  EXPECT_EQ(round_trip("'\\x01é'"), "\"\\x01é\"");
  EXPECT_EQ(round_trip("b'\\xff\\x00a'"), R"(b"\xff\x00a")");
  EXPECT_EQ(round_trip("null"), "null");
  EXPECT_EQ(round_trip("r'\\d'"), R"("\\d")");
}

TEST(UnparserTest, Structure) {
  EXPECT_EQ(round_trip("a.b[c].d(e, f)"), "a.b[c].d(e, f)");
  EXPECT_EQ(round_trip("a.?b[?c]"), "a.?b[?c]");
  EXPECT_EQ(round_trip("[?a, b]"), "[?a, b]");
  EXPECT_EQ(round_trip("{?'k': v, 1: 2}"), "{?\"k\": v, 1: 2}");
  EXPECT_EQ(round_trip("a.b.M{f: 1, ?g: 2}"), "a.b.M{f: 1, ?g: 2}");
  EXPECT_EQ(round_trip("a.`b-c`.?`d e`"), "a.`b-c`.?`d e`");
  EXPECT_EQ(round_trip("M{`f-g`: 1}"), "M{`f-g`: 1}");
  EXPECT_EQ(round_trip(".a.b"), ".a.b");
}

TEST(UnparserTest, Macros) {
  EXPECT_EQ(round_trip("has(a.b)"), "has(a.b)");
  EXPECT_EQ(round_trip("l.map(x, x.all(y, has(y.z)))"), "l.map(x, x.all(y, has(y.z)))");
  EXPECT_EQ(round_trip("cel.bind(v, 1, v + 1)"), "cel.bind(v, 1, v + 1)");
  EXPECT_EQ(round_trip("m.transformMap(k, v, v > 0, k)"), "m.transformMap(k, v, v > 0, k)");
  EXPECT_EQ(round_trip("o.optMap(v, v)"), "o.optMap(v, v)");
}

TEST(UnparserTest, ComprehensionWithoutMacroCallFails) {
  auto r = Parser(MacroRegistry(generic_macros()), ParserOptions{.populate_macro_calls = false})
               .parse("l.all(x, x)");
  ASSERT_TRUE(r.ok());
  auto u = unparse(*r);
  ASSERT_FALSE(u.ok());
  EXPECT_NE(u.error().message.find("comprehension"), std::string::npos);
  // Without the macro record, has() still has a source form.
  auto h = Parser(MacroRegistry(generic_macros()), ParserOptions{.populate_macro_calls = false})
               .parse("has(a.b)");
  ASSERT_TRUE(h.ok());
  EXPECT_EQ(*unparse(*h), "has(a.b)");
}

TEST(UnparserTest, DebugStringOfHandBuiltTree) {
  std::vector<ExprPtr> args;
  args.push_back(make_ident(2, "a"));
  args.push_back(make_constant(3, Constant::uinteger(7)));
  ExprPtr call = make_call(1, std::string(op::kAdd), std::move(args));
  EXPECT_EQ(debug_string(*call), "_+_(a, 7u)");
  EXPECT_EQ(*unparse(*call), "a + 7u");
  ExprPtr copy = clone(*call);
  EXPECT_TRUE(equal(*call, *copy));
  copy->call().args[0]->id = 9;
  EXPECT_FALSE(equal(*call, *copy));
  EXPECT_TRUE(equal(*call, *copy, false));
}

}  // namespace
}  // namespace kro::cel::syntax

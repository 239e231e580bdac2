#include "cel/syntax/macros.h"

#include <gtest/gtest.h>

#include <set>

#include "cel/syntax/parser.h"
#include "cel/syntax/test_util.h"

namespace kro::cel::syntax {
namespace {

using testing::parse_debug;

TEST(MacrosTest, Has) {
  EXPECT_EQ(parse_debug("has(a.b)"), "a.b~test-only");
  EXPECT_EQ(parse_debug("has(a.b.c)"), "a.b.c~test-only");
  EXPECT_EQ(parse_debug("has(a)"),
            "ERROR: <input>:1:5: invalid argument to has() macro\n | has(a)\n | ....^");
  EXPECT_NE(parse_debug("has(m[0])").find("invalid argument to has() macro"), std::string::npos);
  EXPECT_NE(parse_debug("has(a.?b)").find("invalid argument to has() macro"), std::string::npos);
  // Only the global one-argument form is the macro.
  EXPECT_EQ(parse_debug("x.has(a.b)"), "x.has(a.b)");
  EXPECT_EQ(parse_debug("has(a.b, c)"), "has(a.b, c)");
}

TEST(MacrosTest, Quantifiers) {
  EXPECT_EQ(parse_debug("l.all(x, x > 0)"),
            "__comprehension__(x, l, @result, true, @not_strictly_false(@result), "
            "_&&_(@result, _>_(x, 0)), @result)");
  EXPECT_EQ(parse_debug("l.exists(x, x > 0)"),
            "__comprehension__(x, l, @result, false, @not_strictly_false(!_(@result)), "
            "_||_(@result, _>_(x, 0)), @result)");
  EXPECT_EQ(parse_debug("l.exists_one(x, x > 0)"),
            "__comprehension__(x, l, @result, 0, true, "
            "_?_:_(_>_(x, 0), _+_(@result, 1), @result), _==_(@result, 1))");
  EXPECT_EQ(parse_debug("l.all(x.y, true)"),
            "ERROR: <input>:1:8: argument must be a simple name\n | l.all(x.y, true)\n"
            " | .......^");
  EXPECT_NE(parse_debug("l.exists(1, true)").find("argument must be a simple name"),
            std::string::npos);
  // Global forms are not macros.
  EXPECT_EQ(parse_debug("all(x, y)"), "all(x, y)");
}

TEST(MacrosTest, MapAndFilter) {
  EXPECT_EQ(parse_debug("l.map(x, x * 2)"),
            "__comprehension__(x, l, @result, [], true, _+_(@result, [_*_(x, 2)]), @result)");
  EXPECT_EQ(parse_debug("l.map(x, x > 1, x * 2)"),
            "__comprehension__(x, l, @result, [], true, "
            "_?_:_(_>_(x, 1), _+_(@result, [_*_(x, 2)]), @result), @result)");
  EXPECT_EQ(parse_debug("l.filter(x, x > 1)"),
            "__comprehension__(x, l, @result, [], true, "
            "_?_:_(_>_(x, 1), _+_(@result, [x]), @result), @result)");
  EXPECT_NE(parse_debug("l.map(x + 1, x)").find("argument is not an identifier"),
            std::string::npos);
  EXPECT_NE(parse_debug("l.filter(1, true)").find("argument is not an identifier"),
            std::string::npos);
}

TEST(MacrosTest, NestedMacros) {
  EXPECT_EQ(parse_debug("[1].all(x, [2].exists(y, x < y))"),
            "__comprehension__(x, [1], @result, true, @not_strictly_false(@result), "
            "_&&_(@result, __comprehension__(y, [2], @result, false, "
            "@not_strictly_false(!_(@result)), _||_(@result, _<_(x, y)), @result)), @result)");
}

TEST(MacrosTest, TwoVariableComprehensions) {
  EXPECT_EQ(parse_debug("m.all(k, v, v > 0)"),
            "__comprehension__(k, v, m, @result, true, @not_strictly_false(@result), "
            "_&&_(@result, _>_(v, 0)), @result)");
  EXPECT_EQ(parse_debug("m.exists(k, v, v > 0)"),
            "__comprehension__(k, v, m, @result, false, @not_strictly_false(!_(@result)), "
            "_||_(@result, _>_(v, 0)), @result)");
  std::string one =
      "__comprehension__(k, v, m, @result, 0, true, "
      "_?_:_(_>_(v, 0), _+_(@result, 1), @result), _==_(@result, 1))";
  EXPECT_EQ(parse_debug("m.existsOne(k, v, v > 0)"), one);
  EXPECT_EQ(parse_debug("m.exists_one(k, v, v > 0)"), one);
  EXPECT_EQ(parse_debug("l.transformList(i, v, v * i)"),
            "__comprehension__(i, v, l, @result, [], true, _+_(@result, [_*_(v, i)]), @result)");
  EXPECT_EQ(parse_debug("l.transformList(i, v, i > 0, v)"),
            "__comprehension__(i, v, l, @result, [], true, "
            "_?_:_(_>_(i, 0), _+_(@result, [v]), @result), @result)");
  EXPECT_EQ(parse_debug("m.transformMap(k, v, v + 1)"),
            "__comprehension__(k, v, m, @result, {}, true, "
            "cel.@mapInsert(@result, k, _+_(v, 1)), @result)");
  EXPECT_EQ(parse_debug("m.transformMap(k, v, v > 0, v + 1)"),
            "__comprehension__(k, v, m, @result, {}, true, "
            "_?_:_(_>_(v, 0), cel.@mapInsert(@result, k, _+_(v, 1)), @result), @result)");
  EXPECT_EQ(parse_debug("m.transformMapEntry(k, v, {v: k})"),
            "__comprehension__(k, v, m, @result, {}, true, "
            "cel.@mapInsert(@result, {v: k}), @result)");
  EXPECT_EQ(parse_debug("m.transformMapEntry(k, v, true, {v: k})"),
            "__comprehension__(k, v, m, @result, {}, true, "
            "_?_:_(true, cel.@mapInsert(@result, {v: k}), @result), @result)");
  EXPECT_NE(parse_debug("m.all(k.a, v, true)").find("iteration variable must be a simple name"),
            std::string::npos);
  EXPECT_NE(parse_debug("m.all(k, 1, true)").find("iteration variable must be a simple name"),
            std::string::npos);
  EXPECT_NE(parse_debug("m.all(k, k, true)").find("duplicate variable name: k"), std::string::npos);
}

TEST(MacrosTest, Bind) {
  EXPECT_EQ(parse_debug("cel.bind(x, a + 1, x * x)"),
            "__comprehension__(#unused, [], x, _+_(a, 1), false, x, _*_(x, x))");
  EXPECT_NE(parse_debug("cel.bind(x.y, 1, 2)")
                .find("cel.bind() variable names must be simple identifiers"),
            std::string::npos);
  // Another namespace is an ordinary call.
  EXPECT_EQ(parse_debug("foo.bind(x, 1, 2)"), "foo.bind(x, 1, 2)");
}

TEST(MacrosTest, OptionalMaps) {
  EXPECT_EQ(parse_debug("o.optMap(v, v + 1)"),
            "_?_:_(o.hasValue(), optional.of(__comprehension__(#unused, [], v, o.value(), false, "
            "v, _+_(v, 1))), optional.none())");
  EXPECT_EQ(parse_debug("o.optFlatMap(v, optional.of(v))"),
            "_?_:_(o.hasValue(), __comprehension__(#unused, [], v, o.value(), false, v, "
            "optional.of(v)), optional.none())");
  EXPECT_NE(
      parse_debug("o.optMap(1, 2)").find("optMap() variable name must be a simple identifier"),
      std::string::npos);
}

TEST(MacrosTest, OptMapCopiesTheTargetWithFreshIds) {
  auto r = Parser().parse("a.b.optMap(v, v)");
  ASSERT_TRUE(r.ok());
  std::set<int64_t> ids;
  walk(*r->expr, [&](const Expr& e) {
    EXPECT_TRUE(ids.insert(e.id).second) << "duplicate id " << e.id;
    return true;
  });
}

TEST(MacrosTest, LibrariesCanBeSwitchedOff) {
  Parser none{MacroRegistry(), ParserOptions{}};
  EXPECT_EQ(parse_debug("has(a.b)", none), "has(a.b)");
  EXPECT_EQ(parse_debug("l.all(x, x)", none), "l.all(x, x)");
  Parser std_only{MacroRegistry(standard_macros()), ParserOptions{}};
  EXPECT_EQ(parse_debug("cel.bind(x, 1, x)", std_only), "cel.bind(x, 1, x)");
  EXPECT_EQ(parse_debug("m.all(k, v, true)", std_only), "m.all(k, v, true)");
  EXPECT_EQ(parse_debug("o.optMap(v, v)", std_only), "o.optMap(v, v)");
  EXPECT_EQ(parse_debug("has(a.b)", std_only), "a.b~test-only");
}

TEST(MacrosTest, CustomVarArgMacro) {
  MacroRegistry reg;
  reg.add(Macro{"count", -1, false,
                [](MacroContext& ctx, ExprPtr&, std::vector<ExprPtr>& args) -> ExprPtr {
                  return ctx.integer(static_cast<int64_t>(args.size()));
                }});
  Parser p{reg, ParserOptions{}};
  EXPECT_EQ(parse_debug("count(a, b, c)", p), "3");
  EXPECT_EQ(parse_debug("count()", p), "0");
}

TEST(MacrosTest, MacroCallsAreRecorded) {
  auto r = Parser().parse("l.map(x, x.all(y, has(y.z)))");
  ASSERT_TRUE(r.ok());
  const auto& calls = r->source_info.macro_calls;
  ASSERT_EQ(calls.size(), 3u);
  auto it = calls.find(r->expr->id);
  ASSERT_NE(it, calls.end());
  // The outer call keeps its own arguments; the inner macro is an id-only placeholder.
  const Expr& outer = *it->second;
  ASSERT_TRUE(outer.is(ExprKind::kCall));
  EXPECT_EQ(outer.call().function, "map");
  EXPECT_EQ(debug_string(*outer.call().target), "l");
  ASSERT_EQ(outer.call().args.size(), 2u);
  EXPECT_EQ(debug_string(*outer.call().args[0]), "x");
  EXPECT_TRUE(outer.call().args[1]->is(ExprKind::kUnspecified));
  EXPECT_TRUE(calls.count(outer.call().args[1]->id));
  auto off = Parser(MacroRegistry(generic_macros()), ParserOptions{.populate_macro_calls = false})
                 .parse("l.map(x, x)");
  ASSERT_TRUE(off.ok());
  EXPECT_TRUE(off->source_info.macro_calls.empty());
}

}  // namespace
}  // namespace kro::cel::syntax

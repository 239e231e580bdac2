// List-appending comprehensions (map, filter, transformList) evaluated through a builder must
// give exactly what the literal `@result + [e]` evaluation gives: values, errors and costs.
#include "cel/eval/accumulate.h"

#include <gtest/gtest.h>

#include "cel/eval/program.h"
#include "cel/lib/kro/library_sets.h"
#include "cel/syntax/parser.h"
#include "cel/test_util.h"

namespace kro::cel::eval {
namespace {

struct Run {
  std::string text;  // debug_string of the value or "error: ..."
  uint64_t cost = 0;
};

Run run(std::string_view expr) {
  static const auto reg = cel::testing::kro_registry();
  auto parsed = syntax::Parser().parse(expr);
  EXPECT_TRUE(parsed.ok()) << expr;
  auto program = plan(*parsed->expr, reg, {});
  EXPECT_TRUE(program.ok()) << expr;
  MapActivation act;
  Run r;
  Value v = program->eval(act, &r.cost);
  r.text = v.is_error() ? "error: " + v.error_message() : debug_string(v);
  return r;
}

const syntax::Comprehension& comprehension_of(const syntax::ParsedExpr& p) {
  return p.expr->comprehension();
}

TEST(ListAppend, RecognisesTheMacroExpansions) {
  syntax::Parser parser;
  for (const char* e :
       {"[1, 2].map(x, x * 2)", "[1, 2].map(x, x > 1, x * 2)", "[1, 2].filter(x, x > 1)",
        "[1, 2].transformList(i, v, i + v)", "[1, 2].transformList(i, v, v > 1, i + v)"}) {
    auto p = parser.parse(e);
    ASSERT_TRUE(p.ok()) << e;
    EXPECT_TRUE(is_list_append_comprehension(comprehension_of(*p))) << e;
  }
  for (const char* e : {"[1, 2].all(x, x > 1)", "[1, 2].exists_one(x, x > 1)",
                        "{'a': 1}.transformMap(k, v, v + 1)", "cel.bind(a, 1, a + 1)"}) {
    auto p = parser.parse(e);
    ASSERT_TRUE(p.ok()) << e;
    EXPECT_FALSE(is_list_append_comprehension(comprehension_of(*p))) << e;
  }
}

TEST(ListAppend, Mentions) {
  syntax::Parser parser;
  auto p = parser.parse("a + [1].map(a, a)[0] + [2].map(x, b)[0]");
  ASSERT_TRUE(p.ok());
  EXPECT_TRUE(mentions(*p->expr, "a"));
  EXPECT_TRUE(mentions(*p->expr, "b"));
  auto shadowed = parser.parse("[1].map(a, a)");
  ASSERT_TRUE(shadowed.ok());
  EXPECT_FALSE(mentions(*shadowed->expr, "a"));
  EXPECT_FALSE(mentions(*shadowed->expr, "@result"));  // the macro's own accumulator
}

TEST(ListAppend, Values) {
  EXPECT_EQ(run("[1, 2, 3].map(x, x * 2)").text, "[2, 4, 6]");
  EXPECT_EQ(run("[1, 2, 3].filter(x, x != 2)").text, "[1, 3]");
  EXPECT_EQ(run("[1, 2, 3].map(x, x > 1, x * 10)").text, "[20, 30]");
  EXPECT_EQ(run("[].map(x, x)").text, "[]");
  EXPECT_EQ(run("['a', 'b'].transformList(i, v, v + string(i))").text, "[\"a0\", \"b1\"]");
  // Nested: each inner map builds its own list, each outer element gets a fresh one.
  EXPECT_EQ(run("[1, 2].map(x, [10, 20].map(y, x * y))").text, "[[10, 20], [20, 40]]");
  EXPECT_EQ(run("[[1, 2], [3]].map(l, l.filter(e, e > 1).map(e, e * e))").text, "[[4], [9]]");
  // The result is an ordinary list value.
  EXPECT_EQ(run("[1, 2].map(x, x) + [3]").text, "[1, 2, 3]");
  EXPECT_EQ(run("[1, 2].map(x, x) == [1, 2]").text, "true");
}

TEST(ListAppend, ErrorsStickAsTheyWouldThroughConcatenation) {
  EXPECT_EQ(run("[1, 0, 2].map(x, 2 / x)").text, "error: division by zero");
  EXPECT_EQ(run("[1, 0, 2].filter(x, 2 / x > 0)").text, "error: division by zero");
  // An error in an unselected element of the filter form is never evaluated.
  EXPECT_EQ(run("[1, 0, 2].map(x, x > 0, 2 / x)").text, "[2, 1]");
}

TEST(ListAppend, CostsMatchTheLiteralEvaluation) {
  // Worked out for `@result + [x * 2]` per element (see cel/cost/runtime_cost_test.cc).
  EXPECT_EQ(run("[1, 2, 3].map(x, x * 2)").cost, 10U + 10U + 3U * 14U + 1U);
  // filter: condition x != 2 (x 1, != 1), then either the append (x 1, accu 1, [..] 10, + 1) or
  // the accumulator (1); range 10, init 10, result 1.
  EXPECT_EQ(run("[1, 2, 3].filter(x, x != 2)").cost, 10U + 10U + 2U * (2U + 13U) + (2U + 1U) + 1U);
}

}  // namespace
}  // namespace kro::cel::eval

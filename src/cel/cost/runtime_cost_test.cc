// Run-time cost tracking and the cost limit (cel/eval with cel/cost/cost_model.h): the figures
// below are worked out by hand from the API server's cost model, step by step.
#include <gtest/gtest.h>

#include <string>

#include "cel/cost/cost_model.h"
#include "cel/eval/program.h"
#include "cel/lib/kro/library_sets.h"
#include "cel/syntax/parser.h"

namespace kro::cel {
namespace {

std::shared_ptr<const FunctionRegistry> kro_registry() {
  static const auto reg = [] {
    auto r = std::make_shared<FunctionRegistry>();
    auto st = lib::register_kro_environment(*r);
    EXPECT_TRUE(st.ok()) << (st.ok() ? "" : st.error().message);
    return r;
  }();
  return reg;
}

struct Outcome {
  Value value;
  uint64_t cost = 0;
};

Outcome run(std::string_view expr, std::optional<uint64_t> limit = cost::kDefaultCostLimit,
            const eval::Activation* activation = nullptr) {
  auto parsed = syntax::Parser().parse(expr);
  EXPECT_TRUE(parsed.ok()) << expr;
  if (!parsed.ok()) return {Value::error(parsed.error().message), 0};
  eval::PlanOptions opts;
  opts.type_names = lib::kro_type_names();
  opts.cost_limit = limit;
  auto program = eval::plan(*parsed->expr, kro_registry(), opts);
  EXPECT_TRUE(program.ok()) << expr;
  if (!program.ok()) return {Value::error(program.error().message), 0};
  eval::MapActivation empty;
  Outcome out;
  out.value = program->eval(activation != nullptr ? *activation : empty, &out.cost);
  return out;
}

uint64_t cost_of(std::string_view expr) {
  Outcome o = run(expr);
  EXPECT_FALSE(o.value.is_error()) << expr << ": " << o.value.error_message();
  return o.cost;
}

TEST(RuntimeCost, ConstantsAreFree) {
  EXPECT_EQ(cost_of("1"), 0U);
  EXPECT_EQ(cost_of("'abc'"), 0U);
}

TEST(RuntimeCost, ScalarOperatorsCostOne) {
  EXPECT_EQ(cost_of("1 + 2"), 1U);
  EXPECT_EQ(cost_of("1 + 2 * 3"), 2U);
  EXPECT_EQ(cost_of("true && 1 < 2"), 1U);  // && itself is free
  EXPECT_EQ(cost_of("1 < 2 ? 3 : 4"), 1U);  // so is ?:
}

TEST(RuntimeCost, IdentifiersAndSelectionsCostOneEach) {
  eval::MapActivation act;
  act.bind("x", Value::from_json_copy(Json(boost::json::parse(R"({"y": {"z": 5}})"))));
  EXPECT_EQ(run("x", cost::kDefaultCostLimit, &act).cost, 1U);
  EXPECT_EQ(run("x.y.z", cost::kDefaultCostLimit, &act).cost, 3U);
  EXPECT_EQ(run("x['y'].z", cost::kDefaultCostLimit, &act).cost, 3U);
  EXPECT_EQ(run("has(x.y)", cost::kDefaultCostLimit, &act).cost, 2U);
}

TEST(RuntimeCost, StringCallsScaleWithLength) {
  const std::string a(100, 'a');
  const std::string b(50, 'b');
  // Concatenation: ceil(0.1 * (100 + 50)).
  EXPECT_EQ(cost_of("'" + a + "' + '" + b + "'"), 15U);
  // Equality: ceil(0.1 * min(100, 50)).
  EXPECT_EQ(cost_of("'" + a + "' == '" + b + "'"), 5U);
  // contains: ceil(0.1 * 100) * ceil(0.1 * 50).
  EXPECT_EQ(cost_of("'" + a + "'.contains('" + b + "')"), 50U);
  // matches: ceil(0.1 * (1 + 100)) * ceil(0.25 * 8).
  EXPECT_EQ(cost_of("'" + a + "'.matches('^a+b*c?$')"), 22U);
  // lowerAscii (API server library estimator): ceil(0.1 * 100).
  EXPECT_EQ(cost_of("'" + a + "'.lowerAscii()"), 10U);
  // Sizes are code points: ceil(0.1 * 12) for 12 two-byte characters.
  EXPECT_EQ(cost_of("'éééééééééééé'.startsWith('é')"), 2U);
}

TEST(RuntimeCost, LiteralsAndComprehensions) {
  EXPECT_EQ(cost_of("[1, 2, 3]"), 10U);
  EXPECT_EQ(cost_of("{'a': 1}"), 30U);
  // map(): range literal 10, accumulator init [] 10, then per element the step
  // `@result + [x * 2]`: @result 1, x 1, * 1, [..] 10, + 1 = 14; result @result 1.
  EXPECT_EQ(cost_of("[1, 2, 3].map(x, x * 2)"), 10U + 10U + 3U * 14U + 1U);
  // `x in list` costs the list's size.
  EXPECT_EQ(cost_of("3 in [1, 2, 3, 4, 5]"), 10U + 5U);
}

TEST(RuntimeCost, ExponentialExpressionIsStopped) {
  // A million iterations of a few units each: far beyond the default budget.
  Outcome o = run("lists.range(1000).map(x, lists.range(1000).map(y, x + y)).size()");
  ASSERT_TRUE(o.value.is_error());
  EXPECT_EQ(o.value.error_message(), cost::kCostLimitExceeded);
  // It stopped at the limit instead of finishing the loops: the cost reached is within one inner
  // iteration (and one lists.range call) of the budget.
  EXPECT_GT(o.cost, cost::kDefaultCostLimit);
  EXPECT_LT(o.cost, cost::kDefaultCostLimit + 100);
}

TEST(RuntimeCost, NestedDoublingIsStopped) {
  // Each level doubles the work; 2^25 steps would take seconds without a budget.
  std::string e = "[0, 1]";
  for (int i = 0; i < 25; ++i) {
    std::string outer = "[0, 1].map(a";
    outer.append(std::to_string(i)).append(", ").append(e).append(")");
    e = std::move(outer);
  }
  Outcome o = run(e);
  ASSERT_TRUE(o.value.is_error());
  EXPECT_EQ(o.value.error_message(), cost::kCostLimitExceeded);
}

TEST(RuntimeCost, AbsorbingOperatorsDoNotHideCancellation) {
  // `||` would absorb an ordinary error on its left; the cancellation still wins.
  Outcome o = run("lists.range(2000).all(x, lists.range(2000).all(y, x + y >= 0)) || true");
  ASSERT_TRUE(o.value.is_error());
  EXPECT_EQ(o.value.error_message(), cost::kCostLimitExceeded);
}

TEST(RuntimeCost, LimitIsPerProgram) {
  const std::string e = "lists.range(100).map(x, x * x).size()";
  Outcome unlimited = run(e, std::nullopt);
  ASSERT_TRUE(unlimited.value.is(Kind::kInt));
  EXPECT_EQ(unlimited.value.as_int(), 100);
  EXPECT_GT(unlimited.cost, 100U);  // counted even without a limit, when asked for
  Outcome tight = run(e, unlimited.cost - 1);
  ASSERT_TRUE(tight.value.is_error());
  EXPECT_EQ(tight.value.error_message(), cost::kCostLimitExceeded);
  Outcome exact = run(e, unlimited.cost);
  ASSERT_TRUE(exact.value.is(Kind::kInt));
  EXPECT_EQ(exact.cost, unlimited.cost);
}

TEST(RuntimeCost, ListFunctionsTraverseTheirData) {
  // The API server charges sum()/max()/indexOf() one unit per scalar element.
  EXPECT_EQ(cost_of("[1, 2, 3, 4].sum()"), 10U + 4U);
  // join: ceil(0.2 * size of the result) = ceil(0.2 * 5) for "a,b,c".
  EXPECT_EQ(cost_of("['a', 'b', 'c'].join(',')"), 10U + 1U);
}

TEST(CostModel, SaturatingArithmetic) {
  const uint64_t max = std::numeric_limits<uint64_t>::max();
  EXPECT_EQ(cost::add_sat(max - 1, 5), max);
  EXPECT_EQ(cost::mul_sat(max / 2, 3), max);
  EXPECT_EQ(cost::mul_sat(0, max), 0U);
  EXPECT_EQ(cost::scale_ceil(max, 2.0), max);
  EXPECT_EQ(cost::scale_ceil(15, 0.1), 2U);
  EXPECT_EQ(cost::scale_ceil(0, 0.1), 0U);
}

TEST(CostModel, ClassifiesByFunctionThenOverload) {
  using cost::CallCost;
  EXPECT_EQ(cost::classify_call("_+_", "add_string"), CallCost::kConcat);
  EXPECT_EQ(cost::classify_call("_+_", "add_int64"), CallCost::kUnit);
  EXPECT_EQ(cost::classify_call("ip", "cidr_ip"), CallCost::kUnit);
  EXPECT_EQ(cost::classify_call("ip", "string_to_ip"), CallCost::kTraverseFirst);
  EXPECT_EQ(cost::classify_call("indexOf", "string_index_of_string"), CallCost::kTraverseTree);
  EXPECT_EQ(cost::classify_call("containsIP", "cidr_contains_ip_string"),
            CallCost::kContainsIPString);
}

}  // namespace
}  // namespace kro::cel

// The checker's work grows linearly with the tree, and the tree linearly with the source: counted
// through CheckStats (node visits, unification work), never timed. A fuzzer found a 520-byte
// chain of optMap/map calls that took the checker over 100 s: optMap copied its target, so n
// chained optMaps expanded to 2^n copies, and every trial assignment copied the whole
// substitution.
#include <gtest/gtest.h>

#include <string>

#include "cel/check/checker.h"
#include "cel/check/unify.h"
#include "cel/lib/library.h"
#include "cel/syntax/parser.h"
#include "cel/test_util.h"

namespace kro::cel::check {
namespace {

using types::Type;

using cel::testing::kro_decls;

size_t count_nodes(const syntax::Expr& root) {
  size_t n = 0;
  syntax::walk(root, [&](const syntax::Expr&) {
    ++n;
    return true;
  });
  return n;
}

struct Measured {
  size_t tree_nodes = 0;
  CheckStats stats;
  size_t issues = 0;
  std::string result_type;
};

Measured check_source(const std::string& src) {
  Measured m;
  auto parsed = syntax::Parser().parse(src);
  EXPECT_TRUE(parsed.ok()) << (parsed.ok() ? "" : parsed.error().message);
  if (!parsed.ok()) return m;
  m.tree_nodes = count_nodes(*parsed->expr);
  CheckEnv env(kro_decls());
  env.add_variable("o", Type::optional(Type::integer()));
  env.add_variable("it", Type::dyn());
  CheckOutcome out = check_with_issues(std::move(*parsed), env);
  m.stats = out.stats;
  m.issues = out.issues.size();
  m.result_type = out.checked.result_type.to_string();
  return m;
}

// `o` followed by `levels` optMaps, each body holding a map comprehension.
std::string opt_map_chain(int levels) {
  std::string src = "o";
  for (int i = 0; i < levels; ++i) src += ".optMap(v, [v, 1].map(w, w + 1)[0])";
  return src;
}

TEST(CheckerScalingTest, OptMapChainOf40LevelsIsLinear) {
  Measured m40 = check_source(opt_map_chain(40));
  Measured m41 = check_source(opt_map_chain(41));
  Measured m80 = check_source(opt_map_chain(80));
  EXPECT_EQ(m40.issues, 0U);
  EXPECT_EQ(m40.result_type, "optional_type(int)");
  EXPECT_EQ(m80.result_type, "optional_type(int)");
  // Every node is checked exactly once.
  EXPECT_EQ(m40.stats.nodes_visited, m40.tree_nodes);
  EXPECT_EQ(m80.stats.nodes_visited, m80.tree_nodes);
  // The tree grows by a constant per level (it doubled per level before the fix: 2^40 nodes).
  EXPECT_LT(m40.tree_nodes, 40U * 40U);
  EXPECT_EQ(m80.tree_nodes - m40.tree_nodes, 40 * (m41.tree_nodes - m40.tree_nodes));
  // Unification work per level is constant too (a trial no longer copies every binding).
  EXPECT_GT(m40.stats.unification_work, 0U);
  EXPECT_LE(m80.stats.unification_work, 2 * m40.stats.unification_work + 40);
}

TEST(CheckerScalingTest, MapChainUnificationWorkIsLinear) {
  auto chain = [](int levels) {
    std::string src = "it";
    for (int i = 0; i < levels; ++i) src += ".map(i, [i])";
    return src;
  };
  Measured m200 = check_source(chain(200));
  Measured m400 = check_source(chain(400));
  EXPECT_EQ(m200.issues, 0U);
  EXPECT_EQ(m400.stats.nodes_visited, m400.tree_nodes);
  EXPECT_LE(m400.stats.unification_work, 2 * m200.stats.unification_work + 200);
}

// The fuzzer's input (fuzz/corpus/cel_eval/seed_25): 15 chained optMaps. It expanded to 654,702
// nodes; now it is a few hundred, and its type errors are reported as usual.
TEST(CheckerScalingTest, FuzzerOptMapChainChecksQuickly) {
  const std::string src =
      "it.emf.optMap(i, i.n > 0).map(i> 0).maf.optMap(i, i.n > 0).map(i> 0).mf.optMap(i, i.n > "
      "0).map(i> 0).mafmf.optMap(i, i.n > 0).optMap(i, i.n > 0).map(i> 0).mfp(i, i.n > 0).map(i"
      "> 0).maf.optMap(i, i.n > 0).map(i> 0).mf.optMap(i, i.n > 0).map(i> 0).mafmf.optMap(i, i."
      "n > 0).optMap(i, i.n > 0).map(i> 0).mf.optMap(i, i.n > 0).map(i> 0).mafmf.optMap(i, i.n "
      "> i> 0).map(i> 0).maf.optMap(i, i.nVVVVVVVV.name).join(',').optMap(i, i.n > 0).map(i> 0)"
      ".mafmf.optMap(i, i.n > i> 0).map(i> 0).maf.optMap(i, i.nVVVVVVVV.name).join(',')";
  Measured m = check_source(src);
  EXPECT_LT(m.tree_nodes, 1000U);
  EXPECT_EQ(m.stats.nodes_visited, m.tree_nodes);
  EXPECT_GT(m.issues, 0U);  // `i.n > i > 0` compares a bool with an int
  EXPECT_LT(m.stats.unification_work, 20 * m.tree_nodes);
}

TEST(CheckerScalingTest, PathologicalNestingStopsAtTheParserLimits) {
  std::string chain = "o";
  for (int i = 0; i < 2000; ++i) chain += ".optMap(v, v)";
  auto r = syntax::Parser().parse(chain);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("expression nesting exceeds limit: 1000"), std::string::npos)
      << r.error().message;

  std::string deep = "o";
  for (int i = 0; i < 300; ++i) deep += ".optMap(v, o";
  deep += std::string(300, ')');
  r = syntax::Parser().parse(deep);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("expression recursion limit exceeded: 250"), std::string::npos)
      << r.error().message;

  std::string wide = "[" + std::string(100000, '1') + "]";
  r = syntax::Parser().parse(wide);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("expression code point size exceeds limit"), std::string::npos)
      << r.error().message;
}

TEST(SubstitutionTrialTest, FailedAssignmentUndoesItsBindings) {
  Substitution s;
  Type a = Type::param("A");
  Type b = Type::param("B");
  ASSERT_TRUE(assign(s, Type::integer(), b));
  // map(A, int) -> map(string, string): A is bound to string before int/string fails.
  EXPECT_FALSE(assign(s, Type::map(a, Type::integer()), Type::map(Type::string(), Type::string())));
  EXPECT_EQ(s.find(a), nullptr);
  ASSERT_NE(s.find(b), nullptr);
  EXPECT_EQ(s.find(b)->to_string(), "int");
  EXPECT_EQ(s.size(), 1U);
  EXPECT_TRUE(assign(s, Type::map(a, Type::integer()), Type::map(Type::string(), Type::integer())));
  EXPECT_EQ(s.apply(a, false).to_string(), "string");
}

TEST(SubstitutionTrialTest, ApplyFinalMatchesApplyAlongAChain) {
  Substitution s;
  // P0 <- P1 <- ... <- P99, P0 = list(Q) with Q free.
  ASSERT_TRUE(assign(s, Type::list(Type::param("Q")), Type::param("P0")));
  for (int i = 1; i < 100; ++i) {
    ASSERT_TRUE(
        assign(s, Type::param("P" + std::to_string(i - 1)), Type::param("P" + std::to_string(i))));
  }
  Substitution::Memo memo;
  for (int i = 99; i >= 0; --i) {
    Type p = Type::optional(Type::param("P" + std::to_string(i)));
    EXPECT_EQ(s.apply_final(p, true, memo).to_string(), s.apply(p, true).to_string());
  }
  EXPECT_EQ(s.apply_final(Type::param("P50"), true, memo).to_string(), "list(dyn)");
}

}  // namespace
}  // namespace kro::cel::check

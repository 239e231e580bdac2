// The checker's work grows linearly with the tree, and the tree linearly with the source: counted
// through CheckStats (node visits, unification work), never timed. A fuzzer found a 520-byte
// chain of optMap/map calls that took the checker over 100 s: optMap copied its target, so n
// chained optMaps expanded to 2^n copies, and every trial assignment copied the whole
// substitution.
#include <gtest/gtest.h>

#include <string>

#include "cel/check/checker.h"
#include "cel/check/unify.h"
#include "cel/syntax/parser.h"

namespace kro::cel::check {
namespace {

using types::Type;

std::shared_ptr<const Declarations> KroDecls() {
  static const std::shared_ptr<const Declarations> kDecls = [] {
    auto d = std::make_shared<Declarations>();
    auto st = DeclareKroEnvironment(*d);
    EXPECT_TRUE(st.ok()) << (st.ok() ? "" : st.error().message);
    return std::shared_ptr<const Declarations>(d);
  }();
  return kDecls;
}

size_t CountNodes(const syntax::Expr& root) {
  size_t n = 0;
  syntax::Walk(root, [&](const syntax::Expr&) {
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

Measured CheckSource(const std::string& src) {
  Measured m;
  auto parsed = syntax::Parser().Parse(src);
  EXPECT_TRUE(parsed.ok()) << (parsed.ok() ? "" : parsed.error().message);
  if (!parsed.ok()) return m;
  m.tree_nodes = CountNodes(*parsed->expr);
  CheckEnv env(KroDecls());
  env.add_variable("o", Type::Optional(Type::Int()));
  env.add_variable("it", Type::Dyn());
  CheckOutcome out = CheckWithIssues(std::move(*parsed), env);
  m.stats = out.stats;
  m.issues = out.issues.size();
  m.result_type = out.checked.result_type.ToString();
  return m;
}

// `o` followed by `levels` optMaps, each body holding a map comprehension.
std::string OptMapChain(int levels) {
  std::string src = "o";
  for (int i = 0; i < levels; ++i) src += ".optMap(v, [v, 1].map(w, w + 1)[0])";
  return src;
}

TEST(CheckerScalingTest, OptMapChainOf40LevelsIsLinear) {
  Measured m40 = CheckSource(OptMapChain(40));
  Measured m41 = CheckSource(OptMapChain(41));
  Measured m80 = CheckSource(OptMapChain(80));
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
  Measured m200 = CheckSource(chain(200));
  Measured m400 = CheckSource(chain(400));
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
  Measured m = CheckSource(src);
  EXPECT_LT(m.tree_nodes, 1000U);
  EXPECT_EQ(m.stats.nodes_visited, m.tree_nodes);
  EXPECT_GT(m.issues, 0U);  // `i.n > i > 0` compares a bool with an int
  EXPECT_LT(m.stats.unification_work, 20 * m.tree_nodes);
}

TEST(CheckerScalingTest, PathologicalNestingStopsAtTheParserLimits) {
  std::string chain = "o";
  for (int i = 0; i < 2000; ++i) chain += ".optMap(v, v)";
  auto r = syntax::Parser().Parse(chain);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("expression nesting exceeds limit: 1000"), std::string::npos)
      << r.error().message;

  std::string deep = "o";
  for (int i = 0; i < 300; ++i) deep += ".optMap(v, o";
  deep += std::string(300, ')');
  r = syntax::Parser().Parse(deep);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("expression recursion limit exceeded: 250"), std::string::npos)
      << r.error().message;

  std::string wide = "[" + std::string(100000, '1') + "]";
  r = syntax::Parser().Parse(wide);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("expression code point size exceeds limit"), std::string::npos)
      << r.error().message;
}

TEST(SubstitutionTrialTest, FailedAssignmentUndoesItsBindings) {
  Substitution s;
  Type a = Type::Param("A");
  Type b = Type::Param("B");
  ASSERT_TRUE(Assign(s, Type::Int(), b));
  // map(A, int) -> map(string, string): A is bound to string before int/string fails.
  EXPECT_FALSE(Assign(s, Type::Map(a, Type::Int()), Type::Map(Type::String(), Type::String())));
  EXPECT_EQ(s.find(a), nullptr);
  ASSERT_NE(s.find(b), nullptr);
  EXPECT_EQ(s.find(b)->ToString(), "int");
  EXPECT_EQ(s.size(), 1U);
  EXPECT_TRUE(Assign(s, Type::Map(a, Type::Int()), Type::Map(Type::String(), Type::Int())));
  EXPECT_EQ(s.Apply(a, false).ToString(), "string");
}

TEST(SubstitutionTrialTest, ApplyFinalMatchesApplyAlongAChain) {
  Substitution s;
  // P0 <- P1 <- ... <- P99, P0 = list(Q) with Q free.
  ASSERT_TRUE(Assign(s, Type::List(Type::Param("Q")), Type::Param("P0")));
  for (int i = 1; i < 100; ++i) {
    ASSERT_TRUE(
        Assign(s, Type::Param("P" + std::to_string(i - 1)), Type::Param("P" + std::to_string(i))));
  }
  Substitution::Memo memo;
  for (int i = 99; i >= 0; --i) {
    Type p = Type::Optional(Type::Param("P" + std::to_string(i)));
    EXPECT_EQ(s.ApplyFinal(p, true, memo).ToString(), s.Apply(p, true).ToString());
  }
  EXPECT_EQ(s.ApplyFinal(Type::Param("P50"), true, memo).ToString(), "list(dyn)");
}

}  // namespace
}  // namespace kro::cel::check

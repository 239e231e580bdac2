#include "graph/dag.h"

#include <gtest/gtest.h>

namespace kro::graph {
namespace {

using Ids = std::vector<std::string>;

// Vertices a, b, c, ... in declaration order, then the edges "x:y,z" (x depends on y and z).
Dag make(const Ids& vertices, const std::vector<std::pair<std::string, Ids>>& edges) {
  Dag d;
  for (std::size_t i = 0; i < vertices.size(); ++i) {
    EXPECT_TRUE(d.add_vertex(vertices[i], static_cast<int>(i)).ok());
  }
  for (const auto& [from, deps] : edges) {
    auto st = d.add_dependencies(from, deps);
    EXPECT_TRUE(st.ok()) << st.error().message;
  }
  return d;
}

TEST(Dag, DependenciesFirstThenDeclarationOrder) {
  // deployment, service(→deployment), ingress(→service): the seed application's shape.
  Dag d = make({"deployment", "service", "ingress"},
               {{"service", {"deployment"}}, {"ingress", {"service"}}});
  EXPECT_EQ(*d.topological_order(), (Ids{"deployment", "service", "ingress"}));
  // Declared backwards, still dependencies first.
  Dag r = make({"ingress", "service", "deployment"},
               {{"service", {"deployment"}}, {"ingress", {"service"}}});
  EXPECT_EQ(*r.topological_order(), (Ids{"deployment", "service", "ingress"}));
}

TEST(Dag, HeapPicksSmallestDeclarationIndexAmongReady) {
  // a(→d) b c d: d must precede a; b and c are free and come in declaration order. Kahn with a
  // min-heap gives b, c, d, a (the older sweep algorithm would also give b, c, d, a).
  Dag d = make({"a", "b", "c", "d"}, {{"a", {"d"}}});
  EXPECT_EQ(*d.topological_order(), (Ids{"b", "c", "d", "a"}));
  // x(→z) y z(→y): y first, then z (unlocked) and ... x after z.
  Dag e = make({"x", "y", "z"}, {{"x", {"z"}}, {"z", {"y"}}});
  EXPECT_EQ(*e.topological_order(), (Ids{"y", "z", "x"}));
  // When a late vertex unlocks an early one, the early one jumps ahead of later free ones.
  Dag f = make({"a", "b", "c", "d"}, {{"a", {"b"}}});
  EXPECT_EQ(*f.topological_order(), (Ids{"b", "a", "c", "d"}));
}

TEST(Dag, ReverseLayersAndApplyOrders) {
  // config ← deploy ← svc, and an independent cm.
  Dag d = make({"config", "deploy", "svc", "cm"}, {{"deploy", {"config"}}, {"svc", {"deploy"}}});
  auto layers = d.reverse_layers();
  ASSERT_TRUE(layers.ok());
  EXPECT_EQ(*layers, (std::vector<Ids>{{"svc", "cm"}, {"deploy"}, {"config"}}));
  auto waves = d.apply_waves();
  EXPECT_EQ(*waves, (std::vector<Ids>{{"config"}, {"deploy"}, {"svc", "cm"}}));
  auto orders = d.apply_orders();
  EXPECT_EQ(orders->at("config"), 1);
  EXPECT_EQ(orders->at("deploy"), 2);
  EXPECT_EQ(orders->at("svc"), 3);
  EXPECT_EQ(orders->at("cm"), 3);  // nobody depends on it: the highest number
}

TEST(Dag, DiamondWaves) {
  Dag d = make({"top", "left", "right", "bottom"},
               {{"left", {"top"}}, {"right", {"top"}}, {"bottom", {"left", "right"}}});
  EXPECT_EQ(*d.apply_waves(), (std::vector<Ids>{{"top"}, {"left", "right"}, {"bottom"}}));
  EXPECT_EQ(*d.topological_order(), (Ids{"top", "left", "right", "bottom"}));
}

TEST(Dag, CycleIsSpelledOutAndRolledBack) {
  Dag d = make({"a", "b"}, {{"a", {"b"}}});
  auto st = d.add_dependencies("b", {"a"});
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().message, "graph contains a cycle: a -> b -> a");
  EXPECT_TRUE(d.dependencies("b").empty());  // the closing edge was removed again
  EXPECT_TRUE(d.topological_order().ok());
}

TEST(Dag, LongerCycleStartsAtTheRepeatedVertex) {
  Dag d = make({"x", "a", "b", "c"}, {{"x", {"a"}}, {"a", {"b"}}, {"b", {"c"}}});
  auto st = d.add_dependencies("c", {"a"});
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().message, "graph contains a cycle: a -> b -> c -> a");
}

TEST(Dag, RejectsSelfReferencesUnknownAndDuplicateVertices) {
  Dag d = make({"a"}, {});
  EXPECT_EQ(d.add_dependencies("a", {"a"}).error().message, "self references are not allowed");
  EXPECT_EQ(d.add_dependencies("a", {"zz"}).error().message, "node zz does not exist");
  EXPECT_EQ(d.add_dependencies("q", {"a"}).error().message, "node q does not exist");
  EXPECT_EQ(d.add_vertex("a", 5).error().message, "node a already exists");
}

TEST(Dag, DuplicateEdgesCountOnce) {
  Dag d = make({"a", "b"}, {{"b", {"a", "a"}}, {"b", {"a"}}});
  EXPECT_EQ(d.dependencies("b"), (Ids{"a"}));
  EXPECT_EQ(*d.apply_waves(), (std::vector<Ids>{{"a"}, {"b"}}));
}

TEST(Dag, EmptyGraph) {
  Dag d;
  EXPECT_TRUE(d.topological_order()->empty());
  EXPECT_TRUE(d.apply_waves()->empty());
  EXPECT_TRUE(d.find_cycle().empty());
}

// "v<i>", built without `"v" + std::to_string(i)`, which trips a false -Wrestrict in gcc 12.
std::string v(int i) {
  std::string s = "v";
  s += std::to_string(i);
  return s;
}

TEST(Dag, DeepChainDoesNotRecurse) {
  // Each vertex depends on the previous one: the cycle search walks a path as long as the graph.
  Dag d;
  const int n = 1000;
  for (int i = 0; i < n; ++i) ASSERT_TRUE(d.add_vertex(v(i), n - i).ok());
  for (int i = 1; i < n; ++i) {
    ASSERT_TRUE(d.add_dependencies(v(i), {v(i - 1)}).ok());
  }
  auto order = d.topological_order();
  ASSERT_EQ(order->size(), static_cast<std::size_t>(n));
  EXPECT_EQ(order->front(), "v0");
  EXPECT_EQ(order->back(), v(n - 1));
  auto st = d.add_dependencies("v0", {v(n - 1)});
  ASSERT_FALSE(st.ok());
  // Upstream names the closed cycle: n vertices plus the repeated one.
  const std::string& msg = st.error().message;
  EXPECT_EQ(msg.rfind("graph contains a cycle: ", 0), 0u);
  std::size_t arrows = 0;
  for (std::size_t p = msg.find(" -> "); p != std::string::npos; p = msg.find(" -> ", p + 1))
    ++arrows;
  EXPECT_EQ(arrows, static_cast<std::size_t>(n));
}

}  // namespace
}  // namespace kro::graph

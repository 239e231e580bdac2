// The seed example of the project (examples/seed-application, copied to testdata):
// order [deployment, service, ingress] and every expression with its path.
#include <gtest/gtest.h>

#include "graph/builder.h"

namespace kro::graph {
namespace {

Graph seed() {
  auto docs = read_yaml_file(std::string(KRO_GRAPH_TESTDATA) + "/seed-application.yaml");
  EXPECT_TRUE(docs.ok());
  auto rgd = read_rgd(docs->at(0));
  EXPECT_TRUE(rgd.ok()) << rgd.error().str();
  auto g = build_graph(*rgd, {});
  EXPECT_TRUE(g.ok()) << g.error().str();
  return std::move(g).value();
}

struct Want {
  std::string path;
  ExpressionKind kind;
  std::string cel;
  int line;
};

void expect_variables(const Node& n, const std::vector<Want>& want) {
  ASSERT_EQ(n.variables.size(), want.size()) << n.id;
  for (std::size_t i = 0; i < want.size(); ++i) {
    const auto& v = n.variables[i];
    EXPECT_EQ(v.path, want[i].path) << n.id << " #" << i;
    EXPECT_EQ(v.expr.kind, want[i].kind) << v.path;
    EXPECT_EQ(v.expr.cel, want[i].cel) << v.path;
    EXPECT_EQ(v.expr.pos.line, want[i].line) << v.path;
  }
}

TEST(Seed, TopologicalOrderAndWaves) {
  Graph g = seed();
  EXPECT_EQ(g.topological_order, (std::vector<std::string>{"deployment", "service", "ingress"}));
  EXPECT_EQ(g.apply_waves,
            (std::vector<std::vector<std::string>>{{"deployment"}, {"service"}, {"ingress"}}));
  EXPECT_EQ(g.node("deployment")->dependencies, std::vector<std::string>{});
  EXPECT_EQ(g.node("service")->dependencies, std::vector<std::string>{"deployment"});
  EXPECT_EQ(g.node("ingress")->dependencies, std::vector<std::string>{"service"});
  EXPECT_EQ(g.instance_dependencies, std::vector<std::string>{"deployment"});
}

TEST(Seed, DeploymentExpressions) {
  Graph g = seed();
  const auto S = ExpressionKind::kStandalone;
  expect_variables(
      *g.node("deployment"),
      {{"metadata.name", S, "schema.spec.name", 26},
       {"spec.selector.matchLabels.app", S, "schema.spec.name", 31},
       {"spec.template.metadata.labels.app", S, "schema.spec.name", 35},
       {"spec.template.spec.containers[0].name", S, "schema.spec.name", 38},
       {"spec.template.spec.containers[0].image", S, "schema.spec.image", 39},
       {"spec.template.spec.containers[0].ports[0].containerPort", S, "schema.spec.port", 41}});
}

TEST(Seed, ServiceAndIngressExpressions) {
  Graph g = seed();
  const auto S = ExpressionKind::kStandalone;
  const auto T = ExpressionKind::kTemplate;
  expect_variables(*g.node("service"),
                   {{"metadata.name", T, "(schema.spec.name) + \"-service\"", 47},
                    {"spec.selector", S, "deployment.spec.selector.matchLabels", 49},
                    {"spec.ports[0].port", S, "schema.spec.port", 52},
                    {"spec.ports[0].targetPort", S, "schema.spec.port", 53}});
  const Node& ingress = *g.node("ingress");
  expect_variables(ingress, {{"metadata.name", T, "(schema.spec.name) + \"-ingress\"", 61},
                             {"spec.rules[0].http.paths[0].backend.service.name", S,
                              "service.metadata.name", 70},
                             {"spec.rules[0].http.paths[0].backend.service.port.number", S,
                              "service.spec.ports[0].port", 72}});
  ASSERT_EQ(ingress.include_when.size(), 1u);
  EXPECT_EQ(ingress.include_when[0].cel, "schema.spec.ingress.enabled");
  EXPECT_EQ(ingress.include_when[0].references, std::vector<std::string>{"schema"});
  EXPECT_EQ(ingress.include_when[0].pos.line, 56);
}

TEST(Seed, StatusExpressions) {
  Graph g = seed();
  ASSERT_EQ(g.status.size(), 2u);
  EXPECT_EQ(g.status[0].path, "deploymentConditions");
  EXPECT_EQ(g.status[0].expr.cel, "deployment.status.conditions");
  EXPECT_EQ(g.status[1].path, "availableReplicas");
  EXPECT_EQ(g.status[1].expr.pos.line, 19);
}

}  // namespace
}  // namespace kro::graph

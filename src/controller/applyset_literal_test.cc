// literal_inventory: what one parent write can record before the first child is applied.
#include <gtest/gtest.h>

#include "controller/applyset.h"

namespace kro::controller {
namespace {

graph::Node node(std::string id, graph::NodeType type, std::string_view object) {
  graph::Node n;
  n.id = std::move(id);
  n.type = type;
  n.object = parse_json(object).value();
  return n;
}

// A cluster that serves Deployments, Services, Ingresses (namespaced) and Namespaces.
std::optional<kube::ApiResource> resolve(const kube::GroupVersionKind& gvk) {
  kube::ApiResource r;
  r.kind = gvk.kind;
  r.gvr.group = gvk.group;
  r.gvr.version = gvk.version;
  r.namespaced = gvk.kind != "Namespace";
  bool known = (gvk.group == "apps" && gvk.kind == "Deployment") ||
               (gvk.group.empty() && (gvk.kind == "Service" || gvk.kind == "Namespace")) ||
               (gvk.group == "networking.k8s.io" && gvk.kind == "Ingress");
  if (!known) return std::nullopt;
  return r;
}

graph::Graph seed_graph() {
  graph::Graph g;
  g.nodes.push_back(node("deployment", graph::NodeType::kResource,
                         R"({"apiVersion":"apps/v1","kind":"Deployment",
                             "metadata":{"name":"${schema.spec.name}"}})"));
  g.nodes.push_back(node("service", graph::NodeType::kResource,
                         R"({"apiVersion":"v1","kind":"Service","metadata":{"name":"s"}})"));
  g.nodes.push_back(node("ingress", graph::NodeType::kResource,
                         R"({"apiVersion":"networking.k8s.io/v1","kind":"Ingress",
                             "metadata":{"name":"i"}})"));
  return g;
}

TEST(LiteralInventory, EveryLevelOfTheSeedGraphInOneSet) {
  ApplySetInventory inv = literal_inventory(seed_graph(), {}, "default", resolve);
  EXPECT_EQ(inv.group_kinds,
            (std::set<std::string>{"Deployment.apps", "Ingress.networking.k8s.io", "Service"}));
  EXPECT_TRUE(inv.namespaces.empty());
}

TEST(LiteralInventory, SkippedNodesAreLeftOut) {
  ApplySetInventory inv = literal_inventory(seed_graph(), {"ingress"}, "default", resolve);
  EXPECT_EQ(inv.group_kinds, (std::set<std::string>{"Deployment.apps", "Service"}));
}

TEST(LiteralInventory, TemplatedOrUnknownKindsWaitForTheirRound) {
  graph::Graph g;
  g.nodes.push_back(node("templated", graph::NodeType::kResource,
                         R"({"apiVersion":"v1","kind":"${schema.spec.kind}"})"));
  g.nodes.push_back(node("version", graph::NodeType::kResource,
                         R"({"apiVersion":"${schema.spec.av}","kind":"Service"})"));
  g.nodes.push_back(
      node("unknown", graph::NodeType::kResource, R"({"apiVersion":"x.io/v1","kind":"Widget"})"));
  g.nodes.push_back(
      node("ext", graph::NodeType::kExternal, R"({"apiVersion":"v1","kind":"Service"})"));
  ApplySetInventory inv = literal_inventory(g, {}, "default", resolve);
  EXPECT_TRUE(inv.group_kinds.empty());
  EXPECT_TRUE(inv.namespaces.empty());
}

TEST(LiteralInventory, LiteralNamespacesOtherThanTheInstancesAreRecorded) {
  graph::Graph g;
  g.nodes.push_back(
      node("other", graph::NodeType::kCollection,
           R"({"apiVersion":"v1","kind":"Service","metadata":{"namespace":"team"}})"));
  g.nodes.push_back(
      node("own", graph::NodeType::kResource,
           R"({"apiVersion":"v1","kind":"Service","metadata":{"namespace":"apps"}})"));
  g.nodes.push_back(
      node("later", graph::NodeType::kResource,
           R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"namespace":"${x}"}})"));
  g.nodes.push_back(node("cluster", graph::NodeType::kResource,
                         R"({"apiVersion":"v1","kind":"Namespace","metadata":{"namespace":"z"}})"));
  ApplySetInventory inv = literal_inventory(g, {}, "apps", resolve);
  EXPECT_EQ(inv.group_kinds, (std::set<std::string>{"Deployment.apps", "Namespace", "Service"}));
  EXPECT_EQ(inv.namespaces, (std::set<std::string>{"team"}));
}

}  // namespace
}  // namespace kro::controller

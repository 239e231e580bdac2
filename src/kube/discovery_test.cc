#include "kube/discovery.h"

#include <gtest/gtest.h>

namespace kro::kube {
namespace {

TEST(Discovery, ParsesAggregatedList) {
  auto list = parse_json(R"({"kind":"APIGroupDiscoveryList","apiVersion":"apidiscovery.k8s.io/v2",
  "items":[{"metadata":{"name":"apps"},"versions":[
    {"version":"v1","resources":[
      {"resource":"deployments","responseKind":{"group":"","version":"","kind":"Deployment"},
       "scope":"Namespaced","singularResource":"deployment","verbs":["get","list","watch","patch"],
       "shortNames":["deploy"],"categories":["all"],
       "subresources":[{"subresource":"status","verbs":["get","patch"]},{"subresource":"scale"}]}]},
    {"version":"v1beta1","resources":[
      {"resource":"deployments","responseKind":{"kind":"Deployment"},"scope":"Namespaced"}]}]},
   {"metadata":{"name":""},"versions":[{"version":"v1","resources":[
      {"resource":"namespaces","responseKind":{"kind":"Namespace"},"scope":"Cluster",
       "verbs":["get"]}]}]}]})");
  ASSERT_TRUE(list.ok());
  DiscoverySnapshot snap;
  ASSERT_TRUE(parse_aggregated_discovery(*list, snap).ok());
  ASSERT_EQ(snap.resources.size(), 3u);
  const auto& d = snap.resources[0];
  EXPECT_EQ(d.gvr.str(), "apps/v1, Resource=deployments");
  EXPECT_EQ(d.kind, "Deployment");
  EXPECT_EQ(d.gvk().str(), "apps/v1, Kind=Deployment");
  EXPECT_TRUE(d.namespaced);
  EXPECT_TRUE(d.has_verb("patch"));
  EXPECT_FALSE(d.has_verb("delete"));
  EXPECT_TRUE(d.has_subresource("status"));
  EXPECT_TRUE(d.has_subresource("scale"));
  EXPECT_EQ(d.short_names, std::vector<std::string>{"deploy"});
  EXPECT_EQ(snap.preferred.at("apps"), "v1");
  EXPECT_EQ(snap.preferred.at(""), "v1");
  EXPECT_FALSE(snap.resources[2].namespaced);
  EXPECT_EQ(snap.resources[2].gvr.group, "");

  DiscoverySnapshot bad;
  EXPECT_FALSE(parse_aggregated_discovery(Json(1), bad).ok());
}

}  // namespace
}  // namespace kro::kube

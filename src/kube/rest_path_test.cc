#include "kube/rest_path.h"

#include <gtest/gtest.h>

namespace kro::kube {
namespace {

TEST(RestPath, CoreAndGroupResources) {
  GroupVersionResource cm{"", "v1", "configmaps"};
  GroupVersionResource dep{"apps", "v1", "deployments"};
  GroupVersionResource crd{"apiextensions.k8s.io", "v1", "customresourcedefinitions"};
  EXPECT_EQ(resource_path(cm, "ns1"), "/api/v1/namespaces/ns1/configmaps");
  EXPECT_EQ(resource_path(cm, "ns1", "a"), "/api/v1/namespaces/ns1/configmaps/a");
  EXPECT_EQ(resource_path(cm, ""), "/api/v1/configmaps");
  EXPECT_EQ(resource_path(dep, "d", "web", "status"),
            "/apis/apps/v1/namespaces/d/deployments/web/status");
  EXPECT_EQ(resource_path(crd, "", "x.kro.run"),
            "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/x.kro.run");
  // A subresource needs a name.
  EXPECT_EQ(resource_path(dep, "d", "", "status"), "/apis/apps/v1/namespaces/d/deployments");
}

TEST(RestPath, EscapesNames) {
  GroupVersionResource cr{"rbac.authorization.k8s.io", "v1", "clusterroles"};
  EXPECT_EQ(resource_path(cr, "", "system:aggregate-to-edit"),
            "/apis/rbac.authorization.k8s.io/v1/clusterroles/system:aggregate-to-edit");
  EXPECT_EQ(path_escape("a/b c"), "a%2Fb%20c");
  EXPECT_EQ(url_encode("app in (a,b)"), "app%20in%20%28a%2Cb%29");
}

TEST(RestPath, QueryLeavesOutEmptyValues) {
  EXPECT_EQ(Query().str(), "");
  Query q;
  q.add("labelSelector", "app=web,tier!=db").add("fieldSelector", "").add("limit", 0LL);
  q.add("limit", 500LL).add_bool("watch", false).add_bool("allowWatchBookmarks", true);
  EXPECT_EQ(q.str(), "?labelSelector=app%3Dweb%2Ctier%21%3Ddb&limit=500&allowWatchBookmarks=true");
}

TEST(Gvk, ParsesApiVersion) {
  auto gv = GroupVersion::parse("apps/v1");
  EXPECT_EQ(gv.group, "apps");
  EXPECT_EQ(gv.version, "v1");
  EXPECT_EQ(GroupVersion::parse("v1").group, "");
  EXPECT_EQ(GroupVersion::parse("v1").api_path(), "/api/v1");
  EXPECT_EQ(gv.api_path(), "/apis/apps/v1");
  auto obj = parse_json(R"({"apiVersion":"kro.run/v1alpha1","kind":"ResourceGraphDefinition"})");
  ASSERT_TRUE(obj.ok());
  auto gvk = gvk_of(*obj);
  EXPECT_EQ(gvk.str(), "kro.run/v1alpha1, Kind=ResourceGraphDefinition");
  EXPECT_EQ(gvk_of(Json(3)).kind, "");
}

}  // namespace
}  // namespace kro::kube

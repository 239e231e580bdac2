// Discovery and REST mapping of a CRD created during the test, its status subresource, and
// OpenAPI v3 documents of apps/v1 and of the CRD's group-version.
#include <unistd.h>

#include <thread>

#include "itest_env.h"
#include "kube/openapi_client.h"
#include "kube/rest_mapper.h"

namespace kro::kube::itest {
namespace {

class DiscoveryIt : public KubeTest {};

Json widget_crd(const std::string& group) {
  return json(R"({"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition",
    "metadata":{"name":"widgets.)" +
              group + R"("},
    "spec":{"group":")" +
              group + R"(","scope":"Namespaced",
      "names":{"plural":"widgets","singular":"widget","kind":"Widget","shortNames":["wdg"]},
      "versions":[{"name":"v1","served":true,"storage":true,"subresources":{"status":{}},
        "schema":{"openAPIV3Schema":{"type":"object","properties":{
          "spec":{"type":"object","properties":{"size":{"type":"integer"}}},
          "status":{"type":"object","properties":{"ready":{"type":"boolean"}}}}}}}]}})");
}

TEST_F(DiscoveryIt, BuiltInsAndCrdCreatedDuringTheTest) {
  auto disco = std::make_shared<Discovery>(*client_);
  ASSERT_TRUE(disco->refresh().ok());
  RestMapper mapper(disco, std::chrono::milliseconds(0));
  auto dep = mapper.resource_for({"apps", "v1", "Deployment"});
  ASSERT_TRUE(dep.ok()) << dep.error().str();
  EXPECT_EQ(dep->gvr.resource, "deployments");
  EXPECT_TRUE(dep->namespaced);
  EXPECT_TRUE(dep->has_subresource("status"));
  auto ns = mapper.resolve("ns");
  ASSERT_TRUE(ns.ok()) << ns.error().str();
  EXPECT_EQ(ns->kind, "Namespace");
  EXPECT_FALSE(ns->namespaced);
  auto deploy = mapper.resolve("deployments.apps");
  ASSERT_TRUE(deploy.ok());
  EXPECT_EQ(deploy->kind, "Deployment");

  const std::string group = "kc" + std::to_string(::getpid()) + ".kro.run";
  auto gen_before = disco->generation();
  ASSERT_TRUE(mapper.resource_for({group, "v1", "Widget"}).error().is_not_found());

  auto crd = client_->create(kCrds, "", widget_crd(group));
  ASSERT_TRUE(crd.ok()) << crd.error().str();
  // The mapper refreshes discovery on a miss; the CRD shows up once established.
  ApiResult<ApiResource> widget = ApiError{};
  for (int i = 0; i < 100; ++i) {
    widget = mapper.resource_for({group, "v1", "Widget"});
    if (widget.ok()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_TRUE(widget.ok()) << widget.error().str();
  EXPECT_GT(disco->generation(), gen_before);
  EXPECT_EQ(widget->gvr.resource, "widgets");
  EXPECT_TRUE(widget->namespaced);
  EXPECT_TRUE(widget->has_subresource("status"));
  EXPECT_EQ(widget->short_names, std::vector<std::string>{"wdg"});
  auto by_gvr = mapper.kind_for(widget->gvr);
  ASSERT_TRUE(by_gvr.ok());
  EXPECT_EQ(by_gvr->kind, "Widget");

  // Status subresource: get, update, apply.
  auto gvr = widget->gvr;
  Json w = json(R"({"apiVersion":")" + group + R"(/v1","kind":"Widget",
                   "metadata":{"name":"w1"},"spec":{"size":3}})");
  ApiResult<Json> created = ApiError{};
  for (int i = 0; i < 50; ++i) {  // the new resource's storage may need a moment
    created = client_->create(gvr, ns_, w);
    if (created.ok() || !created.error().is_not_found()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_TRUE(created.ok()) << created.error().str();
  Json with_status = *created;
  with_status.as_object()["status"] = json(R"({"ready":false})");
  auto st = client_->update_status(gvr, ns_, with_status);
  ASSERT_TRUE(st.ok()) << st.error().str();
  EXPECT_EQ(to_json(*find_path(*st, "status.ready")), "false");
  auto applied = client_->apply_status(
      gvr, ns_,
      json(R"({"apiVersion":")" + group + R"(/v1","kind":"Widget","metadata":{"name":"w1"},
               "status":{"ready":true}})"),
      {.field_manager = "kc-status", .force = true});
  ASSERT_TRUE(applied.ok()) << applied.error().str();
  auto got = client_->get_status(gvr, ns_, "w1");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(to_json(*find_path(*got, "status.ready")), "true");
  // The main resource ignores status changes; spec stays.
  EXPECT_EQ(to_json(*find_path(*got, "spec.size")), "3");

  // OpenAPI v3 of apps/v1 and of the CRD's group-version.
  OpenApiV3 openapi(*client_);
  auto deployment = openapi.schema_for({"apps", "v1", "Deployment"});
  ASSERT_TRUE(deployment.ok()) << deployment.error().str();
  EXPECT_EQ(deployment->name, "io.k8s.api.apps.v1.Deployment");
  EXPECT_NE(find_path(*deployment->schema, "properties.spec"), nullptr);
  auto fetched = openapi.documents_fetched();
  ASSERT_TRUE(openapi.group_version({"apps", "v1"}).ok());
  EXPECT_EQ(openapi.documents_fetched(), fetched);  // served from the cache

  ApiResult<OpenApiV3::KindSchema> ws = ApiError{};
  for (int i = 0; i < 100; ++i) {  // the CRD's OpenAPI is published asynchronously
    ws = openapi.schema_for({group, "v1", "Widget"});
    if (ws.ok()) break;
    (void)openapi.refresh_index();
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_TRUE(ws.ok()) << ws.error().str();
  const Json* size = find_path(*ws->schema, "properties.spec.properties.size.type");
  ASSERT_NE(size, nullptr);
  EXPECT_EQ(size->as_string(), "integer");
  auto paths = openapi.paths();
  ASSERT_TRUE(paths.ok());
  EXPECT_NE(std::find(paths->begin(), paths->end(), "apis/" + group + "/v1"), paths->end());

  ASSERT_TRUE(client_->remove(kCrds, "", "widgets." + group).ok());
}

// The index names each document by its hash. When a group-version changes after the index was
// read, the old URL answers 301; the client reads the index again and gets the new document.
TEST_F(DiscoveryIt, StaleDocumentHashIsFollowedToTheNewDocument) {
  const std::string group = "stale" + std::to_string(::getpid()) + ".example.com";
  ASSERT_TRUE(client_->create(kCrds, "", widget_crd(group)).ok());
  OpenApiV3 openapi(*client_);
  auto published = [&](OpenApiV3& api, const std::string& kind) {
    for (int i = 0; i < 100; ++i) {
      if (api.schema_for({group, "v1", kind}).ok()) return true;
      (void)api.refresh_index();
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
  };
  ASSERT_TRUE(published(openapi, "Widget"));
  // A second kind in the same group-version changes the document and its hash; `openapi` keeps
  // its old index.
  std::string gadgets = to_json(widget_crd(group));
  for (auto [from, to] : {std::pair{"widgets", "gadgets"}, std::pair{"widget", "gadget"},
                          std::pair{"Widget", "Gadget"}, std::pair{"wdg", "gdg"}}) {
    for (auto at = gadgets.find(from); at != std::string::npos; at = gadgets.find(from, at)) {
      gadgets.replace(at, std::string(from).size(), to);
    }
  }
  ASSERT_TRUE(client_->create(kCrds, "", json(gadgets)).ok());
  OpenApiV3 fresh(*client_);
  ASSERT_TRUE(published(fresh, "Gadget"));
  // The cached Widget document is dropped only by an index refresh, so ask through a client that
  // has the old index but not the document.
  OpenApiV3 stale(*client_);
  ASSERT_TRUE(stale.paths().ok());  // reads the index
  ASSERT_TRUE(client_->remove(kCrds, "", "gadgets." + group).ok());
  bool moved = false;
  for (int i = 0; i < 100 && !moved; ++i) {  // until the server republishes without Gadget
    moved = !fresh.refresh_index().ok() || !fresh.schema_for({group, "v1", "Gadget"}).ok();
    if (!moved) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_TRUE(moved);
  auto widget = stale.schema_for({group, "v1", "Widget"});
  EXPECT_TRUE(widget.ok()) << widget.error().str();
  EXPECT_FALSE(stale.schema_for({group, "v1", "Gadget"}).ok());
  ASSERT_TRUE(client_->remove(kCrds, "", "widgets." + group).ok());
}

}  // namespace
}  // namespace kro::kube::itest

#include <optional>
#include <thread>

#include "graph/compiled.h"
#include "graph/schema_resolver_builtin.h"
#include "itest_env.h"
#include "resolve/server_schema_resolver.h"

namespace kro::kube::itest {
namespace {

using graph::SnapshotSchemaResolver;
using resolve::ServerSchemaResolver;

class TypingIt : public KubeTest {
 protected:
  std::shared_ptr<ServerSchemaResolver> server() {
    return std::make_shared<ServerSchemaResolver>(std::make_shared<OpenApiV3>(*client_),
                                                  std::make_shared<Discovery>(*client_));
  }
};

TEST_F(TypingIt, ServerResolvesBuiltinsAndReportsUnknownKinds) {
  auto r = server();
  auto dep = r->resolve("apps/v1", "Deployment");
  ASSERT_TRUE(dep.ok()) << dep.error().str();
  EXPECT_TRUE((*dep)->namespaced);
  EXPECT_NE((*dep)->deref(&(*dep)->schema), nullptr);
  auto ns = r->resolve("v1", "Namespace");
  ASSERT_TRUE(ns.ok()) << ns.error().str();
  EXPECT_FALSE((*ns)->namespaced);
  // As apiserver's discovery resolver: an unknown group-version, or a kind its document lacks.
  auto missing = r->resolve("example.com/v1", "Nothing");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().message,
            "cannot resolve group version \"example.com/v1\": schema not found");
  auto no_kind = r->resolve("apps/v1", "Nothing");
  ASSERT_FALSE(no_kind.ok());
  EXPECT_EQ(no_kind.error().message,
            "cannot resolve group version kind \"apps/v1, Kind=Nothing\": schema not found");
}

// The embedded snapshot knows every kind the server serves from its built-in groups, with the
// same scope.
TEST_F(TypingIt, SnapshotCoversTheServersBuiltinKinds) {
  auto builtin = SnapshotSchemaResolver::builtin();
  ASSERT_TRUE(builtin.ok()) << builtin.error().str();
  Discovery disco(*client_);
  ASSERT_TRUE(disco.refresh().ok());
  int checked = 0;
  for (const auto& res : disco.snapshot()->resources) {
    if (res.gvr.resource.find('/') != std::string::npos) continue;  // subresources
    if (res.gvr.group.find("kro") != std::string::npos) continue;   // CRDs of other tests
    auto ks = (*builtin)->resolve(res.gvk().api_version(), res.kind);
    if (!ks.ok() && res.gvr.group.find('.') != std::string::npos &&
        res.gvr.group.find("k8s.io") == std::string::npos) {
      continue;  // a CRD some other test created
    }
    ASSERT_TRUE(ks.ok()) << res.gvk().str() << ": " << ks.error().str();
    EXPECT_EQ((*ks)->namespaced, res.namespaced) << res.gvk().str();
    ++checked;
  }
  EXPECT_GT(checked, 40);
}

TEST_F(TypingIt, CrdCreatedDuringTheTestTypesAnRgd) {
  const std::string group = "ty" + std::to_string(::getpid()) + ".kro.run";
  auto crd = client_->create(kCrds, "",
                             json(R"({"apiVersion":"apiextensions.k8s.io/v1",
    "kind":"CustomResourceDefinition","metadata":{"name":"gadgets.)" +
                                  group + R"("},
    "spec":{"group":")" + group + R"(","scope":"Namespaced",
      "names":{"plural":"gadgets","singular":"gadget","kind":"Gadget"},
      "versions":[{"name":"v1","served":true,"storage":true,
        "schema":{"openAPIV3Schema":{"type":"object","properties":{
          "spec":{"type":"object","properties":{"size":{"type":"integer"}}}}}}}]}})"));
  ASSERT_TRUE(crd.ok()) << crd.error().str();
  auto r = server();
  Result<graph::KindSchemaPtr> ks = Error("not tried");
  for (int i = 0; i < 100; ++i) {
    ks = r->resolve(group + "/v1", "Gadget");
    if (ks.ok()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_TRUE(ks.ok()) << ks.error().str();
  EXPECT_TRUE((*ks)->namespaced);

  auto doc = parse_yaml(R"(apiVersion: kro.run/v1alpha1
kind: ResourceGraphDefinition
metadata: {name: g}
spec:
  schema:
    apiVersion: v1
    kind: G
    spec: {size: integer}
    status:
      size: ${gadget.spec.size}
      owner: ${gadget.metadata.labels}
  resources:
    - id: gadget
      template:
        apiVersion: )" + group +
                            R"(/v1
        kind: Gadget
        metadata: {name: g}
        spec: {size: "${schema.spec.size}"}
)",
                        "g.yaml");
  ASSERT_TRUE(doc.ok());
  auto rgd = graph::read_rgd(*doc);
  ASSERT_TRUE(rgd.ok()) << rgd.error().str();
  graph::CompileOptions opt;
  opt.resolver = r;
  auto g = graph::compile_rgd(*rgd, opt);
  ASSERT_TRUE(g.ok()) << g.error().str();
  EXPECT_EQ(kro::to_json(schema::to_json(g->status_schema)),
            R"({"type":"object","properties":{"owner":{"type":"object","additionalProperties":)"
            R"({"type":"string"}},"size":{"type":"integer"}}})");
  (void)client_->remove(kCrds, "", "gadgets." + group);
}

// A CRD updated after its schema was cached: once the resolver is marked stale (the controller
// does so before each compile) the next lookup sees the new schema, and the superseded document
// is dropped from the cache.
TEST_F(TypingIt, UpdatedCrdIsSeenAfterMarkStale) {
  const std::string group = "st" + std::to_string(::getpid()) + ".kro.run";
  auto crd_json = [&](const std::string& extra_field) {
    return json(R"({"apiVersion":"apiextensions.k8s.io/v1",
    "kind":"CustomResourceDefinition","metadata":{"name":"tools.)" +
                group + R"("},
    "spec":{"group":")" +
                group + R"(","scope":"Namespaced",
      "names":{"plural":"tools","singular":"tool","kind":"Tool"},
      "versions":[{"name":"v1","served":true,"storage":true,
        "schema":{"openAPIV3Schema":{"type":"object","properties":{
          "spec":{"type":"object","properties":{"size":{"type":"integer"})" +
                extra_field + "}}}}}}]}}");
  };
  ASSERT_TRUE(client_->create(kCrds, "", crd_json("")).ok());
  auto openapi = std::make_shared<OpenApiV3>(*client_);
  ServerSchemaResolver r(openapi, std::make_shared<Discovery>(*client_));
  // Whether the resolved Tool schema has spec.color.
  auto has_color = [&]() -> std::optional<bool> {
    auto ks = r.resolve(group + "/v1", "Tool");
    if (!ks.ok()) return std::nullopt;
    const Json* root = (*ks)->deref(&(*ks)->schema);
    const Json* spec = root != nullptr ? find_path(*root, "properties.spec") : nullptr;
    spec = spec != nullptr ? (*ks)->deref(spec) : nullptr;
    return spec != nullptr && find_path(*spec, "properties.color") != nullptr;
  };
  std::optional<bool> before;
  for (int i = 0; i < 100 && !before; ++i) {
    before = has_color();
    if (!before) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_EQ(before, std::optional<bool>(false));

  auto current = client_->get(kCrds, "", "tools." + group);
  ASSERT_TRUE(current.ok());
  Json updated = crd_json(R"(,"color":{"type":"string"})");
  updated.as_object()["metadata"].as_object()["resourceVersion"] =
      string_at(*current, "metadata.resourceVersion");
  ASSERT_TRUE(client_->update(kCrds, "", updated).ok());
  bool seen = false;
  for (int i = 0; i < 100 && !seen; ++i) {
    r.mark_stale();
    seen = has_color() == std::optional<bool>(true);
    if (!seen) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_TRUE(seen) << "the updated CRD's schema was never resolved";
  auto paths = openapi->paths();
  ASSERT_TRUE(paths.ok());
  EXPECT_LE(openapi->documents_cached(), paths->size());
  (void)client_->remove(kCrds, "", "tools." + group);
}

}  // namespace
}  // namespace kro::kube::itest

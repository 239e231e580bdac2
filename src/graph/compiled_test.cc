// compile_rgd / validate_rgd without a schema resolver (no typing): names, scope, spec schema,
// CRD, status schema shape.
#include "graph/compiled.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "graph/schema_resolver_builtin.h"
#include "graph/typing_test_util.h"
#include "schema/openapi_schema.h"

namespace kro::graph {
namespace {

using testing::must_read;

Rgd seed() {
  auto docs = read_yaml_file(std::string(KRO_GRAPH_TESTDATA) + "/seed-application.yaml");
  EXPECT_TRUE(docs.ok());
  auto rgd = read_rgd(docs->at(0));
  EXPECT_TRUE(rgd.ok()) << rgd.error().str();
  return std::move(rgd).value();
}

TEST(CompileUntyped, SeedNamesAndCrd) {
  auto g = compile_rgd(seed());
  ASSERT_TRUE(g.ok()) << g.error().str();
  EXPECT_EQ(g->group, "kro.run");
  EXPECT_EQ(g->version, "v1alpha1");
  EXPECT_EQ(g->kind, "Application");
  EXPECT_EQ(g->plural, "applications");
  EXPECT_EQ(g->singular, "application");
  EXPECT_FALSE(g->cluster_scoped);
  EXPECT_FALSE(g->typed);
  EXPECT_EQ(g->api_version(), "kro.run/v1alpha1");
  EXPECT_EQ(g->crd.at("metadata").at("name"), "applications.kro.run");
  EXPECT_EQ(g->crd.at("spec").at("scope"), "Namespaced");
  EXPECT_EQ(g->graph.topological_order,
            (std::vector<std::string>{"deployment", "service", "ingress"}));
  const Json& props =
      g->crd.at("spec").at("versions").at(0).at("schema").at("openAPIV3Schema").at("properties");
  EXPECT_EQ(props.at("spec").at("properties").at("port").at("default"), 80);
  // Untyped: each status field accepts anything; kro's own fields are added.
  const Json& status = props.at("status").at("properties");
  EXPECT_EQ(status.at("availableReplicas").at("x-kubernetes-preserve-unknown-fields"), true);
  EXPECT_EQ(status.at("state").at("type"), "string");
  EXPECT_TRUE(status.as_object().contains("conditions"));
  // No ownership labels offline.
  EXPECT_FALSE(g->crd.at("metadata").as_object().contains("labels"));
}

TEST(CompileUntyped, NestedStatusShapesAndClusterScope) {
  auto g = compile_rgd(must_read(R"(
apiVersion: kro.run/v1alpha1
kind: ResourceGraphDefinition
metadata: {name: nested}
spec:
  schema:
    apiVersion: v1
    kind: Thing
    group: example.com
    scope: Cluster
    spec: {name: string}
    status:
      outer:
        inner: ${cm.metadata.name}
      names: ["${cm.metadata.name}", "${cm.metadata.uid}"]
  resources:
    - id: cm
      template:
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: "${schema.spec.name}", namespace: default}
)"));
  ASSERT_TRUE(g.ok()) << g.error().str();
  EXPECT_TRUE(g->cluster_scoped);
  EXPECT_EQ(g->plural, "things");
  EXPECT_EQ(g->crd.at("metadata").at("name"), "things.example.com");
  EXPECT_EQ(g->crd.at("spec").at("scope"), "Cluster");
  Json status = schema::to_json(g->status_schema);
  EXPECT_EQ(status.at("properties").at("outer").at("type"), "object");
  EXPECT_EQ(status.at("properties")
                .at("outer")
                .at("properties")
                .at("inner")
                .at("x-kubernetes-preserve-unknown-fields"),
            true);
  EXPECT_EQ(status.at("properties").at("names").at("type"), "array");
}

TEST(CompileUntyped, OwnershipLabelsWhenUidGiven) {
  CompileOptions opt;
  opt.rgd_uid = "uid-1";
  opt.kro_version = "v0.9.3+dirty";
  auto g = compile_rgd(seed(), opt);
  ASSERT_TRUE(g.ok()) << g.error().str();
  const Json& labels = g->crd.at("metadata").at("labels");
  EXPECT_EQ(labels.at("kro.run/resource-graph-definition-name"), "my-application");
  EXPECT_EQ(labels.at("kro.run/resource-graph-definition-id"), "uid-1");
  EXPECT_EQ(labels.at("kro.run/kro-version"), "v0.9.3-dirty");
}

TEST(CompileUntyped, SpecSchemaErrorHasPosition) {
  Rgd rgd = must_read(R"(
apiVersion: kro.run/v1alpha1
kind: ResourceGraphDefinition
metadata: {name: bad}
spec:
  schema:
    apiVersion: v1
    kind: Bad
    spec:
      name: strin
)");
  auto g = compile_rgd(rgd);
  ASSERT_FALSE(g.ok());
  EXPECT_NE(g.error().message.find("failed to build resourcegraphdefinition \"bad\": failed to "
                                   "build OpenAPI schema for instance: "),
            std::string::npos)
      << g.error().message;
  EXPECT_NE(g.error().message.find("unknown type: strin"), std::string::npos);
  EXPECT_EQ(g.error().pos.line, 10);
  auto errors = validate_rgd(rgd);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].message, g.error().message);
}

TEST(ValidateUntyped, ReportsNamingAndSchemaErrorsTogether) {
  auto errors = validate_rgd(must_read(R"(
apiVersion: kro.run/v1alpha1
kind: ResourceGraphDefinition
metadata: {name: bad}
spec:
  schema:
    apiVersion: v1
    kind: bad
    spec:
      name: nope
  resources:
    - id: Foo
      template: {apiVersion: v1, kind: ConfigMap, metadata: {name: x}}
)"));
  // In document order (the phases find them in another).
  ASSERT_EQ(errors.size(), 3u);
  EXPECT_NE(errors[0].message.find("kind 'bad' is not a valid KRO kind name"), std::string::npos)
      << errors[0].message;
  EXPECT_NE(errors[1].message.find("unknown type: nope"), std::string::npos) << errors[1].message;
  EXPECT_NE(errors[2].message.find("id Foo is not a valid KRO resource id"), std::string::npos)
      << errors[2].message;
}

// The seed example typed against the built-in snapshot: the CRD equals the schema layer's golden
// byte for byte, status inferred from deployment.status.conditions / availableReplicas.
TEST(CompileTyped, SeedCrdMatchesGolden) {
  auto builtin = SnapshotSchemaResolver::builtin();
  ASSERT_TRUE(builtin.ok()) << builtin.error().str();
  CompileOptions opt;
  opt.resolver = *builtin;
  opt.rgd_uid = "3f1c2a4e-0000-4000-8000-000000000001";
  opt.kro_version = "v0.9.3";
  auto g = compile_rgd(seed(), opt);
  ASSERT_TRUE(g.ok()) << g.error().str();
  EXPECT_TRUE(g->typed);
  std::ifstream in(std::string(KRO_GRAPH_TESTDATA) +
                   "/../../schema/testdata/seed-application/crd.yaml");
  std::stringstream golden;
  golden << in.rdbuf();
  ASSERT_FALSE(golden.str().empty());
  EXPECT_EQ(to_yaml(g->crd), golden.str());
  // Every expression carries its checked program.
  for (const auto& n : g->graph.nodes) {
    for (const auto& v : n.variables) EXPECT_NE(v.expr.checked, nullptr) << n.id << " " << v.path;
    for (const auto& c : n.include_when) EXPECT_NE(c.checked, nullptr) << n.id;
  }
  EXPECT_EQ(g->resource("ingress")->schema->kind, "Ingress");
  EXPECT_EQ(g->graph.node("service")->variables.size(), 4u);
}

TEST(CompileTyped, BuiltinSnapshotKnowsScopes) {
  auto builtin = SnapshotSchemaResolver::builtin();
  ASSERT_TRUE(builtin.ok()) << builtin.error().str();
  EXPECT_GT((*builtin)->kind_count(), 80u);
  auto ns = (*builtin)->resolve("v1", "Namespace");
  ASSERT_TRUE(ns.ok());
  EXPECT_FALSE((*ns)->namespaced);
  auto dep = (*builtin)->resolve("apps/v1", "Deployment");
  ASSERT_TRUE(dep.ok());
  EXPECT_TRUE((*dep)->namespaced);
  auto missing = (*builtin)->resolve("apps/v1", "Deploymentz");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().message,
            "cannot resolve group version kind \"apps/v1, Kind=Deploymentz\": schema not found");
}

}  // namespace
}  // namespace kro::graph

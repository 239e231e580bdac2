// What typing checks in a template besides its expressions: literal values against the kind's
// schema, metadata.namespace against the scopes, and that CRD templates compute only metadata
// (typing_test_util.h has the snapshot they are checked against).
#include <gtest/gtest.h>

#include "graph/typing.h"
#include "graph/typing_test_util.h"

namespace kro::graph {
namespace {

using testing::compile;
using testing::deployment_with_spec;
using testing::expect_error;
using testing::resolver;
using testing::rgd_text;

TEST(Typing, ClusterScopedResourceMustNotSetNamespace) {
  expect_error(
      rgd_text(R"(    - id: ns
      template:
        apiVersion: v1
        kind: Namespace
        metadata: {name: n, namespace: default}
)"),
      "failed to build resource \"ns\": resource \"ns\" is cluster-scoped and must not set "
      "metadata.namespace",
      20);
}

TEST(Typing, NamespacedResourceUnderClusterInstanceMustSetNamespace) {
  expect_error(rgd_text(R"(    - id: cm
      template:
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: c}
)",
                        "", "Cluster"),
               "failed to build resource \"cm\": resource \"cm\" is namespaced and must set "
               "metadata.namespace when the instance CRD is cluster-scoped",
               20);
  // ... and `schema.metadata.namespace` does not exist for a cluster-scoped instance.
  auto g = compile(rgd_text(R"(    - id: cm
      template:
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: c, namespace: "${schema.metadata.namespace}"}
)",
                            "", "Cluster"));
  ASSERT_FALSE(g.ok());
  EXPECT_NE(g.error().message.find("undefined field 'namespace'"), std::string::npos)
      << g.error().message;
}

TEST(Typing, LiteralMustFitTheSchema) {
  const std::string prefix =
      "failed to build resource \"deployment\": failed to extract CEL expressions from schema "
      "for resource deployment: ";
  struct Case {
    const char* spec;
    const char* error;
  };
  const Case cases[] = {
      {"          replicas: three\n", "expected integer type for path spec.replicas, got string"},
      {"          paused: 1\n", "expected boolean type for path spec.paused, got integer"},
      // A string template is text: only where a string is allowed.
      {"          replicas: \"1${schema.spec.name}\"\n",
       "expected integer type for path spec.replicas, got string"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.spec);
    expect_error(rgd_text(deployment_with_spec(c.spec)), prefix + c.error, 22);
  }
}

TEST(Typing, UnknownTemplateField) {
  expect_error(rgd_text(deployment_with_spec("          replica: 3\n")),
               "failed to build resource \"deployment\": failed to extract CEL expressions from "
               "schema for resource deployment: error getting field schema for path spec.replica: "
               "schema not found for field replica",
               22);
}

TEST(Typing, UnknownTemplateFieldBlamesItsKeyNotItsChild) {
  auto g = compile(rgd_text(deployment_with_spec("          replicaz:\n            count: 3\n")));
  ASSERT_FALSE(g.ok()) << "compiled";
  EXPECT_NE(g.error().message.find("schema not found for field replicaz"), std::string::npos)
      << g.error().str();
  EXPECT_EQ(g.error().pos.line, 22) << g.error().str();
  EXPECT_EQ(g.error().pos.column, 11) << g.error().str();
}

TEST(Typing, CrdTemplatesComputeOnlyMetadata) {
  // The test snapshot has no CRD kind: chain a resolver that knows it as schemaless.
  auto doc = parse_yaml(R"(
kinds:
  - {apiVersion: apiextensions.k8s.io/v1, kind: CustomResourceDefinition, namespaced: false,
     schema: crd}
components:
  schemas:
    crd: {type: object, x-kubernetes-preserve-unknown-fields: true}
)");
  ASSERT_TRUE(doc.ok());
  auto crd_kind = SnapshotSchemaResolver::from_json(doc->value);
  ASSERT_TRUE(crd_kind.ok()) << crd_kind.error().str();
  auto text = rgd_text(R"(    - id: crd
      template:
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata: {name: "${schema.spec.name}"}
        spec: {group: "${schema.spec.name}"}
)");
  auto g = compile(text, std::make_shared<ChainSchemaResolver>(
                             std::vector<SchemaResolverPtr>{*crd_kind, resolver()}));
  ASSERT_FALSE(g.ok());
  EXPECT_EQ(g.error().message,
            "failed to build resource \"crd\": CEL expressions in CRDs are only supported for "
            "metadata fields, found in path \"spec.group\", resource crd");
  EXPECT_EQ(g.error().pos.line, 21);
}

// The real CRD schema (Kubernetes v1.36.3's, embedded): JSONSchemaProps refers to itself from a
// dozen fields. Typing a CRD template used to expand that to the depth limit and exhaust memory
// (kro-controller grew past 20 GB under upstream's integration suite).
TEST(Typing, RealCrdSchemaTypesInBoundedTime) {
  auto builtin = SnapshotSchemaResolver::builtin();
  ASSERT_TRUE(builtin.ok()) << builtin.error().str();
  auto text = rgd_text(R"(    - id: crd
      template:
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata: {name: "${schema.spec.name}"}
        spec:
          group: example.com
          names: {kind: Widget, plural: widgets}
          scope: Namespaced
          versions:
            - name: v1
              served: true
              storage: true
              schema:
                openAPIV3Schema: {type: object}
)");
  auto g = compile(text, *builtin);
  ASSERT_TRUE(g.ok()) << g.error().str();
  EXPECT_TRUE(g->typed);
}

}  // namespace
}  // namespace kro::graph

// Helpers shared by the typing tests: a small hand-written schema snapshot (a few kinds cut
// down to the fields the tests read) and RGDs compiled against it.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "graph/compiled.h"
#include "graph/schema_resolver_builtin.h"
#include "value/yaml.h"

namespace kro::graph::testing {

// The kinds the typing tests resolve: ConfigMap, Namespace (cluster-scoped) and Deployment.
inline constexpr const char* kSnapshot = R"(
kubernetesVersion: test
kinds:
  - {apiVersion: v1, kind: ConfigMap, namespaced: true, schema: io.k8s.api.core.v1.ConfigMap}
  - {apiVersion: v1, kind: Namespace, namespaced: false, schema: io.k8s.api.core.v1.Namespace}
  - {apiVersion: apps/v1, kind: Deployment, namespaced: true, schema: io.k8s.api.apps.v1.Deployment}
components:
  schemas:
    io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta:
      type: object
      properties:
        name: {type: string}
        namespace: {type: string}
        labels: {type: object, additionalProperties: {type: string}}
        generation: {type: integer, format: int64}
    io.k8s.api.core.v1.ConfigMap:
      type: object
      properties:
        apiVersion: {type: string}
        kind: {type: string}
        metadata: {allOf: [{$ref: "#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"}]}
        data: {type: object, additionalProperties: {type: string}}
    io.k8s.api.core.v1.Namespace:
      type: object
      properties:
        apiVersion: {type: string}
        kind: {type: string}
        metadata: {$ref: "#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"}
    io.k8s.api.core.v1.Container:
      type: object
      required: [name]
      properties:
        name: {type: string}
        image: {type: string}
        ports:
          type: array
          items:
            type: object
            properties:
              containerPort: {type: integer, format: int32}
    io.k8s.api.apps.v1.DeploymentCondition:
      type: object
      required: [type, status]
      properties:
        type: {type: string}
        status: {type: string}
        lastTransitionTime: {type: string, format: date-time}
    io.k8s.api.apps.v1.Deployment:
      type: object
      properties:
        apiVersion: {type: string}
        kind: {type: string}
        metadata: {$ref: "#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"}
        spec:
          type: object
          properties:
            replicas: {type: integer, format: int32}
            paused: {type: boolean}
            selector:
              type: object
              properties:
                matchLabels: {type: object, additionalProperties: {type: string}}
            template:
              type: object
              properties:
                spec:
                  type: object
                  properties:
                    containers:
                      type: array
                      items: {$ref: "#/components/schemas/io.k8s.api.core.v1.Container"}
        status:
          type: object
          properties:
            availableReplicas: {type: integer, format: int32}
            conditions:
              type: array
              items: {$ref: "#/components/schemas/io.k8s.api.apps.v1.DeploymentCondition"}
)";

// The resolver over kSnapshot, built once.
inline SchemaResolverPtr resolver() {
  static SchemaResolverPtr r = [] {
    auto doc = parse_yaml(kSnapshot);
    EXPECT_TRUE(doc.ok()) << doc.error().str();
    auto s = SnapshotSchemaResolver::from_json(doc->value);
    EXPECT_TRUE(s.ok()) << s.error().str();
    return SchemaResolverPtr(*s);
  }();
  return r;
}

// The first lines of the test RGDs, down to schema.kind (App).
inline constexpr const char* kRgdHead =
    "apiVersion: kro.run/v1alpha1\n"
    "kind: ResourceGraphDefinition\n"
    "metadata: {name: t}\n"
    "spec:\n"
    "  schema:\n"
    "    apiVersion: v1alpha1\n"
    "    kind: App\n";

// An RGD around `resources` (YAML list items indented by four spaces) and `status`.
inline std::string rgd_text(const std::string& resources, const std::string& status = "",
                            const std::string& scope = "Namespaced") {
  return std::string(kRgdHead) + "    scope: " + scope +
         "\n"
         "    spec:\n"
         "      name: string\n"
         "      port: integer | default=80\n"
         "      regions: \"[]string\"\n"
         "      enabled: boolean\n"
         "      containers: \"[]object\"\n" +
         (status.empty() ? "" : "    status:\n" + status) + "  resources:\n" + resources;
}

// Reads an RGD from `text` (file name t.yaml), expecting it to read.
inline Result<Rgd> read(const std::string& text) {
  auto doc = parse_yaml(text, "t.yaml");
  EXPECT_TRUE(doc.ok()) << doc.error().str();
  if (!doc.ok()) return doc.error();
  auto rgd = read_rgd(*doc);
  EXPECT_TRUE(rgd.ok()) << rgd.error().str();
  return rgd;
}

// read() for a test that cannot go on without the RGD: the Rgd itself (empty after a failure).
inline Rgd must_read(const std::string& text) {
  auto rgd = read(text);
  return rgd.ok() ? std::move(rgd).value() : Rgd();
}

// Reads and compiles an RGD (file name t.yaml) against `with` (default: resolver()).
inline Result<CompiledGraph> compile(const std::string& text, SchemaResolverPtr with = nullptr) {
  KRO_ASSIGN_OR_RETURN(auto rgd, read(text));
  CompileOptions opt;
  opt.resolver = with ? std::move(with) : resolver();
  return compile_rgd(rgd, opt);
}

// Reads an RGD and collects every problem validate_rgd finds against resolver().
inline std::vector<Error> validate(const std::string& text) {
  auto rgd = read(text);
  if (!rgd.ok()) return {rgd.error()};
  CompileOptions opt;
  opt.resolver = resolver();
  return validate_rgd(*rgd, opt);
}

// Expects a failure whose message is exactly `message`, reported at `line`.
inline void expect_error(const std::string& text, const std::string& message, int line) {
  auto g = compile(text);
  ASSERT_FALSE(g.ok()) << "compiled";
  EXPECT_EQ(g.error().message, message);
  EXPECT_EQ(g.error().pos.line, line) << g.error().str();
  EXPECT_EQ(g.error().pos.file, "t.yaml");
}

// Expects a failure whose message starts with `prefix`, reported at `line`.
inline void expect_error_prefix(const std::string& text, const std::string& prefix, int line) {
  auto g = compile(text);
  ASSERT_FALSE(g.ok()) << "compiled";
  EXPECT_EQ(g.error().message.rfind(prefix, 0), 0u) << g.error().message;
  EXPECT_EQ(g.error().pos.line, line) << g.error().str();
}

// A Deployment `d` (id deployment) whose spec is `spec` (YAML lines indented by ten spaces),
// for rgd_text.
inline std::string deployment_with_spec(const std::string& spec) {
  return "    - id: deployment\n"
         "      template:\n"
         "        apiVersion: apps/v1\n"
         "        kind: Deployment\n"
         "        metadata: {name: d}\n"
         "        spec:\n" +
         spec;
}

// A Deployment resource reading schema.spec, for rgd_text.
inline constexpr const char* kDeployment = R"(    - id: deployment
      template:
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: ${schema.spec.name}
        spec:
          replicas: ${schema.spec.port}
          selector:
            matchLabels:
              app: ${schema.spec.name}
)";

}  // namespace kro::graph::testing

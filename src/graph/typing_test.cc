// The typing phase against a small hand-written snapshot (a few kinds cut down to the fields the
// tests read), so each case states exactly which schema it checks against: one test per typing
// error of the behaviour reference's catalog (§3.6), plus what a successful check produces.
#include "graph/typing.h"

#include <gtest/gtest.h>

#include "graph/schema_resolver_builtin.h"

namespace kro::graph {
namespace {

constexpr const char* kSnapshot = R"(
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

SchemaResolverPtr resolver() {
  static SchemaResolverPtr r = [] {
    auto doc = parse_yaml(kSnapshot);
    EXPECT_TRUE(doc.ok()) << doc.error().str();
    auto s = SnapshotSchemaResolver::from_json(doc->value);
    EXPECT_TRUE(s.ok()) << s.error().str();
    return SchemaResolverPtr(*s);
  }();
  return r;
}

// An RGD around `resources` (YAML list items indented by four spaces) and `status`.
std::string rgd_text(const std::string& resources, const std::string& status = "",
                     const std::string& scope = "Namespaced") {
  return "apiVersion: kro.run/v1alpha1\n"
         "kind: ResourceGraphDefinition\n"
         "metadata: {name: t}\n"
         "spec:\n"
         "  schema:\n"
         "    apiVersion: v1alpha1\n"
         "    kind: App\n"
         "    scope: " +
         scope +
         "\n"
         "    spec:\n"
         "      name: string\n"
         "      port: integer | default=80\n"
         "      regions: \"[]string\"\n"
         "      enabled: boolean\n"
         "      containers: \"[]object\"\n" +
         (status.empty() ? "" : "    status:\n" + status) + "  resources:\n" + resources;
}

Result<CompiledGraph> compile(const std::string& text) {
  auto doc = parse_yaml(text, "t.yaml");
  EXPECT_TRUE(doc.ok()) << doc.error().str();
  if (!doc.ok()) return doc.error();
  auto rgd = read_rgd(*doc);
  EXPECT_TRUE(rgd.ok()) << rgd.error().str();
  if (!rgd.ok()) return rgd.error();
  CompileOptions opt;
  opt.resolver = resolver();
  return compile_rgd(*rgd, opt);
}

// Expects a failure whose message is exactly `message`, reported at `line`.
void expect_error(const std::string& text, const std::string& message, int line) {
  auto g = compile(text);
  ASSERT_FALSE(g.ok()) << "compiled";
  EXPECT_EQ(g.error().message, message);
  EXPECT_EQ(g.error().pos.line, line) << g.error().str();
  EXPECT_EQ(g.error().pos.file, "t.yaml");
}

const char* kDeployment = R"(    - id: deployment
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

TEST(Typing, TypesResourcesStatusAndStoresPrograms) {
  auto g = compile(rgd_text(kDeployment, R"(      available: ${deployment.status.availableReplicas}
      conditions2: ${deployment.status.conditions}
      label: "x-${deployment.metadata.name}"
      nested:
        paused: ${deployment.spec.paused}
)"));
  ASSERT_TRUE(g.ok()) << g.error().str();
  EXPECT_TRUE(g->typed);
  const ResourceType* rt = g->resource("deployment");
  ASSERT_NE(rt, nullptr);
  EXPECT_TRUE(rt->namespaced);
  EXPECT_EQ(rt->type.to_string(), "__type_deployment");
  const Node* n = g->graph.node("deployment");
  for (const auto& v : n->variables) {
    ASSERT_NE(v.expr.checked, nullptr) << v.path;
    ASSERT_NE(v.expr.checked->program, nullptr) << v.path;
  }
  EXPECT_EQ(n->variables[1].expr.checked->output.to_string(), "int");
  Json status = schema::to_json(g->status_schema);
  EXPECT_TRUE(deep_equal(status, parse_yaml(R"(
type: object
properties:
  available: {type: integer}
  conditions2:
    type: array
    items:
      type: object
      properties:
        lastTransitionTime: {type: string, format: date-time}
        status: {type: string}
        type: {type: string}
  label: {type: string}
  nested:
    type: object
    properties:
      paused: {type: boolean}
)")
                                     ->value))
      << to_yaml(status);
  // The CRD carries the typed status plus kro's fields.
  const Json& crd_status = g->crd.at("spec")
                               .at("versions")
                               .at(0)
                               .at("schema")
                               .at("openAPIV3Schema")
                               .at("properties")
                               .at("status")
                               .at("properties");
  EXPECT_EQ(crd_status.at("available").at("type"), "integer");
  EXPECT_EQ(crd_status.at("state").at("type"), "string");
}

TEST(Typing, UnknownKindIsSchemaNotFound) {
  expect_error(rgd_text(R"(    - id: widget
      template:
        apiVersion: example.com/v1
        kind: Widget
        metadata: {name: w}
)"),
               "failed to build resource \"widget\": failed to get schema for resource widget: "
               "cannot resolve group version kind \"example.com/v1, Kind=Widget\": schema not "
               "found",
               19);
}

TEST(Typing, CoreGroupKindSpelling) {
  expect_error(rgd_text(R"(    - id: pod
      template: {apiVersion: v1, kind: Pod, metadata: {name: p}}
)"),
               "failed to build resource \"pod\": failed to get schema for resource pod: cannot "
               "resolve group version kind \"/v1, Kind=Pod\": schema not found",
               17);
}

TEST(Typing, TemplateTypeMismatch) {
  expect_error(rgd_text(R"(    - id: deployment
      template:
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: d}
        spec:
          replicas: ${schema.spec.name}
)"),
               "failed to validate resource \"deployment\": type mismatch in resource "
               "\"deployment\" at path \"spec.replicas\": expression \"schema.spec.name\" returns "
               "type \"string\" but expected \"int\": type kind mismatch: got \"string\", "
               "expected \"int\"",
               22);
}

TEST(Typing, StringTemplatePartsMustBeStrings) {
  auto g = compile(rgd_text(R"(    - id: cm
      template:
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: "cm-${schema.spec.port}"
)"));
  ASSERT_FALSE(g.ok());
  EXPECT_EQ(g.error().message.rfind("failed to validate resource \"cm\": failed to compile "
                                    "template expression \"cm-${schema.spec.port}\" at path "
                                    "\"metadata.name\": ",
                                    0),
            0u)
      << g.error().message;
  EXPECT_NE(g.error().message.find("found no matching overload for '_+_' applied to '(string, "
                                   "int)'"),
            std::string::npos)
      << g.error().message;
  EXPECT_EQ(g.error().pos.line, 21);
}

TEST(Typing, UndefinedFieldIsACompileError) {
  auto g = compile(rgd_text(R"(    - id: cm
      template:
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: ${schema.spec.nope}
)"));
  ASSERT_FALSE(g.ok());
  EXPECT_NE(g.error().message.find("failed to compile template expression \"schema.spec.nope\" "
                                   "at path \"metadata.name\": "),
            std::string::npos)
      << g.error().message;
  EXPECT_NE(g.error().message.find("undefined field 'nope'"), std::string::npos)
      << g.error().message;
}

TEST(Typing, IncludeWhenMustBeBool) {
  expect_error(rgd_text(R"(    - id: cm
      includeWhen:
        - ${schema.spec.name}
      template: {apiVersion: v1, kind: ConfigMap, metadata: {name: c}}
)"),
               "failed to validate resource \"cm\": includeWhen expression \"schema.spec.name\" in "
               "resource \"cm\" must return bool or optional_type(bool), but returns \"string\"",
               18);
}

TEST(Typing, ReadyWhenMustBeBool) {
  expect_error(
      rgd_text(R"(    - id: cm
      readyWhen:
        - ${cm.metadata.generation}
      template: {apiVersion: v1, kind: ConfigMap, metadata: {name: c}}
)"),
      "failed to validate resource \"cm\": readyWhen expression \"cm.metadata.generation\" "
      "in resource \"cm\" must return bool or optional_type(bool), but returns \"int\"",
      18);
}

TEST(Typing, DynConditionIsRejectedAsUpstreamDoes) {
  expect_error(rgd_text(R"(    - id: cm
      includeWhen:
        - ${schema.spec.containers[0].enabled}
      template: {apiVersion: v1, kind: ConfigMap, metadata: {name: c}}
)"),
               "failed to validate resource \"cm\": includeWhen expression "
               "\"schema.spec.containers[0].enabled\" in resource \"cm\" must return bool or "
               "optional_type(bool), but returns \"dyn\"",
               18);
  auto ok = compile(rgd_text(R"(    - id: cm
      includeWhen:
        - ${bool(schema.spec.containers[0].enabled)}
        - ${schema.spec.?enabled}
      template: {apiVersion: v1, kind: ConfigMap, metadata: {name: c}}
)"));
  EXPECT_TRUE(ok.ok()) << ok.error().str();
}

TEST(Typing, ConditionCompileError) {
  auto g = compile(rgd_text(R"(    - id: cm
      includeWhen:
        - ${schema.spec.enabled && schema.spec.port}
      template: {apiVersion: v1, kind: ConfigMap, metadata: {name: c}}
)"));
  ASSERT_FALSE(g.ok());
  EXPECT_EQ(g.error().message.rfind("failed to validate resource \"cm\": failed to type-check "
                                    "includeWhen expression \"schema.spec.enabled && "
                                    "schema.spec.port\" in resource \"cm\": ",
                                    0),
            0u)
      << g.error().message;
  EXPECT_EQ(g.error().pos.line, 18);
}

TEST(Typing, ForEachMustReturnAList) {
  expect_error(
      rgd_text(R"(    - id: cms
      forEach:
        - region: ${schema.spec.name}
      template:
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: "${region}"}
)"),
      "failed to validate resource \"cms\": node \"cms\": forEach iterator \"region\" must "
      "return a list, got \"string\"",
      18);
}

TEST(Typing, IteratorTakesTheElementType) {
  // regions is list(string): fine in a string field, a mismatch in an int field.
  auto ok = compile(rgd_text(R"(    - id: cms
      forEach:
        - region: ${schema.spec.regions}
      template:
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: "${region}"}
      readyWhen:
        - ${each.metadata.name != ""}
)"));
  ASSERT_TRUE(ok.ok()) << ok.error().str();
  EXPECT_EQ(ok->resource("cms")->type.to_string(), "list(__type_cms)");
  expect_error(rgd_text(R"(    - id: deps
      forEach:
        - region: ${schema.spec.regions}
      template:
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: "${region}"}
        spec: {replicas: "${region}"}
)"),
               "failed to validate resource \"deps\": type mismatch in resource \"deps\" at path "
               "\"spec.replicas\": expression \"region\" returns type \"string\" but expected "
               "\"int\": type kind mismatch: got \"string\", expected \"int\"",
               23);
}

TEST(Typing, StatusExpressionErrors) {
  auto g = compile(rgd_text(kDeployment, "      x: ${deployment.status.nope}\n"));
  ASSERT_FALSE(g.ok());
  EXPECT_EQ(g.error().message.rfind("failed to build instance status schema: failed to "
                                    "type-check status expression \"deployment.status.nope\" at "
                                    "path \"x\": ",
                                    0),
            0u)
      << g.error().message;
  EXPECT_EQ(g.error().pos.line, 16);
}

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
  expect_error(rgd_text(R"(    - id: deployment
      template:
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: d}
        spec:
          replicas: three
)"),
               "failed to build resource \"deployment\": failed to extract CEL expressions from "
               "schema for resource deployment: expected integer type for path spec.replicas, got "
               "string",
               22);
  expect_error(rgd_text(R"(    - id: deployment
      template:
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: d}
        spec:
          paused: 1
)"),
               "failed to build resource \"deployment\": failed to extract CEL expressions from "
               "schema for resource deployment: expected boolean type for path spec.paused, got "
               "integer",
               22);
  // A string template is text: only where a string is allowed.
  expect_error(rgd_text(R"(    - id: deployment
      template:
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: d}
        spec:
          replicas: "1${schema.spec.name}"
)"),
               "failed to build resource \"deployment\": failed to extract CEL expressions from "
               "schema for resource deployment: expected integer type for path spec.replicas, got "
               "string",
               22);
}

TEST(Typing, UnknownTemplateField) {
  expect_error(rgd_text(R"(    - id: deployment
      template:
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: d}
        spec:
          replica: 3
)"),
               "failed to build resource \"deployment\": failed to extract CEL expressions from "
               "schema for resource deployment: error getting field schema for path spec.replica: "
               "schema not found for field replica",
               22);
}

TEST(Typing, UnknownTemplateFieldBlamesItsKeyNotItsChild) {
  auto g = compile(rgd_text(R"(    - id: deployment
      template:
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: d}
        spec:
          replicaz:
            count: 3
)"));
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
  auto parsed = parse_yaml(text, "t.yaml");
  ASSERT_TRUE(parsed.ok());
  auto rgd = read_rgd(*parsed);
  ASSERT_TRUE(rgd.ok());
  CompileOptions opt;
  opt.resolver =
      std::make_shared<ChainSchemaResolver>(std::vector<SchemaResolverPtr>{*crd_kind, resolver()});
  auto g = compile_rgd(*rgd, opt);
  ASSERT_FALSE(g.ok());
  EXPECT_EQ(g.error().message,
            "failed to build resource \"crd\": CEL expressions in CRDs are only supported for "
            "metadata fields, found in path \"spec.group\", resource crd");
  EXPECT_EQ(g.error().pos.line, 21);
}

TEST(Typing, StructuralCompatibility) {
  // A list of schema objects (dyn elements) fits the containers list.
  auto ok = compile(rgd_text(R"(    - id: deployment
      template:
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: d}
        spec:
          template:
            spec:
              containers: ${schema.spec.containers}
)"));
  ASSERT_TRUE(ok.ok()) << ok.error().str();
  // A map literal is nominally a map, not the Container object: kind mismatch.
  expect_error(rgd_text(R"(    - id: deployment
      template:
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: d}
        spec:
          template:
            spec:
              containers: '${[{"name": 1}]}'
)"),
               "failed to validate resource \"deployment\": type mismatch in resource "
               "\"deployment\" at path \"spec.template.spec.containers\": expression "
               "\"[{\"name\": 1}]\" returns type \"list(map(string, int))\" but expected "
               "\"list(__type_deployment.spec.template.spec.containers.@idx)\": list element type "
               "incompatible: type kind mismatch: got \"map(string, int)\", expected "
               "\"__type_deployment.spec.template.spec.containers.@idx\"",
               24);
}

TEST(Typing, ObjectSubsetAcrossResources) {
  // deployment.spec.selector.matchLabels is map(string, string): fits another map field.
  auto g = compile(rgd_text(std::string(kDeployment) + R"(    - id: cm
      template:
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: c}
        data: ${deployment.spec.selector.matchLabels}
)"));
  ASSERT_TRUE(g.ok()) << g.error().str();
}

TEST(StructuralMismatch, ObjectFieldRules) {
  using cel::types::Field;
  using cel::types::ObjectType;
  using cel::types::Type;
  auto obj = [](std::string name, std::vector<Field> fields) {
    return Type::object(std::make_shared<const ObjectType>(std::move(name), std::move(fields)));
  };
  Type want = obj("w", {{"a", Type::string(), true}, {"b", Type::integer(), false}});
  EXPECT_FALSE(structural_mismatch(obj("o", {{"a", Type::string(), false}}), want));
  EXPECT_EQ(structural_mismatch(obj("o", {{"c", Type::string(), false}}), want),
            "field \"c\" exists in output but not in expected type");
  EXPECT_EQ(structural_mismatch(obj("o", {{"b", Type::string(), false}}), want),
            "field \"b\" has incompatible type: type kind mismatch: got \"string\", expected "
            "\"int\"");
  EXPECT_FALSE(structural_mismatch(Type::list(Type::dyn()), Type::list(want)));
}

TEST(SchemaFromCelType, Conversions) {
  using cel::types::Type;
  auto yaml_of = [](const Type& t) {
    return kro::to_json(schema::to_json(schema_from_cel_type(t)));
  };
  EXPECT_EQ(yaml_of(Type::bytes()), R"({"type":"string","format":"byte"})");
  EXPECT_EQ(yaml_of(Type::uinteger()), R"({"type":"integer"})");
  EXPECT_EQ(yaml_of(Type::dbl()), R"({"type":"number"})");
  EXPECT_EQ(yaml_of(Type::dyn()), R"({"x-kubernetes-preserve-unknown-fields":true})");
  EXPECT_EQ(yaml_of(Type::null()), R"({"x-kubernetes-preserve-unknown-fields":true})");
  EXPECT_EQ(yaml_of(Type::map(Type::string(), Type::integer())),
            R"({"type":"object","additionalProperties":{"type":"integer"}})");
}

TEST(Validate, CollectsEveryTypingError) {
  auto doc = parse_yaml(rgd_text(R"(    - id: a
      includeWhen:
        - ${schema.spec.name}
      template: {apiVersion: v1, kind: ConfigMap, metadata: {name: a}}
    - id: b
      template:
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: b}
        spec: {replicas: "${schema.spec.name}"}
)",
                                 "      bad: ${a.nope}\n"),
                        "t.yaml");
  ASSERT_TRUE(doc.ok());
  auto rgd = read_rgd(*doc);
  ASSERT_TRUE(rgd.ok()) << rgd.error().str();
  CompileOptions opt;
  opt.resolver = resolver();
  auto errors = validate_rgd(*rgd, opt);
  // In document order: schema.status comes before the resources.
  ASSERT_EQ(errors.size(), 3u);
  EXPECT_NE(errors[0].message.find("status expression \"a.nope\""), std::string::npos);
  EXPECT_NE(errors[1].message.find("includeWhen expression"), std::string::npos);
  EXPECT_NE(errors[2].message.find("type mismatch in resource \"b\""), std::string::npos);
}

TEST(Validate, EveryUnknownKindIsReported) {
  auto doc = parse_yaml(rgd_text(R"(    - id: a
      template: {apiVersion: example.com/v1, kind: A, metadata: {name: a}}
    - id: b
      template: {apiVersion: example.com/v1, kind: B, metadata: {name: b}}
)"),
                        "t.yaml");
  ASSERT_TRUE(doc.ok());
  auto rgd = read_rgd(*doc);
  ASSERT_TRUE(rgd.ok()) << rgd.error().str();
  CompileOptions opt;
  opt.resolver = resolver();
  auto errors = validate_rgd(*rgd, opt);
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_NE(errors[0].message.find("\"example.com/v1, Kind=A\""), std::string::npos);
  EXPECT_EQ(errors[0].pos.line, 17);
  EXPECT_NE(errors[1].message.find("\"example.com/v1, Kind=B\""), std::string::npos);
  EXPECT_EQ(errors[1].pos.line, 19);
}

}  // namespace
}  // namespace kro::graph

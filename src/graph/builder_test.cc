#include "graph/builder.h"

#include <gtest/gtest.h>

namespace kro::graph {
namespace {

using Ids = std::vector<std::string>;

// An RGD whose resources section is `resources` (list items at indent 4).
std::string rgd_text(std::string_view resources, std::string_view status = "") {
  std::string s =
      "apiVersion: kro.run/v1alpha1\nkind: ResourceGraphDefinition\nmetadata: {name: t}\n"
      "spec:\n  schema:\n    apiVersion: v1alpha1\n    kind: App\n    spec: {name: string}\n";
  if (!status.empty()) s += "    status:\n" + std::string(status);
  s += "  resources:\n" + std::string(resources);
  return s;
}

// A ConfigMap resource named `id` whose data.v is `value`, plus extra resource fields.
std::string cm(std::string_view id, std::string_view value = "x", std::string_view extra = "") {
  return "    - id: " + std::string(id) + "\n" + std::string(extra) +
         "      template:\n        apiVersion: v1\n        kind: ConfigMap\n        metadata:\n"
         "          name: " +
         std::string(id) + "\n        data:\n          v: \"" + std::string(value) + "\"\n";
}

// A collection of ConfigMaps named by `iterator`, iterating over `list`.
std::string coll(std::string_view id, std::string_view iterator, std::string_view list,
                 std::string_view extra = "") {
  return "    - id: " + std::string(id) + "\n      forEach:\n        - " + std::string(iterator) +
         ": " + std::string(list) + "\n" + std::string(extra) +
         "      template:\n        apiVersion: v1\n        kind: ConfigMap\n        metadata:\n"
         "          name: ${" +
         std::string(iterator) + "}\n";
}

Result<Graph> build(const std::string& text, const BuildOptions& options = {}) {
  auto doc = parse_yaml(text, "g.yaml");
  EXPECT_TRUE(doc.ok()) << doc.error().str();
  if (!doc.ok()) return doc.error();
  auto rgd = read_rgd(*doc);
  EXPECT_TRUE(rgd.ok()) << rgd.error().str();
  if (!rgd.ok()) return rgd.error();
  return build_graph(*rgd, options);
}

std::string error_of(const std::string& text) {
  auto g = build(text);
  EXPECT_FALSE(g.ok());
  return g.ok() ? "" : g.error().message;
}

TEST(Builder, OrderFollowsReferencesThenDeclaration) {
  auto g = build(
      rgd_text(cm("c", "${b.metadata.name}") + cm("b", "${a.metadata.name}") + cm("a") + cm("d")));
  ASSERT_TRUE(g.ok()) << g.error().str();
  EXPECT_EQ(g->topological_order, (Ids{"a", "b", "c", "d"}));
  EXPECT_EQ(g->node("c")->dependencies, (Ids{"b"}));
  EXPECT_EQ(g->apply_waves, (std::vector<Ids>{{"a"}, {"b"}, {"c", "d"}}));
  EXPECT_EQ(g->apply_orders.at("a"), 1);
  EXPECT_EQ(g->apply_orders.at("d"), 3);
}

// The resource's deletionPolicy reaches its node, for plain resources and collections alike.
TEST(Builder, NodesCarryTheirDeletionPolicy) {
  auto g = build(rgd_text(cm("kept", "x", "      deletionPolicy: Orphan\n") + cm("plain") +
                          coll("configs", "n", "${['a']}", "      deletionPolicy: Orphan\n") +
                          cm("explicit", "x", "      deletionPolicy: Delete\n")));
  ASSERT_TRUE(g.ok()) << g.error().str();
  EXPECT_EQ(g->node("kept")->deletion_policy, DeletionPolicy::kOrphan);
  EXPECT_EQ(g->node("plain")->deletion_policy, DeletionPolicy::kDelete);
  EXPECT_EQ(g->node("configs")->deletion_policy, DeletionPolicy::kOrphan);
  EXPECT_EQ(g->node("explicit")->deletion_policy, DeletionPolicy::kDelete);
}

TEST(Builder, EveryKindOfReferenceIsADependency) {
  auto g = build(
      rgd_text(cm("cfg") + cm("gate") + cm("ns") + coll("copies", "entry", "${cfg.data.list}") +
               cm("guarded", "${schema.spec.name}",
                  "      includeWhen:\n        - ${gate.data.on == 'y'}\n") +
               "    - id: ext\n      externalRef:\n        apiVersion: v1\n        kind: Secret\n"
               "        metadata:\n          name: s\n          namespace: ${ns.metadata.name}\n"));
  ASSERT_TRUE(g.ok()) << g.error().str();
  const Node* copies = g->node("copies");
  EXPECT_EQ(copies->type, NodeType::kCollection);
  EXPECT_EQ(copies->dependencies, (Ids{"cfg"}));  // the iterator itself is no dependency
  EXPECT_EQ(g->node("guarded")->dependencies, (Ids{"gate"}));
  const Node* ext = g->node("ext");
  EXPECT_EQ(ext->type, NodeType::kExternal);
  EXPECT_EQ(ext->dependencies, (Ids{"ns"}));
  ASSERT_EQ(ext->variables.size(), 1u);
  EXPECT_EQ(ext->variables[0].path, "metadata.namespace");
  EXPECT_EQ(ext->variables[0].expr.pos.line, 58);  // "namespace: ${ns...}" in the externalRef
}

TEST(Builder, IteratorMustAppearInTheIdentity) {
  // metadata.name is the plain id, so `item` is used only in data.v.
  EXPECT_EQ(
      error_of(rgd_text(
          cm("copies", "${entry}", "      forEach:\n        - entry: ${schema.spec.list}\n"))),
      "failed to build dependency graph: node \"copies\": all forEach dimensions must be used "
      "to produce a unique resource identity, missing: [entry]");
}

TEST(Builder, IteratorsAreIndependent) {
  std::string r =
      "    - id: grid\n      forEach:\n        - x: ${schema.spec.xs}\n        - y: ${x.ys}\n"
      "      template:\n        apiVersion: v1\n        kind: ConfigMap\n        metadata:\n"
      "          name: ${x + '-' + y}\n";
  EXPECT_EQ(
      error_of(rgd_text(r)),
      "failed to build dependency graph: node \"grid\": forEach iterator \"y\" cannot "
      "reference other iterators [x] - forEach iterators are independent (cartesian product)");
}

TEST(Builder, CycleIsSpelledOut) {
  auto g = build(rgd_text(cm("a", "${b.data.v}") + cm("b", "${a.data.v}")));
  ASSERT_FALSE(g.ok());
  EXPECT_EQ(g.error().message,
            "failed to build dependency graph: graph contains a cycle: a -> b -> a");
  EXPECT_EQ(g.error().path, "spec.resources[1].template.data.v");  // the edge that closed it
  EXPECT_EQ(g.error().pos.line, 25);
}

TEST(Builder, SelfReference) {
  auto g = build(rgd_text(cm("a", "${a.metadata.name}")));
  ASSERT_FALSE(g.ok());
  EXPECT_EQ(g.error().message, "failed to build dependency graph: self references are not allowed");
  EXPECT_EQ(g.error().path, "spec.resources[0].template.data.v");
}

TEST(Builder, UnknownIdentifiers) {
  auto g = build(rgd_text(cm("a", "${missing.data.v}")));
  ASSERT_FALSE(g.ok());
  EXPECT_EQ(g.error().message,
            "failed to build dependency graph: failed to extract dependencies: references unknown "
            "identifiers: [missing]");
  EXPECT_EQ(g.error().str().substr(0, 13), "g.yaml:17:14:");
  EXPECT_EQ(error_of(rgd_text(cm("a", "x", "      includeWhen:\n        - ${nope}\n"))),
            "failed to build dependency graph: failed to extract dependencies from includeWhen: "
            "references unknown identifiers: [nope]");
  EXPECT_EQ(
      error_of(rgd_text(coll("a", "entry", "${nope}"))),
      "failed to build dependency graph: failed to extract dependencies from forEach iterator "
      "\"entry\": references unknown identifiers: [nope]");
}

TEST(Builder, FunctionNamespacesTypesAndComprehensionsAreNoReferences) {
  auto g = build(
      rgd_text(cm("a") + cm("b", "${json.marshal(a.data) + string(type(1) == int)}") +
               cm("c", "${schema.spec.xs.map(x, x + a.data.v).filter(y, y != '').join(',')}") +
               cm("d", "${cel.bind(v, b.data.v, v + v)}")));
  ASSERT_TRUE(g.ok()) << g.error().str();
  EXPECT_EQ(g->node("b")->dependencies, (Ids{"a"}));
  EXPECT_EQ(g->node("b")->variables[0].expr.references, (Ids{"a"}));
  EXPECT_EQ(g->node("c")->variables[0].expr.references, (Ids{"schema", "a"}));
  EXPECT_EQ(g->node("d")->dependencies, (Ids{"b"}));
}

TEST(Builder, ParseErrorsAreReported) {
  auto msg = error_of(rgd_text(cm("a", "${1 +}")));
  EXPECT_EQ(msg.rfind("failed to build dependency graph: failed to extract dependencies: failed to "
                      "inspect expression: parse error: ERROR: <input>:1:",
                      0),
            0u)
      << msg;
}

TEST(Builder, ResourceStructureRules) {
  EXPECT_EQ(error_of(rgd_text(
                "    - id: a\n      forEach:\n        - x: ${schema.spec.l}\n"
                "      externalRef: {apiVersion: v1, kind: Secret, metadata: {name: s}}\n")),
            "failed to build resource \"a\": invalid combination of resource fields: cannot use "
            "externalRef with forEach");
  EXPECT_EQ(
      error_of(rgd_text("    - id: a\n      template: {apiVersion: v1, metadata: {}}\n")),
      "failed to build resource \"a\": resource a is not a valid Kubernetes object: kind field "
      "not found");
  EXPECT_EQ(
      error_of(rgd_text("    - id: a\n      template: {apiVersion: 1, kind: X, metadata: {}}\n")),
      "failed to build resource \"a\": resource a is not a valid Kubernetes object: apiVersion "
      "field is not a string");
  EXPECT_EQ(
      error_of(rgd_text("    - id: a\n      template: {apiVersion: v1, kind: X, metadata: []}\n")),
      "failed to build resource \"a\": resource a is not a valid Kubernetes object: metadata "
      "field is not a map");
  auto g = build(
      rgd_text("    - id: a\n      template:\n        apiVersion: v1\n        kind: ConfigMap\n"
               "        metadata:\n          name: a\n          annotations:\n"
               "            internal.kro.run/owned: \"true\"\n"));
  ASSERT_FALSE(g.ok());
  EXPECT_EQ(
      g.error().message,
      "failed to build resource \"a\": invalid annotation for resource \"a\". annotations with "
      "prefix \"internal.kro.run/\" are reserved for internal use");
  EXPECT_EQ(g.error().pos.line, 17);
  EXPECT_EQ(error_of(rgd_text("    - id: a\n      template:\n        apiVersion: v1\n"
                              "        kind: ConfigMap\n        metadata:\n"
                              "          labels: {kro.run/x: y}\n")),
            "failed to build resource \"a\": invalid label for resource \"a\". labels with prefix "
            "\"kro.run/\" are reserved for internal use");
}

TEST(Builder, ExtractionAndStandaloneRules) {
  auto g = build(rgd_text(cm("a", "${f(${g})}")));
  ASSERT_FALSE(g.ok());
  EXPECT_EQ(g.error().message,
            "failed to build resource \"a\": failed to extract CEL expressions from schema for "
            "resource a: nested expressions are not allowed unless inside string literals");
  EXPECT_EQ(g.error().path, "data.v");
  EXPECT_EQ(g.error().pos.line, 17);
  EXPECT_EQ(
      error_of(rgd_text(cm("a", "x", "      readyWhen:\n        - ${a.data.v} == 'x'\n"))),
      "failed to build resource \"a\": failed to parse readyWhen expressions: only standalone "
      "expressions are allowed");
  EXPECT_EQ(error_of(rgd_text(cm("a", "x", "      includeWhen:\n        - \"yes ${true}\"\n"))),
            "failed to build resource \"a\": failed to parse includeWhen expressions: only "
            "standalone expressions are allowed");
  EXPECT_EQ(
      error_of(rgd_text(cm("a", "x", "      forEach:\n        - i: \"[${schema.spec.l}]\"\n"))),
      "failed to build resource \"a\": failed to parse forEach dimensions: invalid forEach "
      "expression for dimension \"i\": only standalone expressions are allowed");
}

TEST(Builder, ReadyWhenReadsOnlyItself) {
  EXPECT_TRUE(
      build(rgd_text(cm("a", "x", "      readyWhen:\n        - ${a.data.v == 'x'}\n"))).ok());
  EXPECT_EQ(error_of(rgd_text(cm("b") +
                              cm("a", "x", "      readyWhen:\n        - ${b.data.v == 'x'}\n"))),
            "failed to validate resource \"a\": resource \"a\" readyWhen: references unknown "
            "identifiers: [b]");
  // Collections judge each item through `each`.
  std::string coll =
      "      forEach:\n        - n: ${schema.spec.names}\n"
      "      readyWhen:\n        - ${each.data.v == 'x'}\n";
  std::string r = "    - id: many\n" + coll +
                  "      template:\n        apiVersion: v1\n        kind: ConfigMap\n"
                  "        metadata:\n          name: ${n}\n";
  EXPECT_TRUE(build(rgd_text(r)).ok());
}

TEST(Builder, StatusProjection) {
  auto g = build(rgd_text(cm("a") + cm("b"),
                          "      name: ${schema.spec.name}\n      v: ${b.data.v}\n"
                          "      nested:\n        both: \"${a.data.v}-${b.data.v}\"\n"
                          "      conditions:\n        - \"${runtime.newCondition({type: 'X', "
                          "status: 'True'})}\"\n"));
  ASSERT_TRUE(g.ok()) << g.error().str();
  ASSERT_EQ(g->status.size(), 4u);
  EXPECT_EQ(g->status[2].path, "nested.both");
  EXPECT_EQ(g->status[2].expr.kind, ExpressionKind::kTemplate);
  EXPECT_EQ(g->status[3].path, "conditions[0]");
  EXPECT_EQ(g->instance_dependencies, (Ids{"b", "a"}));

  EXPECT_EQ(error_of(rgd_text(cm("a"), "      fixed: 3\n      other: x\n")),
            "failed to build instance status schema: status fields without expressions are not "
            "supported: [fixed other]");
  EXPECT_EQ(error_of(rgd_text(cm("a"), "      v: ${zzz.x}\n")),
            "failed to build instance status schema: status field \"v\" expression \"zzz.x\": "
            "references unknown identifiers: [zzz]");
  EXPECT_EQ(error_of(rgd_text(cm("a"), "      v: ${runtime.x}\n")),
            "failed to build instance status schema: status field \"v\" expression \"runtime.x\": "
            "references unknown identifiers: [runtime]");
  EXPECT_EQ(error_of(rgd_text(cm("a"), "      v: ${1 + 1}\n")),
            "failed to create instance node: instance status field must refer to a resource or "
            "schema: status.v");
  EXPECT_EQ(error_of(rgd_text(cm("a"), "      conditions: {a: b}\n")),
            "failed to build instance status schema: failed to extract conditions block: "
            "status.conditions must be a list, got map[string]interface {}");
}

TEST(Builder, NamingErrorsComeFirst) {
  auto g = build(rgd_text(cm("Bad", "${nope}")));
  ASSERT_FALSE(g.ok());
  EXPECT_EQ(g.error().message,
            "failed to validate resourcegraphdefinition: naming convention violation: id Bad is "
            "not a valid KRO resource id: must be lower camelCase");
  EXPECT_EQ(g.error().pos.line, 10);
}

TEST(Builder, NamespacedHookDecidesTheIdentityRule) {
  // For a namespaced kind, an iterator used only in metadata.namespace is enough; not so for a
  // cluster-scoped one.
  std::string r =
      "    - id: per\n      forEach:\n        - ns: ${schema.spec.namespaces}\n"
      "      template:\n        apiVersion: v1\n        kind: ConfigMap\n"
      "        metadata:\n          name: fixed\n          namespace: ${ns}\n";
  EXPECT_TRUE(build(rgd_text(r)).ok());
  BuildOptions cluster;
  cluster.namespaced = [](std::string_view, std::string_view) {
    return std::optional<bool>(false);
  };
  auto g = build(rgd_text(r), cluster);
  ASSERT_FALSE(g.ok());
  EXPECT_NE(g.error().message.find("missing: [ns]"), std::string::npos);
}

}  // namespace
}  // namespace kro::graph

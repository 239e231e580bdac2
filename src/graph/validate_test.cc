// validate_rgd collects every problem of every phase, in document order, without cascades;
// compile_rgd still stops at the first problem in upstream's phase order.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "graph/compiled.h"
#include "graph/schema_resolver_builtin.h"
#include "graph/typing_test_util.h"

namespace kro::graph {
namespace {

using testing::must_read;

CompileOptions typed() {
  auto builtin = SnapshotSchemaResolver::builtin();
  EXPECT_TRUE(builtin.ok()) << builtin.error().str();
  CompileOptions opt;
  opt.resolver = *builtin;
  return opt;
}

// An RGD with the given schema.spec / schema.status lines and resources (YAML, indented).
std::string rgd(const std::string& spec, const std::string& status, const std::string& resources) {
  return "apiVersion: kro.run/v1alpha1\n"
         "kind: ResourceGraphDefinition\n"
         "metadata: {name: v}\n"
         "spec:\n"
         "  schema:\n"
         "    apiVersion: v1alpha1\n"
         "    kind: V\n"
         "    spec:\n" +
         spec + (status.empty() ? "" : "    status:\n" + status) + "  resources:\n" + resources;
}

// "<line>: <message>" per error, for readable expectations.
std::vector<std::string> lines(const std::vector<Error>& errors) {
  std::vector<std::string> out;
  out.reserve(errors.size());
  for (const auto& e : errors) out.push_back(std::to_string(e.pos.line) + ": " + e.message);
  return out;
}

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// The seven problems of tests/golden/errors/many-errors.yaml, one per phase.
const char* const kMany = R"(apiVersion: kro.run/v1alpha1
kind: ResourceGraphDefinition
metadata: {name: many}
spec:
  schema:
    apiVersion: v1alpha1
    kind: Many
    spec:
      name: string | default="app"
      size: integer | colour=blue
    status:
      phase: Running
  resources:
    - id: Config
      template:
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: ${schema.spec.nam}
    - id: deployment
      template:
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: ${schema.spec.name}
        spec:
          replicas: ${schema.spec.name}
    - id: service
      includeWhen:
        - ${schema.spec.name}
      template:
        apiVersion: v1
        kind: Service
        metadata:
          name: ${servce.metadata.name}
)";

TEST(ValidateAll, EveryPhaseInDocumentOrder) {
  auto errors = lines(validate_rgd(must_read(kMany), typed()));
  ASSERT_EQ(errors.size(), 7u) << ::testing::PrintToString(errors);
  EXPECT_TRUE(has(errors[0], "10: ") && has(errors[0], "unknown marker: colour")) << errors[0];
  EXPECT_TRUE(has(errors[1], "12: ") &&
              has(errors[1], "status fields without expressions are not supported: [phase]"))
      << errors[1];
  EXPECT_TRUE(has(errors[2], "14: ") && has(errors[2], "id Config is not a valid KRO resource id"))
      << errors[2];
  EXPECT_TRUE(has(errors[3], "19: ") && has(errors[3], "undefined field 'nam'")) << errors[3];
  EXPECT_TRUE(has(errors[4], "27: ") && has(errors[4],
                                            "returns type \"string\" but expected "
                                            "\"int\""))
      << errors[4];
  EXPECT_TRUE(has(errors[5], "30: ") && has(errors[5], "must return bool or optional_type(bool)"))
      << errors[5];
  EXPECT_TRUE(has(errors[6], "35: ") && has(errors[6], "references unknown identifiers: [servce]"))
      << errors[6];
}

TEST(ValidateAll, CompileStillStopsAtTheFirstInPhaseOrder) {
  // The naming phase runs before the spec schema, although the schema problem comes first in
  // the file: compile_rgd's message (the GraphAccepted condition) is the naming one.
  auto g = compile_rgd(must_read(kMany), typed());
  ASSERT_FALSE(g.ok());
  EXPECT_EQ(g.error().message,
            "failed to validate resourcegraphdefinition: naming convention violation: id Config "
            "is not a valid KRO resource id: must be lower camelCase");
  EXPECT_EQ(g.error().pos.line, 14);
}

TEST(ValidateAll, UnknownIdentifierIsNotAlsoATypeError) {
  auto errors = validate_rgd(must_read(rgd("      name: string\n", "", R"(    - id: a
      includeWhen:
        - ${nope.ready}
      template:
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: a}
        spec:
          replicas: ${nope.spec.replicas + "x"}
)")),
                             typed());
  ASSERT_EQ(errors.size(), 2u) << ::testing::PrintToString(lines(errors));
  EXPECT_EQ(errors[0].message,
            "failed to build dependency graph: failed to extract dependencies from includeWhen: "
            "references unknown identifiers: [nope]");
  EXPECT_EQ(errors[1].message,
            "failed to build dependency graph: failed to extract dependencies: references "
            "unknown identifiers: [nope]");
}

TEST(ValidateAll, ReadersOfAnUnknownKindAreNotTypeChecked) {
  auto errors =
      validate_rgd(must_read(rgd("      name: string\n", "      ready: ${w.status.ready}\n",
                                 R"(    - id: w
      template: {apiVersion: example.com/v1, kind: Widget, metadata: {name: w}}
    - id: cm
      includeWhen:
        - ${w.spec.enabled}
      template:
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: "${w.metadata.name}"}
        data:
          a: ${w.spec.size}
          b: ${schema.spec.name + 1}
)")),
                   typed());
  ASSERT_EQ(errors.size(), 2u) << ::testing::PrintToString(lines(errors));
  EXPECT_TRUE(has(errors[0].message, "\"example.com/v1, Kind=Widget\": schema not found"))
      << errors[0].message;
  // cm's own mistake is still found.
  EXPECT_TRUE(has(errors[1].message, "found no matching overload for '_+_'")) << errors[1].message;
}

TEST(ValidateAll, CycleAndErrorsInOtherResources) {
  auto errors = validate_rgd(must_read(rgd("      name: string\n", "", R"(    - id: a
      template:
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: "${b.metadata.name}"}
    - id: b
      template:
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: "${a.metadata.name}"}
    - id: c
      template:
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: "${schema.spec.name}"}
        data: {x: "${schema.spec.nope}"}
    - id: d
      readyWhen:
        - ${c.metadata.name == "x"}
      template:
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: "${schema.spec.name ${x}}"}
)")),
                             typed());
  auto all = lines(errors);
  ASSERT_EQ(all.size(), 4u) << ::testing::PrintToString(all);
  EXPECT_EQ(all[0], "20: failed to build dependency graph: graph contains a cycle: a -> b -> a");
  EXPECT_TRUE(has(all[1], "26: ") && has(all[1], "undefined field 'nope'")) << all[1];
  EXPECT_TRUE(has(all[2], "29: ") && has(all[2], "readyWhen: references unknown identifiers: [c]"))
      << all[2];
  EXPECT_TRUE(has(all[3], "33: ") && has(all[3], "nested expressions are not allowed")) << all[3];
}

TEST(ValidateAll, EverySpecSchemaFieldAndTheGoodOnesStillTyped) {
  auto errors = validate_rgd(must_read(rgd(R"(      a: integer | colour=red
      b: strin
      c: string
)",
                                           "", R"(    - id: cm
      template:
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: "${schema.spec.c}"}
        data:
          a: ${string(schema.spec.a)}
          b: ${schema.spec.b}
          c: ${schema.spec.c + 1}
)")),
                             typed());
  auto all = lines(errors);
  ASSERT_EQ(all.size(), 3u) << ::testing::PrintToString(all);
  EXPECT_TRUE(has(all[0], "9: ") && has(all[0], "unknown marker: colour")) << all[0];
  EXPECT_TRUE(has(all[1], "10: ") && has(all[1], "unknown type: strin")) << all[1];
  // Fields whose schema failed read as dyn: no second error for them; the good field is typed.
  EXPECT_TRUE(has(all[2], "21: ") && has(all[2], "found no matching overload")) << all[2];
}

TEST(ValidateAll, BrokenResourcesAreSkippedNotMisreported) {
  // A reserved id, a duplicate, a template without apiVersion and an externalRef with forEach:
  // each reported once; resources reading them get no "unknown identifier" or type errors.
  auto errors = validate_rgd(must_read(rgd("      name: string\n", "", R"(    - id: spec
      template: {apiVersion: v1, kind: ConfigMap, metadata: {name: a}}
    - id: twice
      template: {apiVersion: v1, kind: ConfigMap, metadata: {name: b}}
    - id: twice
      template: {apiVersion: v1, kind: Secret, metadata: {name: c}}
    - id: noApi
      template: {kind: ConfigMap, metadata: {name: "${schema.spec.name + zz}"}}
    - id: ext
      externalRef: {apiVersion: v1, kind: ConfigMap, metadata: {name: x}}
      forEach:
        - i: ${schema.spec.name}
    - id: reader
      template:
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: "${spec.metadata.name}"}
        data:
          a: ${twice.metadata.name}
          b: ${noApi.data.x}
          c: ${ext.data.y}
)")),
                             typed());
  auto all = lines(errors);
  ASSERT_EQ(all.size(), 5u) << ::testing::PrintToString(all);
  EXPECT_TRUE(has(all[0], "id spec is a reserved keyword")) << all[0];
  EXPECT_TRUE(has(all[1], "found duplicate resource IDs twice")) << all[1];
  EXPECT_TRUE(has(all[2], "noApi is not a valid Kubernetes object: apiVersion field not found"))
      << all[2];
  EXPECT_TRUE(has(all[3], "references unknown identifiers: [zz]")) << all[3];
  EXPECT_TRUE(has(all[4], "cannot use externalRef with forEach")) << all[4];
}

TEST(ValidateAll, EveryLiteralOfATemplate) {
  auto text = rgd("      name: string\n", "", R"(    - id: d
      template:
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: d}
        spec:
          replicas: "three"
          bogus: true
          selector: "x-${schema.spec.name}"
          template:
            spec:
              containers:
                - {name: a, image: x, ports: [{containerPort: "80"}]}
)");
  auto all = lines(validate_rgd(must_read(text), typed()));
  // The templated selector is reported once, as a literal (not again as a type mismatch).
  ASSERT_EQ(all.size(), 4u) << ::testing::PrintToString(all);
  EXPECT_TRUE(has(all[0], "17: ") &&
              has(all[0], "expected integer type for path spec.replicas, got string"))
      << all[0];
  EXPECT_TRUE(has(all[1], "18: ") && has(all[1], "schema not found for field bogus")) << all[1];
  EXPECT_TRUE(has(all[2], "19: ") &&
              has(all[2], "expected object type for path spec.selector, got string"))
      << all[2];
  EXPECT_TRUE(has(all[3], "23: ") &&
              has(all[3],
                  "path spec.template.spec.containers[0].ports[0].containerPort, got "
                  "string"))
      << all[3];
  auto g = compile_rgd(must_read(text), typed());
  ASSERT_FALSE(g.ok());
  EXPECT_TRUE(has(g.error().message, "spec.replicas")) << g.error().message;
}

TEST(ValidateAll, AResourceCalledEachIsReportedOnce) {
  // `each` is reserved; reading it elsewhere is neither a missing DAG node nor undeclared.
  auto errors = validate_rgd(must_read(rgd("      name: string\n", "", R"(    - id: each
      template: {apiVersion: v1, kind: ConfigMap, metadata: {name: a}}
    - id: cm
      template: {apiVersion: v1, kind: ConfigMap, metadata: {name: "${each.metadata.name}"}}
)")),
                             typed());
  ASSERT_EQ(errors.size(), 1u) << ::testing::PrintToString(lines(errors));
  EXPECT_TRUE(has(errors[0].message, "id each is a reserved keyword")) << errors[0].message;
}

TEST(ValidateAll, EachOutsideACollectionIsReportedOnce) {
  // Upstream's DAG error ("node each does not exist"), not also an undeclared reference; and a
  // scan error is not also a literal of the wrong type.
  auto errors = validate_rgd(must_read(rgd("      name: string\n", "", R"(    - id: cm
      template:
        apiVersion: v1
        kind: Service
        metadata: {name: "${each.metadata.name}"}
        spec:
          ports:
            - port: ${schema.spec.name ${x}}
)")),
                             typed());
  auto all = lines(errors);
  ASSERT_EQ(all.size(), 2u) << ::testing::PrintToString(all);
  EXPECT_EQ(all[0], "15: failed to build dependency graph: node each does not exist");
  EXPECT_TRUE(has(all[1], "18: ") && has(all[1], "nested expressions are not allowed")) << all[1];
}

TEST(ValidateAll, ForEachProblemsDoNotCascadeToTheIterator) {
  auto errors = validate_rgd(must_read(rgd("      names: \"[]string\"\n      one: string\n", "",
                                           R"(    - id: cms
      forEach:
        - n: schema.spec.names
        - m: ${schema.spec.one}
      template:
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: "${n + m}"}
        data: {x: "${n.size()}"}
)")),
                             typed());
  auto all = lines(errors);
  ASSERT_EQ(all.size(), 2u) << ::testing::PrintToString(all);
  EXPECT_TRUE(has(all[0], "only standalone expressions are allowed")) << all[0];
  EXPECT_TRUE(has(all[1], "forEach iterator \"m\" must return a list, got \"string\"")) << all[1];
}

TEST(ValidateAll, ParserLimitPointsIntoTheExpression) {
  const std::string deep = std::string(260, '(') + "1" + std::string(260, ')');
  auto errors = validate_rgd(must_read(rgd("      name: string\n", "", R"(    - id: cm
      template:
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: x}
        data: {x: "${string()" + deep + R"()}"}
)")),
                             typed());
  ASSERT_EQ(errors.size(), 1u) << ::testing::PrintToString(lines(errors));
  const std::string& m = errors[0].message;
  EXPECT_FALSE(has(m, "-1:0")) << m;
  // At the token one level too deep: the expression and the call's argument are two levels, so
  // the 249th '(' of `deep`, column 7 + 249 + 1.
  EXPECT_TRUE(has(m, "ERROR: <input>:1:257: expression recursion limit exceeded: 250")) << m;
  EXPECT_EQ(errors[0].pos.line, 16);
}

TEST(ValidateAll, SingleProblemIsTheCompileError) {
  auto text = rgd("      name: string\n", "", R"(    - id: cm
      template:
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: "${schema.spec.nam}"}
)");
  auto errors = validate_rgd(must_read(text), typed());
  auto g = compile_rgd(must_read(text), typed());
  ASSERT_EQ(errors.size(), 1u);
  ASSERT_FALSE(g.ok());
  EXPECT_EQ(errors[0].message, g.error().message);
  EXPECT_EQ(errors[0].pos.line, g.error().pos.line);
  EXPECT_EQ(errors[0].pos.column, g.error().pos.column);
}

}  // namespace
}  // namespace kro::graph

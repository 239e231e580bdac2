// What lands in the objects and the status: typed standalone values, string templates,
// soft status resolution, author conditions, and errors with their resource, path and position.
#include <gtest/gtest.h>

#include "runtime/test_util.h"

namespace kro::runtime {
namespace {

using namespace testing;  // compile, doc, instance, messages, rgd, yaml

const char* const kSpec = R"(      replicas: integer | default=1
      ratio: float | default=0.5
      labels: "map[string]string"
      tags: "[]string"
      debug: boolean | default=false
)";

TEST(Values, StandaloneKeepsTheTypeTemplatesMakeStrings) {
  auto exe = compile(rgd(kSpec, R"(    - id: cm
      template:
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: app
          labels: ${schema.spec.labels}
        spec:
          replicas: ${schema.spec.replicas}
          paused: ${schema.spec.debug}
          ratio: ${schema.spec.ratio}
          tags: ${schema.spec.tags}
          summary: "x${string(schema.spec.replicas)}-${schema.spec.tags[0]}"
          nested: "${ {'a': [1, 2], 'b': {'c': true}} }"
)"));
  ASSERT_NE(exe, nullptr);
  Evaluation ev = evaluate(
      *exe, instance("{replicas: 3, ratio: 0.25, labels: {team: a}, tags: [x, y], debug: true}"),
      {});
  ASSERT_TRUE(ev.ok()) << messages(ev.errors);
  const Json& obj = *ev.nodes[0].desired[0].object;
  EXPECT_EQ(obj, yaml(R"(
apiVersion: apps/v1
kind: Deployment
metadata:
  name: app
  labels: {team: a}
  namespace: ns
spec:
  replicas: 3
  paused: true
  ratio: 0.25
  tags: [x, y]
  summary: x3-x
  nested: {a: [1, 2], b: {c: true}}
)"));
  EXPECT_TRUE(obj.at_pointer("/spec/replicas").is_int64());
  EXPECT_TRUE(obj.at_pointer("/spec/ratio").is_double());
  EXPECT_TRUE(obj.at_pointer("/spec/paused").is_bool());
}

TEST(Values, LiteralExpressionsInInstanceDataAreNotReparsed) {
  auto exe = compile(rgd("      text: string\n", R"(    - id: cm
      template:
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: c}
        data:
          text: ${schema.spec.text}
)"));
  ASSERT_NE(exe, nullptr);
  Evaluation ev = evaluate(*exe, instance("{text: '${schema.metadata.name}'}"), {});
  EXPECT_EQ(ev.nodes[0].desired[0].object->at_pointer("/data/text"),
            Json("${schema.metadata.name}"));
}

TEST(Values, InstanceStatusIsNotVisible) {
  auto exe = compile(rgd("      a: string\n", R"(    - id: cm
      template:
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: c}
        data:
          s: ${schema.status.x}
)"));
  ASSERT_NE(exe, nullptr);
  Evaluation ev = evaluate(*exe, doc(R"({apiVersion: kro.run/v1alpha1, kind: Test,
                                   metadata: {name: i, namespace: ns}, spec: {a: b},
                                   status: {x: leaked}})"),
                           {});
  EXPECT_EQ(ev.nodes[0].state, NodeState::kPending);
  EXPECT_NE(ev.nodes[0].reason.find("no such key: status"), std::string::npos)
      << ev.nodes[0].reason;
}

TEST(Values, EvaluationErrorsNameResourceFieldAndPosition) {
  auto exe = compile(rgd("      n: integer\n", R"(    - id: cm
      template:
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: c}
        data:
          ratio: ${string(100 / schema.spec.n)}
)"));
  ASSERT_NE(exe, nullptr);
  Evaluation ev = evaluate(*exe, instance("{n: 0}"), {});
  const NodeResult& cm = ev.nodes[0];
  EXPECT_EQ(cm.state, NodeState::kError);
  ASSERT_EQ(ev.errors.size(), 1u);
  const Error& e = ev.errors[0];
  EXPECT_EQ(e.path, "cm.data.ratio");
  EXPECT_EQ(e.message,
            "resource \"cm\" field data.ratio: expression \"${string(100 / schema.spec.n)}\": "
            "division by zero");
  EXPECT_EQ(e.pos.file, "rgd.yaml");
  EXPECT_EQ(e.pos.line, 18);
}

TEST(Values, ValuesWithoutJsonFormAreErrors) {
  auto exe = compile(rgd("      n: integer\n", R"(    - id: cm
      template:
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: c}
        data:
          b: ${b'bytes'}
)"));
  ASSERT_NE(exe, nullptr);
  Evaluation ev = evaluate(*exe, instance("{n: 1}"), {});
  EXPECT_EQ(ev.nodes[0].state, NodeState::kError);
  ASSERT_EQ(ev.errors.size(), 1u);
  EXPECT_EQ(ev.errors[0].path, "cm.data.b");
}

const char* const kStatusResources = R"(    - id: db
      template:
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: db}
    - id: cache
      template:
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: cache}
)";

TEST(Status, SoftResolutionKeepsWhatIsAvailable) {
  auto exe = compile(
      rgd("      n: integer | default=1\n", kStatusResources, R"(      dbName: ${db.metadata.name}
      endpoints:
        db: ${db.data.endpoint}
        cache: ${cache.data.endpoint}
      summary: "${db.metadata.name}+${cache.metadata.name}"
      name: ${schema.metadata.name}
      state: ${schema.metadata.name + '-x'}
)"));
  ASSERT_NE(exe, nullptr);
  Document inst = instance("{n: 1}");
  Evaluation ev = evaluate(*exe, inst, {});
  ASSERT_TRUE(ev.ok()) << messages(ev.errors);
  EXPECT_EQ(ev.status, yaml("{name: inst}"));
  EXPECT_EQ(ev.pending_status,
            (std::vector<std::string>{"dbName", "endpoints.db", "endpoints.cache", "summary"}));

  ObservedState seen;
  seen.set("db", doc("{apiVersion: v1, kind: ConfigMap, metadata: {name: db, namespace: ns}, "
                     "data: {endpoint: 'db:5432'}}"));
  ev = evaluate(*exe, inst, seen);
  ASSERT_TRUE(ev.ok()) << messages(ev.errors);
  // `state` is kro's: the projection is ignored.
  EXPECT_EQ(ev.status, yaml("{dbName: db, endpoints: {db: 'db:5432'}, name: inst}"));
  EXPECT_EQ(ev.pending_status, (std::vector<std::string>{"endpoints.cache", "summary"}));
}

TEST(Status, ErrorsAreReportedPerField) {
  auto exe = compile(
      rgd("      n: integer | default=1\n", kStatusResources, R"(      bad: ${db.metadata.name + 1}
      good: ${db.metadata.name}
)"));
  ASSERT_NE(exe, nullptr);
  ObservedState seen;
  seen.set("db", doc("{apiVersion: v1, kind: ConfigMap, metadata: {name: db, namespace: ns}}"));
  Evaluation ev = evaluate(*exe, instance("{n: 1}"), seen);
  EXPECT_EQ(ev.status, yaml("{good: db}"));
  ASSERT_EQ(ev.errors.size(), 1u);
  EXPECT_EQ(ev.errors[0].path, "status.bad");
  EXPECT_NE(ev.errors[0].message.find("no matching overload"), std::string::npos)
      << ev.errors[0].message;
}

}  // namespace
}  // namespace kro::runtime

namespace kro::runtime {
namespace {

// Author conditions written as maps with a condition's fields, which the runtime accepts like
// runtime.newCondition() results (conditions_test.cc covers the Runtime library itself).
const char* const kConditions = R"(      conditions:
        - "${ {'type': 'DbReady', 'status': db.data.ready == 'yes' ? 'True' : 'False', 'reason': 'Probe'} }"
        - "${ [{'type': 'A', 'status': 'True'}, {'type': 'B', 'status': 'Unknown', 'message': schema.metadata.name}] }"
        - "${ {'type': 'A', 'status': schema.spec.n > 0 ? 'True' : 'False'} }"
        - "${ {'type': 'Bad', 'status': 'Maybe', 'x': schema.metadata.name} }"
)";

TEST(Conditions, EvaluatedFlattenedDeduplicatedAndPending) {
  auto exe = compile(rgd("      n: integer | default=1\n", kStatusResources, kConditions));
  ASSERT_NE(exe, nullptr);
  Document inst = instance("{n: 1}");
  Evaluation ev = evaluate(*exe, inst, {});
  EXPECT_TRUE(ev.has_author_conditions);
  EXPECT_EQ(ev.status, Json(JsonObject()));  // conditions are not status fields
  EXPECT_EQ(ev.pending_conditions, std::vector<std::size_t>{0});  // db not observed yet
  // A appears twice: both dropped. Bad has an invalid status.
  ASSERT_EQ(ev.conditions.size(), 1u);
  EXPECT_EQ(ev.conditions[0].type, "B");
  EXPECT_EQ(ev.conditions[0].status, "Unknown");
  EXPECT_EQ(ev.conditions[0].message, "inst");
  EXPECT_EQ(ev.conditions[0].entry, 1u);
  ASSERT_EQ(ev.errors.size(), 2u) << messages(ev.errors);
  EXPECT_EQ(ev.errors[0].path, "status.conditions[3]");
  EXPECT_NE(ev.errors[0].message.find("must be one of True, False, Unknown (got \"Maybe\")"),
            std::string::npos)
      << ev.errors[0].message;
  EXPECT_EQ(ev.errors[1].message, "duplicate condition type(s) [A] dropped");

  ObservedState seen;
  seen.set("db", doc("{apiVersion: v1, kind: ConfigMap, metadata: {name: db, namespace: ns}, "
                     "data: {ready: 'yes'}}"));
  ev = evaluate(*exe, inst, seen);
  EXPECT_TRUE(ev.pending_conditions.empty());
  ASSERT_EQ(ev.conditions.size(), 2u);
  EXPECT_EQ(ev.conditions[0].type, "DbReady");
  EXPECT_EQ(ev.conditions[0].status, "True");
  EXPECT_EQ(ev.conditions[0].reason, "Probe");
}

}  // namespace
}  // namespace kro::runtime

// Ordering rules between nodes: readyWhen gating, contagious includeWhen, includeWhen reading
// resources, external references, namespace defaulting.
#include <gtest/gtest.h>

#include "runtime/test_util.h"

namespace kro::runtime {
namespace {

using namespace testing;  // compile, doc, instance, messages, rgd, yaml

const char* const kFlag = "      enabled: boolean | default=true\n";

Document configmap(std::string_view name, std::string_view data_flow) {
  return doc("{apiVersion: v1, kind: ConfigMap, metadata: {name: " + std::string(name) +
             ", namespace: ns}, data: " + std::string(data_flow) + "}");
}

TEST(Gating, ReadyWhenHoldsBackDependents) {
  auto exe = compile(rgd(kFlag, R"(    - id: db
      readyWhen:
        - ${db.data.phase == 'Ready'}
      template:
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: db}
    - id: app
      template:
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: app}
        data: {db: "${db.metadata.name}"}
)"));
  ASSERT_NE(exe, nullptr);
  Document inst = instance("{enabled: true}");
  ObservedState seen;

  // Not applied yet: upstream's words for a node without an observed object.
  Evaluation ev = evaluate(*exe, inst, seen);
  EXPECT_EQ(ev.nodes[0].readiness, Readiness::kNotObserved);
  EXPECT_EQ(ev.nodes[0].readiness_wait, "node \"db\": no observed state: waiting for readiness");
  EXPECT_EQ(ev.nodes[1].readiness_wait, "");  // pending, not resolved

  seen.set("db", configmap("db", "{}"));  // no phase yet: readyWhen data pending → not ready
  ev = evaluate(*exe, inst, seen);
  ASSERT_TRUE(ev.ok()) << messages(ev.errors);
  EXPECT_EQ(ev.nodes[0].readiness, Readiness::kNotReady);
  EXPECT_NE(ev.nodes[0].reason.find("no such key"), std::string::npos) << ev.nodes[0].reason;
  EXPECT_EQ(ev.nodes[0].readiness_wait,
            "node \"db\": failed to evaluate readyWhen expression: "
            "\"db.data.phase == 'Ready'\" (waiting for readiness)");
  EXPECT_EQ(ev.nodes[1].state, NodeState::kPending);
  EXPECT_EQ(ev.nodes[1].waiting_for, std::vector<std::string>{"db"});

  seen.set("db", configmap("db", "{phase: Starting}"));
  ev = evaluate(*exe, inst, seen);
  EXPECT_EQ(ev.nodes[0].readiness, Readiness::kNotReady);
  EXPECT_EQ(ev.nodes[0].reason,
            "readyWhen condition evaluated to false: ${db.data.phase == 'Ready'}");
  EXPECT_EQ(ev.nodes[0].readiness_wait,
            "readyWhen condition evaluated to false: \"db.data.phase == 'Ready'\" "
            "(waiting for readiness)");
  EXPECT_EQ(ev.nodes[1].state, NodeState::kPending);

  seen.set("db", configmap("db", "{phase: Ready}"));
  ev = evaluate(*exe, inst, seen);
  EXPECT_EQ(ev.nodes[0].readiness, Readiness::kReady);
  EXPECT_EQ(ev.nodes[0].readiness_wait, "");
  ASSERT_EQ(ev.nodes[1].state, NodeState::kResolved) << ev.nodes[1].reason;
  EXPECT_EQ(ev.nodes[1].desired[0].object->at_pointer("/data/db"), Json("db"));
}

TEST(Gating, ReadyWhenErrorIsReportedButTheObjectStaysResolved) {
  auto exe = compile(rgd(kFlag, R"(    - id: db
      readyWhen:
        - ${db.data.phase}
      template:
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: db}
)"));
  ASSERT_NE(exe, nullptr);
  ObservedState seen;
  seen.set("db", configmap("db", "{phase: Ready}"));
  Evaluation ev = evaluate(*exe, instance("{}"), seen);
  EXPECT_EQ(ev.nodes[0].state, NodeState::kResolved);
  EXPECT_EQ(ev.nodes[0].readiness, Readiness::kNotReady);
  ASSERT_EQ(ev.errors.size(), 1u);
  EXPECT_EQ(ev.errors[0].path, "db.readyWhen[0]");
  EXPECT_NE(ev.errors[0].message.find("must return a bool, got string"), std::string::npos)
      << ev.errors[0].message;
  EXPECT_EQ(ev.errors[0].pos.line, 14);  // where the readyWhen entry is written
}

TEST(Gating, IncludeWhenFalseIsContagious) {
  auto exe = compile(rgd(kFlag, R"(    - id: a
      includeWhen:
        - ${schema.spec.enabled}
      template:
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: a}
    - id: b
      template:
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: "${a.metadata.name}-b"}
    - id: c
      template:
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: "${b.metadata.name}-c"}
    - id: d
      template:
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: d}
)"));
  ASSERT_NE(exe, nullptr);
  Evaluation ev = evaluate(*exe, instance("{enabled: false}"), {});
  ASSERT_TRUE(ev.ok()) << messages(ev.errors);
  EXPECT_EQ(ev.ids_in(NodeState::kSkipped), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(ev.node("b")->reason, "dependency a is skipped");
  EXPECT_EQ(ev.node("c")->reason, "dependency b is skipped");
  EXPECT_EQ(ev.node("d")->state, NodeState::kResolved);

  ev = evaluate(*exe, instance("{enabled: true}"), {});
  EXPECT_EQ(ev.node("a")->state, NodeState::kResolved);
  EXPECT_EQ(ev.node("b")->state, NodeState::kPending);
  EXPECT_EQ(ev.node("c")->state, NodeState::kPending);
}

TEST(Gating, IncludeWhenReadingAResourceWaitsForIt) {
  auto exe = compile(rgd(kFlag, R"(    - id: flags
      template:
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: flags}
    - id: extra
      includeWhen:
        - ${flags.data.extra == 'on'}
      template:
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: extra}
)"));
  ASSERT_NE(exe, nullptr);
  Document inst = instance("{}");
  Evaluation ev = evaluate(*exe, inst, {});
  EXPECT_EQ(ev.node("extra")->state, NodeState::kPending);  // pending, not skipped
  EXPECT_EQ(ev.node("extra")->reason, "includeWhen waits for flags to be ready");

  ObservedState seen;
  seen.set("flags", configmap("flags", "{}"));  // the key is absent: data pending
  ev = evaluate(*exe, inst, seen);
  EXPECT_EQ(ev.node("extra")->state, NodeState::kPending);
  EXPECT_TRUE(ev.ok()) << messages(ev.errors);

  seen.set("flags", configmap("flags", "{extra: 'off'}"));
  EXPECT_EQ(evaluate(*exe, inst, seen).node("extra")->state, NodeState::kSkipped);
  seen.set("flags", configmap("flags", "{extra: 'on'}"));
  EXPECT_EQ(evaluate(*exe, inst, seen).node("extra")->state, NodeState::kResolved);
}

TEST(Gating, ExternalRefIsPendingUntilObserved) {
  auto exe = compile(rgd("      configName: string | default=platform\n", R"(    - id: platform
      externalRef:
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: ${schema.spec.configName}
    - id: app
      template:
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: app}
        data:
          region: ${platform.data.region}
)"));
  ASSERT_NE(exe, nullptr);
  Document inst = instance("{configName: shared}");
  Evaluation ev = evaluate(*exe, inst, {});
  ASSERT_TRUE(ev.ok()) << messages(ev.errors);
  const NodeResult& ext = *ev.node("platform");
  EXPECT_EQ(ext.type, graph::NodeType::kExternal);
  ASSERT_EQ(ext.state, NodeState::kResolved);
  EXPECT_EQ(ext.readiness, Readiness::kNotObserved);
  // The reference to read, namespace defaulted to the instance's.
  EXPECT_EQ(ext.desired[0].identity.str(), "/v1/ConfigMap/ns/shared");
  EXPECT_EQ(ev.node("app")->state, NodeState::kPending);

  ObservedState seen;
  seen.set("platform", configmap("shared", "{region: eu-west-1}"));
  ev = evaluate(*exe, inst, seen);
  EXPECT_EQ(ev.node("platform")->readiness, Readiness::kReady);
  ASSERT_EQ(ev.node("app")->state, NodeState::kResolved);
  EXPECT_EQ(ev.node("app")->desired[0].object->at_pointer("/data/region"), Json("eu-west-1"));
}

TEST(Gating, ExternalCollectionBindsTheListAsObserved) {
  auto exe = compile(rgd(kFlag, R"(    - id: peers
      externalRef:
        apiVersion: v1
        kind: ConfigMap
        metadata:
          selector:
            matchLabels: {team: a}
    - id: app
      template:
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: app}
        data:
          peers: ${string(size(peers))}
)"));
  ASSERT_NE(exe, nullptr);
  Document inst = instance("{}");
  Evaluation ev = evaluate(*exe, inst, {});
  EXPECT_EQ(ev.node("peers")->type, graph::NodeType::kExternalCollection);
  EXPECT_EQ(ev.node("peers")->readiness, Readiness::kNotObserved);
  // The reference to LIST: the selector at the top, no namespace (every namespace, as upstream;
  // a name's namespace is the instance's, above).
  EXPECT_EQ(*ev.node("peers")->desired.at(0).object,
            testing::yaml(R"({apiVersion: v1, kind: ConfigMap, metadata: {},
                              selector: {matchLabels: {team: a}}})"));
  EXPECT_EQ(ev.node("app")->state, NodeState::kPending);

  ObservedState seen;
  seen.set_items("peers", {});  // listed, nothing matched: complete and ready
  ev = evaluate(*exe, inst, seen);
  EXPECT_EQ(ev.node("app")->desired.at(0).object->at_pointer("/data/peers"), Json("0"));
  seen.set_items("peers", {configmap("x", "{}"), configmap("y", "{}")});
  ev = evaluate(*exe, inst, seen);
  EXPECT_EQ(ev.node("app")->desired.at(0).object->at_pointer("/data/peers"), Json("2"));
}

TEST(Gating, ClusterScopedInstanceNeedsExplicitNamespaces) {
  const char* const resources = R"(    - id: scoped
      template:
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: cfg
          namespace: ${schema.spec.target}
    - id: bare
      template:
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: bare}
)";
  auto exe = compile(rgd("      target: string\n", resources, "", "Cluster"));
  ASSERT_NE(exe, nullptr);
  Evaluation ev = evaluate(*exe, instance("{target: team-a}", true), {});
  EXPECT_EQ(ev.node("scoped")->desired.at(0).identity.namespace_, "team-a");
  const NodeResult& bare = *ev.node("bare");
  EXPECT_EQ(bare.state, NodeState::kError);
  ASSERT_EQ(ev.errors.size(), 1u);
  EXPECT_EQ(ev.errors[0].message,
            "resource \"bare\": namespaced ConfigMap must resolve metadata.namespace when the "
            "instance is cluster-scoped");
}

TEST(Gating, DiscoveryDecidesTheScope) {
  ExecutableOptions options;
  options.namespaced = [](std::string_view, std::string_view kind) -> std::optional<bool> {
    if (kind == "ClusterRole") return false;
    return std::nullopt;
  };
  auto exe = compile(rgd(kFlag, R"(    - id: role
      template:
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: "${schema.metadata.name}-reader"}
)"),
                     options);
  ASSERT_NE(exe, nullptr);
  Evaluation ev = evaluate(*exe, instance("{}"), {});
  ASSERT_TRUE(ev.ok()) << messages(ev.errors);
  EXPECT_EQ(ev.nodes[0].desired[0].identity.str(),
            "rbac.authorization.k8s.io/v1/ClusterRole//inst-reader");
  EXPECT_EQ(ev.nodes[0].desired[0].object->at_pointer("/metadata"),
            testing::yaml("{name: inst-reader}"));
}

TEST(Gating, TwoNodesRenderingTheSameObjectConflict) {
  auto exe = compile(rgd(kFlag, R"(    - id: first
      template:
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: same}
    - id: second
      template:
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: same, namespace: ns}
)"));
  ASSERT_NE(exe, nullptr);
  Evaluation ev = evaluate(*exe, instance("{}"), {});
  EXPECT_EQ(ev.node("first")->state, NodeState::kResolved);
  EXPECT_EQ(ev.node("second")->state, NodeState::kError);
  ASSERT_EQ(ev.errors.size(), 1u);
  EXPECT_EQ(ev.errors[0].message, "resourceID: second conflicts with resourceID: first");
}

}  // namespace
}  // namespace kro::runtime

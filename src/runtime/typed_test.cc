// Typed executables (the checker's programs over the built-in Kubernetes schemas): observed
// objects are bound the way the schema types them, as Kubernetes' CEL does — `format: byte`
// strings are bytes (base64-decoded), `date-time`/`date` strings are timestamps, `duration`
// strings are durations — so the overloads the checker chose apply at run time.
#include <gtest/gtest.h>

#include "runtime/test_util.h"

namespace kro::runtime {
namespace {

using namespace testing;  // compile, doc, instance, messages, rgd, yaml

TEST(Typed, SecretDataIsBytes) {
  auto exe = compile(rgd("      key: string | default=password\n", R"(    - id: creds
      externalRef:
        apiVersion: v1
        kind: Secret
        metadata: {name: creds}
    - id: cm
      template:
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: cm}
        data:
          password: ${string(creds.data[schema.spec.key])}
          size: ${string(size(creds.data.password))}
)"),
                     {}, true);
  ASSERT_NE(exe, nullptr);
  ObservedState seen;
  seen.set("creds", doc(R"({apiVersion: v1, kind: Secret, type: Opaque,
                            metadata: {name: creds, namespace: ns,
                                       creationTimestamp: "2026-01-02T03:04:05Z"},
                            data: {password: aHVudGVyMg==}})"));
  Evaluation ev = evaluate(*exe, instance("{key: password}"), seen);
  ASSERT_TRUE(ev.ok()) << messages(ev.errors);
  ASSERT_EQ(ev.node("cm")->state, NodeState::kResolved) << ev.node("cm")->reason;
  EXPECT_EQ(ev.node("cm")->desired[0].object->at_pointer("/data"),
            testing::yaml("{password: hunter2, size: '7'}"));
}

TEST(Typed, DateTimesAreTimestamps) {
  auto exe = compile(rgd("      n: integer | default=1\n", R"(    - id: dep
      template:
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: d}
        spec:
          selector: {matchLabels: {a: b}}
          template:
            metadata: {labels: {a: b}}
            spec: {containers: [{name: c, image: i}]}
)",
                         R"(      createdYear: ${dep.metadata.creationTimestamp.getFullYear()}
      age: ${string(dep.status.conditions[0].lastUpdateTime - dep.metadata.creationTimestamp)}
      created: ${dep.metadata.creationTimestamp}
)"),
                     {}, true);
  ASSERT_NE(exe, nullptr);
  ObservedState seen;
  seen.set("dep", doc(R"({apiVersion: apps/v1, kind: Deployment,
                          metadata: {name: d, namespace: ns, creationTimestamp: "2026-01-02T03:04:05Z"},
                          status: {conditions: [{type: Available, status: "True",
                                                 lastUpdateTime: "2026-01-02T03:05:05Z"}]}})"));
  Evaluation ev = evaluate(*exe, instance("{n: 1}"), seen);
  ASSERT_TRUE(ev.ok()) << messages(ev.errors);
  EXPECT_EQ(ev.status, testing::yaml(R"({createdYear: 2026, age: 60s,
                                        created: "2026-01-02T03:04:05Z"})"));
}

}  // namespace
}  // namespace kro::runtime

// The project's seed example end to end (testdata/seed-application.yaml): an Application
// instance rendered into a Deployment, a Service and an optional Ingress, one observation at a
// time, as the instance controller drives it.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <thread>

#include "runtime/test_util.h"

namespace kro::runtime {
namespace {

using testing::compile;
using testing::doc;
using testing::messages;
using testing::yaml;

std::string seed_rgd() {
  std::ifstream in(std::string(KRO_RUNTIME_TESTDATA) + "/seed-application.yaml");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The instance as the API server stores it (CRD defaults applied).
Document instance(bool ingress) {
  return doc(std::string(R"(
apiVersion: kro.run/v1alpha1
kind: Application
metadata: {name: my-application-instance, namespace: default, uid: u-1}
spec:
  name: my-awesome-app
  image: nginx
  port: 80
  ingress: {enabled: )") +
             (ingress ? "true" : "false") + "}\n");
}

// What the API server returns for the applied Deployment once the controller made it available.
Document live_deployment() {
  return doc(R"(
apiVersion: apps/v1
kind: Deployment
metadata: {name: my-awesome-app, namespace: default, uid: d-1}
spec:
  replicas: 3
  selector: {matchLabels: {app: my-awesome-app}}
status:
  availableReplicas: 3
  conditions: [{type: Available, status: "True"}]
)");
}

Document live_service() {
  return doc(R"(
apiVersion: v1
kind: Service
metadata: {name: my-awesome-app-service, namespace: default}
spec:
  clusterIP: 10.0.0.7
  selector: {app: my-awesome-app}
  ports: [{protocol: TCP, port: 80, targetPort: 80}]
)");
}

// Untyped (programs planned from source) and typed (the checker's programs, built-in schemas).
class Seed : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override {
    exe_ = compile(seed_rgd(), {}, GetParam());
    ASSERT_NE(exe_, nullptr);
    if (GetParam()) {
      ASSERT_TRUE(exe_->compiled().typed);
    }
  }
  std::shared_ptr<const Executable> exe_;
};

TEST_P(Seed, NothingObservedRendersOnlyTheDeployment) {
  Evaluation ev = evaluate(*exe_, instance(true), {});
  ASSERT_TRUE(ev.ok()) << messages(ev.errors);
  ASSERT_EQ(ev.nodes.size(), 3u);
  EXPECT_EQ(ev.nodes[0].id, "deployment");
  EXPECT_EQ(ev.nodes[1].id, "service");
  EXPECT_EQ(ev.nodes[2].id, "ingress");

  const NodeResult& d = ev.nodes[0];
  ASSERT_EQ(d.state, NodeState::kResolved) << d.reason;
  EXPECT_EQ(d.readiness, Readiness::kNotObserved);
  ASSERT_EQ(d.desired.size(), 1u);
  EXPECT_EQ(*d.desired[0].object, yaml(R"(
apiVersion: apps/v1
kind: Deployment
metadata: {name: my-awesome-app, namespace: default}
spec:
  replicas: 3
  selector:
    matchLabels: {app: my-awesome-app}
  template:
    metadata:
      labels: {app: my-awesome-app}
    spec:
      containers:
        - name: my-awesome-app
          image: nginx
          ports:
            - containerPort: 80
)"));
  // A standalone integer stays an integer.
  EXPECT_TRUE(d.desired[0]
                  .object->at_pointer("/spec/template/spec/containers/0/ports/0/containerPort")
                  .is_int64());
  EXPECT_EQ(d.desired[0].identity.str(), "apps/v1/Deployment/default/my-awesome-app");

  EXPECT_EQ(ev.nodes[1].state, NodeState::kPending);
  EXPECT_EQ(ev.nodes[1].waiting_for, std::vector<std::string>{"deployment"});
  EXPECT_EQ(ev.nodes[1].reason, "waiting for deployment to be ready");
  EXPECT_EQ(ev.nodes[2].state, NodeState::kPending);
  EXPECT_EQ(ev.nodes[2].waiting_for, std::vector<std::string>{"service"});

  // Soft status: nothing to read yet, so nothing projected.
  EXPECT_EQ(ev.status, Json(JsonObject()));
  EXPECT_EQ(ev.pending_status,
            (std::vector<std::string>{"deploymentConditions", "availableReplicas"}));
  EXPECT_FALSE(ev.all_resolved());
  EXPECT_EQ(ev.ids_in(NodeState::kPending), (std::vector<std::string>{"service", "ingress"}));
}

TEST_P(Seed, ObservedDeploymentResolvesTheServiceAndTheStatus) {
  ObservedState seen;
  seen.set("deployment", live_deployment());
  Evaluation ev = evaluate(*exe_, instance(true), seen);
  ASSERT_TRUE(ev.ok()) << messages(ev.errors);
  EXPECT_EQ(ev.nodes[0].readiness, Readiness::kReady);
  EXPECT_EQ(ev.nodes[0].desired[0].observed, *seen.object("deployment"));

  const NodeResult& s = ev.nodes[1];
  ASSERT_EQ(s.state, NodeState::kResolved) << s.reason;
  // The selector object is inserted whole, the port keeps its type.
  EXPECT_EQ(*s.desired[0].object, yaml(R"(
apiVersion: v1
kind: Service
metadata: {name: my-awesome-app-service, namespace: default}
spec:
  selector: {app: my-awesome-app}
  ports:
    - protocol: TCP
      port: 80
      targetPort: 80
)"));
  EXPECT_EQ(s.readiness, Readiness::kNotObserved);
  EXPECT_EQ(ev.nodes[2].state, NodeState::kPending);

  EXPECT_EQ(ev.status, yaml(R"(
deploymentConditions: [{type: Available, status: "True"}]
availableReplicas: 3
)"));
  EXPECT_TRUE(ev.pending_status.empty());
}

TEST_P(Seed, EverythingObservedRendersTheIngress) {
  ObservedState seen;
  seen.set("deployment", live_deployment());
  seen.set("service", live_service());
  Evaluation ev = evaluate(*exe_, instance(true), seen);
  ASSERT_TRUE(ev.ok()) << messages(ev.errors);
  const NodeResult& i = ev.nodes[2];
  ASSERT_EQ(i.state, NodeState::kResolved) << i.reason;
  EXPECT_EQ(*i.desired[0].object, yaml(R"(
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: my-awesome-app-ingress, namespace: default}
spec:
  rules:
    - http:
        paths:
          - path: "/"
            pathType: Prefix
            backend:
              service:
                name: my-awesome-app-service
                port: {number: 80}
)"));
  EXPECT_TRUE(ev.all_resolved());
  EXPECT_FALSE(ev.all_ready());  // the Ingress itself is not observed yet

  seen.set("ingress", doc(R"({apiVersion: networking.k8s.io/v1, kind: Ingress,
                              metadata: {name: my-awesome-app-ingress, namespace: default}})"));
  EXPECT_TRUE(evaluate(*exe_, instance(true), seen).all_ready());
}

TEST_P(Seed, IngressDisabledIsSkipped) {
  ObservedState seen;
  seen.set("deployment", live_deployment());
  seen.set("service", live_service());
  Evaluation ev = evaluate(*exe_, instance(false), seen);
  ASSERT_TRUE(ev.ok()) << messages(ev.errors);
  const NodeResult& i = ev.nodes[2];
  EXPECT_EQ(i.state, NodeState::kSkipped);
  EXPECT_TRUE(i.desired.empty());
  EXPECT_EQ(i.reason, "includeWhen[0] is false: ${schema.spec.ingress.enabled}");
  EXPECT_TRUE(ev.all_resolved());
  EXPECT_TRUE(ev.all_ready());  // skipped counts as ready
}

TEST_P(Seed, ExecutableIsSharedAcrossInstances) {
  // One executable, two instances with different names: no state leaks between calls.
  Document other = doc(R"(
apiVersion: kro.run/v1alpha1
kind: Application
metadata: {name: other, namespace: team-b}
spec: {name: other-app, image: "httpd:2", port: 8080, ingress: {enabled: false}}
)");
  Evaluation a = evaluate(*exe_, instance(true), {});
  Evaluation b = evaluate(*exe_, other, {});
  EXPECT_EQ(a.nodes[0].desired[0].identity.str(), "apps/v1/Deployment/default/my-awesome-app");
  EXPECT_EQ(b.nodes[0].desired[0].identity.str(), "apps/v1/Deployment/team-b/other-app");
  EXPECT_EQ(b.nodes[0].desired[0].object->at_pointer("/spec/template/spec/containers/0/image"),
            Json("httpd:2"));
  EXPECT_EQ(b.nodes[2].state, NodeState::kSkipped);
}

}  // namespace
}  // namespace kro::runtime

namespace kro::runtime {
namespace {

INSTANTIATE_TEST_SUITE_P(Runtime, Seed, ::testing::Values(false, true),
                         [](const ::testing::TestParamInfo<bool>& info) {
                           return info.param ? "Typed" : "Untyped";
                         });

TEST(Offline, DesiredObjectsStandInForObservedOnes) {
  auto exe = testing::compile(seed_rgd());
  ASSERT_NE(exe, nullptr);
  Evaluation ev = evaluate_offline(*exe, instance(true));
  ASSERT_TRUE(ev.ok()) << testing::messages(ev.errors);
  EXPECT_TRUE(ev.all_resolved());
  EXPECT_TRUE(ev.all_ready());
  EXPECT_EQ(ev.nodes[2].desired[0].object->at_pointer(
                "/spec/rules/0/http/paths/0/backend/service/port/number"),
            Json(80));
  // Status comes from the cluster only: still pending, and named.
  EXPECT_EQ(ev.status, Json(JsonObject()));
  EXPECT_EQ(ev.pending_status,
            (std::vector<std::string>{"deploymentConditions", "availableReplicas"}));

  // A given observation wins over the stand-in.
  ObservedState seen;
  seen.set("deployment", live_deployment());
  ev = evaluate_offline(*exe, instance(true), seen);
  EXPECT_EQ(ev.status.at("availableReplicas"), Json(3));
}

TEST(Concurrency, WorkersShareOneExecutable) {
  // The controller's workers evaluate different instances against one executable at once.
  auto exe = testing::compile(seed_rgd(), {}, true);
  ASSERT_NE(exe, nullptr);
  ObservedState seen;
  seen.set("deployment", live_deployment());
  seen.set("service", live_service());
  const Json want = *evaluate(*exe, instance(true), seen).nodes[2].desired.at(0).object;
  std::vector<int> mismatches(4, 0);
  std::vector<std::thread> workers;
  for (std::size_t w = 0; w < mismatches.size(); ++w) {
    workers.emplace_back([&, w] {
      for (int i = 0; i < 200; ++i) {
        Evaluation ev = evaluate(*exe, instance(true), seen);
        if (ev.nodes[2].desired.empty() || *ev.nodes[2].desired[0].object != want) {
          ++mismatches[w];
        }
      }
    });
  }
  for (auto& t : workers) t.join();
  EXPECT_EQ(mismatches, std::vector<int>(4, 0));
}

}  // namespace
}  // namespace kro::runtime

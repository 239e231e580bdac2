// The seed Application RGD end to end on a real cluster, with the DynamicController driven
// directly: creation (Deployment, Service, Ingress with kro's labels; ACTIVE once the Deployment
// is Available), ingress toggled off (pruned) and on, image change, a child deleted by hand and
// restored, a steady state without writes, a controller restart, and deletion in reverse
// apply-order waves (Ingress, Service, Deployment) before the finalizer goes.
#include <unistd.h>

#include <cstdio>
#include <map>
#include <vector>

#include "controller/applyset.h"
#include "controller/dynamic_controller.h"
#include "controller/labels.h"
#include "e2e_env.h"

namespace kro::controller {
namespace {

using namespace e2e;
using kube::GroupVersionResource;

const GroupVersionResource kDeployments{"apps", "v1", "deployments"};
const GroupVersionResource kServices{"", "v1", "services"};
const GroupVersionResource kIngresses{"networking.k8s.io", "v1", "ingresses"};
const GroupVersionResource kApps{"e2e.instctl.kro.run", "v1alpha1", "seedapps"};

// The seed example's RGD under a kind and group of this test's own.
constexpr std::string_view kRgd = R"(
apiVersion: kro.run/v1alpha1
kind: ResourceGraphDefinition
metadata:
  name: instctl-seed
spec:
  schema:
    apiVersion: v1alpha1
    kind: SeedApp
    group: e2e.instctl.kro.run
    spec:
      name: string
      image: string | default="nginx"
      port: integer | default=80
      ingress:
        enabled: boolean | default=false
    status:
      deploymentConditions: ${deployment.status.conditions}
      availableReplicas: ${deployment.status.availableReplicas}
  resources:
    - id: deployment
      template:
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: ${schema.spec.name}
        spec:
          replicas: 3
          selector:
            matchLabels:
              app: ${schema.spec.name}
          template:
            metadata:
              labels:
                app: ${schema.spec.name}
            spec:
              containers:
                - name: ${schema.spec.name}
                  image: ${schema.spec.image}
                  ports:
                    - containerPort: ${schema.spec.port}
    - id: service
      template:
        apiVersion: v1
        kind: Service
        metadata:
          name: ${schema.spec.name}-service
        spec:
          selector: ${deployment.spec.selector.matchLabels}
          ports:
            - protocol: TCP
              port: ${schema.spec.port}
              targetPort: ${schema.spec.port}
    - id: ingress
      includeWhen:
        - ${schema.spec.ingress.enabled}
      template:
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: ${schema.spec.name}-ingress
        spec:
          rules:
            - http:
                paths:
                  - path: "/"
                    pathType: Prefix
                    backend:
                      service:
                        name: ${service.metadata.name}
                        port:
                          number: ${service.spec.ports[0].port}
)";

class SeedE2E : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    client_ = connect().release();
    ASSERT_NE(client_, nullptr);
    auto exe = install_rgd(*client_, kRgd, "e2e-rgd-uid");
    ASSERT_NE(exe, nullptr);
    executable_ = new std::shared_ptr<const runtime::Executable>(exe);
    ns_ = "instctl-e2e-" + std::to_string(::getpid());
    ASSERT_TRUE(create_namespace(*client_, ns_));
  }

  static void TearDownTestSuite() {
    if (client_ == nullptr) return;
    (void)client_->remove(kNamespaces, "", ns_);
    delete client_;
    client_ = nullptr;
    delete executable_;
    executable_ = nullptr;
  }

  void start_controller() {
    DynamicController::Options o;
    o.workers = 2;
    dc_ = std::make_unique<DynamicController>(*client_, o);
    dc_->register_kind(kApps, *executable_, {"instctl-seed", "e2e-rgd-uid"});
    dc_->start();
    ASSERT_TRUE(eventually([&] { return dc_->has_synced(kApps); }, 30s));
  }

  void TearDown() override {
    if (dc_) dc_->stop();
  }

  static Json instance(const std::string& name, const std::string& app, bool ingress,
                       const std::string& image = "nginx") {
    return json(
        R"({"apiVersion":"e2e.instctl.kro.run/v1alpha1","kind":"SeedApp","metadata":{"name":")" +
        name + R"(","namespace":")" + ns_ + R"("},"spec":{"name":")" + app + R"(","image":")" +
        image + R"(","ingress":{"enabled":)" + (ingress ? "true" : "false") + "}}}");
  }

  static Json get(const GroupVersionResource& gvr, const std::string& name) {
    auto r = client_->get(gvr, ns_, name);
    return r.ok() ? *r : Json();
  }
  static bool exists(const GroupVersionResource& gvr, const std::string& name) {
    return client_->get(gvr, ns_, name).ok();
  }
  static void set_instance(const Json& obj) {
    auto r = client_->apply(kApps, ns_, obj, {.field_manager = "instctl-e2e-user", .force = true});
    ASSERT_TRUE(r.ok()) << r.error().str();
  }

  static inline kube::RestClient* client_ = nullptr;
  static inline std::shared_ptr<const runtime::Executable>* executable_ = nullptr;
  static inline std::string ns_;
  std::unique_ptr<DynamicController> dc_;
};

TEST_F(SeedE2E, CreateToggleDriftSteadyRestartDelete) {
  start_controller();
  auto t0 = std::chrono::steady_clock::now();
  set_instance(instance("app1", "web1", true));

  // Created, labelled, ACTIVE once the Deployment is Available.
  ASSERT_TRUE(eventually([&] {
    return exists(kDeployments, "web1") && exists(kServices, "web1-service") &&
           exists(kIngresses, "web1-ingress");
  })) << "children not created";
  ASSERT_TRUE(
      eventually([&] { return str_at(get(kApps, "app1"), "status.state") == "ACTIVE"; }, 120s))
      << to_pretty_json(get(kApps, "app1"));
  auto to_active = std::chrono::steady_clock::now() - t0;
  auto created = dc_->metrics();
  // Figures for docs/controller.md: how fast and at what write cost an instance converges.
  std::printf(
      "seed instance ACTIVE after %lld ms: %llu reconciles, %llu applies, %llu skipped, "
      "%llu status writes\n",
      static_cast<long long>(
          std::chrono::duration_cast<std::chrono::milliseconds>(to_active).count()),
      static_cast<unsigned long long>(created.reconciles),
      static_cast<unsigned long long>(created.applies),
      static_cast<unsigned long long>(created.applies_skipped),
      static_cast<unsigned long long>(created.status_writes));
  Json inst = get(kApps, "app1");
  Json dep = get(kDeployments, "web1");
  std::string id = applyset_id_of(inst);
  EXPECT_EQ(label_of(inst, kApplySetIdLabel), id);
  EXPECT_EQ(label_of(inst, kRgdNameLabel), "instctl-seed");
  EXPECT_EQ(annotation_of(inst, kApplySetGroupKindsAnnotation),
            "Deployment.apps,Ingress.networking.k8s.io,Service");
  EXPECT_TRUE(validate_parent_inventory(inst).ok());
  EXPECT_EQ(label_of(dep, kApplySetPartOfLabel), id);
  EXPECT_EQ(label_of(dep, kNodeIdLabel), "deployment");
  EXPECT_EQ(label_of(dep, kInstanceIdLabel), str_at(inst, "metadata.uid"));
  EXPECT_EQ(label_of(dep, kManagedByLabel), "kro");
  EXPECT_EQ(annotation_of(dep, kApplyOrderAnnotation), "1");
  EXPECT_EQ(annotation_of(get(kIngresses, "web1-ingress"), kApplyOrderAnnotation), "3");
  // The Deployment has no readyWhen, so ACTIVE comes at once; the projected status follows the
  // Deployment's own status as kwok's pods become ready (child watch events, no polling).
  ASSERT_TRUE(eventually(
      [&] {
        Json app = get(kApps, "app1");
        const Json* avail = find_path(app, "status.availableReplicas");
        return avail != nullptr && deep_equal(*avail, Json(3));
      },
      120s))
      << to_pretty_json(get(kApps, "app1"));
  inst = get(kApps, "app1");
  const Json* conds = find_path(inst, "status.conditions");
  ASSERT_NE(conds, nullptr);
  EXPECT_EQ(str_at(conds->as_array().back(), "type"), "Ready");
  EXPECT_EQ(str_at(conds->as_array().back(), "status"), "True");

  // Steady state: nothing changes, nothing is written. First wait for the last writes' echoes
  // to settle (a 2 s window without a write; fails if none comes), then watch 4 s more.
  auto writes = [&] {
    auto m = dc_->metrics();
    return std::vector<std::uint64_t>{m.applies, m.status_writes, m.deletes};
  };
  ASSERT_TRUE(eventually(
      [&] {
        auto first = writes();
        std::this_thread::sleep_for(2s);
        return writes() == first;
      },
      60s));
  auto before = dc_->metrics();
  std::this_thread::sleep_for(4s);
  auto after = dc_->metrics();
  EXPECT_EQ(after.applies, before.applies);
  EXPECT_EQ(after.status_writes, before.status_writes);
  EXPECT_EQ(after.deletes, before.deletes);
  std::printf("steady state, 4 s: %llu reconciles, %llu applies, %llu status writes\n",
              static_cast<unsigned long long>(after.reconciles - before.reconciles),
              static_cast<unsigned long long>(after.applies - before.applies),
              static_cast<unsigned long long>(after.status_writes - before.status_writes));

  // Ingress off: pruned; on: back.
  set_instance(instance("app1", "web1", false));
  ASSERT_TRUE(eventually([&] { return !exists(kIngresses, "web1-ingress"); }));
  EXPECT_TRUE(eventually([&] {
    return annotation_of(get(kApps, "app1"), kApplySetGroupKindsAnnotation) ==
           "Deployment.apps,Service";
  }));
  set_instance(instance("app1", "web1", true));
  ASSERT_TRUE(eventually([&] { return exists(kIngresses, "web1-ingress"); }));

  // Image change reaches the Deployment.
  set_instance(instance("app1", "web1", true, "httpd"));
  ASSERT_TRUE(eventually([&] {
    Json d = get(kDeployments, "web1");
    const Json* cs = find_path(d, "spec.template.spec.containers");
    return cs != nullptr && cs->is_array() && !cs->as_array().empty() &&
           str_at(cs->as_array()[0], "image") == "httpd";
  }));

  // A child deleted by hand comes back; a field edited by hand is restored.
  ASSERT_TRUE(client_->remove(kServices, ns_, "web1-service").ok());
  EXPECT_TRUE(eventually([&] {
    Json svc = get(kServices, "web1-service");
    return !svc.is_null() && find_path(svc, "metadata.deletionTimestamp") == nullptr &&
           label_of(svc, kNodeIdLabel) == "service";
  }));
  ASSERT_TRUE(
      client_
          ->patch(kDeployments, ns_, "web1", kube::PatchType::kMerge, R"({"spec":{"replicas":1}})")
          .ok());
  EXPECT_TRUE(eventually([&] {
    Json d = get(kDeployments, "web1");
    const Json* r = find_path(d, "spec.replicas");
    return r != nullptr && deep_equal(*r, Json(3));
  }));

  // Restart: a new controller takes over; nothing is duplicated, changes made meanwhile land.
  dc_->stop();
  dc_.reset();
  set_instance(instance("app1", "web1", false, "httpd"));
  start_controller();
  ASSERT_TRUE(eventually([&] { return !exists(kIngresses, "web1-ingress"); }));
  auto deps = client_->list(kDeployments, ns_,
                            {.label_selector = std::string(kApplySetPartOfLabel) + "=" + id});
  ASSERT_TRUE(deps.ok());
  EXPECT_EQ(deps->as_object().at("items").as_array().size(), 1U);
  set_instance(instance("app1", "web1", true, "httpd"));
  ASSERT_TRUE(eventually([&] { return exists(kIngresses, "web1-ingress"); }));
  ASSERT_TRUE(
      eventually([&] { return str_at(get(kApps, "app1"), "status.state") == "ACTIVE"; }, 120s));

  // Deletion: Ingress, then Service, then Deployment, then the instance itself.
  ASSERT_TRUE(client_->remove(kApps, ns_, "app1").ok());
  std::map<std::string, int> gone_at;
  int tick = 0;
  ASSERT_TRUE(eventually(
      [&] {
        ++tick;
        for (auto [gvr, name] :
             {std::pair{kIngresses, "web1-ingress"}, std::pair{kServices, "web1-service"},
              std::pair{kDeployments, "web1"}}) {
          if (gone_at.count(name) == 0 && !exists(gvr, name)) gone_at[name] = tick;
        }
        return !exists(kApps, "app1");
      },
      60s));
  ASSERT_EQ(gone_at.size(), 3U);
  EXPECT_LE(gone_at["web1-ingress"], gone_at["web1-service"]);
  EXPECT_LE(gone_at["web1-service"], gone_at["web1"]);
}

}  // namespace
}  // namespace kro::controller

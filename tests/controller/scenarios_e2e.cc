// Instance scenarios end to end through the real kro-controller binary (started once for the
// suite) on the full local control plane of $KRO_E2E_KUBECONFIG: cluster-scoped instances,
// children in another namespace, two instances claiming one object, nested RGDs, an invalid RGD
// next to serving instances, and externalRef by selector. Each case has its own kinds under a
// group unique to this run and ConfigMap children, so nothing waits on Pods.
#include <curl/curl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <thread>

#include "controller_process.h"
#include "e2e_support.h"
#include "kube/config.h"
#include "kube/rest_client.h"
#include "schema/pluralize.h"
#include "value/yaml.h"

namespace kro::e2e {
namespace {

using namespace std::chrono_literals;
using kube::GroupVersionResource;
using ::testing::HasSubstr;

// GET http://127.0.0.1:<port><path>: the body of a 200 answer, else "". (libcurl is linked through
// kro_kube already.)
std::string http_get(int port, const std::string& path) {
  CURL* curl = curl_easy_init();
  if (curl == nullptr) return {};
  std::string body;
  std::string url = "http://127.0.0.1:" + std::to_string(port) + path;
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, 10L);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &body);
  curl_easy_setopt(
      curl, CURLOPT_WRITEFUNCTION, +[](char* data, size_t size, size_t n, void* out) -> size_t {
        static_cast<std::string*>(out)->append(data, size * n);
        return size * n;
      });
  long status = 0;
  bool ok = curl_easy_perform(curl) == CURLE_OK &&
            curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status) == CURLE_OK && status == 200;
  curl_easy_cleanup(curl);
  return ok ? body : std::string();
}

bool eventually(const std::function<bool()>& pred, std::chrono::milliseconds timeout = 30s) {
  return wait_until(pred, timeout);
}

std::string label_of(const Json& obj, std::string_view key) {
  const Json* labels = find_path(obj, "metadata.labels");
  if (labels == nullptr || !labels->is_object()) return {};
  const Json* v = labels->as_object().if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
}

// Every condition message of an object, one per line (for failure output and substring checks).
std::string condition_messages(const Json& obj) {
  std::string out;
  const Json* conds = find_path(obj, "status.conditions");
  if (conds == nullptr || !conds->is_array()) return out;
  for (const Json& c : conds->as_array()) {
    out += str_at(c, "type") + "=" + str_at(c, "status") + ": " + str_at(c, "message") + "\n";
  }
  return out;
}

// `show` of the condition of `type` in obj's status, "<none>" without a condition list and
// "<absent>" without that type.
std::string condition_summary(const Json& obj, std::string_view type,
                              const std::function<std::string(const Json&)>& show) {
  const Json* list = find_path(obj, "status.conditions");
  if (list == nullptr || !list->is_array()) return "<none>";
  for (const auto& c : list->as_array()) {
    if (str_at(c, "type") == type) return show(c);
  }
  return "<absent>";
}

class ScenariosE2E : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    connect_and_install_rgd_crd(client_, KRO_RGD_CRD, "scenarios-e2e");
    if (HasFatalFailure()) return;

    run_ = "p" + std::to_string(::getpid());
    group_ = run_ + ".scenarios.kro.run";
    ns_ = "scen-" + run_;
    other_ns_ = "scen-" + run_ + "-other";
    for (const auto& n : {ns_, other_ns_}) {
      auto created = client_->create(
          kNamespaces, "",
          parse_json(R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":")" + n + "\"}}")
              .value());
      ASSERT_TRUE(created.ok()) << created.error().str();
    }

    // A short safety-net requeue, so that waits on data the informers cannot announce stay short.
    // Condition Events and condition metrics are upstream's alpha gates, off by default.
    start_controller(
        controller_, KRO_CONTROLLER_BIN,
        {"--dynamic-controller-concurrent-reconciles", "4", "--instance-requeue-interval", "1s",
         "--feature-gates", "InstanceConditionEvents=true,InstanceConditionMetrics=true",
         "--log-level", "debug"},
        "/tmp/scenarios-e2e-" + run_ + ".log", ports_);
  }

  static void TearDownTestSuite() {
    stop_controller(controller_);
    if (client_ != nullptr) {
      (void)client_->remove(kNamespaces, "", ns_);
      (void)client_->remove(kNamespaces, "", other_ns_);
      delete client_;
      client_ = nullptr;
    }
  }

  void TearDown() override {
    if (HasFailure() && controller_ != nullptr) {
      std::cerr << "--- kro-controller log (tail) ---\n" << controller_->log_tail() << "\n";
    }
  }

  // The RGD text with NAME/GROUP/NS/OTHER substituted.
  static Json rgd(const std::string& name, std::string text) {
    text = replace_all(text, "NAME", name);
    text = replace_all(text, "GROUP", group_);
    text = replace_all(text, "OTHERNS", other_ns_);
    auto doc = parse_yaml(text, name + ".yaml");
    EXPECT_TRUE(doc.ok()) << doc.error().str();
    return doc.ok() ? doc->value : Json();
  }

  static std::string name(const std::string& suffix) { return "scen-" + run_ + "-" + suffix; }

  static void apply_rgd(const Json& obj) {
    auto r = client_->apply(kRgds, "", obj,
                            {.field_manager = "scenarios-e2e", .force = true, .dry_run = false});
    ASSERT_TRUE(r.ok()) << r.error().str();
  }

  static Json get_rgd(const std::string& n) {
    auto r = client_->get(kRgds, "", n);
    return r.ok() ? *r : Json();
  }

  static bool rgd_active(const std::string& n) {
    return str_at(get_rgd(n), "status.state") == "Active";
  }

  static GroupVersionResource instances(std::string_view kind) {
    return {group_, "v1alpha1", schema::kind_plural(kind)};
  }

  // Creates an instance of `kind`; `ns` empty for a cluster-scoped kind.
  static void create_instance(std::string_view kind, const std::string& ns,
                              const std::string& iname, const std::string& spec_json) {
    std::string text = R"({"apiVersion":")" + group_ + R"(/v1alpha1","kind":")" +
                       std::string(kind) + R"(","metadata":{"name":")" + iname + R"("},"spec":)" +
                       spec_json + "}";
    auto r = client_->create(instances(kind), ns, parse_json(text).value());
    ASSERT_TRUE(r.ok()) << r.error().str();
  }

  static Json get_instance(std::string_view kind, const std::string& ns, const std::string& n) {
    auto r = client_->get(instances(kind), ns, n);
    return r.ok() ? *r : Json();
  }

  static bool instance_active(std::string_view kind, const std::string& ns, const std::string& n) {
    return str_at(get_instance(kind, ns, n), "status.state") == "ACTIVE";
  }

  static Json get_cm(const std::string& ns, const std::string& n) {
    auto r = client_->get(kConfigMaps, ns, n);
    return r.ok() ? *r : Json();
  }

  static std::string cm_data(const std::string& ns, const std::string& n, std::string_view key) {
    Json cm = get_cm(ns, n);
    if (cm.is_null()) return "<absent>";
    return str_at(cm, "data." + std::string(key));
  }

  static void create_cm(const std::string& ns, const std::string& n, const std::string& labels,
                        const std::string& value) {
    std::string text = R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":")" + n +
                       R"(","labels":)" + labels + R"(},"data":{"value":")" + value + "\"}}";
    auto r = client_->create(kConfigMaps, ns, parse_json(text).value());
    ASSERT_TRUE(r.ok()) << r.error().str();
  }

  // Deletes instances (the controller removes their finalizers), then the RGD; waits for both.
  static void delete_all(std::string_view kind, const std::string& ns,
                         const std::vector<std::string>& inst, const std::string& rgd_name) {
    for (const auto& i : inst) (void)client_->remove(instances(kind), ns, i);
    EXPECT_TRUE(eventually([&] {
      for (const auto& i : inst) {
        if (client_->get(instances(kind), ns, i).ok()) return false;
      }
      return true;
    })) << "instances of "
        << kind << " not deleted";
    (void)client_->remove(kRgds, "", rgd_name);
    EXPECT_TRUE(eventually([&] { return get_rgd(rgd_name).is_null(); }))
        << "RGD " << rgd_name << " kept its finalizer";
  }

  static inline kube::RestClient* client_ = nullptr;
  static inline ControllerProcess* controller_ = nullptr;
  static inline std::string run_, group_, ns_, other_ns_;
  static inline ControllerProcess::ServedPorts ports_{};
};

// A cluster-scoped kind: the instance has no namespace, its namespaced child names one
// explicitly; deleting the instance deletes the child.
TEST_F(ScenariosE2E, ClusterScopedInstanceManagesANamespacedChild) {
  const std::string n = name("cluster");
  apply_rgd(rgd(n, R"(
apiVersion: kro.run/v1alpha1
kind: ResourceGraphDefinition
metadata:
  name: NAME
spec:
  schema:
    apiVersion: v1alpha1
    kind: ClusterThing
    group: GROUP
    scope: Cluster
    spec:
      target: string
    status:
      uid: ${config.metadata.uid}
  resources:
    - id: config
      template:
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: ${schema.metadata.name}
          namespace: ${schema.spec.target}
        data:
          owner: ${schema.metadata.name}
)"));
  ASSERT_TRUE(eventually([&] { return rgd_active(n); })) << get_rgd(n);
  auto crd = client_->get(kCrds, "", schema::kind_plural("ClusterThing") + "." + group_);
  ASSERT_TRUE(crd.ok()) << crd.error().str();
  EXPECT_EQ(str_at(*crd, "spec.scope"), "Cluster");

  const std::string iname = n + "-i";
  create_instance("ClusterThing", "", iname, R"({"target":")" + ns_ + "\"}");
  ASSERT_TRUE(eventually([&] { return instance_active("ClusterThing", "", iname); }))
      << get_instance("ClusterThing", "", iname);
  Json cm = get_cm(ns_, iname);
  ASSERT_FALSE(cm.is_null());
  EXPECT_EQ(str_at(cm, "data.owner"), iname);
  EXPECT_EQ(label_of(cm, "kro.run/instance-name"), iname);
  EXPECT_TRUE(eventually([&] {
    return str_at(get_instance("ClusterThing", "", iname), "status.uid") ==
           str_at(cm, "metadata.uid");
  })) << "status projected from the child";

  delete_all("ClusterThing", "", {iname}, n);
  EXPECT_TRUE(eventually([&] { return get_cm(ns_, iname).is_null(); }))
      << "the child outlived its cluster-scoped instance";
}

// A namespaced instance whose child lives in another namespace: created there, restored there
// after a manual delete, deleted with the instance.
TEST_F(ScenariosE2E, ChildInAnotherNamespaceIsManagedAndRestored) {
  const std::string n = name("crossns");
  apply_rgd(rgd(n, R"(
apiVersion: kro.run/v1alpha1
kind: ResourceGraphDefinition
metadata:
  name: NAME
spec:
  schema:
    apiVersion: v1alpha1
    kind: CrossNs
    group: GROUP
    spec:
      value: string
  resources:
    - id: local
      template:
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: ${schema.metadata.name + "-local"}
        data:
          value: ${schema.spec.value}
    - id: remote
      template:
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: ${schema.metadata.name + "-remote"}
          namespace: OTHERNS
        data:
          value: ${local.data.value}
)"));
  ASSERT_TRUE(eventually([&] { return rgd_active(n); })) << get_rgd(n);
  const std::string iname = n + "-i";
  create_instance("CrossNs", ns_, iname, R"({"value":"v1"})");
  ASSERT_TRUE(eventually([&] { return instance_active("CrossNs", ns_, iname); }))
      << get_instance("CrossNs", ns_, iname);
  EXPECT_EQ(cm_data(ns_, iname + "-local", "value"), "v1");
  EXPECT_EQ(cm_data(other_ns_, iname + "-remote", "value"), "v1");
  EXPECT_TRUE(get_cm(ns_, iname + "-remote").is_null()) << "child applied in the wrong namespace";

  // Drift in the other namespace is corrected.
  ASSERT_TRUE(client_->remove(kConfigMaps, other_ns_, iname + "-remote").ok());
  EXPECT_TRUE(eventually([&] { return cm_data(other_ns_, iname + "-remote", "value") == "v1"; }))
      << "the child in the other namespace was not restored";

  delete_all("CrossNs", ns_, {iname}, n);
  EXPECT_TRUE(eventually([&] { return get_cm(other_ns_, iname + "-remote").is_null(); }))
      << "the child in the other namespace outlived its instance";
  EXPECT_TRUE(get_cm(ns_, iname + "-local").is_null());
}

// A child whose instance-group label and data are edited in one update (upstream's suite does
// this through a client that rewrites the label) is still found by its former owner, which
// restores both: upstream routes child events by name, not by the labels the edit changed.
TEST_F(ScenariosE2E, ChildWithEditedInstanceLabelsIsRestored) {
  const std::string n = name("relabel");
  apply_rgd(rgd(n, R"(
apiVersion: kro.run/v1alpha1
kind: ResourceGraphDefinition
metadata:
  name: NAME
spec:
  schema:
    apiVersion: v1alpha1
    kind: Relabel
    group: GROUP
    spec:
      value: string
  resources:
    - id: cm
      template:
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: ${schema.metadata.name}
        data:
          value: ${schema.spec.value}
)"));
  ASSERT_TRUE(eventually([&] { return rgd_active(n); })) << get_rgd(n);
  const std::string iname = n + "-i";
  create_instance("Relabel", ns_, iname, R"({"value":"v1"})");
  ASSERT_TRUE(eventually([&] { return cm_data(ns_, iname, "value") == "v1"; }))
      << get_instance("Relabel", ns_, iname);
  auto patched = client_->patch(
      kConfigMaps, ns_, iname, kube::PatchType::kMerge,
      R"({"metadata":{"labels":{"kro.run/instance-group":"elsewhere.invalid"}},"data":{"value":"drift"}})");
  ASSERT_TRUE(patched.ok()) << patched.error().str();
  EXPECT_TRUE(eventually([&] { return cm_data(ns_, iname, "value") == "v1"; }))
      << "the edited child was not restored: " << get_cm(ns_, iname);
  EXPECT_TRUE(eventually([&] {
    Json cm = get_cm(ns_, iname);  // find_path points into it
    const Json* g = find_path(cm, "metadata.labels");
    g = g != nullptr && g->is_object() ? g->as_object().if_contains("kro.run/instance-group")
                                       : nullptr;
    return g != nullptr && g->is_string() && g->as_string() == group_;
  })) << "the instance-group label was not restored: "
      << get_cm(ns_, iname);
  delete_all("Relabel", ns_, {iname}, n);
}

// A resource whose data never arrives keeps the instance IN_PROGRESS with upstream's words for
// it: the reconcile is waiting for an unresolved resource, named with why.
TEST_F(ScenariosE2E, DataPendingIsReportedAsAnUnresolvedResource) {
  const std::string n = name("pending");
  apply_rgd(rgd(n, R"(
apiVersion: kro.run/v1alpha1
kind: ResourceGraphDefinition
metadata:
  name: NAME
spec:
  schema:
    apiVersion: v1alpha1
    kind: Pending
    group: GROUP
    spec:
      value: string
  resources:
    - id: first
      template:
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: ${schema.metadata.name + "-first"}
        data:
          value: ${schema.spec.value}
    - id: second
      template:
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: ${schema.metadata.name + "-second"}
        data:
          value: ${first.data.missing}
)"));
  ASSERT_TRUE(eventually([&] { return rgd_active(n); })) << get_rgd(n);
  const std::string iname = n + "-i";
  create_instance("Pending", ns_, iname, R"({"value":"v1"})");
  const std::string want =
      "ResourcesReady=False: resource reconciliation failed: waiting for unresolved resource: "
      "node \"second\": ";
  EXPECT_TRUE(eventually([&] {
    Json inst = get_instance("Pending", ns_, iname);
    return str_at(inst, "status.state") == "IN_PROGRESS" &&
           condition_messages(inst).find(want) != std::string::npos;
  })) << condition_messages(get_instance("Pending", ns_, iname));
  EXPECT_EQ(cm_data(ns_, iname + "-first", "value"), "v1");
  EXPECT_TRUE(get_cm(ns_, iname + "-second").is_null());
  delete_all("Pending", ns_, {iname}, n);
}

// A resource removed from the definition is pruned while another one is applied but never
// ready: as upstream, prune waits only for unresolved, terminating or failed resources.
TEST_F(ScenariosE2E, RemovedResourceIsPrunedWhileAnotherIsNotReady) {
  const std::string n = name("prunenr");
  const std::string head = R"(
apiVersion: kro.run/v1alpha1
kind: ResourceGraphDefinition
metadata:
  name: NAME
spec:
  schema:
    apiVersion: v1alpha1
    kind: PruneNotReady
    group: GROUP
    spec:
      value: string
  resources:
    - id: gate
      readyWhen:
        - ${gate.data.ready == "yes"}
      template:
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: ${schema.metadata.name + "-gate"}
        data:
          ready: "no"
)";
  const std::string retired = R"(    - id: retired
      template:
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: ${schema.metadata.name + "-retired"}
        data:
          value: ${schema.spec.value}
)";
  apply_rgd(rgd(n, head + retired));
  ASSERT_TRUE(eventually([&] { return rgd_active(n); })) << get_rgd(n);
  const std::string iname = n + "-i";
  create_instance("PruneNotReady", ns_, iname, R"({"value":"v1"})");
  ASSERT_TRUE(eventually([&] { return cm_data(ns_, iname + "-retired", "value") == "v1"; }))
      << condition_messages(get_instance("PruneNotReady", ns_, iname));
  apply_rgd(rgd(n, head));  // `retired` removed; `gate` never becomes ready
  EXPECT_TRUE(eventually([&] { return get_cm(ns_, iname + "-retired").is_null(); }))
      << "not pruned: " << condition_messages(get_instance("PruneNotReady", ns_, iname));
  EXPECT_FALSE(get_cm(ns_, iname + "-gate").is_null()) << "a declared resource was pruned";
  EXPECT_EQ(str_at(get_instance("PruneNotReady", ns_, iname), "status.state"), "IN_PROGRESS");
  delete_all("PruneNotReady", ns_, {iname}, n);
}

// Items of a collection whose update the API server refuses (an immutable ConfigMap) still
// exist, so the status that counts the collection counts them, as upstream's does.
TEST_F(ScenariosE2E, CollectionItemsWhoseUpdateFailsStayObserved) {
  const std::string n = name("immut");
  apply_rgd(rgd(n, R"(
apiVersion: kro.run/v1alpha1
kind: ResourceGraphDefinition
metadata:
  name: NAME
spec:
  schema:
    apiVersion: v1alpha1
    kind: Immut
    group: GROUP
    spec:
      items: "[]string"
      value: string
    status:
      count: ${string(size(cms))}
  resources:
    - id: cms
      forEach:
        - entry: ${schema.spec.items}
      template:
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: ${schema.metadata.name + "-" + entry}
        immutable: true
        data:
          value: ${schema.spec.value}
)"));
  ASSERT_TRUE(eventually([&] { return rgd_active(n); })) << get_rgd(n);
  const std::string iname = n + "-i";
  create_instance("Immut", ns_, iname, R"({"items":["a","b"],"value":"v1"})");
  ASSERT_TRUE(eventually([&] {
    return str_at(get_instance("Immut", ns_, iname), "status.count") == "2";
  })) << get_instance("Immut", ns_, iname);
  auto patched = client_->patch(instances("Immut"), ns_, iname, kube::PatchType::kMerge,
                                R"({"spec":{"items":["a","b","c"],"value":"v2"}})");
  ASSERT_TRUE(patched.ok()) << patched.error().str();
  EXPECT_TRUE(eventually([&] { return cm_data(ns_, iname + "-c", "value") == "v2"; }));
  EXPECT_TRUE(eventually([&] {
    return str_at(get_instance("Immut", ns_, iname), "status.count") == "3";
  })) << condition_messages(get_instance("Immut", ns_, iname))
      << str_at(get_instance("Immut", ns_, iname), "status.count");
  EXPECT_EQ(cm_data(ns_, iname + "-a", "value"), "v1");  // refused: immutable
  delete_all("Immut", ns_, {iname}, n);
}

// Dependents resolved in the reconcile that changes an existing object see it as it was before
// that apply, as upstream's do (it resolves every node from what it read before applying):
// `b`, added beside a changed `summary`, is created with the old count; so when `a` is removed
// later, the refused updates of the immutable items settle on values `b` holds and `a` is
// pruned (upstream's collection_test.go, "deep chaining with scale up and scale down").
TEST_F(ScenariosE2E, DependentsSeeTheStateReadBeforeTheApply) {
  const std::string n = name("preapply");
  apply_rgd(rgd(n, R"(
apiVersion: kro.run/v1alpha1
kind: ResourceGraphDefinition
metadata:
  name: NAME
spec:
  schema:
    apiVersion: v1alpha1
    kind: PreApply
    group: GROUP
    spec:
      items: "[]string"
  resources:
    - id: summary
      template:
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: ${schema.metadata.name + "-summary"}
        data:
          count: ${string(size(schema.spec.items))}
    - id: cms
      forEach:
        - entry: ${schema.spec.items}
      template:
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: ${schema.metadata.name + "-" + entry}
        immutable: true
        data:
          count: ${summary.data.count}
)"));
  ASSERT_TRUE(eventually([&] { return rgd_active(n); })) << get_rgd(n);
  const std::string iname = n + "-i";
  create_instance("PreApply", ns_, iname, R"({"items":["a"]})");
  ASSERT_TRUE(eventually([&] { return cm_data(ns_, iname + "-a", "count") == "1"; }))
      << condition_messages(get_instance("PreApply", ns_, iname));
  auto up = client_->patch(instances("PreApply"), ns_, iname, kube::PatchType::kMerge,
                           R"({"spec":{"items":["a","b"]}})");
  ASSERT_TRUE(up.ok()) << up.error().str();
  ASSERT_TRUE(eventually([&] { return cm_data(ns_, iname + "-summary", "count") == "2"; }));
  ASSERT_TRUE(eventually([&] { return !get_cm(ns_, iname + "-b").is_null(); }));
  EXPECT_EQ(cm_data(ns_, iname + "-b", "count"), "1") << "b saw the summary as applied";
  auto down = client_->patch(instances("PreApply"), ns_, iname, kube::PatchType::kMerge,
                             R"({"spec":{"items":["b"]}})");
  ASSERT_TRUE(down.ok()) << down.error().str();
  EXPECT_TRUE(eventually([&] { return get_cm(ns_, iname + "-a").is_null(); }))
      << "a not pruned: " << condition_messages(get_instance("PreApply", ns_, iname));
  EXPECT_EQ(cm_data(ns_, iname + "-summary", "count"), "1");
  delete_all("PreApply", ns_, {iname}, n);
}

// Author conditions (schema.status.conditions) replace kro's in the instance's list; they may
// compute their status from resources and read kro's own conditions with runtime.condition, which
// sees what the same reconcile settled (Ready included), not a stale value.
TEST_F(ScenariosE2E, AuthorConditionsReadResourcesAndKrosOwnConditions) {
  const std::string n = name("conds");
  apply_rgd(rgd(n, R"(
apiVersion: kro.run/v1alpha1
kind: ResourceGraphDefinition
metadata:
  name: NAME
spec:
  schema:
    apiVersion: v1alpha1
    kind: Conditioned
    group: GROUP
    spec:
      value: string
    status:
      conditions:
        - '${runtime.newCondition({type: "Configured", status: cm.data.value == "on" ? "True" : "False", reason: "ValueSet", message: "value " + cm.data.value})}'
        - '${runtime.newCondition({type: "Serving", status: runtime.condition(schema, "Ready").status, reason: "FollowsReady"})}'
  resources:
    - id: cm
      template:
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: ${schema.metadata.name + "-cm"}
        data:
          value: ${schema.spec.value}
)"));
  ASSERT_TRUE(eventually([&] { return rgd_active(n); })) << get_rgd(n);
  const std::string iname = n + "-i";
  auto condition_of = [&](const std::string& type) {
    return condition_summary(get_instance("Conditioned", ns_, iname), type, [](const Json& c) {
      return str_at(c, "status") + "/" + str_at(c, "reason");
    });
  };
  create_instance("Conditioned", ns_, iname, R"({"value":"on"})");
  ASSERT_TRUE(eventually([&] { return instance_active("Conditioned", ns_, iname); }))
      << get_instance("Conditioned", ns_, iname);
  EXPECT_TRUE(eventually([&] { return condition_of("Configured") == "True/ValueSet"; }))
      << condition_of("Configured");
  EXPECT_TRUE(eventually([&] { return condition_of("Serving") == "True/FollowsReady"; }))
      << "Serving follows Ready: " << condition_of("Serving");
  EXPECT_EQ(condition_of("Ready"), "<absent>") << "author conditions replace kro's in the list";
  // kro's own condition transitions are still reported, as Kubernetes Events on the instance.
  EXPECT_TRUE(eventually([&] {
    auto events = client_->list(GroupVersionResource{"", "v1", "events"}, ns_);
    if (!events.ok()) return false;
    const Json* items = find_path(*events, "items");
    if (items == nullptr || !items->is_array()) return false;
    for (const auto& e : items->as_array()) {
      if (str_at(e, "involvedObject.name") == iname && str_at(e, "reason") == "Ready") return true;
    }
    return false;
  })) << "no Ready event on the instance";

  ASSERT_TRUE(client_
                  ->patch(instances("Conditioned"), ns_, iname, kube::PatchType::kMerge,
                          R"({"spec":{"value":"off"}})")
                  .ok());
  EXPECT_TRUE(eventually([&] { return condition_of("Configured") == "False/ValueSet"; }))
      << condition_of("Configured");

  delete_all("Conditioned", ns_, {iname}, n);
}

// A child that waits on its readyWhen: the instance says why in upstream's words, and turns ACTIVE
// once another writer makes the expression true.
TEST_F(ScenariosE2E, ReadinessWaitIsReportedInUpstreamsWords) {
  const std::string n = name("ready");
  apply_rgd(rgd(n, R"(
apiVersion: kro.run/v1alpha1
kind: ResourceGraphDefinition
metadata:
  name: NAME
spec:
  schema:
    apiVersion: v1alpha1
    kind: Gated
    group: GROUP
    spec:
      value: string
  resources:
    - id: gate
      readyWhen:
        - ${gate.data.?phase.orValue("") == "Ready"}
      template:
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: ${schema.metadata.name + "-gate"}
        data:
          value: ${schema.spec.value}
)"));
  ASSERT_TRUE(eventually([&] { return rgd_active(n); })) << get_rgd(n);
  const std::string iname = n + "-i";
  create_instance("Gated", ns_, iname, R"({"value":"x"})");
  const std::string want =
      "resource reconciliation failed: apply results contain errors: waiting for node \"gate\": "
      "readyWhen condition evaluated to false: \"gate.data.?phase.orValue(\\\"\\\") == "
      "\\\"Ready\\\"\" (waiting for readiness)";
  auto message_of = [&](const std::string& type) {
    return condition_summary(get_instance("Gated", ns_, iname), type, [](const Json& c) {
      return str_at(c, "reason") + ": " + str_at(c, "message");
    });
  };
  EXPECT_TRUE(eventually([&] { return message_of("ResourcesReady") == "NotReady: " + want; }))
      << message_of("ResourcesReady");
  EXPECT_EQ(message_of("Ready"), "NotReady: " + want);
  EXPECT_EQ(str_at(get_instance("Gated", ns_, iname), "status.state"), "IN_PROGRESS");

  ASSERT_TRUE(client_
                  ->patch(kConfigMaps, ns_, iname + "-gate", kube::PatchType::kMerge,
                          R"({"data":{"phase":"Ready"}})")
                  .ok());
  EXPECT_TRUE(eventually([&] { return instance_active("Gated", ns_, iname); }))
      << condition_messages(get_instance("Gated", ns_, iname));
  delete_all("Gated", ns_, {iname}, n);
}

// Two instances render the same ConfigMap: the first owns it, the second reports the conflict
// and never overwrites it; once the first is gone the object goes with it.
TEST_F(ScenariosE2E, TwoInstancesClaimingOneObjectConflictWithoutOverwriting) {
  const std::string n = name("claim");
  apply_rgd(rgd(n, R"(
apiVersion: kro.run/v1alpha1
kind: ResourceGraphDefinition
metadata:
  name: NAME
spec:
  schema:
    apiVersion: v1alpha1
    kind: Claimer
    group: GROUP
    spec:
      target: string
  resources:
    - id: shared
      template:
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: ${schema.spec.target}
        data:
          owner: ${schema.metadata.name}
)"));
  ASSERT_TRUE(eventually([&] { return rgd_active(n); })) << get_rgd(n);
  const std::string target = n + "-shared";
  const std::string first = n + "-first", second = n + "-second";
  create_instance("Claimer", ns_, first, R"({"target":")" + target + "\"}");
  ASSERT_TRUE(eventually([&] { return instance_active("Claimer", ns_, first); }))
      << get_instance("Claimer", ns_, first);
  std::string rv = str_at(get_cm(ns_, target), "metadata.resourceVersion");

  create_instance("Claimer", ns_, second, R"({"target":")" + target + "\"}");
  EXPECT_TRUE(eventually([&] {
    return condition_messages(get_instance("Claimer", ns_, second)).find("belongs to ApplySet") !=
           std::string::npos;
  })) << condition_messages(get_instance("Claimer", ns_, second));
  Json second_obj = get_instance("Claimer", ns_, second);
  EXPECT_NE(str_at(second_obj, "status.state"), "ACTIVE");
  const Json* ready = condition(second_obj, "Ready");
  ASSERT_NE(ready, nullptr);
  EXPECT_EQ(str_at(*ready, "status"), "False");
  // Give the second instance a few reconciles (1 s requeue): the object is untouched.
  std::this_thread::sleep_for(2500ms);
  Json cm = get_cm(ns_, target);
  EXPECT_EQ(str_at(cm, "data.owner"), first);
  EXPECT_EQ(str_at(cm, "metadata.resourceVersion"), rv) << "the shared object was written";
  EXPECT_EQ(label_of(cm, "kro.run/instance-name"), first);
  EXPECT_TRUE(instance_active("Claimer", ns_, first));

  // Deleting the losing instance must not delete the object it never owned.
  (void)client_->remove(instances("Claimer"), ns_, second);
  EXPECT_TRUE(eventually([&] { return get_instance("Claimer", ns_, second).is_null(); }));
  EXPECT_EQ(cm_data(ns_, target, "owner"), first) << "the loser deleted the winner's object";

  delete_all("Claimer", ns_, {first}, n);
  EXPECT_TRUE(eventually([&] { return get_cm(ns_, target).is_null(); }));
}

// An RGD whose resource is an instance of another RGD's kind: the outer instance creates the
// inner instance, which creates the ConfigMap; readiness flows back up; deletion goes down.
TEST_F(ScenariosE2E, NestedRgdInstantiatesAnotherRgdsKind) {
  // The outer RGD first, as a user applying both files at once may: it names a kind that does
  // not exist yet, so it is rejected (typed like upstream), and accepted once the inner RGD's
  // CRD exists; its instance then gets every status field.
  const std::string inner = name("inner"), outer = name("outer");
  apply_rgd(rgd(outer, R"(
apiVersion: kro.run/v1alpha1
kind: ResourceGraphDefinition
metadata:
  name: NAME
spec:
  schema:
    apiVersion: v1alpha1
    kind: OuterWhole
    group: GROUP
    spec:
      value: string
    status:
      innerState: ${part.status.state}
      stored: ${part.status.stored}
  resources:
    - id: part
      readyWhen:
        - ${part.status.state == "ACTIVE"}
      template:
        apiVersion: GROUP/v1alpha1
        kind: InnerPart
        metadata:
          name: ${schema.metadata.name + "-part"}
        spec:
          value: ${schema.spec.value}
)"));
  ASSERT_TRUE(eventually([&] {
    Json o = get_rgd(outer);
    const Json* ga = condition(o, "GraphAccepted");
    return ga != nullptr && str_at(*ga, "status") == "False";
  })) << get_rgd(outer);
  EXPECT_THAT(str_at(*condition(get_rgd(outer), "GraphAccepted"), "message"),
              HasSubstr("\": schema not found"));  // the group-version or the kind
  apply_rgd(rgd(inner, R"(
apiVersion: kro.run/v1alpha1
kind: ResourceGraphDefinition
metadata:
  name: NAME
spec:
  schema:
    apiVersion: v1alpha1
    kind: InnerPart
    group: GROUP
    spec:
      value: string
    status:
      stored: ${config.data.value}
  resources:
    - id: config
      template:
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: ${schema.metadata.name + "-cm"}
        data:
          value: ${schema.spec.value}
)"));
  ASSERT_TRUE(eventually([&] { return rgd_active(inner); })) << get_rgd(inner);
  ASSERT_TRUE(eventually([&] { return rgd_active(outer); })) << condition_messages(get_rgd(outer));

  const std::string iname = outer + "-i";
  create_instance("OuterWhole", ns_, iname, R"({"value":"deep"})");
  ASSERT_TRUE(eventually([&] { return instance_active("OuterWhole", ns_, iname); }))
      << get_instance("OuterWhole", ns_, iname);
  EXPECT_TRUE(instance_active("InnerPart", ns_, iname + "-part"));
  EXPECT_EQ(cm_data(ns_, iname + "-part-cm", "value"), "deep");
  EXPECT_TRUE(eventually([&] {
    Json o = get_instance("OuterWhole", ns_, iname);
    return str_at(o, "status.innerState") == "ACTIVE" && str_at(o, "status.stored") == "deep";
  })) << get_instance("OuterWhole", ns_, iname);

  // A change flows down both levels.
  auto patched = client_->patch(instances("OuterWhole"), ns_, iname, kube::PatchType::kMerge,
                                R"({"spec":{"value":"deeper"}})");
  ASSERT_TRUE(patched.ok()) << patched.error().str();
  EXPECT_TRUE(eventually([&] { return cm_data(ns_, iname + "-part-cm", "value") == "deeper"; }));

  delete_all("OuterWhole", ns_, {iname}, outer);
  EXPECT_TRUE(eventually([&] {
    return get_instance("InnerPart", ns_, iname + "-part").is_null() &&
           get_cm(ns_, iname + "-part-cm").is_null();
  })) << "the inner instance or its ConfigMap outlived the outer instance";
  delete_all("InnerPart", ns_, {}, inner);
}

// An RGD that fails to compile is reported and serves nothing, while the instances of a valid
// RGD keep being reconciled (drift restored, spec changes applied).
TEST_F(ScenariosE2E, InvalidRgdLeavesOtherInstancesServing) {
  const std::string good = name("good"), bad = name("bad");
  apply_rgd(rgd(good, R"(
apiVersion: kro.run/v1alpha1
kind: ResourceGraphDefinition
metadata:
  name: NAME
spec:
  schema:
    apiVersion: v1alpha1
    kind: Survivor
    group: GROUP
    spec:
      value: string
  resources:
    - id: config
      template:
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: ${schema.metadata.name}
        data:
          value: ${schema.spec.value}
)"));
  ASSERT_TRUE(eventually([&] { return rgd_active(good); })) << get_rgd(good);
  const std::string iname = good + "-i";
  create_instance("Survivor", ns_, iname, R"({"value":"before"})");
  ASSERT_TRUE(eventually([&] { return instance_active("Survivor", ns_, iname); }));

  apply_rgd(rgd(bad, R"(
apiVersion: kro.run/v1alpha1
kind: ResourceGraphDefinition
metadata:
  name: NAME
spec:
  schema:
    apiVersion: v1alpha1
    kind: Broken
    group: GROUP
    spec:
      value: string
  resources:
    - id: config
      template:
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: ${schema.metadata.name}
        data:
          value: ${nowhere.data.value}
)"));
  EXPECT_TRUE(eventually([&] {
    const Json r = get_rgd(bad);
    const Json* accepted = condition(r, "GraphAccepted");
    return accepted != nullptr && str_at(*accepted, "status") == "False" &&
           str_at(*accepted, "message").find("nowhere") != std::string::npos;
  })) << condition_messages(get_rgd(bad));
  EXPECT_EQ(str_at(get_rgd(bad), "status.state"), "Inactive");
  EXPECT_FALSE(client_->get(kCrds, "", schema::kind_plural("Broken") + "." + group_).ok())
      << "an invalid RGD must not create its CRD";

  // The valid RGD's instance is still served: drift restored, a spec change applied.
  ASSERT_TRUE(client_->remove(kConfigMaps, ns_, iname).ok());
  EXPECT_TRUE(eventually([&] { return cm_data(ns_, iname, "value") == "before"; }))
      << "drift not restored next to an invalid RGD";
  auto patched = client_->patch(instances("Survivor"), ns_, iname, kube::PatchType::kMerge,
                                R"({"spec":{"value":"after"}})");
  ASSERT_TRUE(patched.ok()) << patched.error().str();
  EXPECT_TRUE(eventually([&] { return cm_data(ns_, iname, "value") == "after"; }));
  EXPECT_TRUE(rgd_active(good));

  (void)client_->remove(kRgds, "", bad);
  EXPECT_TRUE(eventually([&] { return get_rgd(bad).is_null(); }));
  delete_all("Survivor", ns_, {iname}, good);
}

// externalRef by selector: the graph reads every ConfigMap carrying a label; the count and the
// values follow objects added later; the referenced objects are never modified or deleted.
TEST_F(ScenariosE2E, ExternalRefBySelectorFollowsMatchingObjects) {
  const std::string n = name("select");
  const std::string app = run_ + "-peers";
  apply_rgd(rgd(n, replace_all(R"(
apiVersion: kro.run/v1alpha1
kind: ResourceGraphDefinition
metadata:
  name: NAME
spec:
  schema:
    apiVersion: v1alpha1
    kind: PeerCounter
    group: GROUP
    spec:
      app: string
    status:
      peers: ${size(peers)}
  resources:
    - id: peers
      externalRef:
        apiVersion: v1
        kind: ConfigMap
        metadata:
          selector:
            matchLabels:
              app: ${schema.spec.app}
    - id: summary
      template:
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: ${schema.metadata.name + "-summary"}
        data:
          count: ${string(size(peers))}
          values: ${peers.map(p, p.data.value).join(",")}
)",
                               "APP", app)));
  ASSERT_TRUE(eventually([&] { return rgd_active(n); })) << condition_messages(get_rgd(n));
  const std::string labels = R"({"app":")" + app + "\"}";
  create_cm(ns_, n + "-peer-a", labels, "a");
  create_cm(ns_, n + "-peer-b", labels, "b");
  create_cm(ns_, n + "-stranger", R"({"app":"someone-else"})", "x");

  const std::string iname = n + "-i";
  create_instance("PeerCounter", ns_, iname, R"({"app":")" + app + "\"}");
  ASSERT_TRUE(eventually([&] { return instance_active("PeerCounter", ns_, iname); }))
      << get_instance("PeerCounter", ns_, iname);
  EXPECT_EQ(cm_data(ns_, iname + "-summary", "count"), "2");
  EXPECT_THAT(cm_data(ns_, iname + "-summary", "values"), HasSubstr("a"));
  EXPECT_THAT(cm_data(ns_, iname + "-summary", "values"), HasSubstr("b"));
  EXPECT_TRUE(eventually([&] {
    const Json inst = get_instance("PeerCounter", ns_, iname);
    const Json* p = find_path(inst, "status.peers");
    return p != nullptr && p->is_number() && p->to_number<int>() == 2;
  })) << get_instance("PeerCounter", ns_, iname);

  // A third matching object joins the collection.
  create_cm(ns_, n + "-peer-c", labels, "c");
  EXPECT_TRUE(eventually([&] { return cm_data(ns_, iname + "-summary", "count") == "3"; }))
      << cm_data(ns_, iname + "-summary", "count");
  EXPECT_THAT(cm_data(ns_, iname + "-summary", "values"), HasSubstr("c"));

  // Watching the selector writes nothing while nothing changes.
  std::string summary_rv = str_at(get_cm(ns_, iname + "-summary"), "metadata.resourceVersion");
  std::string instance_rv =
      str_at(get_instance("PeerCounter", ns_, iname), "metadata.resourceVersion");
  std::this_thread::sleep_for(2500ms);
  EXPECT_EQ(str_at(get_cm(ns_, iname + "-summary"), "metadata.resourceVersion"), summary_rv);
  EXPECT_EQ(str_at(get_instance("PeerCounter", ns_, iname), "metadata.resourceVersion"),
            instance_rv);

  // A matching object that goes away leaves the collection too.
  ASSERT_TRUE(client_->remove(kConfigMaps, ns_, n + "-peer-a").ok());
  EXPECT_TRUE(eventually([&] { return cm_data(ns_, iname + "-summary", "count") == "2"; }));

  delete_all("PeerCounter", ns_, {iname}, n);
  EXPECT_TRUE(get_cm(ns_, iname + "-summary").is_null());
  for (const char* s : {"-peer-b", "-peer-c", "-stranger"}) {
    Json cm = get_cm(ns_, n + s);
    EXPECT_FALSE(cm.is_null()) << "external object " << s << " was deleted";
    EXPECT_TRUE(label_of(cm, "applyset.kubernetes.io/part-of").empty())
        << "external object " << s << " was adopted";
  }
}

// /metrics of the running controller carries upstream's instance metrics, labelled with the
// kind, once an instance is ACTIVE; the gated condition gauge has a series per condition of the
// instance, which leaves with the instance.
TEST_F(ScenariosE2E, MetricsReportInstanceReconcilesStatesAndConditions) {
  const std::string n = name("metrics");
  apply_rgd(rgd(n, R"(
apiVersion: kro.run/v1alpha1
kind: ResourceGraphDefinition
metadata:
  name: NAME
spec:
  schema:
    apiVersion: v1alpha1
    kind: Metered
    group: GROUP
    spec:
      note: string | default="hello"
  resources:
    - id: config
      template:
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: ${schema.metadata.name}
        data:
          note: ${schema.spec.note}
)"));
  ASSERT_TRUE(eventually([&] { return rgd_active(n); })) << get_rgd(n);
  const std::string iname = n + "-i";
  create_instance("Metered", ns_, iname, "{}");
  ASSERT_TRUE(eventually([&] { return instance_active("Metered", ns_, iname); }))
      << get_instance("Metered", ns_, iname);

  const std::string plural = schema::kind_plural("Metered");
  const std::string dyn_gvr = group_ + "/v1alpha1/" + plural;
  const std::string inst_gvr = group_ + "/v1alpha1, Resource=" + plural;
  const std::string gvk = group_ + "/v1alpha1, Kind=Metered";
  auto scrape = [&] { return http_get(ports_.metrics, "/metrics"); };
  std::string body;
  // The ACTIVE status write precedes the end of its reconcile pass by a moment.
  ASSERT_TRUE(eventually([&] {
    body = scrape();
    return body.find("instance_reconcile_total{gvr=\"" + inst_gvr + "\"}") != std::string::npos;
  })) << body;
  EXPECT_THAT(body, HasSubstr("dynamic_controller_reconcile_total{gvr=\"" + dyn_gvr + "\"}"));
  EXPECT_THAT(body,
              HasSubstr("instance_reconcile_duration_seconds_count{gvr=\"" + inst_gvr + "\"}"));
  EXPECT_THAT(body, HasSubstr("dynamic_controller_reconcile_duration_seconds_bucket{gvr=\"" +
                              dyn_gvr + "\",le=\"+Inf\"}"));
  EXPECT_THAT(body, HasSubstr("instance_graph_resolution_success_total{gvr=\"" + inst_gvr + "\"}"));
  // Into ACTIVE, from whatever came first (upstream labels transitions with the GVK).
  EXPECT_THAT(body, HasSubstr("gvr=\"" + gvk + "\",to_state=\"ACTIVE\"}"));
  EXPECT_THAT(body, HasSubstr("instance_condition_current_status_seconds{condition_status=\"True\","
                              "condition_type=\"Ready\",gvr=\"" +
                              inst_gvr + "\",name=\"" + iname + "\",namespace=\"" + ns_ +
                              "\",reason=\"Ready\"}"));
  EXPECT_THAT(body, HasSubstr("condition_type=\"ResourcesReady\",gvr=\"" + inst_gvr + "\",name=\"" +
                              iname + "\""));

  delete_all("Metered", ns_, {iname}, n);
  EXPECT_TRUE(eventually([&] {
    body = scrape();
    return !body.empty() && body.find("name=\"" + iname + "\"") == std::string::npos;
  })) << "condition series outlived the instance:\n"
      << body;
}

// The value of a counter series `<metric>{gvr="<gvr>"}` in a /metrics body, -1 when absent.
long counter_of(const std::string& body, const std::string& metric, const std::string& gvr) {
  const std::string series = metric + "{gvr=\"" + gvr + "\"} ";
  auto at = body.find(series);
  if (at == std::string::npos) return -1;
  return std::strtol(body.c_str() + at + series.size(), nullptr, 10);
}

// A burst of edits to a child wakes its instance once (kChildEventDelay), not once per event:
// twenty merge patches of a managed ConfigMap, back to back, cost two reconciles (the repair and
// its echo), and the drift is repaired. Woken per event, the instance was reconciled 9 and 27
// times for the same burst (two runs; patches landing during a reconcile coalesce, echoes add).
TEST_F(ScenariosE2E, BurstOfChildEditsWakesTheInstanceOnce) {
  const std::string n = name("burst");
  apply_rgd(rgd(n, R"(
apiVersion: kro.run/v1alpha1
kind: ResourceGraphDefinition
metadata:
  name: NAME
spec:
  schema:
    apiVersion: v1alpha1
    kind: Bursty
    group: GROUP
    spec:
      note: string | default="hello"
  resources:
    - id: config
      template:
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: ${schema.metadata.name}
        data:
          note: ${schema.spec.note}
)"));
  ASSERT_TRUE(eventually([&] { return rgd_active(n); })) << get_rgd(n);
  const std::string iname = n + "-i";
  create_instance("Bursty", ns_, iname, "{}");
  ASSERT_TRUE(eventually([&] { return instance_active("Bursty", ns_, iname); }))
      << get_instance("Bursty", ns_, iname);
  const std::string gvr = group_ + "/v1alpha1, Resource=" + schema::kind_plural("Bursty");
  // The counter once it has stood still for a second (the echoes of the first applies settled).
  auto settled = [&] {
    long last = -2;
    for (int i = 0; i < 30; ++i) {
      long now = counter_of(http_get(ports_.metrics, "/metrics"), "instance_reconcile_total", gvr);
      if (now >= 0 && now == last) return now;
      last = now;
      std::this_thread::sleep_for(1s);
    }
    return -1L;
  };
  const long before = settled();
  ASSERT_GE(before, 1);

  for (int i = 0; i < 20; ++i) {
    auto patched = client_->patch(kConfigMaps, ns_, iname, kube::PatchType::kMerge,
                                  R"({"data":{"note":"edit-)" + std::to_string(i) + R"("}})");
    ASSERT_TRUE(patched.ok()) << patched.error().str();
  }
  EXPECT_TRUE(eventually([&] { return cm_data(ns_, iname, "note") == "hello"; }))
      << "the drift was not repaired: " << get_cm(ns_, iname);
  const long after = settled();
  // One reconcile repairs the burst; its own apply's echo wakes one more that finds nothing to
  // do; two spare for a burst that straddles the delay on a loaded machine.
  EXPECT_LE(after - before, 4) << "reconciles for 20 child events: " << after - before;
  EXPECT_GE(after - before, 1);
  std::cout << "reconciles for 20 child events: " << after - before << "\n";

  delete_all("Bursty", ns_, {iname}, n);
}

// The value of an unlabelled series `<metric> <value>` in a /metrics body, -1 when absent.
long plain_counter(const std::string& body, const std::string& metric) {
  const std::string series = "\n" + metric + " ";
  auto at = body.find(series);
  if (at == std::string::npos) return -1;
  return std::strtol(body.c_str() + at + series.size(), nullptr, 10);
}

// The adaptive concurrency limit stays between the configured floor (4 here) and the default
// ceiling (16), and the client reports what its rate limiter and the server's pushback cost.
TEST_F(ScenariosE2E, ConcurrencyLimitAndClientLimiterAreReported) {
  std::string body = http_get(ports_.metrics, "/metrics");
  const long limit = plain_counter(body, "kro_instance_concurrency_limit");
  EXPECT_GE(limit, 4) << body;
  EXPECT_LE(limit, 16) << body;
  EXPECT_GT(plain_counter(body, "kro_client_requests_total"), 0) << body;
  EXPECT_GE(plain_counter(body, "kro_client_rate_limiter_wait_seconds_total"), 0) << body;
  EXPECT_EQ(plain_counter(body, "kro_client_throttled_total"), 0) << body;
}

constexpr const char* kTwoConfigMapsRgd = R"(
apiVersion: kro.run/v1alpha1
kind: ResourceGraphDefinition
metadata:
  name: NAME
spec:
  schema:
    apiVersion: v1alpha1
    kind: KINDNAME
    group: GROUP
    spec:
      value: string | default="ours"
  resources:
    - id: first
      template:
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: ${schema.metadata.name}-first
        data:
          value: ${schema.spec.value}
    - id: second
      template:
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: ${first.metadata.name}-second
        data:
          value: ${schema.spec.value}
)";

// Once the children's cache is synced, a new instance's children are created by their applies
// alone: a miss in kro's cache is not confirmed with a GET (issue 14: requests per instance).
TEST_F(ScenariosE2E, NewChildrenAreAppliedWithoutAConfirmingRead) {
  const std::string n = name("noget");
  apply_rgd(rgd(n, replace_all(kTwoConfigMapsRgd, "KINDNAME", "Unread")));
  ASSERT_TRUE(eventually([&] { return rgd_active(n); })) << get_rgd(n);
  const std::string a = n + "-a", b = n + "-b";
  create_instance("Unread", ns_, a, "{}");
  ASSERT_TRUE(eventually([&] { return instance_active("Unread", ns_, a); }))
      << get_instance("Unread", ns_, a);
  std::string body = http_get(ports_.metrics, "/metrics");
  const long reads = plain_counter(body, "kro_child_reads_live_total");
  const long unconfirmed = plain_counter(body, "kro_child_lookups_unconfirmed_total");
  ASSERT_GE(reads, 0) << body;
  ASSERT_GE(unconfirmed, 0) << body;

  create_instance("Unread", ns_, b, "{}");
  ASSERT_TRUE(eventually([&] { return instance_active("Unread", ns_, b); }))
      << get_instance("Unread", ns_, b);
  EXPECT_EQ(cm_data(ns_, b + "-first-second", "value"), "ours");
  body = http_get(ports_.metrics, "/metrics");
  EXPECT_EQ(plain_counter(body, "kro_child_reads_live_total"), reads)
      << "a new instance's children were read before their first apply";
  EXPECT_GE(plain_counter(body, "kro_child_lookups_unconfirmed_total"), unconfirmed + 2);

  delete_all("Unread", ns_, {a, b}, n);
}

// An object without kro's labels under a child's name, held by another field manager with
// other values: the apply without force conflicts, kro reads the object and adopts it with
// force, as upstream does.
TEST_F(ScenariosE2E, UnlabelledObjectHeldByAnotherManagerIsAdopted) {
  const std::string n = name("adopt");
  apply_rgd(rgd(n, replace_all(kTwoConfigMapsRgd, "KINDNAME", "Adopter")));
  ASSERT_TRUE(eventually([&] { return rgd_active(n); })) << get_rgd(n);
  const std::string iname = n + "-i";
  create_cm(ns_, iname + "-first", "{}", "theirs");
  const long reads =
      plain_counter(http_get(ports_.metrics, "/metrics"), "kro_child_reads_live_total");
  create_instance("Adopter", ns_, iname, "{}");
  ASSERT_TRUE(eventually([&] { return instance_active("Adopter", ns_, iname); }))
      << get_instance("Adopter", ns_, iname);
  Json cm = get_cm(ns_, iname + "-first");
  EXPECT_EQ(str_at(cm, "data.value"), "ours");
  EXPECT_EQ(label_of(cm, "kro.run/instance-name"), iname);
  EXPECT_EQ(label_of(cm, "kro.run/owned"), "true");
  EXPECT_GT(plain_counter(http_get(ports_.metrics, "/metrics"), "kro_child_reads_live_total"),
            reads)
      << "the conflicting object was not read before it was adopted";

  delete_all("Adopter", ns_, {iname}, n);
  EXPECT_TRUE(eventually([&] { return get_cm(ns_, iname + "-first").is_null(); }));
}

// An unlabelled object that another ApplySet claims is left alone even when every value kro
// would set already holds: the part-of label alone makes the apply without force conflict.
TEST_F(ScenariosE2E, UnlabelledObjectOfAnotherApplySetIsNotTaken) {
  const std::string n = name("foreign");
  apply_rgd(rgd(n, replace_all(kTwoConfigMapsRgd, "KINDNAME", "Foreigner")));
  ASSERT_TRUE(eventually([&] { return rgd_active(n); })) << get_rgd(n);
  const std::string iname = n + "-i";
  create_cm(ns_, iname + "-first", R"({"applyset.kubernetes.io/part-of":"applyset-other-v1"})",
            "ours");
  const std::string rv = str_at(get_cm(ns_, iname + "-first"), "metadata.resourceVersion");
  create_instance("Foreigner", ns_, iname, "{}");
  EXPECT_TRUE(eventually([&] {
    return condition_messages(get_instance("Foreigner", ns_, iname))
               .find("belongs to ApplySet \"applyset-other-v1\"") != std::string::npos;
  })) << condition_messages(get_instance("Foreigner", ns_, iname));
  Json cm = get_cm(ns_, iname + "-first");
  EXPECT_EQ(str_at(cm, "metadata.resourceVersion"), rv) << "the foreign object was written";
  EXPECT_EQ(label_of(cm, "kro.run/owned"), "");
  EXPECT_NE(str_at(get_instance("Foreigner", ns_, iname), "status.state"), "ACTIVE");

  delete_all("Foreigner", ns_, {iname}, n);
  EXPECT_FALSE(get_cm(ns_, iname + "-first").is_null()) << "deletion took an object never owned";
  (void)client_->remove(kConfigMaps, ns_, iname + "-first");
}

// Instances deleted the moment their first child appears: each deletion finds every child,
// even one the children's cache has not seen yet (the cache's emptiness is confirmed with the
// API server before the finalizer goes), so no ConfigMap outlives its instance.
TEST_F(ScenariosE2E, InstanceDeletedRightAfterItsFirstApplyLeavesNothingBehind) {
  const std::string n = name("quick");
  apply_rgd(rgd(n, replace_all(kTwoConfigMapsRgd, "KINDNAME", "Quick")));
  ASSERT_TRUE(eventually([&] { return rgd_active(n); })) << get_rgd(n);
  std::vector<std::string> names;
  for (int i = 0; i < 8; ++i) {
    const std::string iname = n + "-" + std::to_string(i);
    names.push_back(iname);
    create_instance("Quick", ns_, iname, "{}");
    ASSERT_TRUE(eventually([&] { return !get_cm(ns_, iname + "-first").is_null(); }, 20s))
        << get_instance("Quick", ns_, iname);
    (void)client_->remove(instances("Quick"), ns_, iname);
  }
  for (const auto& iname : names) {
    EXPECT_TRUE(eventually([&] { return get_instance("Quick", ns_, iname).is_null(); }))
        << get_instance("Quick", ns_, iname);
    EXPECT_TRUE(eventually([&] {
      return get_cm(ns_, iname + "-first").is_null() &&
             get_cm(ns_, iname + "-first-second").is_null();
    })) << iname
        << ": a child outlived its instance";
  }
  delete_all("Quick", ns_, {}, n);
}

// The caches leave managedFields out (cache_compaction.h); a graph whose expressions read them
// is reconciled from live reads, so its status shows what upstream's would, also when the child
// is not applied again (its state then comes from a read, not from an apply's answer).
TEST_F(ScenariosE2E, ExpressionsReadingManagedFieldsSeeThem) {
  const std::string n = name("managers");
  std::string text = replace_all(kTwoConfigMapsRgd, "KINDNAME", "Bookkeeper");
  text = replace_all(text, "      value: string | default=\"ours\"\n",
                     "      value: string | default=\"ours\"\n"
                     "    status:\n"
                     "      managers: ${second.metadata.managedFields.map(m, m.manager)}\n");
  // `second` no longer changes with the spec.
  text = replace_all(text,
                     "          name: ${first.metadata.name}-second\n        data:\n"
                     "          value: ${schema.spec.value}",
                     "          name: ${first.metadata.name}-second\n        data:\n"
                     "          value: fixed");
  apply_rgd(rgd(n, text));
  ASSERT_TRUE(eventually([&] { return rgd_active(n); })) << get_rgd(n);
  const std::string iname = n + "-i";
  auto shows_kro = [&] {
    Json inst = get_instance("Bookkeeper", ns_, iname);
    const Json* managers = find_path(inst, "status.managers");
    if (managers == nullptr || !managers->is_array()) return false;
    for (const Json& m : managers->as_array()) {
      if (m.is_string() && m.as_string() == "kro.run/applyset") return true;
    }
    return false;
  };
  create_instance("Bookkeeper", ns_, iname, "{}");
  ASSERT_TRUE(eventually(shows_kro)) << get_instance("Bookkeeper", ns_, iname);
  EXPECT_EQ(cm_data(ns_, iname + "-first-second", "value"), "fixed");

  // A spec change re-applies `first` only; `second` is read, and must still show its managers.
  auto patched = client_->patch(instances("Bookkeeper"), ns_, iname, kube::PatchType::kMerge,
                                R"({"spec":{"value":"changed"}})");
  ASSERT_TRUE(patched.ok()) << patched.error().str();
  ASSERT_TRUE(eventually([&] { return cm_data(ns_, iname + "-first", "value") == "changed"; }));
  std::this_thread::sleep_for(3s);
  EXPECT_TRUE(shows_kro()) << get_instance("Bookkeeper", ns_, iname);
  EXPECT_TRUE(instance_active("Bookkeeper", ns_, iname)) << get_instance("Bookkeeper", ns_, iname);
  delete_all("Bookkeeper", ns_, {iname}, n);
}

}  // namespace
}  // namespace kro::e2e

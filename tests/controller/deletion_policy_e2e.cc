// `deletionPolicy: Orphan` end to end (a kro-cpp extension, upstream kro #1419; docs/controller.md
// "Beyond upstream") through the real kro-controller binary on the full local control plane of
// $KRO_E2E_KUBECONFIG: instance deletion orphans one child and deletes the other, prune
// (includeWhen turned false, resource removed from the RGD) releases instead of deleting, and a
// controller restarted halfway through a deletion finishes it with the same verdicts. A released
// child keeps every value its template set, loses kro's labels, annotations and field-manager
// claims, and is never reverted, adopted or pruned afterwards.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <iostream>
#include <string>
#include <thread>

#include "controller_process.h"
#include "e2e_support.h"
#include "kube/rest_client.h"
#include "schema/pluralize.h"
#include "value/yaml.h"

namespace kro::e2e {
namespace {

using namespace std::chrono_literals;
using kube::GroupVersionResource;

const GroupVersionResource kEvents{"", "v1", "events"};

bool eventually(const std::function<bool()>& pred, std::chrono::milliseconds timeout = 60s) {
  return wait_until(pred, timeout);
}

// kro's ownership metadata left on an object, one per line; "" when it is fully released.
std::string kro_leftovers(const Json& obj) {
  std::string out;
  for (const char* field : {"metadata.labels", "metadata.annotations"}) {
    const Json* m = find_path(obj, field);
    if (m == nullptr || !m->is_object()) continue;
    for (const auto& kv : m->as_object()) {
      std::string_view k = kv.key();
      bool kro = k.substr(0, 8) == "kro.run/" || k.substr(0, 17) == "internal.kro.run/" ||
                 k == "applyset.kubernetes.io/part-of" ||
                 (k == "app.kubernetes.io/managed-by" && kv.value() == "kro");
      if (kro) out += std::string(field) + "." + std::string(k) + "\n";
    }
  }
  return out;
}

// An annotation of an object; "" when absent.
std::string annotation(const Json& obj, std::string_view key) {
  const Json* m = find_path(obj, "metadata.annotations");
  if (m == nullptr || !m->is_object()) return "";
  const Json* v = m->as_object().if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
}

// The field managers recorded on an object, comma-separated.
std::string managers(const Json& obj) {
  std::string out;
  const Json* mf = find_path(obj, "metadata.managedFields");
  if (mf == nullptr || !mf->is_array()) return out;
  for (const auto& e : mf->as_array()) out += str_at(e, "manager") + ",";
  return out;
}

class DeletionPolicyE2E : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    connect_and_install_rgd_crd(client_, KRO_RGD_CRD, "deletion-policy-e2e");
    if (HasFatalFailure()) return;
    run_ = "p" + std::to_string(::getpid());
    group_ = run_ + ".orphan.kro.run";
    ns_ = "orphan-" + run_;
    auto created = create_namespace(*client_, ns_);
    ASSERT_TRUE(created.ok()) << created.error().str();
    start();
  }

  static void TearDownTestSuite() {
    stop_controller(controller_);
    if (client_ != nullptr) {
      (void)client_->remove(kNamespaces, "", ns_);
      delete client_;
      client_ = nullptr;
    }
  }

  void TearDown() override {
    if (HasFailure() && controller_ != nullptr) {
      std::cerr << "--- kro-controller log (tail) ---\n" << controller_->log_tail() << "\n";
    }
  }

  // Condition events stay off (upstream's default): the Orphaned event comes regardless.
  static void start() {
    start_controller(controller_, KRO_CONTROLLER_BIN,
                     {"--instance-requeue-interval", "1s", "--log-level", "debug"},
                     "/tmp/deletion-policy-e2e-" + run_ + "-" + std::to_string(++starts_) + ".log",
                     ports_);
  }

  static Json rgd(const std::string& name, std::string text) {
    text = replace_all(text, "NAME", name);
    text = replace_all(text, "GROUP", group_);
    auto doc = parse_yaml(text, name + ".yaml");
    EXPECT_TRUE(doc.ok()) << doc.error().str();
    return doc.ok() ? doc->value : Json();
  }

  static std::string name(const std::string& suffix) { return "orphan-" + run_ + "-" + suffix; }

  static void apply_rgd(const Json& obj) {
    auto r = client_->apply(
        kRgds, "", obj, {.field_manager = "deletion-policy-e2e", .force = true, .dry_run = false});
    ASSERT_TRUE(r.ok()) << r.error().str();
  }

  static bool rgd_active(const std::string& n) {
    auto r = client_->get(kRgds, "", n);
    return r.ok() && str_at(*r, "status.state") == "Active";
  }

  static GroupVersionResource instances(std::string_view kind) {
    return {group_, "v1alpha1", schema::kind_plural(kind)};
  }

  static void create_instance(std::string_view kind, const std::string& iname,
                              const std::string& spec_json) {
    std::string text = R"({"apiVersion":")" + group_ + R"(/v1alpha1","kind":")" +
                       std::string(kind) + R"(","metadata":{"name":")" + iname + R"("},"spec":)" +
                       spec_json + "}";
    auto r = client_->create(instances(kind), ns_, parse_json(text).value());
    ASSERT_TRUE(r.ok()) << r.error().str();
  }

  static Json get_instance(std::string_view kind, const std::string& n) {
    auto r = client_->get(instances(kind), ns_, n);
    return r.ok() ? *r : Json();
  }

  static bool instance_active(std::string_view kind, const std::string& n) {
    return str_at(get_instance(kind, n), "status.state") == "ACTIVE";
  }

  static Json get_cm(const std::string& n) {
    auto r = client_->get(kConfigMaps, ns_, n);
    return r.ok() ? *r : Json();
  }

  static void patch_cm(const std::string& n, const std::string& merge_patch) {
    auto r = client_->patch(kConfigMaps, ns_, n, kube::PatchType::kMerge, merge_patch,
                            {.field_manager = "e2e-user"});
    ASSERT_TRUE(r.ok()) << r.error().str();
  }

  // The Orphaned events on instance `iname`, their messages one per line.
  static std::string orphaned_events(const std::string& iname) {
    auto events = client_->list(kEvents, ns_);
    std::string out;
    if (!events.ok()) return out;
    const Json* items = find_path(*events, "items");
    if (items == nullptr || !items->is_array()) return out;
    for (const auto& e : items->as_array()) {
      if (str_at(e, "involvedObject.name") == iname && str_at(e, "reason") == "Orphaned") {
        out += str_at(e, "type") + ": " + str_at(e, "message") + "\n";
      }
    }
    return out;
  }

  // A released child: there, every template value kept, nothing of kro's left on it.
  static void expect_released(const std::string& cm_name, std::string_view key,
                              const std::string& value) {
    Json cm = get_cm(cm_name);
    ASSERT_FALSE(cm.is_null()) << cm_name << " was deleted, not orphaned";
    EXPECT_EQ(str_at(cm, "data." + std::string(key)), value) << "a template value was lost";
    EXPECT_EQ(kro_leftovers(cm), "") << to_json(cm);
    EXPECT_EQ(managers(cm).find("kro.run/applyset,"), std::string::npos) << managers(cm);
    EXPECT_NE(managers(cm).find("kro.run/orphaned,"), std::string::npos) << managers(cm);
  }

  // Whether the ConfigMap exists and carries nothing of kro's.
  static bool released(const std::string& cm_name) {
    Json cm = get_cm(cm_name);
    return !cm.is_null() && kro_leftovers(cm).empty();
  }

  static void remove_instance_and_rgd(std::string_view kind, const std::string& iname,
                                      const std::string& rgd_name) {
    (void)client_->remove(instances(kind), ns_, iname);
    EXPECT_TRUE(eventually([&] { return get_instance(kind, iname).is_null(); }))
        << get_instance(kind, iname);
    (void)client_->remove(kRgds, "", rgd_name);
    EXPECT_TRUE(eventually([&] { return !client_->get(kRgds, "", rgd_name).ok(); }));
  }

  static inline kube::RestClient* client_ = nullptr;
  static inline ControllerProcess* controller_ = nullptr;
  static inline std::string run_, group_, ns_;
  static inline int starts_ = 0;
  static inline ControllerProcess::ServedPorts ports_{};
};

// Deleting the instance deletes the Delete child and releases the Orphan one, which keeps its
// data, loses kro's metadata and managers, and is reported by an event.
TEST_F(DeletionPolicyE2E, InstanceDeletionOrphansOneChildAndDeletesTheOther) {
  const std::string n = name("del");
  apply_rgd(rgd(n, R"(
apiVersion: kro.run/v1alpha1
kind: ResourceGraphDefinition
metadata:
  name: NAME
spec:
  schema:
    apiVersion: v1alpha1
    kind: OrphanDel
    group: GROUP
    spec:
      value: string
  resources:
    - id: kept
      deletionPolicy: Orphan
      template:
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: ${schema.metadata.name + "-kept"}
          labels:
            app: kept
        data:
          value: ${schema.spec.value}
    - id: gone
      deletionPolicy: Delete
      template:
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: ${schema.metadata.name + "-gone"}
        data:
          value: ${schema.spec.value}
)"));
  ASSERT_TRUE(eventually([&] { return rgd_active(n); }));
  const std::string iname = n + "-i";
  create_instance("OrphanDel", iname, R"({"value":"v1"})");
  ASSERT_TRUE(eventually([&] { return instance_active("OrphanDel", iname); }))
      << get_instance("OrphanDel", iname);
  Json kept = get_cm(iname + "-kept");
  EXPECT_EQ(annotation(kept, "kro.run/deletion-policy"), "Orphan") << kept;
  Json gone = get_cm(iname + "-gone");
  ASSERT_FALSE(gone.is_null());
  EXPECT_EQ(annotation(gone, "internal.kro.run/apply-order"), "1") << gone;
  EXPECT_EQ(annotation(gone, "kro.run/deletion-policy"), "")
      << "a Delete child carries no policy annotation";

  ASSERT_TRUE(client_->remove(instances("OrphanDel"), ns_, iname).ok());
  ASSERT_TRUE(eventually([&] { return get_instance("OrphanDel", iname).is_null(); }))
      << get_instance("OrphanDel", iname);
  EXPECT_TRUE(get_cm(iname + "-gone").is_null()) << "the Delete child outlived its instance";
  expect_released(iname + "-kept", "value", "v1");
  EXPECT_EQ(str_at(get_cm(iname + "-kept"), "metadata.labels.app"), "kept")
      << "a template label was lost";
  EXPECT_TRUE(eventually([&] { return !orphaned_events(iname).empty(); }))
      << "no Orphaned event on the instance";
  EXPECT_NE(orphaned_events(iname).find("Normal: ConfigMap " + ns_ + "/" + iname + "-kept"),
            std::string::npos)
      << orphaned_events(iname);

  (void)client_->remove(kRgds, "", n);
  EXPECT_TRUE(eventually([&] { return !client_->get(kRgds, "", n).ok(); }));
  EXPECT_FALSE(get_cm(iname + "-kept").is_null()) << "the RGD's deletion took the orphan along";
  (void)client_->remove(kConfigMaps, ns_, iname + "-kept");
}

// includeWhen turning false prunes the Delete resource and releases the Orphan one; the released
// object is then the user's: edits stay, later reconciles and the instance's deletion leave it.
// Removing an Orphan resource from the RGD releases its object too.
TEST_F(DeletionPolicyE2E, PruneReleasesOrphanResources) {
  const std::string n = name("prune");
  const std::string text = R"(
apiVersion: kro.run/v1alpha1
kind: ResourceGraphDefinition
metadata:
  name: NAME
spec:
  schema:
    apiVersion: v1alpha1
    kind: OrphanPrune
    group: GROUP
    spec:
      value: string
      extras: boolean | default=true
  resources:
    - id: base
      template:
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: ${schema.metadata.name + "-base"}
        data:
          value: ${schema.spec.value}
    - id: kept
      deletionPolicy: Orphan
      includeWhen:
        - ${schema.spec.extras}
      template:
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: ${schema.metadata.name + "-kept"}
        data:
          value: ${schema.spec.value}
    - id: dropped
      includeWhen:
        - ${schema.spec.extras}
      template:
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: ${schema.metadata.name + "-dropped"}
        data:
          value: ${schema.spec.value}
REMOVABLE)";
  const std::string removable = R"(
    - id: removed
      deletionPolicy: Orphan
      template:
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: ${schema.metadata.name + "-removed"}
        data:
          value: ${schema.spec.value}
)";
  apply_rgd(rgd(n, replace_all(text, "REMOVABLE", removable)));
  ASSERT_TRUE(eventually([&] { return rgd_active(n); }));
  const std::string iname = n + "-i";
  create_instance("OrphanPrune", iname, R"({"value":"v1"})");
  ASSERT_TRUE(eventually([&] { return instance_active("OrphanPrune", iname); }))
      << get_instance("OrphanPrune", iname);
  for (const char* s : {"-kept", "-dropped", "-removed"}) {
    ASSERT_FALSE(get_cm(iname + s).is_null()) << s;
  }

  ASSERT_TRUE(client_
                  ->patch(instances("OrphanPrune"), ns_, iname, kube::PatchType::kMerge,
                          R"({"spec":{"extras":false}})")
                  .ok());
  ASSERT_TRUE(eventually([&] { return get_cm(iname + "-dropped").is_null(); }))
      << "the Delete resource was not pruned";
  ASSERT_TRUE(eventually([&] { return released(iname + "-kept"); }))
      << to_json(get_cm(iname + "-kept"));
  expect_released(iname + "-kept", "value", "v1");
  EXPECT_TRUE(eventually([&] {
    return orphaned_events(iname).find("ConfigMap " + ns_ + "/" + iname + "-kept") !=
           std::string::npos;
  })) << orphaned_events(iname);

  // The released object is no longer kro's: an edit stays while the instance keeps reconciling.
  patch_cm(iname + "-kept", R"({"data":{"value":"edited"}})");
  ASSERT_TRUE(client_
                  ->patch(instances("OrphanPrune"), ns_, iname, kube::PatchType::kMerge,
                          R"({"spec":{"value":"v2"}})")
                  .ok());
  ASSERT_TRUE(eventually([&] { return str_at(get_cm(iname + "-base"), "data.value") == "v2"; }));
  std::this_thread::sleep_for(3s);  // three safety-net requeues
  EXPECT_EQ(str_at(get_cm(iname + "-kept"), "data.value"), "edited") << "kro reverted an orphan";
  EXPECT_EQ(kro_leftovers(get_cm(iname + "-kept")), "") << "kro adopted an orphan again";

  // The resource leaves the RGD: released as well.
  apply_rgd(rgd(n, replace_all(text, "REMOVABLE", "")));
  ASSERT_TRUE(eventually([&] { return released(iname + "-removed"); }))
      << to_json(get_cm(iname + "-removed"));
  expect_released(iname + "-removed", "value", "v2");

  remove_instance_and_rgd("OrphanPrune", iname, n);
  EXPECT_TRUE(get_cm(iname + "-base").is_null());
  EXPECT_EQ(str_at(get_cm(iname + "-kept"), "data.value"), "edited");
  EXPECT_FALSE(get_cm(iname + "-removed").is_null());
  (void)client_->remove(kConfigMaps, ns_, iname + "-kept");
  (void)client_->remove(kConfigMaps, ns_, iname + "-removed");
}

// The controller stops while a deletion waits on a child's finalizer (wave 2, beside an Orphan
// child already released); restarted, it finishes: wave 1's Orphan child is released, its
// Delete child deleted, the instance gone.
TEST_F(DeletionPolicyE2E, RestartHalfwayThroughADeletion) {
  const std::string n = name("restart");
  apply_rgd(rgd(n, R"(
apiVersion: kro.run/v1alpha1
kind: ResourceGraphDefinition
metadata:
  name: NAME
spec:
  schema:
    apiVersion: v1alpha1
    kind: OrphanRestart
    group: GROUP
    spec:
      value: string
  resources:
    - id: first
      deletionPolicy: Orphan
      template:
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: ${schema.metadata.name + "-first"}
        data:
          value: ${schema.spec.value}
    - id: base
      template:
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: ${schema.metadata.name + "-base"}
        data:
          value: ${schema.spec.value}
    - id: held
      template:
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: ${schema.metadata.name + "-held"}
          finalizers:
            - e2e.kro.run/hold
        data:
          value: ${first.data.value + base.data.value}
    - id: second
      deletionPolicy: Orphan
      template:
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: ${schema.metadata.name + "-second"}
        data:
          value: ${first.data.value}
)"));
  ASSERT_TRUE(eventually([&] { return rgd_active(n); }));
  const std::string iname = n + "-i";
  create_instance("OrphanRestart", iname, R"({"value":"v"})");
  ASSERT_TRUE(eventually([&] { return instance_active("OrphanRestart", iname); }))
      << get_instance("OrphanRestart", iname);

  ASSERT_TRUE(client_->remove(instances("OrphanRestart"), ns_, iname).ok());
  // Wave 2: held terminating on its finalizer, second released.
  ASSERT_TRUE(eventually([&] {
    return !str_at(get_cm(iname + "-held"), "metadata.deletionTimestamp").empty() &&
           released(iname + "-second");
  })) << to_json(get_cm(iname + "-held"))
      << to_json(get_cm(iname + "-second"));
  // The wave waits on the held child alone: the released one is no longer a member. (The
  // status is written after the pass that released it, so it is awaited, not read at once.)
  const std::string held_wait =
      "waiting for ConfigMap " + ns_ + "/" + iname + "-held (finalizer e2e.kro.run/hold)";
  Json deleting;
  EXPECT_TRUE(eventually([&] {
    deleting = get_instance("OrphanRestart", iname);
    const Json* ready = condition(deleting, "ResourcesReady");
    if (ready == nullptr) return false;
    std::string message = str_at(*ready, "message");
    return message.find(held_wait) != std::string::npos &&
           message.find("-second") == std::string::npos;
  })) << deleting;

  stop_controller(controller_);
  // Wave 1 was not reached.
  EXPECT_FALSE(kro_leftovers(get_cm(iname + "-first")).empty());
  EXPECT_FALSE(get_cm(iname + "-base").is_null());
  patch_cm(iname + "-held", R"({"metadata":{"finalizers":null}})");
  ASSERT_TRUE(eventually([&] { return get_cm(iname + "-held").is_null(); }));

  start();
  ASSERT_TRUE(eventually([&] { return get_instance("OrphanRestart", iname).is_null(); }))
      << get_instance("OrphanRestart", iname);
  EXPECT_TRUE(get_cm(iname + "-base").is_null()) << "wave 1's Delete child survived";
  expect_released(iname + "-first", "value", "v");
  expect_released(iname + "-second", "value", "v");

  (void)client_->remove(kRgds, "", n);
  EXPECT_TRUE(eventually([&] { return !client_->get(kRgds, "", n).ok(); }));
  (void)client_->remove(kConfigMaps, ns_, iname + "-first");
  (void)client_->remove(kConfigMaps, ns_, iname + "-second");
}

// Our RGD CRD refuses what the graph layer refuses (kro validate: graph/model.cc), at admission.
TEST_F(DeletionPolicyE2E, BadPoliciesAreRefusedAtAdmission) {
  const std::string n = name("bad");
  const std::string text = R"(
apiVersion: kro.run/v1alpha1
kind: ResourceGraphDefinition
metadata:
  name: NAME
spec:
  schema:
    apiVersion: v1alpha1
    kind: OrphanBad
    group: GROUP
  resources:
    - id: thing
      deletionPolicy: POLICY
      SOURCE
)";
  auto attempt = [&](const std::string& policy, const std::string& source) {
    Json obj = rgd(n, replace_all(replace_all(text, "POLICY", policy), "SOURCE", source));
    auto r = client_->apply(
        kRgds, "", obj, {.field_manager = "deletion-policy-e2e", .force = true, .dry_run = true});
    return r.ok() ? std::string("accepted") : r.error().str();
  };
  const std::string tmpl = "template: {apiVersion: v1, kind: ConfigMap, metadata: {name: x}}";
  const std::string ext = "externalRef: {apiVersion: v1, kind: ConfigMap, metadata: {name: x}}";
  EXPECT_EQ(attempt("Orphan", tmpl), "accepted");
  EXPECT_NE(attempt("Retain", tmpl).find("Unsupported value: \"Retain\""), std::string::npos)
      << attempt("Retain", tmpl);
  EXPECT_NE(attempt("Orphan", ext).find("deletionPolicy cannot be set on an externalRef resource"),
            std::string::npos)
      << attempt("Orphan", ext);
}

}  // namespace
}  // namespace kro::e2e

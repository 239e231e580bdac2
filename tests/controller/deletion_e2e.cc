// Deletions that wait, end to end through the real kro-controller binary on the full local
// control plane of $KRO_E2E_KUBECONFIG (kro-cpp extensions beyond upstream kro v0.9.4,
// docs/controller.md "Beyond upstream"):
// - an instance whose child holds a foreign finalizer says so in Ready, with the finalizer and
//   for how long (from the child's deletionTimestamp, so the same after a restart), and a
//   Warning Event once the wait passes --deletion-wait-warning, once (upstream #1252);
// - an RGD deleted while instances of its kind exist keeps serving the kind, names them in
//   Ready, and goes only when none is left: waiting for the user without --allow-crd-deletion,
//   deleting them first with it; a controller restart halfway changes nothing (upstream #1067,
//   PR #1218).
// Each case starts its own controller (its own flags), kinds under a group unique to this run,
// ConfigMap children.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <functional>
#include <iostream>
#include <regex>
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
using ::testing::MatchesRegex;

const GroupVersionResource kEvents{"", "v1", "events"};

bool eventually(const std::function<bool()>& pred, std::chrono::milliseconds timeout = 60s) {
  return wait_until(pred, timeout);
}

std::string ready_message(const Json& obj) {
  const Json* c = condition(obj, "Ready");
  return c != nullptr ? str_at(*c, "message") : std::string("<no Ready>");
}

std::string reason_of(const Json& obj, std::string_view type) {
  const Json* c = condition(obj, type);
  return c != nullptr ? str_at(*c, "reason") : std::string("<no ") + std::string(type) + ">";
}

// The seconds in "... for 12s" or "... for 2m" (-1 when the message does not end so).
long waited_seconds(const std::string& message) {
  std::smatch m;
  static const std::regex kFor(" for ([0-9]+)([sm])$");
  if (!std::regex_search(message, m, kFor)) return -1;
  return std::stol(m[1]) * (m[2] == "m" ? 60 : 1);
}

class DeletionE2E : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    connect_and_install_rgd_crd(client_, KRO_RGD_CRD, "deletion-e2e");
    if (HasFatalFailure()) return;
    run_ = "p" + std::to_string(::getpid());
    group_ = run_ + ".deletion.kro.run";
    ns_ = "deletion-e2e-" + run_;
    auto created = create_namespace(*client_, ns_);
    ASSERT_TRUE(created.ok()) << created.error().str();
  }

  static void TearDownTestSuite() {
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
    stop_controller(controller_);
  }

  // A controller with a short safety net and quick RGD requeues, plus `extra` flags.
  void start(const std::string& label, std::vector<std::string> extra) {
    std::vector<std::string> args = {"--instance-requeue-interval",
                                     "1s",
                                     "--rgd-progress-requeue-delay",
                                     "1s",
                                     "--log-level",
                                     "debug"};
    args.insert(args.end(), extra.begin(), extra.end());
    ControllerProcess::ServedPorts ports{};
    start_controller(controller_, KRO_CONTROLLER_BIN, args,
                     "/tmp/deletion-e2e-" + run_ + "-" + label + ".log", ports);
  }

  // Stops the controller and starts it again with the same flags.
  void restart(const std::string& label, std::vector<std::string> extra) {
    stop_controller(controller_);
    start(label + "-restarted", std::move(extra));
  }

  static std::string name(const std::string& suffix) { return "del-" + run_ + "-" + suffix; }

  // An RGD of `kind` with one ConfigMap per instance, named after the instance.
  static void apply_rgd(const std::string& n, const std::string& kind) {
    std::string text = R"(
apiVersion: kro.run/v1alpha1
kind: ResourceGraphDefinition
metadata:
  name: NAME
spec:
  schema:
    apiVersion: v1alpha1
    kind: KIND
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
)";
    text = replace_all(replace_all(replace_all(text, "NAME", n), "KIND", kind), "GROUP", group_);
    auto doc = parse_yaml(text, n + ".yaml");
    ASSERT_TRUE(doc.ok()) << doc.error().str();
    auto r = client_->apply(kRgds, "", doc->value,
                            {.field_manager = "deletion-e2e", .force = true, .dry_run = false});
    ASSERT_TRUE(r.ok()) << r.error().str();
    ASSERT_TRUE(eventually([&] { return str_at(get_rgd(n), "status.state") == "Active"; }))
        << to_pretty_json(get_rgd(n));
  }

  static Json get_rgd(const std::string& n) {
    auto r = client_->get(kRgds, "", n);
    return r.ok() ? *r : Json();
  }

  static GroupVersionResource instances(std::string_view kind) {
    return {group_, "v1alpha1", schema::kind_plural(kind)};
  }

  static void create_instance(std::string_view kind, const std::string& iname) {
    std::string text = R"({"apiVersion":")" + group_ + R"(/v1alpha1","kind":")" +
                       std::string(kind) + R"(","metadata":{"name":")" + iname +
                       R"("},"spec":{"value":"v"}})";
    auto r = client_->create(instances(kind), ns_, parse_json(text).value());
    ASSERT_TRUE(r.ok()) << r.error().str();
    ASSERT_TRUE(eventually([&] {
      return str_at(get_instance(kind, iname), "status.state") == "ACTIVE";
    })) << to_pretty_json(get_instance(kind, iname));
  }

  static Json get_instance(std::string_view kind, const std::string& n) {
    auto r = client_->get(instances(kind), ns_, n);
    return r.ok() ? *r : Json();
  }

  static Json get_cm(const std::string& n) {
    auto r = client_->get(kConfigMaps, ns_, n);
    return r.ok() ? *r : Json();
  }

  // Sets (or with "null", clears) a ConfigMap's finalizers, as another controller would.
  static void set_cm_finalizers(const std::string& n, const std::string& finalizers_json) {
    auto r = client_->patch(kConfigMaps, ns_, n, kube::PatchType::kMerge,
                            R"({"metadata":{"finalizers":)" + finalizers_json + "}}");
    ASSERT_TRUE(r.ok()) << r.error().str();
  }

  // Events in `ns` about the object named `involved` with `reason`.
  static std::vector<Json> events(const std::string& ns, const std::string& involved,
                                  const std::string& reason) {
    kube::ListOptions opts;
    opts.field_selector = "involvedObject.name=" + involved + ",reason=" + reason;
    auto r = client_->list(kEvents, ns, opts);
    std::vector<Json> out;
    const Json* items = r.ok() ? find_path(*r, "items") : nullptr;
    if (items != nullptr && items->is_array()) {
      for (const Json& e : items->as_array()) out.push_back(e);
    }
    return out;
  }

  static inline kube::RestClient* client_ = nullptr;
  static inline std::string run_, group_, ns_;
  ControllerProcess* controller_ = nullptr;
};

// A child held by another controller's finalizer: the instance's Ready names it, the finalizer
// and the wait; past the threshold a Warning Event, once, also across a restart; the wait is
// counted from the child's deletionTimestamp, so a restart does not reset it.
TEST_F(DeletionE2E, ChildHeldByAFinalizerIsNamedAndWarnedAbout) {
  const std::vector<std::string> flags = {"--deletion-wait-warning", "3s"};
  start("held", flags);
  ASSERT_FALSE(HasFatalFailure());
  const std::string n = name("held");
  apply_rgd(n, "HeldApp");
  const std::string inst = n + "-i";
  create_instance("HeldApp", inst);
  set_cm_finalizers(inst, R"(["example.com/cleanup"])");

  ASSERT_TRUE(client_->remove(instances("HeldApp"), ns_, inst).ok());
  const std::string expected_prefix =
      "waiting for ConfigMap " + ns_ + "/" + inst + " (finalizer example.com/cleanup) for ";
  ASSERT_TRUE(eventually([&] {
    Json i = get_instance("HeldApp", inst);
    return str_at(i, "status.state") == "DELETING" &&
           ready_message(i).rfind(expected_prefix, 0) == 0;
  })) << to_pretty_json(get_instance("HeldApp", inst));
  Json i = get_instance("HeldApp", inst);
  EXPECT_EQ(str_at(*condition(i, "Ready"), "status"), "Unknown");
  EXPECT_THAT(ready_message(i), MatchesRegex(".* for [0-9]+[sm]"));

  // Past 3 s: the reason says so and one Warning Event names the child.
  ASSERT_TRUE(eventually([&] { return !events(ns_, inst, "DeletionStalled").empty(); }, 20s))
      << to_pretty_json(get_instance("HeldApp", inst));
  EXPECT_TRUE(eventually([&] {
    return reason_of(get_instance("HeldApp", inst), "ResourcesReady") == "DeletionStalled";
  }));
  std::vector<Json> warned = events(ns_, inst, "DeletionStalled");
  ASSERT_EQ(warned.size(), 1U);
  EXPECT_EQ(str_at(warned[0], "type"), "Warning");
  EXPECT_EQ(str_at(warned[0], "message"), "deletion has waited longer than 3s for ConfigMap " +
                                              ns_ + "/" + inst +
                                              " (finalizer example.com/cleanup)");
  const Json* count = find_path(warned[0], "count");
  const Json first_count = count != nullptr ? *count : Json();

  // A restart: the wait keeps counting from the child's deletionTimestamp; no second warning.
  long before = waited_seconds(ready_message(get_instance("HeldApp", inst)));
  ASSERT_GE(before, 0);
  restart("held", flags);
  ASSERT_FALSE(HasFatalFailure());
  ASSERT_TRUE(eventually(
      [&] { return waited_seconds(ready_message(get_instance("HeldApp", inst))) >= before + 2; },
      20s))
      << to_pretty_json(get_instance("HeldApp", inst));
  std::this_thread::sleep_for(2s);
  warned = events(ns_, inst, "DeletionStalled");
  ASSERT_EQ(warned.size(), 1U) << "warned again after the restart";
  const Json* count_after = find_path(warned[0], "count");
  EXPECT_TRUE(count_after == nullptr ? first_count.is_null()
                                     : deep_equal(*count_after, first_count))
      << "the warning was repeated";

  // The finalizer goes: the wave is through and the instance with it.
  set_cm_finalizers(inst, "null");
  EXPECT_TRUE(eventually([&] { return get_instance("HeldApp", inst).is_null(); }));
  EXPECT_TRUE(get_cm(inst).is_null());
  (void)client_->remove(kRgds, "", n);
  EXPECT_TRUE(eventually([&] { return get_rgd(n).is_null(); }));
}

// Without --allow-crd-deletion an RGD deleted with instances waits for the user to delete them:
// its kind stays served (a child deleted by hand is restored, even after a restart), Ready says
// how many remain and which, and it goes with the last one; its CRD stays.
TEST_F(DeletionE2E, RgdDeletionWaitsForItsInstancesToBeDeleted) {
  const std::vector<std::string> flags = {"--deletion-wait-warning", "3s"};
  start("wait", flags);
  ASSERT_FALSE(HasFatalFailure());
  const std::string n = name("wait");
  apply_rgd(n, "WaitApp");
  const std::string a = n + "-a";
  const std::string b = n + "-b";
  create_instance("WaitApp", a);
  create_instance("WaitApp", b);

  ASSERT_TRUE(client_->remove(kRgds, "", n).ok());
  const std::string two = "waiting for 2 instances of WaitApp to be deleted: " + ns_ + "/" + a +
                          ", " + ns_ + "/" + b + " for ";
  ASSERT_TRUE(eventually([&] { return ready_message(get_rgd(n)).rfind(two, 0) == 0; }, 30s))
      << to_pretty_json(get_rgd(n));
  Json r = get_rgd(n);
  EXPECT_EQ(str_at(*condition(r, "Ready"), "status"), "False");
  EXPECT_FALSE(str_at(r, "metadata.deletionTimestamp").empty());
  // Nothing is deleted for the user, and past 3 s a Warning Event on the RGD.
  ASSERT_TRUE(eventually([&] { return !events("default", n, "DeletionStalled").empty(); }, 20s))
      << to_pretty_json(get_rgd(n));
  EXPECT_EQ(str_at(events("default", n, "DeletionStalled")[0], "message"),
            "deletion has waited longer than 3s for " + ns_ + "/" + a + ", " + ns_ + "/" + b);
  EXPECT_EQ(str_at(get_instance("WaitApp", a), "status.state"), "ACTIVE");
  EXPECT_TRUE(str_at(get_instance("WaitApp", b), "metadata.deletionTimestamp").empty());

  // The kind is served: one instance deleted goes, with its child.
  ASSERT_TRUE(client_->remove(instances("WaitApp"), ns_, a).ok());
  EXPECT_TRUE(eventually([&] { return get_instance("WaitApp", a).is_null(); }));
  EXPECT_TRUE(get_cm(a).is_null());
  const std::string one = "waiting for 1 instance of WaitApp to be deleted: " + ns_ + "/" + b;
  EXPECT_TRUE(eventually([&] { return ready_message(get_rgd(n)).rfind(one, 0) == 0; }))
      << to_pretty_json(get_rgd(n));

  // Restarted halfway: the kind is served again (a child deleted by hand comes back).
  restart("wait", flags);
  ASSERT_FALSE(HasFatalFailure());
  ASSERT_TRUE(client_->remove(kConfigMaps, ns_, b).ok());
  EXPECT_TRUE(eventually([&] { return !get_cm(b).is_null(); })) << "the kind is not served";
  EXPECT_FALSE(get_rgd(n).is_null());
  EXPECT_EQ(events("default", n, "DeletionStalled").size(), 1U) << "warned again";

  ASSERT_TRUE(client_->remove(instances("WaitApp"), ns_, b).ok());
  EXPECT_TRUE(eventually([&] { return get_instance("WaitApp", b).is_null(); }))
      << "instance left on its finalizer";
  EXPECT_TRUE(eventually([&] { return get_rgd(n).is_null(); })) << to_pretty_json(get_rgd(n));
  const std::string crd = schema::kind_plural("WaitApp") + "." + group_;
  EXPECT_TRUE(client_->get(kCrds, "", crd).ok()) << "the CRD went without --allow-crd-deletion";
  (void)client_->remove(kCrds, "", crd);
}

// With --allow-crd-deletion the RGD deletes its instances first, waits for them (one held by
// its child's finalizer, across a restart), then deletes the CRD and goes.
TEST_F(DeletionE2E, RgdDeletionDeletesItsInstancesBeforeTheCrd) {
  const std::vector<std::string> flags = {"--allow-crd-deletion"};
  start("crd", flags);
  ASSERT_FALSE(HasFatalFailure());
  const std::string n = name("crd");
  apply_rgd(n, "CrdApp");
  const std::string a = n + "-a";
  const std::string b = n + "-b";
  create_instance("CrdApp", a);
  create_instance("CrdApp", b);
  set_cm_finalizers(b, R"(["example.com/hold"])");
  const std::string crd = schema::kind_plural("CrdApp") + "." + group_;

  ASSERT_TRUE(client_->remove(kRgds, "", n).ok());
  EXPECT_TRUE(eventually([&] { return get_instance("CrdApp", a).is_null(); }))
      << to_pretty_json(get_instance("CrdApp", a));
  EXPECT_TRUE(get_cm(a).is_null());
  const std::string one = "deleting 1 instance of CrdApp before its CRD: " + ns_ + "/" + b +
                          " (finalizer kro.run/finalizer) for ";
  ASSERT_TRUE(eventually([&] { return ready_message(get_rgd(n)).rfind(one, 0) == 0; }))
      << to_pretty_json(get_rgd(n));
  EXPECT_THAT(ready_message(get_instance("CrdApp", b)),
              ::testing::StartsWith("waiting for ConfigMap " + ns_ + "/" + b +
                                    " (finalizer example.com/hold) for "));
  EXPECT_TRUE(client_->get(kCrds, "", crd).ok()) << "the CRD went before its instances";

  restart("crd", flags);
  ASSERT_FALSE(HasFatalFailure());
  std::this_thread::sleep_for(2s);
  EXPECT_FALSE(get_rgd(n).is_null());
  EXPECT_TRUE(client_->get(kCrds, "", crd).ok());

  set_cm_finalizers(b, "null");
  EXPECT_TRUE(eventually([&] { return get_instance("CrdApp", b).is_null(); }))
      << "instance left on its finalizer: " << to_pretty_json(get_instance("CrdApp", b));
  EXPECT_TRUE(eventually([&] { return get_rgd(n).is_null(); })) << to_pretty_json(get_rgd(n));
  EXPECT_TRUE(eventually([&] { return !client_->get(kCrds, "", crd).ok(); })) << "the CRD stayed";
}

}  // namespace
}  // namespace kro::e2e

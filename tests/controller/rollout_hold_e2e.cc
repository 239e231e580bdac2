// The rollout hold end to end (a kro-cpp extension, issue #15; docs/controller.md "Beyond
// upstream") through the real kro-controller binary on the full local control plane of
// $KRO_E2E_KUBECONFIG: while an RGD carries kro.run/hold-rollout: "true", a changed spec is
// compiled and reported (RolloutHeld, GraphAccepted) but issues no GraphRevision, leaves the
// CRD's schema and keeps instances on the active revision's graph; removing the annotation rolls
// it out. The hold survives a controller restart, an invalid held spec is reported without
// touching instances, and Events announce the hold and its release.
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
const GroupVersionResource kGraphRevisions{"internal.kro.run", "v1alpha1", "graphrevisions"};

bool eventually(const std::function<bool()>& pred, std::chrono::milliseconds timeout = 60s) {
  return wait_until(pred, timeout);
}

std::int64_t int_of(const Json& v, std::string_view dotted) {
  const Json* p = find_path(v, dotted);
  return p != nullptr && p->is_int64() ? p->as_int64() : -1;
}

// One RGD: a ConfigMap per instance whose `marker` is a template literal (MARKER) and whose
// `value` follows the instance; EXTRA adds schema fields; ANNOTATIONS the RGD's annotations.
constexpr std::string_view kRgdText = R"(
apiVersion: kro.run/v1alpha1
kind: ResourceGraphDefinition
metadata:
  name: NAME
  annotations: ANNOTATIONS
spec:
  schema:
    apiVersion: v1alpha1
    kind: KIND
    group: GROUP
    spec:
      value: string
EXTRA
  resources:
    - id: cm
      template:
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: ${schema.metadata.name + "-cm"}
        data:
          value: ${schema.spec.value}
          marker: MARKER
)";

constexpr std::string_view kHold = R"({"kro.run/hold-rollout": "true"})";
constexpr std::string_view kNoHold = "{}";

class RolloutHoldE2E : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    connect_and_install_rgd_crd(client_, KRO_RGD_CRD, "rollout-hold-e2e");
    if (HasFatalFailure()) return;
    run_ = "p" + std::to_string(::getpid());
    group_ = run_ + ".hold.kro.run";
    ns_ = "hold-" + run_;
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

  static void start() {
    start_controller(controller_, KRO_CONTROLLER_BIN,
                     {"--instance-requeue-interval", "1s", "--log-level", "debug"},
                     "/tmp/rollout-hold-e2e-" + run_ + "-" + std::to_string(++starts_) + ".log",
                     ports_);
  }

  static std::string name(const std::string& suffix) { return "hold-" + run_ + "-" + suffix; }

  // Applies the RGD `n` of kind `kind` (server-side apply: an annotation left out is removed).
  static void apply_rgd(const std::string& n, const std::string& kind, std::string_view marker,
                        std::string_view annotations, std::string_view extra = "") {
    std::string text(kRgdText);
    text = replace_all(text, "NAME", n);
    text = replace_all(text, "KIND", kind);
    text = replace_all(text, "GROUP", group_);
    text = replace_all(text, "MARKER", marker);
    text = replace_all(text, "ANNOTATIONS", annotations);
    text = replace_all(text, "EXTRA", extra);
    auto doc = parse_yaml(text, n + ".yaml");
    ASSERT_TRUE(doc.ok()) << doc.error().str();
    auto r = client_->apply(kRgds, "", doc->value,
                            {.field_manager = "rollout-hold-e2e", .force = true, .dry_run = false});
    ASSERT_TRUE(r.ok()) << r.error().str();
  }

  static Json get_rgd(const std::string& n) {
    auto r = client_->get(kRgds, "", n);
    return r.ok() ? *r : Json();
  }

  static bool rgd_active(const std::string& n) {
    return str_at(get_rgd(n), "status.state") == "Active";
  }

  // RolloutHeld's status and observedGeneration as "True@3", or "" when absent.
  static std::string held_state(const Json& rgd) {
    const Json* c = condition(rgd, "RolloutHeld");
    if (c == nullptr) return "";
    return str_at(*c, "status") + "@" + std::to_string(int_of(*c, "observedGeneration"));
  }

  static std::string held_message(const Json& rgd) {
    const Json* c = condition(rgd, "RolloutHeld");
    return c != nullptr ? str_at(*c, "message") : "";
  }

  static GroupVersionResource instances(std::string_view kind) {
    return {group_, "v1alpha1", schema::kind_plural(kind)};
  }

  static void create_instance(std::string_view kind, const std::string& iname,
                              const std::string& value) {
    std::string text = R"({"apiVersion":")" + group_ + R"(/v1alpha1","kind":")" +
                       std::string(kind) + R"(","metadata":{"name":")" + iname +
                       R"("},"spec":{"value":")" + value + R"("}})";
    auto r = client_->create(instances(kind), ns_, parse_json(text).value());
    ASSERT_TRUE(r.ok()) << r.error().str();
  }

  static void set_instance_value(std::string_view kind, const std::string& iname,
                                 const std::string& value) {
    auto r = client_->patch(instances(kind), ns_, iname, kube::PatchType::kMerge,
                            R"({"spec":{"value":")" + value + R"("}})");
    ASSERT_TRUE(r.ok()) << r.error().str();
  }

  static Json get_cm(const std::string& n) {
    auto r = client_->get(kConfigMaps, ns_, n);
    return r.ok() ? *r : Json();
  }

  // The ConfigMap's "value/marker", or "" when it is not there.
  static std::string cm_data(const std::string& iname) {
    Json cm = get_cm(iname + "-cm");
    if (cm.is_null()) return "";
    return str_at(cm, "data.value") + "/" + str_at(cm, "data.marker");
  }

  // The live GraphRevisions of RGD `n`, their spec.revision numbers, comma-separated.
  static std::string revisions(const std::string& n) {
    kube::ListOptions o;
    o.field_selector = "spec.snapshot.name=" + n;
    auto l = client_->list(kGraphRevisions, "", o);
    std::vector<std::int64_t> numbers;
    if (l.ok()) {
      for (const Json& gr : find_path(*l, "items")->as_array()) {
        if (find_path(gr, "metadata.deletionTimestamp") == nullptr) {
          numbers.push_back(int_of(gr, "spec.revision"));
        }
      }
    }
    std::sort(numbers.begin(), numbers.end());
    std::string out;
    for (auto v : numbers) out += (out.empty() ? "" : ",") + std::to_string(v);
    return out;
  }

  // Whether the kind's CRD has spec field `field`.
  static bool crd_has_field(std::string_view kind, std::string_view field) {
    auto crd = client_->get(kCrds, "", schema::kind_plural(kind) + "." + group_);
    if (!crd.ok()) return false;
    const Json* versions = find_path(*crd, "spec.versions");
    if (versions == nullptr || !versions->is_array() || versions->as_array().empty()) return false;
    return find_path(versions->as_array().front(),
                     "schema.openAPIV3Schema.properties.spec.properties." + std::string(field)) !=
           nullptr;
  }

  // The Events of `reason` on RGD `n`: their messages, one per line, and their total count.
  static std::pair<std::string, std::int64_t> rgd_events(const std::string& n,
                                                         std::string_view reason) {
    std::pair<std::string, std::int64_t> out{"", 0};
    for (const std::string& where : {std::string("default"), ns_}) {
      auto events = client_->list(kEvents, where);
      if (!events.ok()) continue;
      for (const auto& e : find_path(*events, "items")->as_array()) {
        if (str_at(e, "involvedObject.kind") == "ResourceGraphDefinition" &&
            str_at(e, "involvedObject.name") == n && str_at(e, "reason") == reason) {
          out.first += str_at(e, "type") + ": " + str_at(e, "message") + "\n";
          out.second += std::max<std::int64_t>(1, int_of(e, "count"));
        }
      }
    }
    return out;
  }

  // The RGD `n` of `kind` served with marker v1 and one instance whose ConfigMap reads "a/v1".
  static void serve_with_instance(const std::string& n, const std::string& kind,
                                  const std::string& iname) {
    apply_rgd(n, kind, "v1", kNoHold);
    ASSERT_TRUE(eventually([&] { return rgd_active(n); })) << to_json(get_rgd(n));
    create_instance(kind, iname, "a");
    ASSERT_TRUE(eventually([&] { return cm_data(iname) == "a/v1"; })) << cm_data(iname);
  }

  static void remove_all(const std::string& kind, const std::string& iname, const std::string& n) {
    (void)client_->remove(instances(kind), ns_, iname);
    EXPECT_TRUE(eventually([&] { return !client_->get(instances(kind), ns_, iname).ok(); }));
    (void)client_->remove(kRgds, "", n);
    EXPECT_TRUE(eventually([&] { return !client_->get(kRgds, "", n).ok(); }));
  }

  static inline kube::RestClient* client_ = nullptr;
  static inline ControllerProcess* controller_ = nullptr;
  static inline std::string run_, group_, ns_;
  static inline int starts_ = 0;
  static inline ControllerProcess::ServedPorts ports_{};
};

constexpr std::string_view kExtraField = "      extra: string | default=\"x\"";

// (1) and (2): a held template change leaves the children, the CRD and the revisions as they
// were, and the RGD says which generation is held; removing the hold rolls it out.
TEST_F(RolloutHoldE2E, HeldChangeRollsOutOnlyWhenReleased) {
  const std::string n = name("roll");
  const std::string iname = n + "-i";
  serve_with_instance(n, "HoldRoll", iname);
  // Written for upstream (no annotation): no RolloutHeld at all.
  EXPECT_EQ(held_state(get_rgd(n)), "") << to_json(get_rgd(n));
  EXPECT_EQ(revisions(n), "1");

  apply_rgd(n, "HoldRoll", "v1", kHold);
  ASSERT_TRUE(eventually([&] { return held_state(get_rgd(n)).starts_with("False@"); }))
      << to_json(get_rgd(n));
  EXPECT_EQ(rgd_events(n, "RolloutHeld").second, 0) << "nothing was held yet";

  apply_rgd(n, "HoldRoll", "v2", kHold, kExtraField);
  const std::int64_t held_gen = int_of(get_rgd(n), "metadata.generation");
  ASSERT_TRUE(eventually([&] {
    return held_state(get_rgd(n)) == "True@" + std::to_string(held_gen);
  })) << to_json(get_rgd(n));
  Json rgd = get_rgd(n);
  EXPECT_EQ(held_message(rgd), "generation " + std::to_string(held_gen) +
                                   " is held by kro.run/hold-rollout: instances stay on revision "
                                   "1; it is valid and rolls out when the annotation is removed");
  const Json* accepted = condition(rgd, "GraphAccepted");
  ASSERT_NE(accepted, nullptr);
  EXPECT_EQ(str_at(*accepted, "status"), "True");
  EXPECT_EQ(int_of(*accepted, "observedGeneration"), held_gen);
  EXPECT_EQ(int_of(rgd, "status.lastIssuedRevision"), 1);
  EXPECT_EQ(str_at(rgd, "status.state"), "Active");
  EXPECT_EQ(str_at(*condition(rgd, "Ready"), "status"), "True") << to_json(rgd);
  EXPECT_EQ(revisions(n), "1") << "a held spec was issued";
  EXPECT_FALSE(crd_has_field("HoldRoll", "extra")) << "the held schema reached the CRD";
  EXPECT_TRUE(eventually([&] { return rgd_events(n, "RolloutHeld").second == 1; }))
      << rgd_events(n, "RolloutHeld").first;
  EXPECT_NE(rgd_events(n, "RolloutHeld").first.find("Normal: generation"), std::string::npos);

  // Instances keep reconciling, on the active revision's graph.
  set_instance_value("HoldRoll", iname, "b");
  ASSERT_TRUE(eventually([&] { return str_at(get_cm(iname + "-cm"), "data.value") == "b"; }));
  std::this_thread::sleep_for(3s);  // three requeues of the instance
  EXPECT_EQ(cm_data(iname), "b/v1") << "a held template reached the instance";

  // (2) The hold goes: the newest spec rolls out with no other change.
  apply_rgd(n, "HoldRoll", "v2", kNoHold, kExtraField);
  ASSERT_TRUE(eventually([&] { return cm_data(iname) == "b/v2"; })) << cm_data(iname);
  EXPECT_TRUE(eventually([&] { return revisions(n) == "1,2"; })) << revisions(n);
  EXPECT_TRUE(crd_has_field("HoldRoll", "extra"));
  rgd = get_rgd(n);
  EXPECT_EQ(held_state(rgd), "") << to_json(rgd);
  EXPECT_EQ(int_of(rgd, "status.lastIssuedRevision"), 2);
  EXPECT_TRUE(eventually([&] { return rgd_events(n, "RolloutReleased").second == 1; }))
      << rgd_events(n, "RolloutReleased").first;
  EXPECT_NE(rgd_events(n, "RolloutReleased")
                .first.find("hold released: generation " + std::to_string(held_gen) +
                            " rolled out as revision 2"),
            std::string::npos)
      << rgd_events(n, "RolloutReleased").first;
  // Passes that follow (the CRD's update wakes the RGD, perhaps before the cache has the status
  // just written) announce nothing again.
  std::this_thread::sleep_for(2s);
  EXPECT_EQ(rgd_events(n, "RolloutReleased").second, 1) << rgd_events(n, "RolloutReleased").first;
  EXPECT_EQ(rgd_events(n, "RolloutHeld").second, 1) << rgd_events(n, "RolloutHeld").first;
  remove_all("HoldRoll", iname, n);
}

// (3) A controller restarted while a change is held keeps it held: the instance stays on the
// active revision (compiled from its snapshot), and the hold is not announced again.
TEST_F(RolloutHoldE2E, HoldSurvivesARestart) {
  const std::string n = name("restart");
  const std::string iname = n + "-i";
  serve_with_instance(n, "HoldRestart", iname);
  apply_rgd(n, "HoldRestart", "v2", kHold);
  const std::int64_t held_gen = int_of(get_rgd(n), "metadata.generation");
  ASSERT_TRUE(eventually([&] {
    return held_state(get_rgd(n)) == "True@" + std::to_string(held_gen);
  })) << to_json(get_rgd(n));
  ASSERT_TRUE(eventually([&] { return rgd_events(n, "RolloutHeld").second == 1; }));

  stop_controller(controller_);
  set_instance_value("HoldRestart", iname, "c");
  start();
  ASSERT_TRUE(eventually([&] { return str_at(get_cm(iname + "-cm"), "data.value") == "c"; }))
      << cm_data(iname);
  std::this_thread::sleep_for(3s);
  EXPECT_EQ(cm_data(iname), "c/v1") << "the restart rolled the held template out";
  Json rgd = get_rgd(n);
  EXPECT_EQ(held_state(rgd), "True@" + std::to_string(held_gen)) << to_json(rgd);
  EXPECT_EQ(revisions(n), "1");
  EXPECT_EQ(str_at(rgd, "status.state"), "Active") << to_json(rgd);
  EXPECT_EQ(rgd_events(n, "RolloutHeld").second, 1) << rgd_events(n, "RolloutHeld").first;

  apply_rgd(n, "HoldRestart", "v2", kNoHold);
  EXPECT_TRUE(eventually([&] { return cm_data(iname) == "c/v2"; })) << cm_data(iname);
  remove_all("HoldRestart", iname, n);
}

// (4) An invalid spec while held is reported (GraphAccepted False, RolloutHeld saying why) and
// leaves the instance on the active revision; fixed, it is held as valid; released, it rolls out.
TEST_F(RolloutHoldE2E, InvalidHeldSpecIsReportedAndInstancesUnaffected) {
  const std::string n = name("invalid");
  const std::string iname = n + "-i";
  serve_with_instance(n, "HoldInvalid", iname);
  apply_rgd(n, "HoldInvalid", "${schema.spec.nope}", kHold);
  const std::int64_t bad_gen = int_of(get_rgd(n), "metadata.generation");
  ASSERT_TRUE(eventually([&] {
    return held_state(get_rgd(n)) == "True@" + std::to_string(bad_gen);
  })) << to_json(get_rgd(n));
  Json rgd = get_rgd(n);
  const Json* accepted = condition(rgd, "GraphAccepted");
  ASSERT_NE(accepted, nullptr);
  EXPECT_EQ(str_at(*accepted, "status"), "False") << to_json(rgd);
  EXPECT_EQ(int_of(*accepted, "observedGeneration"), bad_gen);
  EXPECT_NE(held_message(rgd).find("; it is invalid: "), std::string::npos) << held_message(rgd);
  EXPECT_NE(held_message(rgd).find("nope"), std::string::npos) << held_message(rgd);
  EXPECT_EQ(revisions(n), "1");

  set_instance_value("HoldInvalid", iname, "d");
  ASSERT_TRUE(eventually([&] { return str_at(get_cm(iname + "-cm"), "data.value") == "d"; }))
      << cm_data(iname);
  EXPECT_EQ(cm_data(iname), "d/v1");

  // Fixed while still held: now held as valid, announced again with the new verdict.
  apply_rgd(n, "HoldInvalid", "v3", kHold);
  const std::int64_t good_gen = int_of(get_rgd(n), "metadata.generation");
  ASSERT_TRUE(eventually([&] {
    Json r = get_rgd(n);
    return held_state(r) == "True@" + std::to_string(good_gen) &&
           held_message(r).find("it is valid") != std::string::npos;
  })) << to_json(get_rgd(n));
  EXPECT_TRUE(eventually([&] { return rgd_events(n, "RolloutHeld").second == 2; }))
      << rgd_events(n, "RolloutHeld").first;
  EXPECT_EQ(cm_data(iname), "d/v1");

  apply_rgd(n, "HoldInvalid", "v3", kNoHold);
  EXPECT_TRUE(eventually([&] { return cm_data(iname) == "d/v3"; })) << cm_data(iname);
  EXPECT_EQ(revisions(n), "1,2");
  remove_all("HoldInvalid", iname, n);
}

}  // namespace
}  // namespace kro::e2e

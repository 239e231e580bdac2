// The RGD controller end to end: the kro-controller binary (a subprocess, started once for the
// suite with --allow-crd-deletion) against the full local control plane of $KRO_E2E_KUBECONFIG.
// Each test uses its own RGD names and kinds under a group unique to this run, and ConfigMap
// children so that nothing waits on Pods.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <functional>
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

bool eventually(const std::function<bool()>& pred, std::chrono::milliseconds timeout = 60s) {
  return wait_until(pred, timeout);
}

// The generated CRD's plural, as kro derives it.
std::string plural(std::string_view kind) { return schema::kind_plural(kind); }

class RgdE2E : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    connect_and_install_rgd_crd(client_, KRO_RGD_CRD, "rgdctl-e2e");
    if (HasFatalFailure()) return;

    run_ = "p" + std::to_string(::getpid());
    group_ = run_ + ".rgdctl.kro.run";
    ns_ = "rgdctl-e2e-" + run_;
    auto created = client_->create(
        kNamespaces, "",
        parse_json(R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":")" + ns_ + "\"}}")
            .value());
    ASSERT_TRUE(created.ok()) << created.error().str();

    start_controller(controller_, KRO_CONTROLLER_BIN,
                     {"--allow-crd-deletion", "--log-level", "debug"},
                     "/tmp/rgdctl-e2e-" + run_ + ".log", ports_);
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

  // An RGD with one ConfigMap per instance. EXTRA_SPEC lines go under schema.spec, DATA lines
  // under the ConfigMap's data.
  static Json rgd(const std::string& name, const std::string& kind, const std::string& extra_spec,
                  const std::string& data, const std::string& extra_resource = "") {
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
      name: string
EXTRA_SPEC
  resources:
    - id: config
      template:
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: ${schema.spec.name}
        data:
DATA
EXTRA_RESOURCE
)";
    text = replace_all(text, "NAME", name);
    text = replace_all(text, "KIND", kind);
    text = replace_all(text, "GROUP", group_);
    text = replace_all(text, "EXTRA_SPEC", extra_spec);
    text = replace_all(text, "DATA", data);
    text = replace_all(text, "EXTRA_RESOURCE", extra_resource);
    auto doc = parse_yaml(text, name + ".yaml");
    EXPECT_TRUE(doc.ok()) << doc.error().str();
    return doc.ok() ? doc->value : Json();
  }

  static std::string name(const std::string& suffix) { return "rgdctl-" + run_ + "-" + suffix; }

  static void apply_rgd(const Json& obj) {
    auto r = client_->apply(kRgds, "", obj,
                            {.field_manager = "rgdctl-e2e", .force = true, .dry_run = false});
    ASSERT_TRUE(r.ok()) << r.error().str();
  }

  static Json get_rgd(const std::string& n) {
    auto r = client_->get(kRgds, "", n);
    return r.ok() ? *r : Json();
  }

  // Waits until the RGD's status reflects its current generation and `pred` holds.
  static bool rgd_eventually(const std::string& n, const std::function<bool(const Json&)>& pred,
                             std::chrono::milliseconds timeout = 60s) {
    return eventually(
        [&] {
          Json r = get_rgd(n);
          if (r.is_null()) return false;
          const Json* ready = condition(r, "Ready");
          const Json* gen = find_path(r, "metadata.generation");
          if (ready == nullptr || gen == nullptr) return false;
          const Json* observed = find_path(*ready, "observedGeneration");
          if (observed == nullptr || !deep_equal(*observed, *gen)) return false;
          return pred(r);
        },
        timeout);
  }

  static bool is_active(const Json& r) { return str_at(r, "status.state") == "Active"; }

  static GroupVersionResource instances(const std::string& plural) {
    return {group_, "v1alpha1", plural};
  }

  static void create_instance(const std::string& plural, const std::string& kind,
                              const std::string& iname, const std::string& spec_json) {
    std::string text = R"({"apiVersion":")" + group_ + R"(/v1alpha1","kind":")" + kind +
                       R"(","metadata":{"name":")" + iname + R"("},"spec":)" + spec_json + "}";
    auto r = client_->create(instances(plural), ns_, parse_json(text).value());
    ASSERT_TRUE(r.ok()) << r.error().str();
  }

  static bool instance_active(const std::string& plural, const std::string& iname) {
    auto r = client_->get(instances(plural), ns_, iname);
    return r.ok() && str_at(*r, "status.state") == "ACTIVE";
  }

  // Deletes instances first (their finalizers need the controller), then the RGD, and waits
  // until both are gone.
  static void delete_all(const std::string& plural, const std::vector<std::string>& inst,
                         const std::string& rgd_name) {
    for (const auto& i : inst) (void)client_->remove(instances(plural), ns_, i);
    EXPECT_TRUE(eventually([&] {
      for (const auto& i : inst) {
        if (client_->get(instances(plural), ns_, i).ok()) return false;
      }
      return true;
    })) << "instances not deleted";
    (void)client_->remove(kRgds, "", rgd_name);
    EXPECT_TRUE(eventually([&] { return get_rgd(rgd_name).is_null(); }))
        << "RGD " << rgd_name << " kept its finalizer";
  }

  static std::string data_of(const std::string& cm, std::string_view key) {
    auto r = client_->get(kConfigMaps, ns_, cm);
    if (!r.ok()) return "<absent>";
    const Json* d = find_path(*r, "data");
    if (d == nullptr || !d->is_object()) return "<no data>";
    const auto* v = d->as_object().if_contains(key);
    return v != nullptr && v->is_string() ? std::string(v->as_string()) : "<no key>";
  }

  static inline kube::RestClient* client_ = nullptr;
  static inline ControllerProcess* controller_ = nullptr;
  static inline std::string run_, group_, ns_;
  static inline ControllerProcess::ServedPorts ports_{};
};

TEST_F(RgdE2E, RgdBecomesActiveWithEstablishedCrdAndServesInstances) {
  std::string n = name("active");
  apply_rgd(rgd(n, "Alpha", "", "          greeting: static"));
  ASSERT_TRUE(rgd_eventually(n, is_active)) << to_pretty_json(get_rgd(n));
  Json r = get_rgd(n);
  for (const char* type : {"GraphAccepted", "KindReady", "ControllerReady", "Ready"}) {
    ASSERT_NE(condition(r, type), nullptr) << type;
    EXPECT_EQ(str_at(*condition(r, type), "status"), "True") << type;
  }
  EXPECT_EQ(str_at(*condition(r, "GraphAccepted"), "reason"), "Valid");
  EXPECT_EQ(str_at(*condition(r, "GraphAccepted"), "message"),
            "resource graph and schema are valid");
  EXPECT_EQ(str_at(*condition(r, "KindReady"), "message"),
            "kind Alpha has been accepted and ready");
  EXPECT_EQ(str_at(*condition(r, "ControllerReady"), "reason"), "Running");
  EXPECT_EQ(to_json(*find_path(r, "status.topologicalOrder")), R"(["config"])");
  EXPECT_EQ(to_json(*find_path(r, "metadata.finalizers")), R"(["kro.run/finalizer"])");

  auto crd = client_->get(kCrds, "", plural("Alpha") + "." + group_);
  ASSERT_TRUE(crd.ok()) << crd.error().str();
  const Json& labels = *find_path(*crd, "metadata.labels");
  EXPECT_EQ(labels.as_object().at("kro.run/owned").as_string(), "true");
  EXPECT_EQ(labels.as_object().at("kro.run/resource-graph-definition-name").as_string(), n);
  EXPECT_EQ(labels.as_object().at("kro.run/resource-graph-definition-id").as_string(),
            str_at(r, "metadata.uid"));
  ASSERT_NE(condition(*crd, "Established"), nullptr);
  EXPECT_EQ(str_at(*condition(*crd, "Established"), "status"), "True");

  create_instance(plural("Alpha"), "Alpha", "one", R"({"name":"alpha-one"})");
  EXPECT_TRUE(eventually([] { return instance_active(plural("Alpha"), "one"); }));
  EXPECT_EQ(data_of("alpha-one", "greeting"), "static");

  // Steady state: the RGD's status is not rewritten by further reconciles.
  std::string rv = str_at(get_rgd(n), "metadata.resourceVersion");
  std::this_thread::sleep_for(2s);
  EXPECT_EQ(str_at(get_rgd(n), "metadata.resourceVersion"), rv);

  delete_all(plural("Alpha"), {"one"}, n);
  EXPECT_TRUE(eventually([&] {
    return !client_->get(kCrds, "", plural("Alpha") + "." + group_).ok();
  })) << "--allow-crd-deletion: the CRD should go with its RGD";
}

TEST_F(RgdE2E, InvalidRgdIsRejectedWithAClearMessageAndOthersAreUnaffected) {
  std::string good = name("good");
  std::string bad = name("bad");
  apply_rgd(rgd(bad, "Gamma", "", "          other: ${nothere.metadata.name}"));
  apply_rgd(rgd(good, "Beta", "", "          greeting: fine"));
  ASSERT_TRUE(rgd_eventually(bad, [](const Json& r) {
    const Json* ga = condition(r, "GraphAccepted");
    return ga != nullptr && str_at(*ga, "status") == "False";
  })) << to_pretty_json(get_rgd(bad));
  Json r = get_rgd(bad);
  EXPECT_EQ(str_at(r, "status.state"), "Inactive");
  EXPECT_EQ(str_at(*condition(r, "GraphAccepted"), "reason"), "InvalidResourceGraph");
  EXPECT_THAT(str_at(*condition(r, "GraphAccepted"), "message"), HasSubstr("nothere"));
  EXPECT_EQ(str_at(*condition(r, "Ready"), "status"), "False");
  EXPECT_EQ(str_at(*condition(r, "Ready"), "reason"), "InvalidResourceGraph");
  EXPECT_FALSE(client_->get(kCrds, "", plural("Gamma") + "." + group_).ok())
      << "no CRD for an invalid RGD";

  ASSERT_TRUE(rgd_eventually(good, is_active)) << to_pretty_json(get_rgd(good));
  create_instance(plural("Beta"), "Beta", "b", R"({"name":"beta-b"})");
  EXPECT_TRUE(eventually([] { return instance_active(plural("Beta"), "b"); }));

  delete_all(plural("Beta"), {"b"}, good);
  delete_all(plural("Gamma"), {}, bad);
}

// The controller types every expression against the cluster's schemas, as upstream and
// `kro validate` do: a template that reads an undeclared field is rejected with upstream's exact
// message (captured from upstream kro v0.9.4 in tests/upstream-oracle/).
TEST_F(RgdE2E, TypeErrorIsRejectedWithUpstreamsMessage) {
  std::string n = name("typeerr");
  apply_rgd(rgd(n, "TypeErr", "", "          value: ${schema.spec.nope}"));
  ASSERT_TRUE(rgd_eventually(n, [](const Json& r) {
    const Json* ga = condition(r, "GraphAccepted");
    return ga != nullptr && str_at(*ga, "status") == "False";
  })) << to_pretty_json(get_rgd(n));
  Json r = get_rgd(n);
  EXPECT_EQ(str_at(*condition(r, "GraphAccepted"), "reason"), "InvalidResourceGraph");
  std::string upstream =
      read_file(std::string(KRO_UPSTREAM_ORACLE) + "/v0.9.4/type-error/graphaccepted-message.txt");
  while (!upstream.empty() && upstream.back() == '\n') upstream.pop_back();
  ASSERT_FALSE(upstream.empty());
  EXPECT_EQ(str_at(*condition(r, "GraphAccepted"), "message"), upstream);
  EXPECT_FALSE(client_->get(kCrds, "", plural("TypeErr") + "." + group_).ok());
  delete_all(plural("TypeErr"), {}, n);
}

// A kind that does not exist yet fails the build (upstream's "schema not found"); once its CRD
// is created the RGD compiles, without a restart, typed by that CRD's schema.
TEST_F(RgdE2E, CrdCreatedAfterTheRgdMakesItValidAndTypesIt) {
  std::string n = name("late");
  const std::string late_group = "late" + run_ + ".kro.run";
  std::string extra = R"(
    - id: widget
      template:
        apiVersion: LATE/v1
        kind: Widget
        metadata:
          name: ${schema.spec.name}
        spec:
          size: 3)";
  Json obj =
      rgd(n, "Later", "", "          greeting: hello", replace_all(extra, "LATE", late_group));
  obj.as_object()["spec"].as_object()["schema"].as_object()["status"] =
      JsonObject{{"size", "${widget.spec.size}"}, {"greeting", "${config.data.greeting}"}};
  apply_rgd(obj);
  ASSERT_TRUE(rgd_eventually(n, [](const Json& r) {
    const Json* ga = condition(r, "GraphAccepted");
    return ga != nullptr && str_at(*ga, "status") == "False";
  })) << to_pretty_json(get_rgd(n));
  EXPECT_THAT(
      str_at(*condition(get_rgd(n), "GraphAccepted"), "message"),
      HasSubstr("cannot resolve group version \"" + late_group + "/v1\": schema not found"));

  auto crd = client_->create(kCrds, "",
                             parse_json(R"({"apiVersion":"apiextensions.k8s.io/v1",
    "kind":"CustomResourceDefinition","metadata":{"name":"widgets.)" +
                                        late_group + R"("},
    "spec":{"group":")" + late_group + R"(","scope":"Namespaced",
      "names":{"plural":"widgets","singular":"widget","kind":"Widget"},
      "versions":[{"name":"v1","served":true,"storage":true,
        "schema":{"openAPIV3Schema":{"type":"object","properties":{
          "spec":{"type":"object","properties":{"size":{"type":"integer"}}}}}}}]}})")
                                 .value());
  ASSERT_TRUE(crd.ok()) << crd.error().str();
  ASSERT_TRUE(rgd_eventually(n, is_active, 30s)) << to_pretty_json(get_rgd(n));

  // The instance CRD's status is typed from both schemas, not left open.
  auto instance_crd = client_->get(kCrds, "", plural("Later") + "." + group_);
  ASSERT_TRUE(instance_crd.ok()) << instance_crd.error().str();
  const Json* status = find_path(*instance_crd, "spec.versions");
  ASSERT_NE(status, nullptr);
  status =
      find_path(status->as_array().at(0), "schema.openAPIV3Schema.properties.status.properties");
  ASSERT_NE(status, nullptr) << to_pretty_json(*instance_crd);
  EXPECT_EQ(str_at(*status, "size.type"), "integer") << to_pretty_json(*status);
  EXPECT_EQ(str_at(*status, "greeting.type"), "string") << to_pretty_json(*status);

  create_instance(plural("Later"), "Later", "l", R"({"name":"later-l"})");
  EXPECT_TRUE(eventually([] { return instance_active(plural("Later"), "l"); }));
  EXPECT_TRUE(eventually([&] {
    auto i = client_->get(instances(plural("Later")), ns_, "l");
    return i.ok() && to_json(*find_path(*i, "status.size")) == "3";
  }));
  delete_all(plural("Later"), {"l"}, n);
  (void)client_->remove(kCrds, "", "widgets." + late_group);
}

// GraphRevisions as upstream v0.9.4 issues them: one per accepted spec change, numbered from 1,
// none for an invalid or unchanged spec, the newest --rgd-max-graph-revisions (5) kept, all gone
// with their RGD.
TEST_F(RgdE2E, GraphRevisionsFollowAcceptedSpecChanges) {
  const std::string n = name("revs");
  const kube::GroupVersionResource grs{"internal.kro.run", "v1alpha1", "graphrevisions"};
  auto revisions = [&] {
    kube::ListOptions o;
    o.field_selector = "spec.snapshot.name=" + n;
    auto l = client_->list(grs, "", o);
    std::vector<std::string> names;
    if (l.ok()) {
      for (const Json& gr : find_path(*l, "items")->as_array()) {
        if (find_path(gr, "metadata.deletionTimestamp") == nullptr) {
          names.push_back(str_at(gr, "metadata.name"));
        }
      }
    }
    std::sort(names.begin(), names.end());
    return names;
  };
  auto settled_at = [&](std::int64_t issued) {
    return rgd_eventually(n, [&](const Json& r) {
      const Json* last = find_path(r, "status.lastIssuedRevision");
      const Json* grr = condition(r, "GraphRevisionsResolved");
      return is_active(r) && last != nullptr && last->is_int64() && last->as_int64() == issued &&
             grr != nullptr && str_at(*grr, "status") == "True";
    });
  };

  apply_rgd(rgd(n, "Revs", "", "          v: \"1\""));
  ASSERT_TRUE(settled_at(1)) << to_pretty_json(get_rgd(n));
  EXPECT_EQ(str_at(*condition(get_rgd(n), "GraphRevisionsResolved"), "message"),
            "revision 1 compiled and active");
  EXPECT_EQ(revisions(), std::vector<std::string>{n + "-r00001"});
  auto gr = client_->get(grs, "", n + "-r00001");
  ASSERT_TRUE(gr.ok()) << gr.error().str();
  EXPECT_EQ(find_path(*gr, "metadata.labels")->as_object().at("kro.run/owned").as_string(), "true");
  EXPECT_EQ(find_path(*gr, "metadata.labels")
                ->as_object()
                .at("kro.run/graph-revision-hash")
                .as_string()
                .size(),
            16U);
  EXPECT_EQ(str_at(*condition(*gr, "GraphVerified"), "status"), "True");
  EXPECT_EQ(to_json(*find_path(*gr, "status.topologicalOrder")), R"(["config"])");

  // An unchanged spec (re-applied) issues nothing; an invalid one neither, and the last good
  // revision keeps serving.
  apply_rgd(rgd(n, "Revs", "", "          v: \"1\""));
  apply_rgd(rgd(n, "Revs", "", "          v: ${nothing.here}"));
  ASSERT_TRUE(rgd_eventually(n, [](const Json& r) {
    const Json* ga = condition(r, "GraphAccepted");
    return ga != nullptr && str_at(*ga, "status") == "False";
  })) << to_pretty_json(get_rgd(n));
  EXPECT_EQ(revisions(), std::vector<std::string>{n + "-r00001"});

  // Six accepted changes: revisions 2..7, of which the newest five are kept.
  for (int v = 2; v <= 7; ++v) {
    apply_rgd(rgd(n, "Revs", "", "          v: \"" + std::to_string(v) + "\""));
    ASSERT_TRUE(settled_at(v)) << to_pretty_json(get_rgd(n));
  }
  EXPECT_TRUE(eventually([&] {
    return revisions() == std::vector<std::string>{n + "-r00003", n + "-r00004", n + "-r00005",
                                                   n + "-r00006", n + "-r00007"};
  })) << ::testing::PrintToString(revisions());

  delete_all(plural("Revs"), {}, n);
  EXPECT_TRUE(eventually([&] { return revisions().empty(); }))
      << "revisions outlived their RGD: " << ::testing::PrintToString(revisions());
}

TEST_F(RgdE2E, RgdUpdateAddingAFieldUpdatesTheCrdAndTheInstances) {
  std::string n = name("update");
  apply_rgd(rgd(n, "Delta", "", "          greeting: static"));
  ASSERT_TRUE(rgd_eventually(n, is_active)) << to_pretty_json(get_rgd(n));
  create_instance(plural("Delta"), "Delta", "d", R"({"name":"delta-d"})");
  ASSERT_TRUE(eventually([] { return data_of("delta-d", "greeting") == "static"; }));

  apply_rgd(rgd(n, "Delta", "      greeting: string | default=\"hello\"",
                "          greeting: ${schema.spec.greeting}"));
  ASSERT_TRUE(rgd_eventually(n, [](const Json& r) {
    return is_active(r) && str_at(r, "metadata.generation").empty() &&
           find_path(r, "metadata.generation")->as_int64() == 2;
  })) << to_pretty_json(get_rgd(n));
  auto crd = client_->get(kCrds, "", plural("Delta") + "." + group_);
  ASSERT_TRUE(crd.ok());
  const Json* spec_props =
      find_path((*crd).as_object().at("spec").as_object().at("versions").as_array()[0],
                "schema.openAPIV3Schema.properties.spec.properties.greeting");
  ASSERT_NE(spec_props, nullptr) << "CRD schema lacks the new field";
  EXPECT_EQ(str_at(*spec_props, "default"), "hello");
  // A new instance gets the new field's default.
  create_instance(plural("Delta"), "Delta", "d2", R"({"name":"delta-d2"})");
  EXPECT_TRUE(eventually([] { return data_of("delta-d2", "greeting") == "hello"; }))
      << "new instance: " << data_of("delta-d2", "greeting");
  // The instance that predates the update is served by the new graph with the new default.
  EXPECT_TRUE(eventually([] { return data_of("delta-d", "greeting") == "hello"; }))
      << "existing instance: " << data_of("delta-d", "greeting");

  delete_all(plural("Delta"), {"d", "d2"}, n);
}

TEST_F(RgdE2E, InvalidUpdateKeepsTheLastGoodGraphServing) {
  std::string n = name("keep");
  apply_rgd(rgd(n, "Epsilon", "", "          greeting: kept"));
  ASSERT_TRUE(rgd_eventually(n, is_active)) << to_pretty_json(get_rgd(n));

  apply_rgd(rgd(n, "Epsilon", "", "          greeting: ${missing.data.x}"));
  ASSERT_TRUE(rgd_eventually(n, [](const Json& r) {
    const Json* ga = condition(r, "GraphAccepted");
    return ga != nullptr && str_at(*ga, "status") == "False";
  })) << to_pretty_json(get_rgd(n));
  EXPECT_EQ(str_at(get_rgd(n), "status.state"), "Inactive");
  // As upstream: the revisions stay resolved (revision 1 serving) and, like Ready (False, from
  // GraphAccepted), are stamped with the invalid spec's generation.
  const Json r = get_rgd(n);
  const Json gen = *find_path(r, "metadata.generation");
  ASSERT_EQ(to_json(gen), "2");
  const Json* grr = condition(r, "GraphRevisionsResolved");
  ASSERT_NE(grr, nullptr) << to_pretty_json(r);
  EXPECT_EQ(str_at(*grr, "status"), "True");
  EXPECT_EQ(str_at(*grr, "message"), "revision 1 compiled and active");
  EXPECT_EQ(to_json(*find_path(*grr, "observedGeneration")), "2");
  const Json* ready = condition(r, "Ready");
  ASSERT_NE(ready, nullptr) << to_pretty_json(r);
  EXPECT_EQ(str_at(*ready, "status"), "False");
  EXPECT_EQ(to_json(*find_path(*ready, "observedGeneration")), "2");
  EXPECT_EQ(to_json(*find_path(r, "status.lastIssuedRevision")), "1");

  create_instance(plural("Epsilon"), "Epsilon", "e", R"({"name":"epsilon-e"})");
  EXPECT_TRUE(eventually([] { return instance_active(plural("Epsilon"), "e"); }))
      << "the last good graph should still serve new instances";
  EXPECT_EQ(data_of("epsilon-e", "greeting"), "kept");

  delete_all(plural("Epsilon"), {"e"}, n);
}

TEST_F(RgdE2E, SecondRgdClaimingTheSameKindIsRefused) {
  std::string first = name("owner");
  std::string second = name("claimer");
  apply_rgd(rgd(first, "Zeta", "", "          who: first"));
  ASSERT_TRUE(rgd_eventually(first, is_active)) << to_pretty_json(get_rgd(first));
  apply_rgd(rgd(second, "Zeta", "", "          who: second"));
  ASSERT_TRUE(rgd_eventually(second, [](const Json& r) {
    const Json* k = condition(r, "KindReady");
    return k != nullptr && str_at(*k, "status") == "False";
  })) << to_pretty_json(get_rgd(second));
  Json r = get_rgd(second);
  EXPECT_EQ(str_at(r, "status.state"), "Inactive");
  EXPECT_EQ(str_at(*condition(r, "KindReady"), "reason"), "Failed");
  // Upstream's words.
  EXPECT_EQ(str_at(*condition(r, "KindReady"), "message"),
            "failed to update CRD " + plural("Zeta") + "." + group_ +
                ": CRD is owned by another ResourceGraphDefinition " + first);

  create_instance(plural("Zeta"), "Zeta", "z", R"({"name":"zeta-z"})");
  EXPECT_TRUE(eventually([] { return instance_active(plural("Zeta"), "z"); }));
  EXPECT_EQ(data_of("zeta-z", "who"), "first");
  EXPECT_TRUE(is_active(get_rgd(first)));

  // Deleting the claimer leaves the owner's CRD alone, even with --allow-crd-deletion.
  delete_all(plural("Zeta"), {}, second);
  EXPECT_TRUE(client_->get(kCrds, "", plural("Zeta") + "." + group_).ok());
  EXPECT_TRUE(is_active(get_rgd(first)));
  delete_all(plural("Zeta"), {"z"}, first);
}

TEST_F(RgdE2E, BreakingSchemaChangeNeedsTheAnnotation) {
  std::string n = name("breaking");
  apply_rgd(rgd(n, "Eta", "      size: integer | default=1", "          greeting: x"));
  ASSERT_TRUE(rgd_eventually(n, is_active)) << to_pretty_json(get_rgd(n));

  apply_rgd(rgd(n, "Eta", "      size: string | default=\"one\"", "          greeting: x"));
  ASSERT_TRUE(rgd_eventually(n, [](const Json& r) {
    const Json* k = condition(r, "KindReady");
    return k != nullptr && str_at(*k, "status") == "False";
  })) << to_pretty_json(get_rgd(n));
  EXPECT_THAT(str_at(*condition(get_rgd(n), "KindReady"), "message"),
              HasSubstr("breaking changes detected"));

  Json allowed = rgd(n, "Eta", "      size: string | default=\"one\"", "          greeting: x");
  allowed.as_object()["metadata"].as_object()["annotations"] =
      JsonObject{{"kro.run/allow-breaking-changes", "true"}};
  apply_rgd(allowed);
  EXPECT_TRUE(rgd_eventually(n, is_active)) << to_pretty_json(get_rgd(n));

  delete_all(plural("Eta"), {}, n);
}

TEST_F(RgdE2E, MetricsAndProbesAreServed) {
  // One RGD built by this controller, so that the RGD metrics have samples whatever ran before.
  std::string n = name("metrics");
  apply_rgd(rgd(n, "Iota", "", "          greeting: counted"));
  ASSERT_TRUE(rgd_eventually(n, is_active)) << to_pretty_json(get_rgd(n));
  httplib::Client probes("127.0.0.1", ports_.probes);
  ASSERT_TRUE(eventually([&] {
    auto r = probes.Get("/readyz");
    return r && r->status == 200;
  }));
  auto health = probes.Get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  httplib::Client metrics("127.0.0.1", ports_.metrics);
  auto m = metrics.Get("/metrics");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->status, 200);
  EXPECT_THAT(m->body, HasSubstr("# TYPE rgd_graph_build_total counter"));
  EXPECT_THAT(m->body, HasSubstr("dynamic_controller_reconcile_total"));
  delete_all(plural("Iota"), {}, n);
}

}  // namespace
}  // namespace kro::e2e

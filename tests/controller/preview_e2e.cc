// `kro preview` (a kro-cpp extension; upstream proposal kro #883 / KREP-006, the command in
// KREP-021) against the real kro-controller on the full local control plane of
// $KRO_E2E_KUBECONFIG: an RGD reconciled with one instance, then previews of RGD files. The
// unchanged file previews nothing (exit 0: the dry-run apply of the controller's own stamp
// leaves every child as it is); a changed file shows the changed field from the API server's
// dry-run answer, a new resource and a pruned one (exit 2); and no preview writes anything
// (every resourceVersion stays).
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <thread>

#include "cli/app.h"
#include "controller_process.h"
#include "e2e_support.h"
#include "kube/rest_client.h"
#include "value/yaml.h"

namespace kro::e2e {
namespace {

using namespace std::chrono_literals;
using kube::GroupVersionResource;

struct Outcome {
  int code;
  std::string out;
  std::string err;
};

const char* kRgd = R"(apiVersion: kro.run/v1alpha1
kind: ResourceGraphDefinition
metadata:
  name: NAME
spec:
  schema:
    apiVersion: v1alpha1
    kind: PreviewApp
    group: GROUP
    spec:
      greeting: string | default="hello"
  resources:
    - id: config
      template:
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: ${schema.metadata.name + "-config"}
        data:
          greeting: ${schema.spec.greeting}
    - id: extra
      template:
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: ${schema.metadata.name + "-extra"}
        data:
          mode: extra
)";

class PreviewE2E : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    connect_and_install_rgd_crd(client_, KRO_RGD_CRD, "preview-e2e");
    if (HasFatalFailure()) return;
    run_ = "p" + std::to_string(::getpid());
    group_ = run_ + ".preview.kro.run";
    ns_ = "preview-" + run_;
    dir_ = std::filesystem::temp_directory_path() / ("kro-preview-e2e-" + run_);
    std::filesystem::create_directories(dir_);
    auto created = create_namespace(*client_, ns_);
    ASSERT_TRUE(created.ok()) << created.error().str();
    start_controller(controller_, KRO_CONTROLLER_BIN, {"--instance-requeue-interval", "1s"},
                     "/tmp/preview-e2e-" + run_ + ".log", ports_);
  }

  static void TearDownTestSuite() {
    stop_controller(controller_);
    if (client_ != nullptr) {
      (void)client_->remove(kNamespaces, "", ns_);
      delete client_;
      client_ = nullptr;
    }
    std::filesystem::remove_all(dir_);
  }

  void TearDown() override {
    if (HasFailure() && controller_ != nullptr) {
      std::cerr << "--- kro-controller log (tail) ---\n" << controller_->log_tail() << "\n";
    }
  }

  static std::string rgd_text(const std::string& name) {
    return replace_all(replace_all(kRgd, "NAME", name), "GROUP", group_);
  }

  static std::string write(const std::string& file, const std::string& text) {
    std::string path = (dir_ / file).string();
    std::ofstream(path) << text;
    return path;
  }

  static Outcome preview(std::vector<std::string> args) {
    args.insert(args.begin(), "preview");
    args.insert(args.end(), {"--kubeconfig", std::getenv("KRO_E2E_KUBECONFIG")});
    std::ostringstream out;
    std::ostringstream err;
    int code = cli::run(args, out, err);
    return {code, out.str(), err.str()};
  }

  // name → resourceVersion of the RGD, its CRD, the instance and every ConfigMap of ns_.
  static std::map<std::string, std::string> versions(const std::string& rgd_name,
                                                     const std::string& iname) {
    std::map<std::string, std::string> out;
    auto rv = [&](const std::string& key, const kube::ApiResult<Json>& r) {
      out[key] = r.ok() ? str_at(*r, "metadata.resourceVersion") : "absent";
    };
    rv("rgd", client_->get(kRgds, "", rgd_name));
    rv("crd", client_->get(kCrds, "", "previewapps." + group_));
    rv("instance", client_->get({group_, "v1alpha1", "previewapps"}, ns_, iname));
    auto cms = client_->list(kConfigMaps, ns_);
    if (cms.ok()) {
      for (const auto& cm : find_path(*cms, "items")->as_array()) {
        out["cm/" + str_at(cm, "metadata.name")] = str_at(cm, "metadata.resourceVersion");
      }
    }
    return out;
  }

  static inline kube::RestClient* client_ = nullptr;
  static inline ControllerProcess* controller_ = nullptr;
  static inline ControllerProcess::ServedPorts ports_{};
  static inline std::string run_, group_, ns_;
  static inline std::filesystem::path dir_;
};

TEST_F(PreviewE2E, ShowsTheDryRunChangeAndWritesNothing) {
  const std::string n = "preview-" + run_;
  auto doc = parse_yaml(rgd_text(n), "rgd.yaml");
  ASSERT_TRUE(doc.ok()) << doc.error().str();
  ASSERT_TRUE(client_
                  ->apply(kRgds, "", doc->value,
                          {.field_manager = "preview-e2e", .force = true, .dry_run = false})
                  .ok());
  ASSERT_TRUE(wait_until(
      [&] {
        auto r = client_->get(kRgds, "", n);
        return r.ok() && str_at(*r, "status.state") == "Active";
      },
      60s));
  const std::string iname = "demo";
  const GroupVersionResource instances{group_, "v1alpha1", "previewapps"};
  auto created =
      client_->create(instances, ns_,
                      parse_json(R"({"apiVersion":")" + group_ + R"(/v1alpha1","kind":"PreviewApp",
        "metadata":{"name":"demo"},"spec":{}})")
                          .value());
  ASSERT_TRUE(created.ok()) << created.error().str();
  ASSERT_TRUE(wait_until(
      [&] {
        auto r = client_->get(instances, ns_, iname);
        return r.ok() && str_at(*r, "status.state") == "ACTIVE";
      },
      60s));
  // Let the controller settle (its status writes) before taking the versions.
  std::this_thread::sleep_for(3s);
  auto before = versions(n, iname);
  ASSERT_NE(before["cm/demo-config"], "absent");

  // The file the cluster holds: nothing to do.
  Outcome same = preview({write("same.yaml", rgd_text(n))});
  EXPECT_EQ(same.code, 0) << same.out << same.err;
  EXPECT_NE(same.out.find("objects: 0 to create, 0 to change, 0 to delete, 2 unchanged"),
            std::string::npos)
      << same.out;
  EXPECT_NE(same.out.find("server-side dry-run apply"), std::string::npos) << same.out;

  // The greeting changes, a resource is added and `extra` leaves the RGD.
  std::string changed = rgd_text(n);
  changed = replace_all(changed, "greeting: ${schema.spec.greeting}",
                        "greeting: ${schema.spec.greeting + \"!\"}");
  changed = replace_all(changed, R"(    - id: extra
      template:
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: ${schema.metadata.name + "-extra"}
        data:
          mode: extra
)",
                        R"(    - id: secret
      template:
        apiVersion: v1
        kind: Secret
        metadata:
          name: ${schema.metadata.name + "-secret"}
        stringData:
          token: abc
)");
  std::string file = write("changed.yaml", changed);
  Outcome text = preview({file});
  EXPECT_EQ(text.code, 2) << text.out << text.err;
  const std::string where = " [instance: " + ns_ + "/demo]";
  EXPECT_NE(text.out.find("UPDATE: ConfigMap " + ns_ + "/demo-config (v1) resource config" + where +
                          "\n  - data.greeting: \"hello\"\n  + data.greeting: \"hello!\"\n"),
            std::string::npos)
      << text.out;
  EXPECT_NE(text.out.find("CREATE: Secret " + ns_ + "/demo-secret (v1) resource secret" + where),
            std::string::npos)
      << text.out;
  EXPECT_NE(text.out.find("DELETE: ConfigMap " + ns_ + "/demo-extra (v1) resource extra" + where +
                          "\n  resource extra is no longer in the RGD"),
            std::string::npos)
      << text.out;
  EXPECT_NE(text.out.find("objects: 1 to create, 1 to change, 1 to delete, 0 unchanged"),
            std::string::npos)
      << text.out;

  Outcome json = preview({"-o", "json", file});
  EXPECT_EQ(json.code, 2) << json.err;
  auto parsed = parse_json(json.out);
  ASSERT_TRUE(parsed.ok()) << json.out;
  EXPECT_EQ(parsed->at("dryRun"), Json(true));
  EXPECT_EQ(parsed->at("summary").at("affected"), Json(1));

  // Nothing was written by any of the previews.
  EXPECT_EQ(versions(n, iname), before);

  ASSERT_TRUE(client_->remove(instances, ns_, iname).ok());
  EXPECT_TRUE(wait_until([&] { return !client_->get(instances, ns_, iname).ok(); }, 60s));
  ASSERT_TRUE(client_->remove(kRgds, "", n).ok());
  EXPECT_TRUE(wait_until([&] { return !client_->get(kRgds, "", n).ok(); }, 60s));
  // The controller keeps CRDs of deleted RGDs (upstream's default): the test removes its own.
  (void)client_->remove(kCrds, "", "previewapps." + group_);
}

}  // namespace
}  // namespace kro::e2e

// `kro --kubeconfig`: kinds neither built in nor given with --crds come from the cluster.
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "cli/app.h"
#include "itest_env.h"
#include "value/yaml.h"

namespace kro::kube::itest {
namespace {

struct Outcome {
  int code;
  std::string out;
  std::string err;
};

Outcome kro(const std::vector<std::string>& args) {
  std::ostringstream out;
  std::ostringstream err;
  int code = cli::run(args, out, err);
  return {code, out.str(), err.str()};
}

class CliIt : public KubeTest {
 protected:
  void SetUp() override {
    KubeTest::SetUp();
    group_ = "cli" + std::to_string(::getpid()) + ".kro.run";
    dir_ = std::filesystem::temp_directory_path() / ("kro-cli-itest-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override {
    if (client_ != nullptr) (void)client_->remove(kCrds, "", "widgets." + group_);
    std::filesystem::remove_all(dir_);
    KubeTest::TearDown();
  }

  std::string write(const std::string& name, const std::string& text) {
    auto path = (dir_ / name).string();
    std::ofstream(path) << text;
    return path;
  }

  std::string group_;
  std::filesystem::path dir_;
};

TEST_F(CliIt, KubeconfigResolvesAKindServedOnlyByTheCluster) {
  const char* kubeconfig = std::getenv("KUBECONFIG");
  ASSERT_NE(kubeconfig, nullptr);
  auto crd = client_->create(kCrds, "",
                             json(R"({"apiVersion":"apiextensions.k8s.io/v1",
    "kind":"CustomResourceDefinition","metadata":{"name":"widgets.)" +
                                  group_ + R"("},
    "spec":{"group":")" + group_ + R"(","scope":"Namespaced",
      "names":{"plural":"widgets","singular":"widget","kind":"Widget"},
      "versions":[{"name":"v1","served":true,"storage":true,
        "schema":{"openAPIV3Schema":{"type":"object","properties":{
          "spec":{"type":"object","properties":{"size":{"type":"integer"}}}}}}}]}})"));
  ASSERT_TRUE(crd.ok()) << crd.error().str();
  std::string rgd = write("rgd.yaml", R"(apiVersion: kro.run/v1alpha1
kind: ResourceGraphDefinition
metadata: {name: widgets}
spec:
  schema:
    apiVersion: v1
    kind: WidgetSet
    spec:
      size: integer | default=3
      label: string | default="x"
    status:
      size: ${widget.spec.size}
  resources:
    - id: widget
      template:
        apiVersion: )" + group_ + R"(/v1
        kind: Widget
        metadata:
          name: ${schema.metadata.name}
        spec:
          size: ${schema.spec.size}
)");
  // Offline, the kind is unknown.
  Outcome offline = kro({"validate", rgd});
  EXPECT_EQ(offline.code, 1);
  EXPECT_NE(offline.err.find("schema not found"), std::string::npos) << offline.err;

  // Online: typed from the server (the CRD may need a moment to be published).
  Outcome online{1, "", ""};
  for (int i = 0; i < 50 && online.code != 0; ++i) {
    online = kro({"validate", rgd, "--kubeconfig", kubeconfig});
    if (online.code != 0) std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  EXPECT_EQ(online.code, 0) << online.err;
  EXPECT_NE(online.out.find("ok: 1 ResourceGraphDefinition valid"), std::string::npos)
      << online.out;

  // A type error against the server's schema is found and placed.
  std::string bad = write("bad.yaml", std::string(R"(apiVersion: kro.run/v1alpha1
kind: ResourceGraphDefinition
metadata: {name: bad}
spec:
  schema:
    apiVersion: v1
    kind: BadWidgetSet
    spec:
      label: string | default="x"
  resources:
    - id: widget
      template:
        apiVersion: )") + group_ + R"(/v1
        kind: Widget
        metadata:
          name: ${schema.metadata.name}
        spec:
          size: ${schema.spec.label}
)");
  Outcome typed = kro({"validate", bad, "--kubeconfig", kubeconfig});
  EXPECT_EQ(typed.code, 1);
  EXPECT_NE(typed.err.find(bad + ":18:17: error: failed to validate resource \"widget\": type "
                                 "mismatch in resource \"widget\" at path \"spec.size\""),
            std::string::npos)
      << typed.err;

  // The generated CRD types the status from the server's schema of the Widget kind.
  Outcome crd_out = kro({"crd", rgd, "--kubeconfig", kubeconfig});
  ASSERT_EQ(crd_out.code, 0) << crd_out.err;
  auto doc = parse_yaml(crd_out.out);
  ASSERT_TRUE(doc.ok()) << doc.error().str();
  const Json* size = find_path(doc->value.at("spec").at("versions").at(0),
                               "schema.openAPIV3Schema.properties.status.properties.size.type");
  ASSERT_NE(size, nullptr) << crd_out.out;
  EXPECT_EQ(*size, "integer");
}

TEST_F(CliIt, UnreadableKubeconfigIsAnError) {
  Outcome r = kro({"validate", write("x.yaml", "kind: ResourceGraphDefinition\n"), "--kubeconfig",
                   (dir_ / "missing-kubeconfig").string()});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("error:"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace kro::kube::itest

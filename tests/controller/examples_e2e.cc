// Every example under examples/ through the kro-controller binary on the full local control plane
// ($KRO_E2E_KUBECONFIG), as a user tries them: all RGD files of the example applied at once (in
// file-name order, so nested-rgd's parent comes before the kind it instantiates), the live objects
// of observed/ created, then the instance; every RGD must become Active and the instance ACTIVE.
// Then the instance and the RGDs are deleted and must go away (with --allow-crd-deletion, their
// CRDs too).
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include "e2e_support.h"
#include "schema/pluralize.h"

namespace kro::e2e {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

const std::vector<std::string> kExamples = {
    "cluster-scoped", "external-ref-name", "external-ref-selector-expression",
    "foreach-basic",  "nested-rgd",        "seed-application",
    "webapp"};

fs::path examples_dir() { return fs::path(KRO_EXAMPLES_DIR); }

struct Manifest {
  std::string file;
  Json object;
};

// Every document of the .yaml files directly in `dir`, in file-name order.
std::vector<Manifest> read_manifests(const fs::path& dir) {
  std::vector<fs::path> files;
  if (fs::is_directory(dir)) {
    for (const auto& e : fs::directory_iterator(dir)) {
      if (e.path().extension() == ".yaml") files.push_back(e.path());
    }
  }
  std::sort(files.begin(), files.end());
  std::vector<Manifest> out;
  for (const auto& f : files) {
    auto docs = read_yaml_file(f.string());
    EXPECT_TRUE(docs.ok()) << docs.error().str();
    if (!docs.ok()) continue;
    for (auto& d : *docs) out.push_back({f.filename().string(), std::move(d.value)});
  }
  return out;
}

// The objects of a manifest: its items when it is a List.
std::vector<Json> objects_of(const Json& manifest) {
  if (str_at(manifest, "kind") != "List") return {manifest};
  std::vector<Json> out;
  if (const Json* items = find_path(manifest, "items"); items != nullptr && items->is_array()) {
    for (const Json& item : items->as_array()) out.push_back(item);
  }
  return out;
}

kube::GroupVersionResource gvr_of(const Json& obj) {
  kube::GroupVersion gv = kube::GroupVersion::parse(str_at(obj, "apiVersion"));
  return {gv.group, gv.version, schema::kind_plural(str_at(obj, "kind"))};
}

class ExamplesE2E : public ::testing::TestWithParam<std::string> {
 protected:
  static void SetUpTestSuite() {
    connect_and_install_rgd_crd(client_, KRO_RGD_CRD, "examples-e2e");
    if (HasFatalFailure()) return;
    ns_ = "examples-e2e-" + std::to_string(::getpid());
    ensure_namespace(ns_);
    start_controller(controller_, KRO_CONTROLLER_BIN, {"--allow-crd-deletion"},
                     "/tmp/examples-e2e-" + std::to_string(::getpid()) + ".log", ports_);
  }

  static void TearDownTestSuite() {
    stop_controller(controller_);
    if (client_ != nullptr) {
      for (const auto& ns : namespaces_) (void)client_->remove(kNamespaces, "", ns);
      delete client_;
      client_ = nullptr;
    }
  }

  void TearDown() override {
    if (HasFailure() && controller_ != nullptr) {
      std::cerr << "--- kro-controller log (tail) ---\n" << controller_->log_tail() << "\n";
    }
  }

  static void ensure_namespace(const std::string& ns) {
    if (client_->get(kNamespaces, "", ns).ok()) return;
    auto r = client_->create(
        kNamespaces, "",
        parse_json(R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":")" + ns + "\"}}")
            .value());
    ASSERT_TRUE(r.ok()) << r.error().str();
    namespaces_.insert(ns);
  }

  static bool rgd_active(const std::string& name) {
    auto r = client_->get(kRgds, "", name);
    return r.ok() && str_at(*r, "status.state") == "Active";
  }

  static std::string conditions_of(const kube::GroupVersionResource& gvr, const std::string& ns,
                                   const std::string& name) {
    auto r = client_->get(gvr, ns, name);
    if (!r.ok()) return r.error().str();
    const Json* s = find_path(*r, "status");
    return s != nullptr ? to_pretty_json(*s) : "<no status>";
  }

  // Creates `obj` in `ns` ("" keeps its own namespace or none), with what only a server sets
  // removed (observed/ files are copies of live objects).
  static void create(Json obj, const std::string& ns) {
    auto& meta = obj.as_object()["metadata"].as_object();
    meta.erase("uid");
    meta.erase("resourceVersion");
    if (!ns.empty()) meta["namespace"] = ns;
    std::string target = str_at(obj, "metadata.namespace");
    if (!target.empty()) ensure_namespace(target);
    auto r = client_->create(gvr_of(obj), target, obj);
    ASSERT_TRUE(r.ok()) << str_at(obj, "kind") << " " << str_at(obj, "metadata.name") << ": "
                        << r.error().str();
  }

  static inline kube::RestClient* client_ = nullptr;
  static inline ControllerProcess* controller_ = nullptr;
  static inline ControllerProcess::ServedPorts ports_{};
  static inline std::string ns_;
  static inline std::set<std::string> namespaces_;
};

// A new example folder must be added to kExamples, so that none goes untested.
TEST(ExamplesList, NamesEveryExampleFolder) {
  std::vector<std::string> found;
  for (const auto& e : fs::directory_iterator(examples_dir())) {
    if (e.is_directory()) found.push_back(e.path().filename().string());
  }
  std::sort(found.begin(), found.end());
  EXPECT_EQ(found, kExamples);
}

TEST_P(ExamplesE2E, RgdsActiveInstanceActiveThenDeleted) {
  const fs::path dir = examples_dir() / GetParam();
  std::vector<Manifest> rgds, instances;
  for (auto& m : read_manifests(dir)) {
    (str_at(m.object, "kind") == "ResourceGraphDefinition" ? rgds : instances)
        .push_back(std::move(m));
  }
  ASSERT_FALSE(rgds.empty()) << dir;
  ASSERT_EQ(instances.size(), 1U) << dir << ": one instance per example";

  for (const auto& m : rgds) {
    auto r = client_->apply(kRgds, "", m.object,
                            {.field_manager = "examples-e2e", .force = true, .dry_run = false});
    ASSERT_TRUE(r.ok()) << m.file << ": " << r.error().str();
  }
  for (const auto& m : read_manifests(dir / "observed")) {
    for (const Json& obj : objects_of(m.object)) {
      create(obj, "");
      if (HasFatalFailure()) return;
    }
  }
  for (const auto& m : rgds) {
    const std::string name = str_at(m.object, "metadata.name");
    ASSERT_TRUE(wait_until([&] { return rgd_active(name); }, 60s))
        << m.file << " did not become Active:\n"
        << conditions_of(kRgds, "", name);
  }

  // The instance goes to its own namespace, to the test's when it names none and is namespaced.
  Json instance = instances.front().object;
  const kube::GroupVersionResource gvr = gvr_of(instance);
  auto crd = client_->get(kCrds, "", gvr.resource + "." + gvr.group);
  ASSERT_TRUE(crd.ok()) << crd.error().str();
  const bool namespaced = str_at(*crd, "spec.scope") == "Namespaced";
  std::string ns = str_at(instance, "metadata.namespace");
  if (namespaced && ns.empty()) ns = ns_;
  create(instance, namespaced ? ns : "");
  if (HasFatalFailure()) return;
  const std::string iname = str_at(instance, "metadata.name");
  EXPECT_TRUE(wait_until(
      [&] {
        auto r = client_->get(gvr, ns, iname);
        return r.ok() && str_at(*r, "status.state") == "ACTIVE";
      },
      120s))
      << GetParam() << ": the instance did not become ACTIVE:\n"
      << conditions_of(gvr, ns, iname);

  (void)client_->remove(gvr, ns, iname);
  EXPECT_TRUE(wait_until([&] { return !client_->get(gvr, ns, iname).ok(); }, 120s))
      << "the instance kept its finalizer:\n"
      << conditions_of(gvr, ns, iname);
  for (const auto& m : read_manifests(dir / "observed")) {
    for (const Json& obj : objects_of(m.object)) {
      (void)client_->remove(gvr_of(obj), str_at(obj, "metadata.namespace"),
                            str_at(obj, "metadata.name"));
    }
  }
  // Parents first, so no RGD is deleted while an instance of its kind still exists.
  for (const auto& m : rgds) {
    const std::string name = str_at(m.object, "metadata.name");
    (void)client_->remove(kRgds, "", name);
    EXPECT_TRUE(wait_until([&] { return !client_->get(kRgds, "", name).ok(); }, 60s))
        << name << " kept its finalizer";
  }
}

INSTANTIATE_TEST_SUITE_P(Examples, ExamplesE2E, ::testing::ValuesIn(kExamples),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string n = info.param;
                           std::replace(n.begin(), n.end(), '-', '_');
                           return n;
                         });

}  // namespace
}  // namespace kro::e2e

// forEach, externalRef and suspension end to end: a collection of ConfigMaps, one per name in the
// instance's spec, each copying a value from a ConfigMap the graph only reads (externalRef).
// Nothing is created while the external object is missing; items follow the list (an item
// dropped is pruned); a suspended instance is left alone until the annotation goes; deleting the
// instance deletes the items but never the external object.
#include <unistd.h>

#include <set>

#include "controller/dynamic_controller.h"
#include "controller/labels.h"
#include "e2e_env.h"

namespace kro::controller {
namespace {

using namespace e2e;
using kube::GroupVersionResource;

const GroupVersionResource kFanOuts{"e2e.instctl.kro.run", "v1alpha1", "fanouts"};

constexpr std::string_view kRgd = R"(
apiVersion: kro.run/v1alpha1
kind: ResourceGraphDefinition
metadata:
  name: instctl-fanout
spec:
  schema:
    apiVersion: v1alpha1
    kind: FanOut
    group: e2e.instctl.kro.run
    spec:
      names: "[]string"
    status:
      source: ${source.data.value}
  resources:
    - id: source
      externalRef:
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: fanout-source
    - id: copies
      forEach:
        - n: ${schema.spec.names}
      template:
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: ${schema.metadata.name + "-" + n}
        data:
          value: ${source.data.value}
)";

class FanOutE2E : public ::testing::Test {
 protected:
  void SetUp() override {
    client_ = connect();
    ASSERT_NE(client_, nullptr);
    auto exe = install_rgd(*client_, kRgd, "e2e-fanout-uid");
    ASSERT_NE(exe, nullptr);
    ns_ = "instctl-fanout-" + std::to_string(::getpid());
    ASSERT_TRUE(create_namespace(*client_, ns_));
    DynamicController::Options o;
    o.workers = 2;
    o.requeue_interval = 500ms;  // external refs are re-read by the safety-net requeue
    dc_ = std::make_unique<DynamicController>(*client_, o);
    dc_->register_kind(kFanOuts, exe, {"instctl-fanout", "e2e-fanout-uid"});
    dc_->start();
    ASSERT_TRUE(eventually([&] { return dc_->has_synced(kFanOuts); }, 30s));
  }

  void TearDown() override {
    if (dc_) dc_->stop();
    if (client_) (void)client_->remove(kNamespaces, "", ns_);
  }

  void set_instance(const std::string& names_json, bool suspended = false) {
    std::string ann = suspended ? R"(,"annotations":{"kro.run/reconcile":"suspended"})"
                                : R"(,"annotations":{"kro.run/reconcile":"enabled"})";
    Json obj = json(R"({"apiVersion":"e2e.instctl.kro.run/v1alpha1","kind":"FanOut",
        "metadata":{"name":"fan","namespace":")" +
                    ns_ + "\"" + ann + R"(},
        "spec":{"names":)" +
                    names_json + "}}");
    auto r =
        client_->apply(kFanOuts, ns_, obj, {.field_manager = "instctl-e2e-user", .force = true});
    ASSERT_TRUE(r.ok()) << r.error().str();
  }

  // Names of the ConfigMaps the instance owns.
  std::set<std::string> items() {
    std::set<std::string> out;
    auto r =
        client_->list(kConfigMaps, ns_, {.label_selector = std::string(kNodeIdLabel) + "=copies"});
    if (!r) return out;
    for (const auto& i : r->as_object().at("items").as_array()) {
      if (find_path(i, "metadata.deletionTimestamp") == nullptr) {
        out.insert(str_at(i, "metadata.name"));
      }
    }
    return out;
  }

  Json instance() {
    auto r = client_->get(kFanOuts, ns_, "fan");
    return r.ok() ? *r : Json();
  }

  std::unique_ptr<kube::RestClient> client_;
  std::unique_ptr<DynamicController> dc_;
  std::string ns_;
};

TEST_F(FanOutE2E, ExternalRefForEachSuspensionDelete) {
  set_instance(R"(["a","b"])");
  // The external ConfigMap is missing: the instance waits, nothing is created.
  ASSERT_TRUE(eventually([&] { return str_at(instance(), "status.state") == "IN_PROGRESS"; }));
  std::this_thread::sleep_for(1s);
  EXPECT_TRUE(items().empty());

  auto src = client_->create(kConfigMaps, ns_, json(R"({"apiVersion":"v1","kind":"ConfigMap",
      "metadata":{"name":"fanout-source"},"data":{"value":"hello"}})"));
  ASSERT_TRUE(src.ok()) << src.error().str();
  ASSERT_TRUE(eventually([&] { return items() == std::set<std::string>{"fan-a", "fan-b"}; }));
  ASSERT_TRUE(eventually([&] { return str_at(instance(), "status.state") == "ACTIVE"; }));
  EXPECT_EQ(str_at(instance(), "status.source"), "hello");
  auto b = client_->get(kConfigMaps, ns_, "fan-b");
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(str_at(*b, "data.value"), "hello");
  EXPECT_EQ(label_of(*b, kCollectionIndexLabel), "1");
  EXPECT_EQ(label_of(*b, kCollectionSizeLabel), "2");

  // An item dropped from the list is pruned.
  set_instance(R"(["a"])");
  ASSERT_TRUE(eventually([&] { return items() == std::set<std::string>{"fan-a"}; }));

  // Suspended: spec changes are not acted on, until the annotation goes.
  set_instance(R"(["a"])", true);
  ASSERT_TRUE(eventually([&] {
    Json i = instance();
    const Json* conds = find_path(i, "status.conditions");
    if (conds == nullptr || !conds->is_array()) return false;
    for (const auto& c : conds->as_array()) {
      if (str_at(c, "type") == "ResourcesReady" &&
          str_at(c, "reason") == "ReconciliationSuspended") {
        return true;
      }
    }
    return false;
  }));
  set_instance(R"(["a","c"])", true);
  std::this_thread::sleep_for(2s);
  EXPECT_EQ(items(), std::set<std::string>{"fan-a"});
  set_instance(R"(["a","c"])", false);
  ASSERT_TRUE(eventually([&] { return items() == std::set<std::string>{"fan-a", "fan-c"}; }));

  // Deletion removes the items, never the external object.
  ASSERT_TRUE(client_->remove(kFanOuts, ns_, "fan").ok());
  ASSERT_TRUE(eventually([&] { return !client_->get(kFanOuts, ns_, "fan").ok(); }));
  EXPECT_TRUE(items().empty());
  EXPECT_TRUE(client_->get(kConfigMaps, ns_, "fanout-source").ok());
}

}  // namespace
}  // namespace kro::controller

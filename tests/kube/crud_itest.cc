// CRUD, patches, preconditions and typed errors against a real kube-apiserver.
#include "itest_env.h"

namespace kro::kube::itest {
namespace {

class Crud : public KubeTest {};

TEST_F(Crud, CreateGetUpdateDelete) {
  auto& c = *client_;
  auto created = c.create(kConfigMaps, ns_, config_map("crud", R"({"a":"1"})"));
  ASSERT_TRUE(created.ok()) << created.error().str();
  std::string uid = str_at(*created, "metadata.uid");
  EXPECT_FALSE(uid.empty());

  auto again = c.create(kConfigMaps, ns_, config_map("crud"));
  ASSERT_FALSE(again.ok());
  EXPECT_TRUE(again.error().is_already_exists()) << again.error().str();
  EXPECT_EQ(again.error().message, "configmaps \"crud\" already exists");

  auto got = c.get(kConfigMaps, ns_, "crud");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(str_at(*got, "data.a"), "1");

  Json updated = *got;
  updated.as_object()["data"].as_object()["a"] = "2";
  auto put = c.update(kConfigMaps, ns_, updated);
  ASSERT_TRUE(put.ok()) << put.error().str();
  EXPECT_EQ(str_at(*put, "data.a"), "2");

  // The first read's resourceVersion is stale now: optimistic concurrency says Conflict.
  auto stale = c.update(kConfigMaps, ns_, *got);
  ASSERT_FALSE(stale.ok());
  EXPECT_TRUE(stale.error().is_conflict()) << stale.error().str();

  auto wrong_uid = c.remove(kConfigMaps, ns_, "crud", {.precondition_uid = "not-the-uid"});
  ASSERT_FALSE(wrong_uid.ok());
  EXPECT_TRUE(wrong_uid.error().is_conflict()) << wrong_uid.error().str();
  auto wrong_rv =
      c.remove(kConfigMaps, ns_, "crud",
               {.precondition_resource_version = str_at(*got, "metadata.resourceVersion")});
  ASSERT_FALSE(wrong_rv.ok());
  EXPECT_TRUE(wrong_rv.error().is_conflict());

  auto del = c.remove(kConfigMaps, ns_, "crud",
                      {.precondition_uid = uid, .propagation_policy = "Background"});
  ASSERT_TRUE(del.ok()) << del.error().str();
  auto gone = c.get(kConfigMaps, ns_, "crud");
  ASSERT_FALSE(gone.ok());
  EXPECT_TRUE(gone.error().is_not_found());
  EXPECT_EQ(gone.error().message, "configmaps \"crud\" not found");
}

TEST_F(Crud, PatchesOfEveryType) {
  auto& c = *client_;
  ASSERT_TRUE(c.create(kConfigMaps, ns_, config_map("patched", R"({"a":"1","b":"2"})")).ok());
  auto merge =
      c.patch(kConfigMaps, ns_, "patched", PatchType::kMerge, R"({"data":{"b":null,"c":"3"}})");
  ASSERT_TRUE(merge.ok()) << merge.error().str();
  EXPECT_EQ(find_path(*merge, "data.b"), nullptr);
  EXPECT_EQ(str_at(*merge, "data.c"), "3");

  auto jp = c.patch(
      kConfigMaps, ns_, "patched", PatchType::kJson,
      R"([{"op":"test","path":"/data/a","value":"1"},{"op":"replace","path":"/data/a","value":"9"}])");
  ASSERT_TRUE(jp.ok()) << jp.error().str();
  EXPECT_EQ(str_at(*jp, "data.a"), "9");

  auto smp = c.patch(kConfigMaps, ns_, "patched", PatchType::kStrategicMerge,
                     R"({"metadata":{"labels":{"x":"y"}}})", {.field_manager = "kc-smp"});
  ASSERT_TRUE(smp.ok()) << smp.error().str();
  EXPECT_EQ(str_at(*smp, "metadata.labels.x"), "y");

  auto failed_test = c.patch(kConfigMaps, ns_, "patched", PatchType::kJson,
                             R"([{"op":"test","path":"/data/a","value":"1"}])");
  ASSERT_FALSE(failed_test.ok());
  EXPECT_EQ(failed_test.error().code, 422);

  auto missing = c.patch(kConfigMaps, ns_, "nope", PatchType::kMerge, "{}");
  ASSERT_FALSE(missing.ok());
  EXPECT_TRUE(missing.error().is_not_found());
}

TEST_F(Crud, InvalidCarriesCauses) {
  auto bad = client_->create(kConfigMaps, ns_, config_map("Not_A_Valid_Name"));
  ASSERT_FALSE(bad.ok());
  EXPECT_TRUE(bad.error().is_invalid()) << bad.error().str();
  ASSERT_FALSE(bad.error().causes.empty());
  EXPECT_EQ(bad.error().causes[0].field, "metadata.name");
  EXPECT_EQ(bad.error().kind, "ConfigMap");
}

TEST_F(Crud, ClusterScopedAndSelectors) {
  auto ns = client_->get(kNamespaces, "", ns_);
  ASSERT_TRUE(ns.ok()) << ns.error().str();
  EXPECT_EQ(str_at(*ns, "metadata.name"), ns_);
  auto labelled = config_map("sel-1");
  labelled.as_object()["metadata"].as_object()["labels"] = json(R"({"tier":"web"})");
  ASSERT_TRUE(client_->create(kConfigMaps, ns_, labelled).ok());
  ASSERT_TRUE(client_->create(kConfigMaps, ns_, config_map("sel-2")).ok());
  auto by_label = client_->list(kConfigMaps, ns_, {.label_selector = "tier in (web,db)"});
  ASSERT_TRUE(by_label.ok()) << by_label.error().str();
  ASSERT_EQ(find_path(*by_label, "items")->as_array().size(), 1u);
  auto by_field = client_->list(kConfigMaps, ns_, {.field_selector = "metadata.name=sel-2"});
  ASSERT_TRUE(by_field.ok());
  ASSERT_EQ(find_path(*by_field, "items")->as_array().size(), 1u);
  // All namespaces: an empty namespace on a namespaced resource.
  auto all = client_->list(kConfigMaps, "", {.field_selector = "metadata.name=sel-2"});
  ASSERT_TRUE(all.ok());
  EXPECT_GE(find_path(*all, "items")->as_array().size(), 1u);
}

}  // namespace
}  // namespace kro::kube::itest

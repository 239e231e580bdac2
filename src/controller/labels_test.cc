#include "controller/labels.h"

#include <gtest/gtest.h>

namespace kro::controller {
namespace {

Json parse(std::string_view text) { return parse_json(text).value(); }

TEST(Labels, InstanceLabels) {
  Labels l = instance_labels("v0.9.3+dirty", "webapp", "rgd-uid");
  EXPECT_EQ(l.size(), 4U);
  EXPECT_EQ(l.at("kro.run/owned"), "true");
  EXPECT_EQ(l.at("kro.run/kro-version"), "v0.9.3-dirty");
  EXPECT_EQ(l.at("kro.run/resource-graph-definition-id"), "rgd-uid");
  EXPECT_EQ(l.at("kro.run/resource-graph-definition-name"), "webapp");
}

TEST(Labels, ChildLabelsOfNamespacedInstance) {
  InstanceRef ref = instance_ref_of(parse(
      R"({"apiVersion":"kro.run/v1alpha1","kind":"WebApp",
          "metadata":{"name":"my-app","namespace":"default","uid":"u1"}})"));
  Labels l = child_labels(ref, "config", "v0.9.3");
  Labels want{{"app.kubernetes.io/managed-by", "kro"},
              {"kro.run/instance-group", "kro.run"},
              {"kro.run/instance-id", "u1"},
              {"kro.run/instance-kind", "WebApp"},
              {"kro.run/instance-name", "my-app"},
              {"kro.run/instance-namespace", "default"},
              {"kro.run/instance-version", "v1alpha1"},
              {"kro.run/kro-version", "v0.9.3"},
              {"kro.run/node-id", "config"},
              {"kro.run/owned", "true"}};
  EXPECT_EQ(l, want);
}

TEST(Labels, ClusterScopedInstanceHasNoNamespaceLabel) {
  InstanceRef ref = instance_ref_of(
      parse(R"({"apiVersion":"x.io/v1","kind":"Tenant","metadata":{"name":"t","uid":"u"}})"));
  Labels l = child_labels(ref, "ns", "v1");
  EXPECT_EQ(l.count("kro.run/instance-namespace"), 0U);
  EXPECT_EQ(l.at("kro.run/instance-group"), "x.io");
}

TEST(Labels, Suspension) {
  EXPECT_FALSE(is_suspended(parse(R"({"metadata":{}})")));
  EXPECT_TRUE(
      is_suspended(parse(R"({"metadata":{"annotations":{"kro.run/reconcile":"Suspended"}}})")));
  EXPECT_TRUE(
      is_suspended(parse(R"({"metadata":{"annotations":{"kro.run/reconcile":"disabled"}}})")));
  EXPECT_FALSE(is_suspended(parse(R"({"metadata":{"annotations":{"kro.run/reconcile":"on"}}})")));
}

TEST(Labels, Ownership) {
  EXPECT_TRUE(is_kro_owned(parse(R"({"metadata":{"labels":{"kro.run/owned":"true"}}})")));
  EXPECT_FALSE(is_kro_owned(parse(
      R"({"metadata":{"labels":{"kro.run/owned":"false","app.kubernetes.io/managed-by":"kro"}}})")));
  EXPECT_TRUE(
      is_kro_owned(parse(R"({"metadata":{"labels":{"app.kubernetes.io/managed-by":"kro"}}})")));
  EXPECT_FALSE(is_kro_owned(parse(R"({"metadata":{}})")));
}

}  // namespace
}  // namespace kro::controller

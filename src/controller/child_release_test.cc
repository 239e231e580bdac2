#include "controller/child_release.h"

#include <gtest/gtest.h>

#include "value/yaml.h"

namespace kro::controller {
namespace {

Json json(std::string_view text) {
  auto v = parse_json(text);
  EXPECT_TRUE(v.ok()) << v.error().str();
  return v.ok() ? *v : Json();
}

// A ConfigMap kro applied (data.a, label app, annotation note and kro's own metadata) that a
// user then edited with kubectl (data.b, label team).
constexpr std::string_view kConfigMap = R"({
  "apiVersion": "v1", "kind": "ConfigMap",
  "metadata": {
    "name": "c", "namespace": "ns", "uid": "u1", "resourceVersion": "42",
    "creationTimestamp": "2026-01-01T00:00:00Z",
    "labels": {"app": "web", "team": "a", "kro.run/owned": "true", "kro.run/node-id": "cfg",
               "app.kubernetes.io/managed-by": "kro",
               "applyset.kubernetes.io/part-of": "applyset-abc-v1"},
    "annotations": {"internal.kro.run/apply-order": "1", "kro.run/deletion-policy": "Orphan",
                    "note": "x"},
    "managedFields": [
      {"manager": "kro.run/applyset", "operation": "Apply", "apiVersion": "v1",
       "fieldsType": "FieldsV1",
       "fieldsV1": {"f:data": {"f:a": {}},
                    "f:metadata": {"f:annotations": {"f:internal.kro.run/apply-order": {},
                                                     "f:kro.run/deletion-policy": {},
                                                     "f:note": {}},
                                   "f:labels": {"f:app": {}, "f:kro.run/owned": {},
                                                "f:kro.run/node-id": {},
                                                "f:app.kubernetes.io/managed-by": {},
                                                "f:applyset.kubernetes.io/part-of": {}}}}},
      {"manager": "kubectl-edit", "operation": "Update", "apiVersion": "v1",
       "fieldsType": "FieldsV1",
       "fieldsV1": {"f:data": {"f:b": {}}, "f:metadata": {"f:labels": {"f:team": {}}}}}
    ]
  },
  "data": {"a": "1", "b": "2"}
})";

TEST(ChildRelease, TransferTakesExactlyKrosFieldsWithoutKrosMetadata) {
  Json body = transfer_body(json(kConfigMap));
  EXPECT_TRUE(deep_equal(body, json(R"({
    "apiVersion": "v1", "kind": "ConfigMap",
    "metadata": {"name": "c", "namespace": "ns", "resourceVersion": "42",
                 "labels": {"app": "web"}, "annotations": {"note": "x"}},
    "data": {"a": "1"}})")))
      << to_json(body);
}

TEST(ChildRelease, TransferWithoutKrosEntryIsTheIdentityAlone) {
  Json live = json(kConfigMap);
  live.as_object()["metadata"].as_object()["managedFields"].as_array().erase(
      live.as_object()["metadata"].as_object()["managedFields"].as_array().begin());
  Json body = transfer_body(live);
  EXPECT_TRUE(deep_equal(body, json(R"({"apiVersion": "v1", "kind": "ConfigMap",
    "metadata": {"name": "c", "namespace": "ns", "resourceVersion": "42"}})")))
      << to_json(body);
}

TEST(ChildRelease, OwnedPartFollowsListKeysValuesAndIndexes) {
  Json live = json(R"({
    "metadata": {"finalizers": ["example.com/a", "example.com/b"]},
    "spec": {"replicas": 3,
             "ports": [{"port": 80, "protocol": "TCP", "name": "http"},
                       {"port": 443, "protocol": "TCP", "name": "https"}],
             "containers": [{"name": "web", "image": "nginx", "imagePullPolicy": "Always"},
                            {"name": "sidecar", "image": "envoy"}],
             "args": ["x", "y"],
             "matrix": [[1], [2]],
             "selector": {"app": "web"}}})");
  Json fields = json(R"({
    "f:metadata": {"f:finalizers": {".": {}, "v:\"example.com/b\"": {}}},
    "f:spec": {"f:ports": {"k:{\"port\":443,\"protocol\":\"TCP\"}": {".": {}, "f:name": {}}},
               "f:containers": {"k:{\"name\":\"web\"}": {".": {}, "f:image": {}}},
               "f:args": {},
               "f:matrix": {"i:1": {}},
               "f:selector": {},
               "f:gone": {"f:x": {}}}})");
  auto part = owned_part(live, fields);
  ASSERT_TRUE(part.has_value());
  EXPECT_TRUE(deep_equal(*part, json(R"({
    "metadata": {"finalizers": ["example.com/b"]},
    "spec": {"ports": [{"name": "https", "port": 443, "protocol": "TCP"}],
             "containers": [{"image": "nginx", "name": "web"}],
             "args": ["x", "y"],
             "matrix": [[2]],
             "selector": {"app": "web"}}})")))
      << to_json(*part);
}

TEST(ChildRelease, OwnedPartOfNothingPresentIsNothing) {
  EXPECT_FALSE(owned_part(json(R"({"data": {}})"), json(R"({"f:data": {"f:a": {}}})")));
  EXPECT_FALSE(owned_part(json(R"({"items": [{"name": "b"}]})"),
                          json(R"({"f:items": {"k:{\"name\":\"a\"}": {".": {}}}})")));
}

TEST(ChildRelease, ReleaseBodyIsTheIdentityAtTheGivenVersion) {
  Json body = release_body(json(kConfigMap));
  EXPECT_TRUE(deep_equal(body, json(R"({"apiVersion": "v1", "kind": "ConfigMap",
    "metadata": {"name": "c", "namespace": "ns", "resourceVersion": "42"}})")))
      << to_json(body);
  Json cluster = release_body(json(R"({"apiVersion": "v1", "kind": "Namespace",
    "metadata": {"name": "n", "resourceVersion": "7"}})"));
  EXPECT_FALSE(find_path(cluster, "metadata.namespace"));
}

TEST(ChildRelease, LeftoverPatchRemovesOnlyKrosMetadata) {
  auto patch = leftover_patch(json(kConfigMap));
  ASSERT_TRUE(patch.has_value());
  EXPECT_TRUE(deep_equal(*patch, json(R"({"metadata": {
    "labels": {"kro.run/owned": null, "kro.run/node-id": null,
               "app.kubernetes.io/managed-by": null, "applyset.kubernetes.io/part-of": null},
    "annotations": {"internal.kro.run/apply-order": null, "kro.run/deletion-policy": null},
    "resourceVersion": "42"}})")))
      << to_json(*patch);
  // Released, or never kro's: nothing to patch; another tool's managed-by stays.
  EXPECT_FALSE(leftover_patch(json(R"({"metadata": {"resourceVersion": "1",
    "labels": {"app": "web", "app.kubernetes.io/managed-by": "Helm"},
    "annotations": {"note": "x"}}})")));
}

TEST(ChildRelease, OrphanPolicyIsReadFromTheChild) {
  EXPECT_TRUE(has_orphan_policy(json(kConfigMap)));
  EXPECT_FALSE(has_orphan_policy(json(R"({"metadata": {"annotations": {}}})")));
  EXPECT_FALSE(has_orphan_policy(
      json(R"({"metadata": {"annotations": {"kro.run/deletion-policy": "Delete"}}})")));
  EXPECT_TRUE(is_kro_label("kro.run/instance-name", "x"));
  EXPECT_TRUE(is_kro_label("applyset.kubernetes.io/part-of", "applyset-x-v1"));
  EXPECT_FALSE(is_kro_label("app.kubernetes.io/managed-by", "Helm"));
  EXPECT_FALSE(is_kro_label("app", "kro"));
  EXPECT_TRUE(is_kro_annotation("internal.kro.run/apply-order"));
  EXPECT_FALSE(is_kro_annotation("note"));
}

// The RGD CRD (deploy/, copied to helm/crds/) admits exactly the values the graph layer reads,
// and refuses the field beside externalRef, as the graph layer does.
TEST(ChildRelease, RgdCrdDeclaresTheDeletionPolicy) {
  auto crd = read_yaml_file(std::string(KRO_DEPLOY_DIR) + "/kro.run_resourcegraphdefinitions.yaml");
  ASSERT_TRUE(crd.ok()) << crd.error().str();
  const Json& versions = *find_path(crd->front().value, "spec.versions");
  const Json* items =
      find_path(versions.as_array().at(0),
                "schema.openAPIV3Schema.properties.spec.properties.resources.items");
  ASSERT_NE(items, nullptr);
  const Json* policy = find_path(*items, "properties.deletionPolicy");
  ASSERT_NE(policy, nullptr);
  EXPECT_EQ(to_json(*find_path(*policy, "enum")),
            "[\"" + std::string(graph::kDeletionPolicyDelete) + "\",\"" +
                std::string(graph::kDeletionPolicyOrphan) + "\"]");
  EXPECT_NE(to_json(*find_path(*items, "x-kubernetes-validations"))
                .find("!has(self.externalRef) || !has(self.deletionPolicy)"),
            std::string::npos);
}

}  // namespace
}  // namespace kro::controller

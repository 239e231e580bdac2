#include "controller/applyset.h"

#include <gtest/gtest.h>

namespace kro::controller {
namespace {

Json parse(std::string_view text) { return parse_json(text).value(); }

Json webapp_instance() {
  return parse(R"({"apiVersion":"kro.run/v1alpha1","kind":"WebApp",
                   "metadata":{"name":"my-app","namespace":"default","uid":"u1"}})");
}

TEST(ApplySet, IdMatchesTheWorkedExample) {
  EXPECT_EQ(applyset_id("my-app", "default", "WebApp", "kro.run"),
            "applyset-9sHw3-6HBl2VO07VeDzfkQhwSs1_MRB3IBzTC1N-yt8-v1");
  EXPECT_EQ(applyset_id_of(webapp_instance()),
            "applyset-9sHw3-6HBl2VO07VeDzfkQhwSs1_MRB3IBzTC1N-yt8-v1");
}

TEST(ApplySet, InventoryHashMatchesTheWorkedExample) {
  ApplySetInventory inv{{"ConfigMap", "Deployment.apps"}, {}};
  EXPECT_EQ(inventory_hash("applyset-9sHw3-6HBl2VO07VeDzfkQhwSs1_MRB3IBzTC1N-yt8-v1", inv),
            "sha256:3EKpMqpBoQGXhcPzQ0NEdWJ7-WqvHYcOoRC9uZM1rf4");
}

TEST(ApplySet, GroupKindSpelling) {
  EXPECT_EQ(group_kind_string("", "Service"), "Service");
  EXPECT_EQ(group_kind_string("apps", "Deployment"), "Deployment.apps");
}

TEST(ApplySet, AnnotationsAreSortedAndHashed) {
  ApplySetInventory inv{{"Service", "Deployment.apps"}, {"b", "a"}};
  Labels ann = inventory_annotations("id", "v0.9.3", inv);
  EXPECT_EQ(ann.at(std::string(kApplySetToolingAnnotation)), "kro/v0.9.3");
  EXPECT_EQ(ann.at(std::string(kApplySetGroupKindsAnnotation)), "Deployment.apps,Service");
  EXPECT_EQ(ann.at(std::string(kApplySetNamespacesAnnotation)), "a,b");
  EXPECT_EQ(ann.at(std::string(kApplySetInventoryHashAnnotation)), inventory_hash("id", inv));
}

Json with_inventory(const Labels& annotations, const std::string& id_label) {
  Json inst = webapp_instance();
  set_parent_inventory(inst.as_object()["metadata"].as_object(), id_label, annotations);
  return inst;
}

TEST(ApplySet, ValidInventoryPasses) {
  std::string id = applyset_id_of(webapp_instance());
  ApplySetInventory inv{{"ConfigMap"}, {"other"}};
  Json inst = with_inventory(inventory_annotations(id, "v1", inv), id);
  EXPECT_TRUE(validate_parent_inventory(inst).ok());
  auto parsed = parse_inventory(inst);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(*parsed, inv);
}

TEST(ApplySet, TamperedInventoryIsRejected) {
  std::string id = applyset_id_of(webapp_instance());
  Labels ann = inventory_annotations(id, "v1", {{"ConfigMap"}, {}});
  ann[std::string(kApplySetGroupKindsAnnotation)] = "ConfigMap,Secret";
  auto st = validate_parent_inventory(with_inventory(ann, id));
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.error().message.find("invalid internal.kro.run/applyset-inventory-hash"),
            std::string::npos);
}

TEST(ApplySet, WrongIdOrToolingIsRejected) {
  std::string id = applyset_id_of(webapp_instance());
  Labels ann = inventory_annotations(id, "v1", {});
  EXPECT_FALSE(validate_parent_inventory(with_inventory(ann, "applyset-other-v1")).ok());
  ann[std::string(kApplySetToolingAnnotation)] = "kubectl/v1.30";
  auto st = validate_parent_inventory(with_inventory(ann, id));
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.error().message.find("is not owned by kro"), std::string::npos);
}

TEST(ApplySet, MissingAnnotationIsNamed) {
  std::string id = applyset_id_of(webapp_instance());
  Labels ann = inventory_annotations(id, "v1", {});
  ann.erase(std::string(kApplySetNamespacesAnnotation));
  auto st = validate_parent_inventory(with_inventory(ann, id));
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().message,
            "missing required applyset.kubernetes.io/additional-namespaces annotation");
}

TEST(ApplySet, MalformedEntriesAreRejected) {
  std::string id = applyset_id_of(webapp_instance());
  Labels ann = inventory_annotations(id, "v1", {});
  ann[std::string(kApplySetGroupKindsAnnotation)] = "ConfigMap,,Service";
  ann.erase(std::string(kApplySetInventoryHashAnnotation));
  auto parsed = parse_inventory(with_inventory(ann, id));
  ASSERT_FALSE(parsed.ok());
  EXPECT_NE(parsed.error().message.find("contains an empty group-kind"), std::string::npos);
  ann[std::string(kApplySetGroupKindsAnnotation)] = "";
  ann[std::string(kApplySetNamespacesAnnotation)] = "Bad_NS";
  EXPECT_FALSE(parse_inventory(with_inventory(ann, id)).ok());
}

TEST(ApplySet, AnyKeyDetection) {
  EXPECT_FALSE(has_any_inventory_key(webapp_instance()));
  EXPECT_TRUE(has_any_inventory_key(with_inventory({}, "x")));
}

}  // namespace
}  // namespace kro::controller

#include "value/compact_json.h"

#include <gtest/gtest.h>

#include <string>

namespace kro {
namespace {

// A Deployment as the API server answers it, managedFields included.
Json deployment() {
  return *parse_json(R"({"apiVersion":"apps/v1","kind":"Deployment",
    "metadata":{"name":"web-with-a-long-enough-name","namespace":"prod","uid":"8a1f-22",
      "resourceVersion":"4711","generation":2,
      "labels":{"app.kubernetes.io/managed-by":"kro","kro.run/instance-name":"web"},
      "managedFields":[{"manager":"kro.run/applyset","operation":"Apply",
        "fieldsType":"FieldsV1","fieldsV1":{"f:spec":{"f:replicas":{}}}}]},
    "spec":{"replicas":3,"template":{"spec":{"containers":[{"name":"web","image":"nginx:1.27",
      "ports":[{"containerPort":80}]}]}}},
    "status":{"availableReplicas":3,"ratio":0.5,"big":18446744073709551615}})");
}

TEST(CompactDocument, HoldsAnEqualTree) {
  Json d = deployment();
  Document c = compact_document(d);
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(*c, d);
  // Number kinds survive (CEL tells int, uint and double apart).
  EXPECT_TRUE(find_path(*c, "status.big")->is_uint64());
  EXPECT_TRUE(find_path(*c, "status.ratio")->is_double());
  EXPECT_TRUE(find_path(*c, "spec.replicas")->is_int64());
}

TEST(CompactDocument, DropsManagedFieldsOnlyWhenAsked) {
  Json d = deployment();
  Document kept = compact_document(d);
  EXPECT_NE(find_path(*kept, "metadata.managedFields"), nullptr);
  Document dropped = compact_document(d, {.drop_managed_fields = true});
  EXPECT_EQ(find_path(*dropped, "metadata.managedFields"), nullptr);
  Json expected = d;
  expected.as_object()["metadata"].as_object().erase("managedFields");
  EXPECT_EQ(*dropped, expected);
  // Key order is kept.
  EXPECT_EQ(to_json(*dropped), to_json(expected));
  EXPECT_LT(compact_size(d, {.drop_managed_fields = true}), compact_size(d));
}

TEST(CompactDocument, ScalarsAndObjectsWithoutMetadata) {
  EXPECT_EQ(*compact_document(Json("x")), Json("x"));
  EXPECT_EQ(compact_size(Json(3)), 0u);
  Json plain = *parse_json(R"({"a":[1,2,{"b":"a string longer than the inline buffer"}]})");
  EXPECT_EQ(*compact_document(plain, {.drop_managed_fields = true}), plain);
}

TEST(CompactDocument, SmallerThanTheHeapTree) {
  // The heap tree's allocations alone (without allocator headers) already need about as much;
  // the compact block is the exact sum, so it is never more than the text's few-fold.
  Json d = deployment();
  std::size_t block = compact_size(d);
  EXPECT_GT(block, 0u);
  EXPECT_LT(block, 4 * to_json(d).size());
}

TEST(CompactDocument, EditedCopiesLeaveTheBlockAlone) {
  Json d = deployment();
  Document c = compact_document(d);
  // Copies land on the source's storage by default: the sealed block must hand out heap memory,
  // and the edited copy must live on independently of the Document.
  Json copy = *c;
  copy.as_object()["metadata"].as_object()["name"] = std::string(200, 'n');
  copy.as_object()["spec"].as_object()["extra"] = JsonArray{Json(1), Json("two")};
  c.reset();
  EXPECT_EQ(string_at(copy, "metadata.name").size(), 200u);
  // A second compact copy of the edited copy is exact again (the seal only redirects later
  // allocations; it leaves the copy's own tree intact).
  EXPECT_EQ(*compact_document(copy), copy);
  EXPECT_EQ(int_at(copy, "spec.replicas"), 3);
  EXPECT_EQ(string_at(copy, "metadata.namespace"), "prod");
}

TEST(CompactDocument, LargerThanTheScratchBuffer) {
  JsonArray items;
  for (int i = 0; i < 5000; ++i) {
    items.push_back(JsonObject{{"name", "item-number-" + std::to_string(i) + "-with-padding"}});
  }
  Json big = JsonObject{{"metadata", JsonObject{{"name", "big"}}}, {"items", std::move(items)}};
  Document c = compact_document(big);
  EXPECT_EQ(*c, big);
  EXPECT_GT(compact_size(big), 64u * 1024u);
}

}  // namespace
}  // namespace kro

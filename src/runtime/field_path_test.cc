#include "runtime/field_path.h"

#include <gtest/gtest.h>

#include "runtime/test_util.h"

namespace kro::runtime {
namespace {

using testing::yaml;

// The grammar is value/field_path.h's (tested there, and read the same way by the graph layer's
// typing: graph/schema_resolver_test.cc); a quoted key with Go escapes lands on the key it names.
TEST(FieldPath, UpsertsAtAQuotedKeyWithEscapes) {
  Json j = yaml("{metadata: {labels: {}}}");
  auto steps = parse_field_path(R"(metadata.labels["a\u00e9\x41\a\tb"])");
  ASSERT_TRUE(steps.ok()) << steps.error().message;
  ASSERT_TRUE(upsert_at(j, *steps, Json("v")).ok());
  EXPECT_EQ(j.at("metadata")
                .at("labels")
                .at("a\xc3\xa9"
                    "A\a\tb"),
            Json("v"));
}

TEST(FieldPath, UpsertCreatesAndEraseRemoves) {
  Json j = yaml("{a: {list: [1, 2, 3]}}");
  ASSERT_TRUE(upsert_at(j, *parse_field_path("b.c[1].d"), Json(5)).ok());
  EXPECT_EQ(j, yaml("{a: {list: [1, 2, 3]}, b: {c: [null, {d: 5}]}}"));
  EXPECT_FALSE(upsert_at(j, *parse_field_path("a.list.x"), Json(1)).ok());
  EXPECT_TRUE(erase_at(j, *parse_field_path("a.list[1]")));
  EXPECT_EQ(j.at_pointer("/a/list"), yaml("[1, 3]"));
  EXPECT_FALSE(erase_at(j, *parse_field_path("a.nothing")));
  ASSERT_NE(find_at(j, *parse_field_path("b.c[1].d")), nullptr);
  EXPECT_EQ(find_at(j, *parse_field_path("b.c[7]")), nullptr);
}

TEST(Identity, FromObjectAndNamespaceRule) {
  Json obj = yaml("{apiVersion: apps/v1, kind: Deployment, metadata: {name: web}}");
  EXPECT_EQ(identity_of(obj).str(), "apps/v1/Deployment//web");
  EXPECT_EQ(identity_of(obj).api_version(), "apps/v1");
  ASSERT_TRUE(default_namespace(obj, true, "prod").ok());
  EXPECT_EQ(identity_of(obj).str(), "apps/v1/Deployment/prod/web");
  ASSERT_TRUE(default_namespace(obj, true, "other").ok());  // an explicit namespace stays
  EXPECT_EQ(identity_of(obj).namespace_, "prod");
  EXPECT_EQ(identity_of(yaml("{apiVersion: v1, kind: Namespace}")).api_version(), "v1");

  Json cluster = yaml("{apiVersion: v1, kind: Namespace, metadata: {name: n, namespace: x}}");
  EXPECT_FALSE(default_namespace(cluster, false, "prod").ok());
  Json bare = yaml("{apiVersion: v1, kind: ConfigMap, metadata: {name: c}}");
  EXPECT_FALSE(default_namespace(bare, true, "").ok());
  EXPECT_TRUE(is_data_pending_message("no such key: status"));
  EXPECT_TRUE(is_data_pending_message("index out of bounds: 0 (list size 0)"));
  EXPECT_FALSE(is_data_pending_message("division by zero"));
}

}  // namespace
}  // namespace kro::runtime

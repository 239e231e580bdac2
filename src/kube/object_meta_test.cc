#include "kube/object_meta.h"

#include <gtest/gtest.h>

namespace kro::kube {
namespace {

Json object(std::string_view metadata) {
  return *parse_json(R"({"kind":"X","metadata":)" + std::string(metadata) + "}");
}

TEST(ObjectMeta, Finalizers) {
  const Json o = object(R"({"finalizers":["a","kro.run/finalizer",1,"b"]})");
  EXPECT_TRUE(has_finalizer(o, "kro.run/finalizer"));
  EXPECT_FALSE(has_finalizer(o, "c"));
  EXPECT_FALSE(has_finalizer(object("{}"), "a"));
  EXPECT_FALSE(has_finalizer(object(R"({"finalizers":"a"})"), "a"));

  EXPECT_EQ(Json(finalizers_with(o, "c")), *parse_json(R"(["a","kro.run/finalizer",1,"b","c"])"));
  EXPECT_EQ(Json(finalizers_with(o, "a")), *parse_json(R"(["a","kro.run/finalizer",1,"b"])"));
  EXPECT_EQ(Json(finalizers_with(object("{}"), "a")), *parse_json(R"(["a"])"));
  EXPECT_EQ(Json(finalizers_without(o, "kro.run/finalizer")), *parse_json(R"(["a",1,"b"])"));
  EXPECT_EQ(Json(finalizers_without(object("{}"), "a")), Json(JsonArray()));
}

TEST(ObjectMeta, TerminatingWhenDeletionTimestampIsSet) {
  EXPECT_TRUE(is_terminating(object(R"({"deletionTimestamp":"2024-01-01T00:00:00Z"})")));
  EXPECT_FALSE(is_terminating(object(R"({"name":"x"})")));
  EXPECT_FALSE(is_terminating(Json(nullptr)));
}

TEST(ObjectMeta, LabelsAndAnnotations) {
  const Json o = object(R"({"labels":{"app.kubernetes.io/name":"web","n":1},
                            "annotations":{"kro.run/x":"y"}})");
  EXPECT_EQ(label(o, "app.kubernetes.io/name"), "web");
  EXPECT_EQ(label(o, "n"), "");
  EXPECT_EQ(label(o, "kro.run/x"), "");
  EXPECT_EQ(annotation(o, "kro.run/x"), "y");
  EXPECT_EQ(annotation(object(R"({"annotations":[]})"), "a"), "");
}

}  // namespace
}  // namespace kro::kube

#include "value/json.h"

#include <gtest/gtest.h>

namespace kro {
namespace {

Json object() {
  return *parse_json(R"({"metadata":{"name":"web","namespace":"prod","generation":3,
    "labels":{"app":"web"},"big":18446744073709551615,"half":1.5,"n":"7"},"kind":"Pod"})");
}

TEST(JsonAccess, FindsDottedPaths) {
  const Json o = object();
  ASSERT_NE(find_path(o, "metadata.labels.app"), nullptr);
  EXPECT_EQ(find_path(o, "metadata.labels.app.x"), nullptr);
  EXPECT_EQ(find_path(o, "spec"), nullptr);
  EXPECT_EQ(find_path(o, ""), &o);
}

TEST(JsonAccess, StringAtGivesEmptyUnlessAString) {
  const Json o = object();
  EXPECT_EQ(string_at(o, "metadata.name"), "web");
  EXPECT_EQ(string_at(o, "kind"), "Pod");
  EXPECT_EQ(string_view_at(o, "metadata.namespace"), "prod");
  EXPECT_EQ(string_at(o, "metadata.generation"), "");
  EXPECT_EQ(string_at(o, "metadata.labels"), "");
  EXPECT_EQ(string_at(o, "metadata.missing"), "");
  EXPECT_EQ(string_at(Json("x"), "a"), "");
}

TEST(JsonAccess, IntAtTakesSignedAndFittingUnsigned) {
  const Json o = object();
  EXPECT_EQ(int_at(o, "metadata.generation"), 3);
  EXPECT_EQ(int_at(o, "metadata.big"), 0);   // a uint64 above INT64_MAX
  EXPECT_EQ(int_at(o, "metadata.half"), 0);  // a double
  EXPECT_EQ(int_at(o, "metadata.n"), 0);     // a string
  EXPECT_EQ(int_at(o, "metadata.none"), 0);
  Json u = JsonObject{{"g", Json(std::uint64_t{42})}};
  EXPECT_EQ(int_at(u, "g"), 42);
}

}  // namespace
}  // namespace kro

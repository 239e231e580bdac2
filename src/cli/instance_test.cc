#include "cli/instance.h"

#include <gtest/gtest.h>

#include "schema/simple_schema.h"

namespace kro::cli {
namespace {

schema::Schema spec_schema(std::string_view simple) {
  auto doc = parse_yaml(simple);
  EXPECT_TRUE(doc.ok());
  auto s = schema::simple_schema_to_openapi(doc->value, Json(nullptr));
  EXPECT_TRUE(s.ok()) << s.error().str();
  return s.value();
}

TEST(Defaults, FillsAbsentFieldsAndRecursesIntoDefaultedObjects) {
  schema::Schema s = spec_schema(R"(
image: string | default="nginx"
port: integer | default=80
ingress:
  enabled: boolean | default=false
tags: '[]string'
)");
  Json v = parse_json(R"({"port": 8080})").value();
  apply_defaults(s, v);
  EXPECT_EQ(to_json(v), R"({"port":8080,"image":"nginx","ingress":{"enabled":false}})");
}

TEST(Defaults, ReplacesNullOfNonNullableAndDefaultsListItems) {
  schema::Schema s = spec_schema(R"(image: string | default="nginx")");
  schema::Schema item;
  item.type = "object";
  schema::Schema port;
  port.type = "integer";
  port.default_value = Json(443);
  item.set_property("port", port);
  schema::Schema list;
  list.type = "array";
  list.items = item;
  schema::Schema root;
  root.type = "object";
  root.set_property("image", *s.property("image"));
  root.set_property("ports", list);
  Json v = parse_json(R"({"image": null, "ports": [{}, {"port": 1}]})").value();
  apply_defaults(root, v);
  EXPECT_EQ(to_json(v), R"({"image":"nginx","ports":[{"port":443},{"port":1}]})");
}

}  // namespace
}  // namespace kro::cli

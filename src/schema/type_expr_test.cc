#include "schema/type_expr.h"

#include <gtest/gtest.h>

namespace kro::schema {
namespace {

using Kind = TypeExpr::Kind;

TEST(TypeExpr, Atomics) {
  for (const char* t : {"string", "integer", "boolean", "float"}) {
    auto e = parse_type(t);
    ASSERT_TRUE(e.ok()) << t;
    EXPECT_EQ(e->kind, Kind::kAtomic);
    EXPECT_EQ(e->name, t);
  }
  // There is no number/int/bool/double: those are custom type names.
  for (const char* t : {"number", "int", "bool", "double"}) {
    auto e = parse_type(t);
    ASSERT_TRUE(e.ok());
    EXPECT_EQ(e->kind, Kind::kCustom) << t;
  }
}

TEST(TypeExpr, ObjectSliceMapNesting) {
  auto e = parse_type("  []map[string] []Person  ");
  ASSERT_TRUE(e.ok()) << e.error().message;
  EXPECT_EQ(e->kind, Kind::kSlice);
  EXPECT_EQ(e->elem->kind, Kind::kMap);
  EXPECT_EQ(e->elem->elem->kind, Kind::kSlice);
  EXPECT_EQ(e->elem->elem->elem->kind, Kind::kCustom);
  EXPECT_EQ(e->elem->elem->elem->name, "Person");
  EXPECT_EQ(parse_type("object")->kind, Kind::kObject);
}

TEST(TypeExpr, Dependencies) {
  auto e = parse_type("map[string][]Address");
  ASSERT_TRUE(e.ok());
  std::vector<std::string> deps;
  type_dependencies(*e, deps);
  EXPECT_EQ(deps, std::vector<std::string>{"Address"});
  deps.clear();
  type_dependencies(*parse_type("[]string"), deps);
  EXPECT_TRUE(deps.empty());
}

TEST(TypeExpr, Errors) {
  EXPECT_EQ(parse_type("map[int]string").error().message, "map key must be string");
  EXPECT_EQ(parse_type("map[string]").error().message, "map value type is required");
  EXPECT_EQ(parse_type("map[string]  ").error().message, "map value type is required");
  EXPECT_EQ(parse_type("[]").error().message, "empty slice element type");
  EXPECT_EQ(parse_type("[][]").error().message, "empty slice element type");
}

TEST(TypeExpr, FieldStrings) {
  auto f = parse_field_string("[]string | minItems=1 uniqueItems=true");
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f->type.kind, Kind::kSlice);
  ASSERT_EQ(f->markers.size(), 2u);
  EXPECT_EQ(f->markers[1].kind, MarkerKind::kUniqueItems);
  // Split on the first "|": a "|" inside a marker value stays there.
  auto g = parse_field_string(R"(string | validation="self == 'a' || self == 'b'")");
  ASSERT_TRUE(g.ok()) << g.error().message;
  EXPECT_EQ(g->markers[0].value, "self == 'a' || self == 'b'");
  EXPECT_EQ(parse_field_string("  | x=1").error().message, "empty type");
  EXPECT_TRUE(parse_field_string("string").ok());
}

}  // namespace
}  // namespace kro::schema

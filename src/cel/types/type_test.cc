#include "cel/types/type.h"

#include <gtest/gtest.h>

#include "cel/types/escaping.h"

namespace kro::cel::types {
namespace {

TEST(TypeTest, NamesAndStrings) {
  EXPECT_EQ(Type::integer().to_string(), "int");
  EXPECT_EQ(Type::null().to_string(), "null_type");
  EXPECT_EQ(Type::timestamp().to_string(), "google.protobuf.Timestamp");
  EXPECT_EQ(Type::duration().name(), "google.protobuf.Duration");
  EXPECT_EQ(Type::list(Type::integer()).to_string(), "list(int)");
  EXPECT_EQ(Type::map(Type::string(), Type::list(Type::dyn())).to_string(),
            "map(string, list(dyn))");
  EXPECT_EQ(Type::optional(Type::boolean()).to_string(), "optional_type(bool)");
  EXPECT_EQ(Type::type_of(Type::integer()).to_string(), "type(int)");
  EXPECT_EQ(Type::type_of(Type::dyn()).to_string(), "type");
  EXPECT_EQ(Type::param("T").to_string(), "T");
  EXPECT_EQ(Type::opaque("kubernetes.Quantity").to_string(), "kubernetes.Quantity");
  EXPECT_EQ(Type().to_string(), "dyn");
  auto obj = std::make_shared<const ObjectType>("__type_schema", std::vector<Field>{});
  EXPECT_EQ(Type::object(obj).to_string(), "__type_schema");
}

TEST(TypeTest, Accessors) {
  Type m = Type::map(Type::string(), Type::integer());
  EXPECT_EQ(m.key(), Type::string());
  EXPECT_EQ(m.elem(), Type::integer());
  EXPECT_EQ(Type::list(Type::bytes()).elem(), Type::bytes());
  EXPECT_EQ(Type::integer().elem(), Type::dyn());
  EXPECT_EQ(Type::integer().object(), nullptr);
}

TEST(TypeTest, Equality) {
  EXPECT_EQ(Type::list(Type::integer()), Type::list(Type::integer()));
  EXPECT_NE(Type::list(Type::integer()), Type::list(Type::uinteger()));
  EXPECT_NE(Type::param("T"), Type::param("U"));
  EXPECT_NE(Type::opaque("a"), Type::opaque("b"));
  auto a = std::make_shared<const ObjectType>("x", std::vector<Field>{});
  auto b = std::make_shared<const ObjectType>("x", std::vector<Field>{});
  EXPECT_EQ(Type::object(a), Type::object(b));
}

TEST(TypeTest, Assignability) {
  EXPECT_TRUE(is_assignable(Type::integer(), Type::integer()));
  EXPECT_FALSE(is_assignable(Type::integer(), Type::dbl()));
  EXPECT_TRUE(is_assignable(Type::dyn(), Type::dbl()));
  EXPECT_TRUE(is_assignable(Type::integer(), Type::dyn()));
  EXPECT_TRUE(is_assignable(Type::list(Type::dyn()), Type::list(Type::integer())));
  EXPECT_FALSE(is_assignable(Type::list(Type::string()), Type::list(Type::integer())));
  EXPECT_TRUE(is_assignable(Type::optional(Type::integer()), Type::null()));
  EXPECT_FALSE(is_assignable(Type::integer(), Type::null()));
  EXPECT_TRUE(is_assignable(Type::list(Type::param("T")), Type::list(Type::string())));
  EXPECT_FALSE(
      is_assignable(Type::map(Type::string(), Type::integer()), Type::list(Type::integer())));
}

TEST(TypeTest, KeywordFieldsResolveToEscapedNames) {
  ObjectType meta("m", {{"name", Type::string(), true}, {"__namespace__", Type::string(), false}});
  ASSERT_NE(meta.find_field("name"), nullptr);
  EXPECT_TRUE(meta.find_field("name")->required);
  ASSERT_NE(meta.find_field("namespace"), nullptr);
  EXPECT_EQ(meta.find_field("namespace")->name, "__namespace__");
  EXPECT_NE(meta.find_field("__namespace__"), nullptr);
  EXPECT_EQ(meta.find_field("labels"), nullptr);
}

TEST(EscapingTest, KubernetesRules) {
  EXPECT_EQ(escape_field_name("foo"), "foo");
  EXPECT_EQ(escape_field_name("namespace"), "__namespace__");
  EXPECT_EQ(escape_field_name("in"), "__in__");
  EXPECT_EQ(escape_field_name("foo.bar"), "foo__dot__bar");
  EXPECT_EQ(escape_field_name("foo-bar"), "foo__dash__bar");
  EXPECT_EQ(escape_field_name("example.com/name"), "example__dot__com__slash__name");
  EXPECT_EQ(escape_field_name("a__b"), "a__underscores__b");
  EXPECT_EQ(escape_field_name("a___b"), "a__underscores___b");
  EXPECT_EQ(escape_field_name("_a"), "_a");
  EXPECT_EQ(escape_field_name("1a"), std::nullopt);
  EXPECT_EQ(escape_field_name(""), std::nullopt);
  EXPECT_EQ(escape_field_name("a b"), std::nullopt);
  EXPECT_EQ(escape_field_name("a:b"), std::nullopt);
}

TEST(EscapingTest, RoundTrip) {
  for (const char* p : {"foo", "namespace", "foo.bar", "a-b/c.d", "a__b", "x_y", "while", "if"}) {
    auto e = escape_field_name(p);
    ASSERT_TRUE(e.has_value()) << p;
    EXPECT_EQ(unescape_field_name(*e), p);
  }
}

}  // namespace
}  // namespace kro::cel::types

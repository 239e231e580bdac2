#include "cel/types/type.h"

#include <gtest/gtest.h>

#include "cel/types/escaping.h"

namespace kro::cel::types {
namespace {

TEST(TypeTest, NamesAndStrings) {
  EXPECT_EQ(Type::Int().ToString(), "int");
  EXPECT_EQ(Type::Null().ToString(), "null_type");
  EXPECT_EQ(Type::Timestamp().ToString(), "google.protobuf.Timestamp");
  EXPECT_EQ(Type::Duration().Name(), "google.protobuf.Duration");
  EXPECT_EQ(Type::List(Type::Int()).ToString(), "list(int)");
  EXPECT_EQ(Type::Map(Type::String(), Type::List(Type::Dyn())).ToString(),
            "map(string, list(dyn))");
  EXPECT_EQ(Type::Optional(Type::Bool()).ToString(), "optional_type(bool)");
  EXPECT_EQ(Type::TypeOf(Type::Int()).ToString(), "type(int)");
  EXPECT_EQ(Type::TypeOf(Type::Dyn()).ToString(), "type");
  EXPECT_EQ(Type::Param("T").ToString(), "T");
  EXPECT_EQ(Type::Opaque("kubernetes.Quantity").ToString(), "kubernetes.Quantity");
  EXPECT_EQ(Type().ToString(), "dyn");
  auto obj = std::make_shared<const ObjectType>("__type_schema", std::vector<Field>{});
  EXPECT_EQ(Type::Object(obj).ToString(), "__type_schema");
}

TEST(TypeTest, Accessors) {
  Type m = Type::Map(Type::String(), Type::Int());
  EXPECT_EQ(m.key(), Type::String());
  EXPECT_EQ(m.elem(), Type::Int());
  EXPECT_EQ(Type::List(Type::Bytes()).elem(), Type::Bytes());
  EXPECT_EQ(Type::Int().elem(), Type::Dyn());
  EXPECT_EQ(Type::Int().object(), nullptr);
}

TEST(TypeTest, Equality) {
  EXPECT_EQ(Type::List(Type::Int()), Type::List(Type::Int()));
  EXPECT_NE(Type::List(Type::Int()), Type::List(Type::Uint()));
  EXPECT_NE(Type::Param("T"), Type::Param("U"));
  EXPECT_NE(Type::Opaque("a"), Type::Opaque("b"));
  auto a = std::make_shared<const ObjectType>("x", std::vector<Field>{});
  auto b = std::make_shared<const ObjectType>("x", std::vector<Field>{});
  EXPECT_EQ(Type::Object(a), Type::Object(b));
}

TEST(TypeTest, Assignability) {
  EXPECT_TRUE(IsAssignable(Type::Int(), Type::Int()));
  EXPECT_FALSE(IsAssignable(Type::Int(), Type::Double()));
  EXPECT_TRUE(IsAssignable(Type::Dyn(), Type::Double()));
  EXPECT_TRUE(IsAssignable(Type::Int(), Type::Dyn()));
  EXPECT_TRUE(IsAssignable(Type::List(Type::Dyn()), Type::List(Type::Int())));
  EXPECT_FALSE(IsAssignable(Type::List(Type::String()), Type::List(Type::Int())));
  EXPECT_TRUE(IsAssignable(Type::Optional(Type::Int()), Type::Null()));
  EXPECT_FALSE(IsAssignable(Type::Int(), Type::Null()));
  EXPECT_TRUE(IsAssignable(Type::List(Type::Param("T")), Type::List(Type::String())));
  EXPECT_FALSE(IsAssignable(Type::Map(Type::String(), Type::Int()), Type::List(Type::Int())));
}

TEST(TypeTest, KeywordFieldsResolveToEscapedNames) {
  ObjectType meta("m", {{"name", Type::String(), true}, {"__namespace__", Type::String(), false}});
  ASSERT_NE(meta.FindField("name"), nullptr);
  EXPECT_TRUE(meta.FindField("name")->required);
  ASSERT_NE(meta.FindField("namespace"), nullptr);
  EXPECT_EQ(meta.FindField("namespace")->name, "__namespace__");
  EXPECT_NE(meta.FindField("__namespace__"), nullptr);
  EXPECT_EQ(meta.FindField("labels"), nullptr);
}

TEST(EscapingTest, KubernetesRules) {
  EXPECT_EQ(EscapeFieldName("foo"), "foo");
  EXPECT_EQ(EscapeFieldName("namespace"), "__namespace__");
  EXPECT_EQ(EscapeFieldName("in"), "__in__");
  EXPECT_EQ(EscapeFieldName("foo.bar"), "foo__dot__bar");
  EXPECT_EQ(EscapeFieldName("foo-bar"), "foo__dash__bar");
  EXPECT_EQ(EscapeFieldName("example.com/name"), "example__dot__com__slash__name");
  EXPECT_EQ(EscapeFieldName("a__b"), "a__underscores__b");
  EXPECT_EQ(EscapeFieldName("a___b"), "a__underscores___b");
  EXPECT_EQ(EscapeFieldName("_a"), "_a");
  EXPECT_EQ(EscapeFieldName("1a"), std::nullopt);
  EXPECT_EQ(EscapeFieldName(""), std::nullopt);
  EXPECT_EQ(EscapeFieldName("a b"), std::nullopt);
  EXPECT_EQ(EscapeFieldName("a:b"), std::nullopt);
}

TEST(EscapingTest, RoundTrip) {
  for (const char* p : {"foo", "namespace", "foo.bar", "a-b/c.d", "a__b", "x_y", "while", "if"}) {
    auto e = EscapeFieldName(p);
    ASSERT_TRUE(e.has_value()) << p;
    EXPECT_EQ(UnescapeFieldName(*e), p);
  }
}

}  // namespace
}  // namespace kro::cel::types

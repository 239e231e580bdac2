#include "cel/common/value.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace kro::cel {
namespace {

TEST(ValueTest, IsASmallHandle) { EXPECT_LE(sizeof(Value), 24u); }

TEST(ValueTest, Scalars) {
  EXPECT_TRUE(Value().is(Kind::kNull));
  EXPECT_TRUE(Value::boolean(true).as_bool());
  EXPECT_EQ(Value::integer(-5).as_int(), -5);
  EXPECT_EQ(Value::uinteger(7).as_uint(), 7u);
  EXPECT_EQ(Value::dbl(1.5).as_double(), 1.5);
  EXPECT_EQ(Value::string("héllo").as_string(), "héllo");
  EXPECT_EQ(Value::bytes(std::string("\0\xff", 2)).as_string().size(), 2u);
  Value ts = Value::timestamp(Timestamp{1234567890, 5});
  EXPECT_EQ(ts.as_timestamp().seconds, 1234567890);
  EXPECT_EQ(ts.as_timestamp().nanos, 5);
  EXPECT_EQ(Value::duration(Duration{-3}).as_duration().nanos, -3);
  EXPECT_EQ(Value::type("int").type_name(), "int");
  EXPECT_EQ(Value::error("boom").error_message(), "boom");
  EXPECT_TRUE(Value::unknown({4}).is_error_or_unknown());
}

TEST(ValueTest, CopiesShareAndOutliveTheOriginal) {
  Value copy;
  {
    Value s = Value::string("shared");
    copy = s;
    Value moved = std::move(s);
    EXPECT_EQ(moved.as_string(), "shared");
  }
  EXPECT_EQ(copy.as_string(), "shared");
}

TEST(ValueTest, JsonViewsReadInPlaceAndKeepTheDocumentAlive) {
  auto doc = parse_json(R"({"metadata":{"name":"web","labels":{"app":"x"}},
                            "spec":{"replicas":3,"ports":[80,443],"ratio":0.5,"on":true,"n":null}})");
  ASSERT_TRUE(doc.ok());
  Value spec;
  {
    Value root = Value::from_json(make_document(std::move(*doc)));
    ASSERT_TRUE(root.is(Kind::kMap));
    EXPECT_TRUE(root.is_json_view());
    spec = *root.map_find("spec");
    Value name = *root.map_find("metadata")->map_find("name");
    EXPECT_TRUE(name.is_json_view());
    EXPECT_EQ(name.as_string(), "web");
  }
  // The root is gone; the view still holds the document.
  EXPECT_EQ(spec.map_find("replicas")->as_int(), 3);
  EXPECT_EQ(spec.map_find("ratio")->as_double(), 0.5);
  EXPECT_TRUE(spec.map_find("on")->as_bool());
  EXPECT_TRUE(spec.map_find("n")->is(Kind::kNull));
  Value ports = *spec.map_find("ports");
  ASSERT_EQ(ports.list_size(), 2u);
  EXPECT_EQ(ports.list_at(1).as_int(), 443);
  EXPECT_FALSE(spec.map_find("missing").has_value());
  EXPECT_FALSE(spec.map_find(Value::integer(1)).has_value());
  EXPECT_EQ(spec.map_size(), 5u);
  EXPECT_EQ(spec.map_key_at(0).as_string(), "replicas");
}

// Optionals keep the wrapped value in place; what they wrap must come back unchanged, views stay
// views, and only the optional itself is seen from outside (no field walk through it).
TEST(ValueTest, OptionalsWrapEveryKindInPlace) {
  Value doc = Value::from_json_copy(Json(json::object{{"a", json::array{1, 2}}}));
  Value list = *doc.map_find("a");
  Value opt = Value::optional_of(list);
  ASSERT_TRUE(opt.is(Kind::kOptional));
  EXPECT_TRUE(opt.optional_has_value());
  EXPECT_FALSE(opt.is_json_view());
  EXPECT_EQ(opt.json_node(), nullptr);
  Value back = opt.optional_value();
  ASSERT_TRUE(back.is(Kind::kList));
  EXPECT_TRUE(back.is_json_view());
  EXPECT_EQ(back.list_at(1).as_int(), 2);
  Value ts = Value::optional_of(Value::timestamp(Timestamp{5, 7})).optional_value();
  EXPECT_EQ(ts.as_timestamp(), (Timestamp{5, 7}));
  EXPECT_EQ(Value::optional_of(Value::string("s")).optional_value().as_string(), "s");
  Value none = Value::optional_none();
  EXPECT_FALSE(none.optional_has_value());
  EXPECT_TRUE(none.optional_value().is(Kind::kNull));
  // An optional of an optional is boxed: both levels survive copies that outlive the original.
  Value copy;
  {
    Value nested = Value::optional_of(Value::optional_of(Value::integer(3)));
    copy = nested;
  }
  Value inner = copy.optional_value();
  ASSERT_TRUE(inner.is(Kind::kOptional));
  EXPECT_EQ(inner.optional_value().as_int(), 3);
  Value of_none = Value::optional_of(Value::optional_none());
  EXPECT_TRUE(of_none.optional_has_value());
  EXPECT_FALSE(of_none.optional_value().optional_has_value());
  EXPECT_FALSE(equal_values(of_none, none));
  EXPECT_TRUE(equal_values(copy, Value::optional_of(Value::optional_of(Value::dbl(3)))));
}

TEST(ValueTest, MapLookupAcrossNumericKinds) {
  Value m = Value::map({{Value::integer(1), Value::string("a")},
                        {Value::uinteger(2), Value::string("b")},
                        {Value::string("k"), Value::string("c")},
                        {Value::boolean(true), Value::string("d")}});
  EXPECT_EQ(m.map_find(Value::uinteger(1))->as_string(), "a");
  EXPECT_EQ(m.map_find(Value::dbl(1.0))->as_string(), "a");
  EXPECT_EQ(m.map_find(Value::integer(2))->as_string(), "b");
  EXPECT_FALSE(m.map_find(Value::dbl(1.5)).has_value());
  EXPECT_EQ(m.map_find("k")->as_string(), "c");
  EXPECT_EQ(m.map_find(Value::boolean(true))->as_string(), "d");
}

TEST(ValueTest, LargeMapsUseTheIndex) {
  std::vector<std::pair<Value, Value>> entries;
  entries.reserve(100);
  for (int64_t i = 0; i < 100; ++i) entries.emplace_back(Value::integer(i), Value::integer(i * i));
  Value m = Value::map(std::move(entries));
  EXPECT_EQ(m.map_find(Value::integer(42))->as_int(), 1764);
  EXPECT_EQ(m.map_find(Value::dbl(9.0))->as_int(), 81);
  EXPECT_FALSE(m.map_find(Value::integer(100)).has_value());
}

TEST(ValueTest, MapConstructionErrors) {
  Value dup = Value::map({{Value::integer(1), Value()}, {Value::uinteger(1), Value()}});
  ASSERT_TRUE(dup.is_error());
  EXPECT_NE(dup.error_message().find("repeated key"), std::string::npos);
  EXPECT_TRUE(Value::map({{Value::dbl(1.5), Value()}}).is_error());
  EXPECT_TRUE(Value::map({{Value(), Value()}}).is_error());
}

TEST(ValueTest, HeterogeneousEquality) {
  EXPECT_TRUE(equal_values(Value::integer(1), Value::uinteger(1)));
  EXPECT_TRUE(equal_values(Value::integer(1), Value::dbl(1.0)));
  EXPECT_TRUE(equal_values(Value::uinteger(1), Value::dbl(1.0)));
  EXPECT_FALSE(equal_values(Value::integer(-1), Value::uinteger(18446744073709551615u)));
  double nan = std::numeric_limits<double>::quiet_NaN();
  EXPECT_FALSE(equal_values(Value::dbl(nan), Value::dbl(nan)));
  EXPECT_FALSE(equal_values(Value::string("1"), Value::integer(1)));
  EXPECT_FALSE(equal_values(Value::string("a"), Value::bytes("a")));
  EXPECT_TRUE(equal_values(Value(), Value()));
  EXPECT_TRUE(equal_values(Value::list({Value::integer(1), Value::string("x")}),
                           Value::list({Value::dbl(1.0), Value::string("x")})));
  EXPECT_TRUE(equal_values(Value::map({{Value::string("a"), Value::integer(1)},
                                       {Value::string("b"), Value::integer(2)}}),
                           Value::map({{Value::string("b"), Value::uinteger(2)},
                                       {Value::string("a"), Value::dbl(1.0)}})));
  EXPECT_TRUE(
      equal_values(Value::optional_of(Value::integer(1)), Value::optional_of(Value::dbl(1))));
  EXPECT_FALSE(equal_values(Value::optional_none(), Value::optional_of(Value())));
  EXPECT_TRUE(equals(Value::error("e"), Value::integer(1)).is_error());
  // JSON views compare like native values.
  Value view = Value::from_json_copy(Json(json::array{1, "x"}));
  EXPECT_TRUE(equal_values(view, Value::list({Value::integer(1), Value::string("x")})));
}

TEST(ValueTest, Ordering) {
  EXPECT_EQ(compare(Value::integer(-1), Value::uinteger(0)), -1);
  EXPECT_EQ(compare(Value::uinteger(3), Value::dbl(2.5)), 1);
  EXPECT_EQ(compare(Value::string("a"), Value::string("b")), -1);
  EXPECT_EQ(compare(Value::bytes("b"), Value::bytes("a")), 1);
  EXPECT_EQ(compare(Value::boolean(false), Value::boolean(true)), -1);
  EXPECT_EQ(compare(Value::duration({5}), Value::duration({5})), 0);
  EXPECT_FALSE(compare(Value::dbl(std::nan("")), Value::integer(1)).has_value());
  EXPECT_FALSE(compare(Value::string("a"), Value::integer(1)).has_value());
  EXPECT_FALSE(compare(Value::list({}), Value::list({})).has_value());
}

TEST(ValueTest, HashAgreesWithEquality) {
  EXPECT_EQ(hash_value(Value::integer(7)), hash_value(Value::uinteger(7)));
  EXPECT_EQ(hash_value(Value::integer(7)), hash_value(Value::dbl(7.0)));
  EXPECT_EQ(hash_value(Value::string("abc")), hash_value(Value::from_json_copy(Json("abc"))));
  EXPECT_EQ(hash_value(Value::map({{Value::string("a"), Value::integer(1)},
                                   {Value::string("b"), Value::integer(2)}})),
            hash_value(Value::map({{Value::string("b"), Value::integer(2)},
                                   {Value::string("a"), Value::integer(1)}})));
}

TEST(ValueTest, ToJson) {
  Value v = Value::map({{Value::string("n"), Value::integer(1)},
                        {Value::string("u"), Value::uinteger(2)},
                        {Value::string("t"), Value::timestamp({1234567890, 500})},
                        {Value::string("d"), Value::duration({3600'000'000'000})},
                        {Value::string("o"), Value::optional_of(Value::string("x"))},
                        {Value::string("l"), Value::list({Value::boolean(true), Value()})}});
  auto j = to_json(v);
  ASSERT_TRUE(j.ok()) << j.error().message;
  EXPECT_EQ(to_json(*j),
            R"({"n":1,"u":2,"t":"2009-02-13T23:31:30Z","d":"1h0m0s","o":"x","l":[true,null]})");
  EXPECT_FALSE(to_json(Value::uinteger(18446744073709551615u)).ok());
  EXPECT_FALSE(to_json(Value::bytes("x")).ok());
  EXPECT_FALSE(to_json(Value::map({{Value::integer(1), Value()}})).ok());
  EXPECT_FALSE(to_json(Value::dbl(std::numeric_limits<double>::infinity())).ok());
}

TEST(ValueTest, TypeNames) {
  EXPECT_EQ(Value::integer(1).type_of().type_name(), "int");
  EXPECT_EQ(Value::timestamp({}).cel_type_name(), "google.protobuf.Timestamp");
  EXPECT_EQ(Value::optional_none().cel_type_name(), "optional_type");
  EXPECT_EQ(Value().cel_type_name(), "null_type");
  EXPECT_EQ(Value::type("int").cel_type_name(), "type");
}

TEST(ValueTest, DebugString) {
  EXPECT_EQ(debug_string(Value::list(
                {Value::integer(1), Value::uinteger(2), Value::dbl(3), Value::string("a\"b")})),
            R"([1, 2u, 3.0, "a\"b"])");
  EXPECT_EQ(debug_string(Value::optional_none()), "optional.none()");
}

}  // namespace
}  // namespace kro::cel

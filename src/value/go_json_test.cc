#include "value/go_json.h"

#include <gtest/gtest.h>

namespace kro {
namespace {

TEST(GoJson, StringsAreEscapedAsEncodingJsonDoes) {
  EXPECT_EQ(go_json_string("plain"), R"("plain")");
  EXPECT_EQ(go_json_string("a\"b\\c"), R"("a\"b\\c")");
  EXPECT_EQ(go_json_string("\b\f\n\r\t"), R"("\b\f\n\r\t")");
  EXPECT_EQ(go_json_string(std::string("\x01\x1f", 2)), R"("\u0001\u001f")");
  // HTML-safe by default.
  EXPECT_EQ(go_json_string("<a & b>"), R"("\u003ca \u0026 b\u003e")");
  // Valid UTF-8 stays as is, but for the two JavaScript line terminators.
  EXPECT_EQ(go_json_string("h\xC3\xA9"), "\"h\xC3\xA9\"");
  EXPECT_EQ(go_json_string("\xE2\x80\xA8\xE2\x80\xA9"), R"("\u2028\u2029")");
  // Each byte of an invalid sequence becomes U+FFFD.
  EXPECT_EQ(go_json_string("a\xff\xfe"), R"("a\ufffd\ufffd")");
}

TEST(GoJson, NumbersAreFloat64InGosNotation) {
  auto num = [](double x) {
    std::string out;
    append_go_json_number(out, x);
    return out;
  };
  EXPECT_EQ(num(80), "80");
  EXPECT_EQ(num(-3), "-3");
  EXPECT_EQ(num(1.5), "1.5");
  EXPECT_EQ(num(0.1), "0.1");
  EXPECT_EQ(num(0), "0");
  EXPECT_EQ(num(1e20), "100000000000000000000");
  EXPECT_EQ(num(1e21), "1e+21");
  EXPECT_EQ(num(0.000001), "0.000001");
  EXPECT_EQ(num(1e-7), "1e-7");
  EXPECT_EQ(num(1.25e-10), "1.25e-10");
  EXPECT_EQ(num(1.5e300), "1.5e+300");
}

TEST(GoJson, CanonicalFormSortsKeysAndReadsEveryNumberAsFloat64) {
  Json v =
      parse_json(R"({"b":[1,2.50,{"z":null,"a":true}],"a":"x<y","c":123456789012345678})").value();
  EXPECT_EQ(go_json_canonical(v),
            R"({"a":"x\u003cy","b":[1,2.5,{"a":true,"z":null}],"c":123456789012345680})");
  EXPECT_EQ(go_json_canonical(parse_json("[]").value()), "[]");
  EXPECT_EQ(go_json_canonical(parse_json("{}").value()), "{}");
  // Keys sort by bytes, as Go's map key sort does.
  EXPECT_EQ(go_json_canonical(parse_json(R"({"b":1,"B":2,"a":3})").value()),
            R"({"B":2,"a":3,"b":1})");
}

}  // namespace
TEST(GoJson, TypeNamesAreUnstructuredDecodings) {
  EXPECT_EQ(go_type_name(Json(3)), "int64");
  EXPECT_EQ(go_type_name(Json(3), true), "float64");
  EXPECT_EQ(go_type_name(Json(2.5)), "float64");
  EXPECT_EQ(go_type_name(Json(true)), "bool");
  EXPECT_EQ(go_type_name(Json("x")), "string");
  EXPECT_EQ(go_type_name(Json(nullptr)), "<nil>");
  EXPECT_EQ(go_type_name(Json(JsonArray())), "[]interface {}");
  EXPECT_EQ(go_type_name(Json(JsonObject())), "map[string]interface {}");
}

}  // namespace kro

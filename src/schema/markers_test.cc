#include "schema/markers.h"

#include <gtest/gtest.h>

#include "schema/test_util.h"

namespace kro::schema {
namespace {

using testing::schema_is;

std::vector<Marker> parse_ok(std::string_view text) {
  auto m = parse_markers(text);
  EXPECT_TRUE(m.ok()) << text << ": " << (m.ok() ? "" : m.error().message);
  return m.ok() ? *m : std::vector<Marker>{};
}

std::string parse_err(std::string_view text) {
  auto m = parse_markers(text);
  EXPECT_FALSE(m.ok()) << text;
  return m.ok() ? "" : m.error().message;
}

TEST(MarkerParse, KeysAndValues) {
  auto m = parse_ok("required=true default=5 description=\"a b c\"");
  ASSERT_EQ(m.size(), 3u);
  EXPECT_EQ(m[0].kind, MarkerKind::kRequired);
  EXPECT_EQ(m[0].value, "true");
  EXPECT_EQ(m[1].kind, MarkerKind::kDefault);
  EXPECT_EQ(m[1].value, "5");
  EXPECT_EQ(m[2].kind, MarkerKind::kDescription);
  EXPECT_EQ(m[2].value, "a b c");
}

TEST(MarkerParse, AllSixteenKeysAreKnown) {
  EXPECT_EQ(marker_keys().size(), 16u);
  for (auto key : marker_keys()) {
    auto m = parse_ok(std::string(key) + "=x");
    ASSERT_EQ(m.size(), 1u);
    EXPECT_EQ(m[0].key, key);
  }
}

TEST(MarkerParse, QuotedValuesUnescapeOnlyQuoteAndBackslash) {
  auto m = parse_ok(R"(description="say \"hi\" \\ there" pattern="^\d+\.\w$")");
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m[0].value, R"(say "hi" \ there)");
  EXPECT_EQ(m[1].value, R"(^\d+\.\w$)");
}

TEST(MarkerParse, BracketsMayContainSpacesAndEquals) {
  // An unquoted value ends at the first space outside brackets, so "== 1" starts a new marker.
  EXPECT_EQ(parse_err(R"(default=["a", "b c"] validation=self.x == 1)"), "empty marker key");
  auto list = parse_ok(R"(default=["a", "b c"])");
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].value, R"(["a", "b c"])");
  auto ok = parse_ok(R"(default={"a": [1, 2], "b=c": {}} required=true)");
  ASSERT_EQ(ok.size(), 2u);
  EXPECT_EQ(ok[0].value, R"({"a": [1, 2], "b=c": {}})");
}

TEST(MarkerParse, EqualsInsideQuotesAndAfterKeyIsPartOfTheValue) {
  auto m = parse_ok(R"(validation="self == oldSelf" default=a=b)");
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m[0].value, "self == oldSelf");
  EXPECT_EQ(m[1].value, "a=b");
}

TEST(MarkerParse, RepeatedWhitespaceBetweenMarkers) {
  auto m = parse_ok("  required=true \t  minimum=1");
  ASSERT_EQ(m.size(), 2u);
  // Upstream ends a marker at whitespace and then expects another key, so trailing whitespace
  // (possible in a quoted YAML string) is reported as a key without a value.
  EXPECT_EQ(parse_err("required=true "), "marker key '' without a value");
}

TEST(MarkerParse, Errors) {
  EXPECT_EQ(parse_err("required"), "marker key 'required' without a value");
  EXPECT_EQ(parse_err(""), "marker key '' without a value");
  EXPECT_EQ(parse_err("=true"), "empty marker key");
  EXPECT_EQ(parse_err("nope=1"), "invalid marker key \"nope\": unknown marker: nope");
  EXPECT_EQ(parse_err("required=true optional"), "marker key 'optional' without a value");
  EXPECT_EQ(parse_err("description=\"open"), "unclosed quote");
  EXPECT_EQ(parse_err("default=[1, 2"), "unclosed bracket/brace");
  EXPECT_EQ(parse_err("default=1]"), "unmatched closing bracket/brace");
}

// ---- applying --------------------------------------------------------------------------------

struct Applied {
  Schema schema;
  Schema parent;
  Status status;
};

Applied apply(const std::string& type, std::string_view markers) {
  Applied a;
  a.schema.type = type;
  if (type == "array") {
    Schema item;
    item.type = "string";
    a.schema.items = item;
  }
  auto m = parse_markers(markers);
  if (!m) {
    a.status = m.error();
    return a;
  }
  a.status = apply_markers(a.schema, *m, "field", a.parent);
  return a;
}

std::string apply_err(const std::string& type, std::string_view markers) {
  auto a = apply(type, markers);
  EXPECT_FALSE(a.status.ok()) << type << " | " << markers;
  return a.status.ok() ? "" : a.status.error().message;
}

TEST(MarkerApply, Required) {
  auto a = apply("string", "required=true");
  ASSERT_TRUE(a.status.ok());
  EXPECT_EQ(a.parent.required, std::vector<std::string>{"field"});
  EXPECT_TRUE(apply("string", "required=False").parent.required.empty());
  EXPECT_EQ(apply("string", "required=T").parent.required.size(), 1u);
  EXPECT_EQ(apply_err("string", "required=yes"),
            "failed to parse required marker value: strconv.ParseBool: parsing \"yes\": invalid "
            "syntax");
}

TEST(MarkerApply, DefaultByType) {
  EXPECT_TRUE(schema_is(apply("string", "default=abc").schema, "{type: string, default: abc}"));
  EXPECT_TRUE(schema_is(apply("string", "default=\"a b\"").schema, "{type: string, default: a b}"));
  EXPECT_TRUE(schema_is(apply("string", "default=42").schema, "{type: string, default: '42'}"));
  EXPECT_TRUE(schema_is(apply("integer", "default=42").schema, "{type: integer, default: 42}"));
  EXPECT_TRUE(schema_is(apply("number", "default=1.5").schema, "{type: number, default: 1.5}"));
  EXPECT_TRUE(
      schema_is(apply("boolean", "default=false").schema, "{type: boolean, default: false}"));
  auto arr = apply("array", R"(default=["a","b"])");
  ASSERT_TRUE(arr.status.ok());
  EXPECT_EQ(kro::to_json(*arr.schema.default_value), R"(["a","b"])");
  auto obj = apply("object", R"(default={"a":"b"})");
  EXPECT_EQ(kro::to_json(*obj.schema.default_value), R"({"a":"b"})");
}

TEST(MarkerApply, DefaultErrors) {
  EXPECT_EQ(apply_err("integer", "default=abc"),
            "invalid default value \"abc\" for type integer: not a valid JSON value");
  EXPECT_EQ(apply_err("integer", "default=1.5"), "invalid default value \"1.5\" for type integer");
  EXPECT_EQ(apply_err("boolean", "default=1"), "invalid default value \"1\" for type boolean");
  EXPECT_FALSE(apply("object", "default={bad").status.ok());
}

TEST(MarkerApply, Description) {
  EXPECT_TRUE(schema_is(apply("string", R"(description="The name")").schema,
                        "{type: string, description: The name}"));
}

TEST(MarkerApply, MinimumMaximum) {
  EXPECT_TRUE(schema_is(apply("integer", "minimum=1 maximum=65535").schema,
                        "{type: integer, minimum: 1, maximum: 65535}"));
  EXPECT_TRUE(schema_is(apply("number", "minimum=-0.5 maximum=1e3").schema,
                        "{type: number, minimum: -0.5, maximum: 1000}"));
  // No type check, as upstream.
  EXPECT_TRUE(apply("string", "minimum=1").status.ok());
  EXPECT_EQ(
      apply_err("integer", "minimum=x"),
      "failed to parse minimum enum value: strconv.ParseFloat: parsing \"x\": invalid syntax");
  EXPECT_EQ(apply_err("integer", "maximum=1x"),
            "failed to parse maximum enum value: strconv.ParseFloat: parsing \"1x\": invalid "
            "syntax");
}

TEST(MarkerApply, Validation) {
  auto a = apply("integer", R"(validation="self <= 10 || self % 2 == 0" validation="self > 0")");
  ASSERT_TRUE(a.status.ok());
  EXPECT_TRUE(schema_is(a.schema, R"(
type: integer
x-kubernetes-validations:
  - {rule: "self <= 10 || self % 2 == 0", message: validation failed}
  - {rule: "self > 0", message: validation failed}
)"));
  EXPECT_EQ(apply_err("integer", R"(validation=" ")"), "validation failed");
}

TEST(MarkerApply, Immutable) {
  EXPECT_TRUE(schema_is(apply("string", "immutable=true").schema, R"(
type: string
x-kubernetes-validations: [{rule: self == oldSelf, message: field is immutable}]
)"));
  EXPECT_TRUE(apply("string", "immutable=false").schema.validations.empty());
  EXPECT_EQ(apply_err("string", "immutable=maybe"),
            "failed to parse immutable marker value: strconv.ParseBool: parsing \"maybe\": "
            "invalid syntax");
}

TEST(MarkerApply, Enum) {
  EXPECT_TRUE(schema_is(apply("string", R"(enum="a, b ,c")").schema,
                        R"({type: string, enum: ["a", "b", "c"]})"));
  EXPECT_TRUE(
      schema_is(apply("integer", R"(enum="1,2,-3")").schema, "{type: integer, enum: [1, 2, -3]}"));
  EXPECT_EQ(apply_err("string", R"(enum="a,,b")"), "empty enum values are not allowed");
  EXPECT_EQ(apply_err("integer", R"(enum="1,x")"),
            "failed to parse integer enum value: strconv.ParseInt: parsing \"x\": invalid syntax");
  EXPECT_EQ(apply_err("boolean", R"(enum="true")"),
            "enum values only supported for string and integer types, got type: boolean");
}

TEST(MarkerApply, Pattern) {
  EXPECT_TRUE(schema_is(apply("string", R"(pattern="^[a-z]+\d*$")").schema,
                        R"({type: string, pattern: '^[a-z]+\d*$'})"));
  EXPECT_EQ(apply_err("string", R"(pattern="")"), "pattern marker value cannot be empty");
  EXPECT_EQ(apply_err("integer", "pattern=x"),
            "pattern marker is only valid for string types, got type: integer");
  EXPECT_NE(apply_err("string", R"(pattern="([a-z")").find("invalid pattern regex: "),
            std::string::npos);
}

TEST(MarkerApply, MinMaxLength) {
  EXPECT_TRUE(schema_is(apply("string", "minLength=1 maxLength=63").schema,
                        "{type: string, minLength: 1, maxLength: 63}"));
  EXPECT_EQ(apply_err("integer", "maxLength=3"),
            "maxLength marker is only valid for string types, got type: integer");
  EXPECT_EQ(apply_err("string", "minLength=1.5"),
            "failed to parse minLength value: strconv.ParseInt: parsing \"1.5\": invalid syntax");
}

TEST(MarkerApply, UniqueItems) {
  EXPECT_EQ(apply("array", "uniqueItems=true").schema.list_type, "set");
  EXPECT_FALSE(apply("array", "uniqueItems=false").schema.list_type.has_value());
  EXPECT_FALSE(apply("array", "uniqueItems=true").schema.unique_items)
      << "Kubernetes rejects uniqueItems; kro uses x-kubernetes-list-type: set";
  EXPECT_EQ(apply_err("string", "uniqueItems=true"),
            "uniqueItems marker is only valid for array types, got type: string");
  EXPECT_EQ(apply_err("array", "uniqueItems=sure"),
            "failed to parse uniqueItems marker value: strconv.ParseBool: parsing \"sure\": "
            "invalid syntax");
}

TEST(MarkerApply, MinMaxItems) {
  EXPECT_TRUE(schema_is(apply("array", "minItems=1 maxItems=3").schema,
                        "{type: array, minItems: 1, maxItems: 3, items: {type: string}}"));
  EXPECT_EQ(apply_err("string", "minItems=1"),
            "minItems marker is only valid for array types, got type: string");
  EXPECT_EQ(apply_err("array", "maxItems=many"),
            "failed to parse maxItems value: strconv.ParseInt: parsing \"many\": invalid syntax");
}

TEST(MarkerApply, ListTypeAndMapKeys) {
  auto a = apply("array", "listType=map listMapKey=name listMapKey=port");
  ASSERT_TRUE(a.status.ok()) << a.status.error().message;
  EXPECT_TRUE(schema_is(a.schema, R"(
type: array
items: {type: string}
x-kubernetes-list-map-keys: [name, port]
x-kubernetes-list-type: map
)"));
  // Order of markers does not matter for the listType check.
  EXPECT_TRUE(apply("array", "listMapKey=name listType=map").status.ok());
  EXPECT_EQ(apply("array", "listType=atomic").schema.list_type, "atomic");
  EXPECT_EQ(apply_err("array", "listType=bag"),
            "invalid listType value \"bag\": must be one of atomic, set, map");
  EXPECT_EQ(apply_err("string", "listType=set"),
            "listType marker is only valid for array types, got type: string");
  EXPECT_EQ(apply_err("array", "uniqueItems=true listType=map"),
            "listType=map conflicts with uniqueItems=true");
  EXPECT_EQ(apply_err("array", "listType=atomic uniqueItems=true"),
            "uniqueItems=true conflicts with listType=atomic");
  EXPECT_TRUE(apply("array", "uniqueItems=true listType=set").status.ok());
  EXPECT_EQ(apply_err("array", "listType=map listMapKey=a listMapKey=a"),
            "duplicate listMapKey \"a\"");
  EXPECT_EQ(apply_err("array", "listType=set listMapKey=a"),
            "listMapKey set while listType is set to set, listType must be set to map");
  EXPECT_EQ(apply_err("array", "listMapKey=a"),
            "listMapKey set while listType is unset, listType must be set to map");
}

TEST(MarkerApply, GoBoolSpellings) {
  for (const char* t : {"1", "t", "T", "TRUE", "true", "True"}) {
    bool b = false;
    EXPECT_TRUE(parse_go_bool(t, b) && b) << t;
  }
  for (const char* f : {"0", "f", "F", "FALSE", "false", "False"}) {
    bool b = true;
    EXPECT_TRUE(parse_go_bool(f, b) && !b) << f;
  }
  bool b = false;
  EXPECT_FALSE(parse_go_bool("yes", b));
  EXPECT_FALSE(parse_go_bool("tRUE", b));
}

}  // namespace
}  // namespace kro::schema

#include "schema/compat.h"

#include <gtest/gtest.h>

#include "schema/crd.h"
#include "schema/simple_schema.h"
#include "schema/test_util.h"

namespace kro::schema {
namespace {

using testing::yaml;

Schema schema(const std::string& text) {
  auto s = schema_from_json(yaml(text));
  EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.error().str());
  return s.ok() ? *s : Schema{};
}

std::vector<std::string> names(const std::vector<Change>& changes) {
  std::vector<std::string> out;
  out.reserve(changes.size());
  for (const auto& c : changes) out.emplace_back(change_type_name(c.type));
  return out;
}

using V = std::vector<std::string>;

TEST(Compat, IdenticalSchemasHaveNoChanges) {
  Schema s = schema("{type: object, properties: {a: {type: string, enum: [x, y]}}}");
  auto r = compare_schemas(s, s);
  EXPECT_FALSE(r.has_changes());
  EXPECT_TRUE(r.compatible());
  EXPECT_EQ(r.summary(), "no breaking changes");
}

TEST(Compat, RemovedPropertyIsBreaking) {
  auto r =
      compare_schemas(schema("{type: object, properties: {a: {type: string}, b: {type: string}}}"),
                      schema("{type: object, properties: {a: {type: string}}}"));
  ASSERT_EQ(r.breaking.size(), 1u);
  EXPECT_EQ(r.breaking[0].path, ".properties.b");
  EXPECT_EQ(r.breaking[0].description(), "Property b was removed");
}

TEST(Compat, TypeChangeStopsDeeperComparison) {
  auto r = compare_schemas(schema("{type: object, properties: {a: {type: string, pattern: x}}}"),
                           schema("{type: object, properties: {a: {type: integer, minimum: 1}}}"));
  EXPECT_EQ(names(r.breaking), V{"TYPE_CHANGED"});
  EXPECT_EQ(r.breaking[0].path, ".properties.a.type");
  EXPECT_EQ(r.breaking[0].description(), "Type changed from string to integer");
}

TEST(Compat, AddedProperties) {
  auto r = compare_schemas(
      schema("{type: object, properties: {a: {type: string}}}"),
      schema(R"({type: object, required: [b, c], properties: {a: {type: string}, b: {type: string},
                 c: {type: string, default: x}, d: {type: string}}})"));
  EXPECT_EQ(names(r.breaking), V{"PROPERTY_ADDED"});
  EXPECT_EQ(r.breaking[0].path, ".properties.b");
  EXPECT_EQ(r.breaking[0].new_value, "required=true");
  EXPECT_EQ(names(r.non_breaking), (V{"PROPERTY_ADDED", "PROPERTY_ADDED"}));
  EXPECT_EQ(r.non_breaking[0].description(), "Optional property c was added");
}

TEST(Compat, RequiredChanges) {
  auto r = compare_schemas(
      schema(R"({type: object, required: [a, c], properties: {a: {type: string}, b: {type: string},
                 c: {type: string, default: x}}})"),
      schema(R"({type: object, required: [b, c], properties: {a: {type: string}, b: {type: string},
                 c: {type: string}}})"));
  EXPECT_EQ(names(r.breaking), (V{"REQUIRED_ADDED", "REQUIRED_DEFAULT_REMOVED"}));
  EXPECT_EQ(r.breaking[0].description(), "Field b is newly required");
  EXPECT_EQ(r.breaking[1].description(), "Default value removed from required field c");
  EXPECT_EQ(names(r.non_breaking), (V{"DEFAULT_CHANGED", "REQUIRED_REMOVED"}));
  EXPECT_EQ(r.non_breaking[0].description(), "Default value was changed from \"x\" to ");
  EXPECT_EQ(r.non_breaking[1].description(), "Field a is no longer required");
}

TEST(Compat, EnumNarrowingAndWidening) {
  auto r = compare_schemas(schema("{type: string, enum: [a, b, c]}"),
                           schema("{type: string, enum: [a, c, d]}"));
  EXPECT_EQ(names(r.breaking), V{"ENUM_RESTRICTED"});
  EXPECT_EQ(r.breaking[0].description(), "Enum value \"b\" was removed");
  EXPECT_EQ(names(r.non_breaking), V{"ENUM_EXPANDED"});
  // Adding or dropping the whole enum is not an enum change, as upstream.
  EXPECT_FALSE(
      compare_schemas(schema("{type: string}"), schema("{type: string, enum: [a]}")).has_changes());
}

TEST(Compat, Patterns) {
  EXPECT_EQ(
      names(
          compare_schemas(schema("{type: string}"), schema("{type: string, pattern: a}")).breaking),
      V{"PATTERN_ADDED"});
  EXPECT_EQ(names(compare_schemas(schema("{type: string, pattern: a}"),
                                  schema("{type: string, pattern: b}"))
                      .breaking),
            V{"PATTERN_CHANGED"});
  auto removed = compare_schemas(schema("{type: string, pattern: a}"), schema("{type: string}"));
  EXPECT_TRUE(removed.compatible());
  EXPECT_EQ(names(removed.non_breaking), V{"PATTERN_REMOVED"});
}

TEST(Compat, NumericBounds) {
  auto tight = compare_schemas(schema("{type: integer, minimum: 1, maximum: 10}"),
                               schema("{type: integer, minimum: 2.5, maximum: 9}"));
  EXPECT_EQ(names(tight.breaking), (V{"MINIMUM_INCREASED", "MAXIMUM_DECREASED"}));
  EXPECT_EQ(tight.breaking[0].description(), "Minimum was increased from 1 to 2.5");
  EXPECT_EQ(tight.breaking[1].description(), "Maximum was decreased from 10 to 9");
  auto loose = compare_schemas(schema("{type: integer, minimum: 1, maximum: 10}"),
                               schema("{type: integer, minimum: 0}"));
  EXPECT_TRUE(loose.compatible());
  EXPECT_EQ(names(loose.non_breaking), (V{"MINIMUM_DECREASED", "MAXIMUM_REMOVED"}));
  auto added = compare_schemas(schema("{type: integer}"), schema("{type: integer, maximum: 5}"));
  EXPECT_EQ(names(added.breaking), V{"MAXIMUM_ADDED"});
  EXPECT_EQ(added.breaking[0].description(), "Maximum constraint 5 was added");
}

TEST(Compat, LengthAndItemBounds) {
  auto r = compare_schemas(
      schema(R"({type: object, properties: {s: {type: string, maxLength: 10},
                 l: {type: array, minItems: 1, items: {type: string}}}})"),
      schema(R"({type: object, properties: {s: {type: string, minLength: 1, maxLength: 5},
                 l: {type: array, minItems: 2, maxItems: 4, items: {type: string}}}})"));
  EXPECT_EQ(names(r.breaking), (V{"MIN_ITEMS_INCREASED", "MAX_ITEMS_ADDED", "MIN_LENGTH_ADDED",
                                  "MAX_LENGTH_DECREASED"}));
  auto relaxed = compare_schemas(schema("{type: string, minLength: 3, maxLength: 5}"),
                                 schema("{type: string, minLength: 1, maxLength: 9}"));
  EXPECT_EQ(names(relaxed.non_breaking), (V{"MIN_LENGTH_DECREASED", "MAX_LENGTH_INCREASED"}));
  EXPECT_EQ(relaxed.non_breaking[1].description(), "MaxLength was increased from 5 to 9");
}

TEST(Compat, ArrayItemsAreCompared) {
  auto r = compare_schemas(
      schema("{type: array, items: {type: object, properties: {a: {type: string}}}}"),
      schema("{type: array, items: {type: object, properties: {a: {type: integer}}}}"));
  ASSERT_EQ(r.breaking.size(), 1u);
  EXPECT_EQ(r.breaking[0].path, ".items.properties.a.type");
  auto removed =
      compare_schemas(schema("{type: array, items: {type: string}}"), schema("{type: array}"));
  EXPECT_EQ(names(removed.breaking), V{"PROPERTY_REMOVED"});
}

TEST(Compat, DescriptionChangeIsNonBreaking) {
  auto r = compare_schemas(schema("{type: string, description: old}"),
                           schema("{type: string, description: new}"));
  EXPECT_TRUE(r.compatible());
  EXPECT_EQ(r.non_breaking[0].description(), "Description field was changed from old to new");
}

TEST(Compat, SummaryListsThreeThenCounts) {
  auto r = compare_schemas(
      schema("{type: object, properties: {a: {type: string}, b: {type: string}, c: {type: string}, "
             "d: {type: string}, e: {type: string}}}"),
      schema("{type: object}"));
  EXPECT_EQ(r.summary(),
            "Property a was removed; Property b was removed; Property c was removed; and 2 more "
            "changes");
}

// End to end: the CRDs of two RGD versions, as kro's CRD update would compare them.
Json crd_for(const std::string& spec_yaml, std::vector<Json> columns = {}) {
  auto spec = simple_schema_to_openapi(yaml(spec_yaml), Json());
  EXPECT_TRUE(spec.ok());
  CrdOptions o;
  o.api_version = "v1alpha1";
  o.kind = "Application";
  o.spec = *spec;
  o.printer_columns = std::move(columns);
  return *synthesize_crd(o);
}

TEST(CompatCrd, SimpleSchemaEvolution) {
  Json v1 = crd_for("name: string\nport: 'integer | minimum=1'\nmode: 'string | enum=\"a,b\"'");
  Json v2 = crd_for(
      "name: 'string | required=true'\nport: 'string'\nmode: 'string | enum=\"a\"'\nextra: string");
  auto r = compare_crds(v1, v2);
  ASSERT_TRUE(r.ok()) << r.error().str();
  EXPECT_EQ(names(r->breaking), (V{"ENUM_RESTRICTED", "TYPE_CHANGED", "REQUIRED_ADDED"}));
  EXPECT_EQ(r->breaking[1].path, ".properties.spec.properties.port.type");
  EXPECT_EQ(names(r->non_breaking), V{"PROPERTY_ADDED"});
  EXPECT_EQ(r->summary(),
            "Enum value \"b\" was removed; Type changed from integer to string; Field name is "
            "newly required");
}

TEST(CompatCrd, VersionLevelChecks) {
  Json a = crd_for("name: string");
  Json b = a;
  b.at("spec").at("versions").at(0).as_object()["name"] = "v1beta1";
  auto renamed = compare_crds(a, b);
  ASSERT_TRUE(renamed.ok());
  EXPECT_EQ(names(renamed->breaking), V{"TYPE_CHANGED"});
  EXPECT_EQ(renamed->breaking[0].path, "version");

  Json c = a;
  auto& v = c.at("spec").at("versions").at(0).as_object();
  v["served"] = false;
  v.erase("subresources");
  auto r = compare_crds(a, c);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(names(r->breaking), (V{"TYPE_CHANGED", "PROPERTY_REMOVED"}));

  Json d = crd_for("name: string", {yaml("{name: Name, type: string, jsonPath: .spec.name}")});
  auto cols = compare_crds(a, d);
  ASSERT_TRUE(cols.ok());
  EXPECT_TRUE(cols->compatible());
  EXPECT_EQ(names(cols->non_breaking), V{"ADDITIONAL_PRINTER_COLUMNS_CHANGED"});
}

TEST(CompatCrd, Errors) {
  Json a = crd_for("name: string");
  Json two = a;
  auto& versions = two.at("spec").at("versions").as_array();
  versions.push_back(versions.at(0));
  EXPECT_EQ(compare_crds(a, two).error().message,
            "expected exactly one version in the new CRD, got 2");
  Json no_schema = a;
  no_schema.at("spec").at("versions").at(0).as_object().erase("schema");
  EXPECT_EQ(compare_crds(no_schema, a).error().message, "old version v1alpha1 has no schema");
}

}  // namespace
}  // namespace kro::schema

#include "schema/simple_schema.h"

#include <gtest/gtest.h>

#include "schema/test_util.h"

namespace kro::schema {
namespace {

using testing::schema_is;
using testing::yaml;

Result<Schema> convert(const std::string& spec, const std::string& types = "") {
  return simple_schema_to_openapi(yaml(spec), types.empty() ? Json() : yaml(types));
}

// Whether `spec` (with `types`) converts to the schema written in `expected_yaml`.
::testing::AssertionResult converts_to(const std::string& spec, const std::string& types,
                                       const std::string& expected_yaml) {
  auto s = convert(spec, types);
  if (!s.ok()) return ::testing::AssertionFailure() << s.error().str();
  return schema_is(*s, expected_yaml);
}
::testing::AssertionResult converts_to(const std::string& spec, const std::string& expected_yaml) {
  return converts_to(spec, "", expected_yaml);
}

// The examples of pkg/simpleschema/transform_test.go, exactly (docs/behaviour/simpleschema.md).
TEST(SimpleSchemaGolden, ComplexNestedSchema) {
  EXPECT_TRUE(converts_to(R"(
name: "string | required=true"
age: "integer | default=18"
contacts:
  email: string
  phone: 'string | default="000-000-0000"'
  address: Address
tags: "[]string"
metadata: "map[string]string"
friends: "[]Person"
)",
                          R"(
Address: {street: string, city: string, country: string}
Person: {name: string, age: integer}
)",
                          R"(
type: object
required: [name]
properties:
  name: {type: string}
  age: {type: integer, default: 18}
  contacts:
    type: object
    default: {}
    properties:
      email: {type: string}
      phone: {type: string, default: "000-000-0000"}
      address: {type: object, properties: {street: {type: string}, city: {type: string}, country: {type: string}}}
  tags: {type: array, items: {type: string}}
  metadata: {type: object, additionalProperties: {type: string}}
  friends: {type: array, items: {type: object, properties: {name: {type: string}, age: {type: integer}}}}
)"));
}

TEST(SimpleSchemaGolden, MultipleEnumTypes) {
  EXPECT_TRUE(converts_to(R"(
logLevel: 'string | enum="debug,info,warn,error" default="info"'
features:
  logFormat: 'string | enum="json,text,csv" default="json"'
  errorCode: 'integer | enum="400,404,500" default=500'
)",
                          R"(
type: object
default: {}
properties:
  logLevel: {type: string, default: "info", enum: ["debug", "info", "warn", "error"]}
  features:
    type: object
    default: {}
    properties:
      logFormat: {type: string, default: "json", enum: ["json", "text", "csv"]}
      errorCode: {type: integer, default: 500, enum: [400, 404, 500]}
)"));
}

TEST(SimpleSchemaGolden, ImmutableWithOtherMarkers) {
  EXPECT_TRUE(converts_to(
      R"(resourceId: 'string | required=true immutable=true description="Unique resource identifier"')",
      R"(
type: object
required: [resourceId]
properties:
  resourceId:
    type: string
    description: Unique resource identifier
    x-kubernetes-validations: [{rule: "self == oldSelf", message: "field is immutable"}]
)"));
}

TEST(SimpleSchemaGolden, CustomSimpleTypeRequired) {
  EXPECT_TRUE(converts_to("myValue: myType",
                          R"(myType: 'string | required=true description="my description"')", R"(
type: object
required: [myValue]
properties:
  myValue: {type: string, description: my description}
)"));
}

TEST(SimpleSchemaGolden, ArrayWithAllValidationMarkers) {
  EXPECT_TRUE(converts_to(R"(codes: "[]string | uniqueItems=true minItems=2 maxItems=8")", R"(
type: object
properties:
  codes: {type: array, minItems: 2, maxItems: 8, items: {type: string}, x-kubernetes-list-type: set}
)"));
}

TEST(SimpleSchemaGolden, ObjectWithDefault) {
  EXPECT_TRUE(converts_to(R"(values: 'object | default={"a":"b"}')", R"(
type: object
default: {}
properties:
  values: {type: object, x-kubernetes-preserve-unknown-fields: true, default: {"a": "b"}}
)"));
}

TEST(SimpleSchemaGolden, ComplexMap) {
  EXPECT_TRUE(converts_to(R"(
config: "map[string]map[string]integer"
matrix: "[][]float"
)",
                          R"(
type: object
properties:
  config: {type: object, additionalProperties: {type: object, additionalProperties: {type: integer}}}
  matrix: {type: array, items: {type: array, items: {type: number}}}
)"));
}

TEST(SimpleSchemaGolden, SimpleStringValidation) {
  EXPECT_TRUE(converts_to(R"(field: 'string | validation="self.name != ''invalid''"')", R"(
type: object
properties:
  field:
    type: string
    x-kubernetes-validations: [{rule: "self.name != 'invalid'", message: "validation failed"}]
)"));
}

// ---- grammar forms ---------------------------------------------------------------------------

TEST(SimpleSchema, AtomicTypes) {
  EXPECT_TRUE(converts_to("s: string\ni: integer\nb: boolean\nf: float\no: object\n", R"(
type: object
properties:
  s: {type: string}
  i: {type: integer}
  b: {type: boolean}
  f: {type: number}
  o: {type: object, x-kubernetes-preserve-unknown-fields: true}
)"));
}

TEST(SimpleSchema, CollectionsOfObjectsAndCustomTypes) {
  EXPECT_TRUE(converts_to(R"(
anything: "[]object"
byName: "map[string]object"
ports: "map[string]Port"
lists: "map[string][]string"
)",
                          "Port: 'integer | minimum=1 maximum=65535'", R"(
type: object
properties:
  anything: {type: array, items: {type: object, x-kubernetes-preserve-unknown-fields: true}}
  byName: {type: object, additionalProperties: {type: object, x-kubernetes-preserve-unknown-fields: true}}
  ports: {type: object, additionalProperties: {type: integer, minimum: 1, maximum: 65535}}
  lists: {type: object, additionalProperties: {type: array, items: {type: string}}}
)"));
}

TEST(SimpleSchema, DeeplyNestedInlineObjects) {
  auto s = convert("a:\n  b:\n    c:\n      d: 'string | default=x'\n");
  ASSERT_TRUE(s.ok()) << s.error().str();
  // Defaults propagate up through every object without required children.
  EXPECT_TRUE(schema_is(*s, R"(
type: object
default: {}
properties:
  a:
    type: object
    default: {}
    properties:
      b:
        type: object
        default: {}
        properties:
          c: {type: object, default: {}, properties: {d: {type: string, default: x}}}
)"));
}

TEST(SimpleSchema, NoObjectDefaultWhenAChildIsRequired) {
  EXPECT_TRUE(
      converts_to("a:\n  first: 'string | default=x'\n  second: 'string | required=true'\n", R"(
type: object
properties:
  a:
    type: object
    required: [second]
    properties: {first: {type: string, default: x}, second: {type: string}}
)"));
}

TEST(SimpleSchema, RequiredIsSortedAndUnique) {
  auto s = convert(R"(
zeta: 'string | required=true'
alpha: 'Name | required=true'
mid: 'string | required=true'
)",
                   "Name: 'string | required=true'");
  ASSERT_TRUE(s.ok()) << s.error().str();
  Json j = to_json(*s);
  EXPECT_EQ(kro::to_json(j.at("required")), R"(["alpha","mid","zeta"])");
  EXPECT_EQ(s->properties[0].name, "zeta") << "properties keep the order the user wrote";
}

TEST(SimpleSchema, RequiredFalseIsANoOp) {
  auto s = convert("a: 'string | required=false'");
  ASSERT_TRUE(s.ok());
  EXPECT_TRUE(s->required.empty());
}

TEST(SimpleSchema, CustomTypesInDependencyOrder) {
  // Declared before the types they use; resolution follows dependencies, not declaration.
  EXPECT_TRUE(converts_to("team: Team", R"(
Team: {lead: Person, members: "[]Person", tags: Tags}
Person: {name: Name, age: 'integer | minimum=0'}
Name: 'string | minLength=1'
Tags: "map[string]string"
)",
                          R"(
type: object
properties:
  team:
    type: object
    properties:
      lead: {type: object, properties: {name: {type: string, minLength: 1}, age: {type: integer, minimum: 0}}}
      members:
        type: array
        items: {type: object, properties: {name: {type: string, minLength: 1}, age: {type: integer, minimum: 0}}}
      tags: {type: object, additionalProperties: {type: string}}
)"));
}

TEST(SimpleSchema, CustomStructWithDefaultsCarriesObjectDefault) {
  EXPECT_TRUE(converts_to("cfg: Config\nother: 'Config | description=\"second\"'",
                          "Config: {replicas: 'integer | default=1'}", R"(
type: object
default: {}
properties:
  cfg: {type: object, default: {}, properties: {replicas: {type: integer, default: 1}}}
  other: {type: object, description: second, default: {}, properties: {replicas: {type: integer, default: 1}}}
)"));
}

TEST(SimpleSchema, AliasMarkersMergeWithFieldMarkers) {
  EXPECT_TRUE(
      converts_to("port: 'Port | default=8080'", "Port: 'integer | minimum=1 maximum=65535'", R"(
type: object
default: {}
properties:
  port: {type: integer, default: 8080, minimum: 1, maximum: 65535}
)"));
}

TEST(SimpleSchema, EmptyAndNullSpec) {
  auto s = simple_schema_to_openapi(Json(), Json());
  ASSERT_TRUE(s.ok());
  EXPECT_TRUE(schema_is(*s, "type: object"));
  auto e = convert("{}");
  ASSERT_TRUE(e.ok());
  EXPECT_TRUE(schema_is(*e, "type: object"));
}

// ---- errors ----------------------------------------------------------------------------------

TEST(SimpleSchemaErrors, UnknownCustomType) {
  auto s = convert("a:\n  b: Missing\n");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().message, "field a: field b: unknown type: Missing");
  EXPECT_EQ(s.error().path, "spec.schema.spec.a.b");
}

TEST(SimpleSchemaErrors, UnknownTypeInsideCollections) {
  auto s = convert("a: '[]map[string]Nope'");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().message, "field a: unknown type: Nope");
}

TEST(SimpleSchemaErrors, CyclicCustomTypes) {
  auto s = convert("a: TypeA", "TypeA: {b: TypeB}\nTypeB: {a: '[]TypeA'}\n");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().message,
            "cyclic dependency in type TypeB: graph contains a cycle: TypeB -> TypeA -> TypeB");
  EXPECT_EQ(s.error().path, "spec.schema.types.TypeB");
}

TEST(SimpleSchemaErrors, SelfReferencingType) {
  auto s = convert("a: Node", "Node: {next: Node}");
  ASSERT_FALSE(s.ok());
  // Upstream's DAG refuses the edge before it looks for cycles.
  EXPECT_EQ(s.error().message, "self references are not allowed");
  EXPECT_EQ(s.error().path, "spec.schema.types.Node");
}

TEST(SimpleSchemaErrors, TypeNamingAnUndeclaredType) {
  // Checked while the types are ordered, before any is built (upstream: "node X does not exist").
  auto s = convert("a: Endpoint", "Endpoint: {port: Port}\nProt: integer\n");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().message, "node Port does not exist");
  EXPECT_EQ(s.error().path, "spec.schema.types.Endpoint");
}

TEST(SimpleSchemaErrors, LongerCycleIsSpelledOut) {
  auto s = convert("a: A", "A: B\nB: '[]C'\nC: {x: 'map[string]A'}\n");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().message,
            "cyclic dependency in type C: graph contains a cycle: C -> A -> B -> C");
}

TEST(SimpleSchemaErrors, InvalidTypeStrings) {
  struct Case {
    const char* spec;
    const char* message;
  } cases[] = {
      {"a: 'map[int]string'", "map key must be string"},
      {"a: 'map[string]'", "map value type is required"},
      {"a: '[]'", "empty slice element type"},
      {"a: ' | required=true'", "empty type"},
      {"a: 'string | required'", "marker key 'required' without a value"},
      {"a: 'string | bogus=1'", "invalid marker key \"bogus\": unknown marker: bogus"},
      {"a: 42", "unexpected type: int64"},
      {"a: 4.5", "unexpected type: float64"},
      {"a: [x]", "unexpected type: []interface {}"},
      {"a: true", "unexpected type: bool"},
      {"a:", "unexpected type: <nil>"},
  };
  for (const auto& c : cases) {
    auto s = convert(c.spec);
    ASSERT_FALSE(s.ok()) << c.spec;
    // Upstream prefixes the field path, one "field <name>: " per level.
    EXPECT_EQ(s.error().message, std::string("field a: ") + c.message) << c.spec;
    EXPECT_EQ(s.error().path, "spec.schema.spec.a") << c.spec;
  }
}

TEST(SimpleSchemaErrors, ListMapKeyWithoutListTypeMap) {
  auto s = convert("items: '[]object | listMapKey=name'");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().message,
            "field items: listMapKey set while listType is unset, listType must be set to map");
}

TEST(SimpleSchemaErrors, ErrorsInTypesNameTheType) {
  auto s = convert("a: T", "T: {x: 'integer | minLength=3'}");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().path, "spec.schema.types.T.x");
  EXPECT_EQ(s.error().message,
            "building schema for T: field x: minLength marker is only valid for string types, "
            "got type: integer");
  // Type strings are parsed before any type is built; those errors name the type too.
  auto p = convert("a: T", "T: {x: {y: 3}}");
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.error().message, "parsing type T: field x: field y: unexpected type: int64");
  EXPECT_EQ(p.error().path, "spec.schema.types.T.x.y");
}

TEST(SimpleSchemaErrors, TypesMustBeAMap) {
  auto s = simple_schema_to_openapi(yaml("a: string"), yaml("[a]"));
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().path, "spec.schema.types");
}

TEST(SimpleSchemaErrors, ErrorsCarryTheSourcePosition) {
  auto doc = parse_yaml(R"(apiVersion: kro.run/v1alpha1
kind: ResourceGraphDefinition
spec:
  schema:
    spec:
      name: string
      replicas: integer | minimum=abc
)",
                        "rgd.yaml");
  ASSERT_TRUE(doc.ok());
  SimpleSchemaOptions opt;
  opt.positions = &doc->positions;
  const Json& spec = doc->value.at("spec").at("schema").at("spec");
  auto s = simple_schema_to_openapi(spec, Json(), opt);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().pos.file, "rgd.yaml");
  EXPECT_EQ(s.error().pos.line, 7);
  EXPECT_EQ(s.error().pos.column, 17);
  EXPECT_EQ(s.error().str(),
            "rgd.yaml:7:17: spec.schema.spec.replicas: field replicas: failed to parse minimum "
            "enum value: "
            "strconv.ParseFloat: parsing \"abc\": invalid syntax");
}

TEST(SimpleSchemaErrors, NestingDepthLimit) {
  std::string deep;
  for (int i = 0; i < 17; ++i) deep += "[]";
  auto s = convert("a: '" + deep + "string'");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find("type nesting too deep (max 16)"), std::string::npos);
  std::string ok;
  for (int i = 0; i < 16; ++i) ok += "[]";
  EXPECT_TRUE(convert("a: '" + ok + "string'").ok());
}

}  // namespace
}  // namespace kro::schema

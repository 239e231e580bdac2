#include "schema/crd.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "schema/simple_schema.h"
#include "schema/test_util.h"

namespace kro::schema {
namespace {

using testing::schema_is;
using testing::yaml;

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

const std::string kData = "src/schema/testdata/";

// The seed example (Application) end to end: RGD YAML → SimpleSchema → CRD, compared byte for
// byte with the hand-written expected CRD.
TEST(CrdGolden, SeedApplication) {
  auto docs = read_yaml_file(kData + "seed-application/rgd.yaml");
  ASSERT_TRUE(docs.ok()) << docs.error().str();
  const YamlDocument& rgd = docs->front();
  const Json& schema = rgd.value.at("spec").at("schema");

  SimpleSchemaOptions sopt;
  sopt.positions = &rgd.positions;
  const Json* types = schema.as_object().if_contains("types");
  auto spec = simple_schema_to_openapi(schema.at("spec"), types ? *types : Json(), sopt);
  ASSERT_TRUE(spec.ok()) << spec.error().str();

  auto status_doc = parse_yaml(read_file(kData + "seed-application/status-input.yaml"));
  ASSERT_TRUE(status_doc.ok());
  auto status = schema_from_json(status_doc->value);
  ASSERT_TRUE(status.ok()) << status.error().str();

  CrdOptions opt;
  opt.api_version = std::string(schema.at("apiVersion").as_string());
  opt.kind = std::string(schema.at("kind").as_string());
  opt.spec = *spec;
  opt.status = *status;
  opt.rgd_name = std::string(rgd.value.at("metadata").at("name").as_string());
  opt.rgd_uid = "3f1c2a4e-0000-4000-8000-000000000001";
  opt.kro_version = "v0.9.3";
  auto crd = synthesize_crd(opt);
  ASSERT_TRUE(crd.ok()) << crd.error().str();

  std::string expected = read_file(kData + "seed-application/crd.yaml");
  ASSERT_FALSE(expected.empty());
  EXPECT_EQ(to_yaml(*crd), expected);
  auto parsed = parse_yaml(expected);
  ASSERT_TRUE(parsed.ok());
  EXPECT_TRUE(deep_equal(*crd, parsed->value));
}

CrdOptions minimal(std::string kind = "WebApp") {
  CrdOptions o;
  o.api_version = "v1";
  o.kind = std::move(kind);
  o.spec.type = "object";
  return o;
}

TEST(Crd, NamesFollowFlect) {
  auto crd = synthesize_crd(minimal("ClusterPolicy"));
  ASSERT_TRUE(crd.ok());
  EXPECT_EQ(crd->at("metadata").at("name"), "clusterpolicies.kro.run");
  EXPECT_TRUE(deep_equal(crd->at("spec").at("names"), yaml(R"(
plural: clusterpolicies
singular: clusterpolicy
kind: ClusterPolicy
listKind: ClusterPolicyList
)")));
  auto other = minimal("Index");
  other.group = "kro.com";
  EXPECT_EQ(synthesize_crd(other)->at("metadata").at("name"), "indices.kro.com");
}

TEST(Crd, ShortNamesCategoriesAndScope) {
  auto o = minimal();
  o.short_names = {"wa", "webapp"};
  o.categories = {"all", "kro"};
  o.scope = "Cluster";
  auto crd = synthesize_crd(o);
  ASSERT_TRUE(crd.ok());
  EXPECT_EQ(kro::to_json(crd->at("spec").at("names")),
            R"({"plural":"webapps","singular":"webapp","shortNames":["wa","webapp"],)"
            R"("kind":"WebApp","listKind":"WebAppList","categories":["all","kro"]})");
  EXPECT_EQ(crd->at("spec").at("scope"), "Cluster");
}

TEST(Crd, CustomPrinterColumnsReplaceTheDefaults) {
  auto o = minimal();
  o.printer_columns.push_back(
      yaml("{jsonPath: .spec.image, name: Image, type: string, priority: 1}"));
  o.printer_columns.push_back(
      yaml("{name: Replicas, type: integer, jsonPath: .spec.replicas, priority: 0}"));
  auto crd = synthesize_crd(o);
  ASSERT_TRUE(crd.ok()) << crd.error().str();
  const Json& cols = crd->at("spec").at("versions").at(0).at("additionalPrinterColumns");
  // Go field order (name, type, format, description, priority, jsonPath); priority 0 omitted.
  EXPECT_EQ(kro::to_json(cols),
            R"([{"name":"Image","type":"string","priority":1,"jsonPath":".spec.image"},)"
            R"({"name":"Replicas","type":"integer","jsonPath":".spec.replicas"}])");
}

TEST(Crd, DefaultPrinterColumns) {
  auto crd = synthesize_crd(minimal());
  const Json& cols = crd->at("spec").at("versions").at(0).at("additionalPrinterColumns");
  ASSERT_EQ(cols.as_array().size(), 3u);
  EXPECT_EQ(cols.at(1).at("jsonPath"), ".status.conditions[?(@.type==\"Ready\")].status");
}

TEST(Crd, BadPrinterColumns) {
  auto o = minimal();
  o.printer_columns.push_back(yaml("{name: A, type: string, jsonPath: .a}"));
  o.printer_columns.push_back(yaml("{name: B, type: string}"));
  auto crd = synthesize_crd(o);
  ASSERT_FALSE(crd.ok());
  EXPECT_EQ(crd.error().path, "spec.schema.additionalPrinterColumns[1].jsonPath");
  o.printer_columns.back() = yaml("{name: B, type: string, jsonPath: .b, colour: red}");
  EXPECT_EQ(synthesize_crd(o).error().path, "spec.schema.additionalPrinterColumns[1].colour");
  o.printer_columns.back() = yaml("[1]");
  EXPECT_FALSE(synthesize_crd(o).ok());
}

TEST(Crd, LabelsAndAnnotations) {
  auto o = minimal();
  o.labels = {{"team", "web"}, {"kro.run/owned", "false"}};
  o.annotations = {{"docs", "https://example.com"}};
  o.rgd_name = "web";
  o.rgd_uid = "uid-1";
  o.kro_version = "v0.9.3+dirty";
  auto crd = synthesize_crd(o);
  ASSERT_TRUE(crd.ok());
  EXPECT_EQ(kro::to_json(crd->at("metadata")),
            R"({"name":"webapps.kro.run","labels":{"kro.run/kro-version":"v0.9.3-dirty",)"
            R"("kro.run/owned":"true","kro.run/resource-graph-definition-id":"uid-1",)"
            R"("kro.run/resource-graph-definition-name":"web","team":"web"},)"
            R"("annotations":{"docs":"https://example.com"}})");
  // Offline (no RGD identity): only the user's labels.
  auto offline = minimal();
  offline.labels = {{"team", "web"}};
  EXPECT_EQ(kro::to_json(synthesize_crd(offline)->at("metadata").at("labels")),
            R"({"team":"web"})");
  EXPECT_FALSE(synthesize_crd(minimal())->at("metadata").as_object().contains("labels"));
}

TEST(Crd, StatusGetsStateAndConditionsUnlessDefined) {
  Schema user;
  user.type = "object";
  Schema state;
  state.type = "integer";
  user.set_property("state", state);
  Schema merged = merge_status_schema(user);
  EXPECT_EQ(merged.property("state")->type, "integer");
  ASSERT_NE(merged.property("conditions"), nullptr);
  EXPECT_TRUE(schema_is(*merged.property("conditions"), R"(
type: array
items:
  type: object
  properties:
    type: {type: string}
    status: {type: string}
    reason: {type: string}
    message: {type: string}
    lastTransitionTime: {type: string}
    observedGeneration: {type: integer}
)"));
  EXPECT_TRUE(schema_is(merge_status_schema(Schema{}), R"(
type: object
properties:
  state: {type: string}
  conditions: {type: array, items: {type: object, properties: {type: {type: string}, status: {type: string}, reason: {type: string}, message: {type: string}, lastTransitionTime: {type: string}, observedGeneration: {type: integer}}}}
)"));
}

TEST(Crd, VersionShape) {
  auto crd = synthesize_crd(minimal());
  ASSERT_TRUE(crd.ok());
  const Json& v = crd->at("spec").at("versions").at(0);
  EXPECT_EQ(v.at("name"), "v1");
  EXPECT_EQ(v.at("served"), true);
  EXPECT_EQ(v.at("storage"), true);
  EXPECT_EQ(kro::to_json(v.at("subresources")), R"({"status":{}})");
  const Json& root = v.at("schema").at("openAPIV3Schema");
  EXPECT_FALSE(root.as_object().contains("required")) << "an empty required list is omitted";
  EXPECT_EQ(kro::to_json(root.at("properties").at("metadata")), R"({"type":"object"})");
}

TEST(Crd, Errors) {
  auto o = minimal();
  o.scope = "Global";
  EXPECT_EQ(synthesize_crd(o).error().path, "spec.schema.scope");
  o = minimal("");
  EXPECT_EQ(synthesize_crd(o).error().path, "spec.schema.kind");
  o = minimal();
  o.api_version.clear();
  EXPECT_EQ(synthesize_crd(o).error().path, "spec.schema.apiVersion");
}

}  // namespace
}  // namespace kro::schema

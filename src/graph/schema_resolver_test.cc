// Schema resolvers: CRD objects and files, chaining, the GVK spelling of "schema not found",
// and field-path parsing used to walk schemas.
#include "graph/schema_resolver.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "graph/compiled.h"
#include "graph/schema_resolver_builtin.h"
#include "value/field_path.h"

namespace kro::graph {
namespace {

Json yaml(const std::string& text) {
  auto doc = parse_yaml(text);
  EXPECT_TRUE(doc.ok()) << doc.error().str();
  return doc.ok() ? doc->value : Json();
}

const char* kWidgetCrd = R"(
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
spec:
  group: example.com
  scope: Cluster
  names: {kind: Widget, plural: widgets}
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              properties:
                size: {type: integer}
    - name: v0
      served: false
      storage: false
)";

TEST(SchemaNotFound, KubernetesGvkSpelling) {
  EXPECT_EQ(gvk_string("apps/v1", "Deployment"), "apps/v1, Kind=Deployment");
  EXPECT_EQ(gvk_string("v1", "Pod"), "/v1, Kind=Pod");
  Error e = schema_not_found("v1", "Pod");
  EXPECT_EQ(e.message, "cannot resolve group version kind \"/v1, Kind=Pod\": schema not found");
  EXPECT_TRUE(is_schema_not_found(e));
  EXPECT_FALSE(is_schema_not_found(Error("connection refused")));
}

TEST(CrdSchemaResolver, ServedVersionsScopeAndMetadata) {
  auto builtin = SnapshotSchemaResolver::builtin();
  ASSERT_TRUE(builtin.ok()) << builtin.error().str();
  auto r = CrdSchemaResolver::from_objects({yaml(kWidgetCrd)}, (*builtin)->document());
  ASSERT_TRUE(r.ok()) << r.error().str();
  EXPECT_EQ((*r)->kind_count(), 1u);  // v0 is not served
  auto ks = (*r)->resolve("example.com/v1", "Widget");
  ASSERT_TRUE(ks.ok()) << ks.error().str();
  EXPECT_FALSE((*ks)->namespaced);
  // metadata is the full ObjectMeta, apiVersion/kind are strings.
  const Json* props = (*ks)->deref(&(*ks)->schema);
  ASSERT_NE(props, nullptr);
  const Json& md = props->at("properties").at("metadata");
  const Json* object_meta = (*ks)->deref(&md);
  ASSERT_NE(object_meta, nullptr);
  EXPECT_TRUE(object_meta->at("properties").as_object().contains("labels"));
  EXPECT_EQ(props->at("properties").at("kind").at("type"), "string");
  auto missing = (*r)->resolve("example.com/v0", "Widget");
  ASSERT_FALSE(missing.ok());
  EXPECT_TRUE(is_schema_not_found(missing.error()));
}

TEST(CrdSchemaResolver, MalformedCrdNamesItself) {
  auto r = CrdSchemaResolver::from_objects({yaml(R"(
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: bad.example.com}
spec: {group: example.com, names: {kind: Bad}}
)")});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message,
            "CustomResourceDefinition \"bad.example.com\": spec.versions must be a list");
}

TEST(CrdSchemaResolver, OfflineResolverReadsAFolderAndChainsBuiltins) {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("kro-typing-crds-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  {
    std::ofstream(dir / "widget.yaml") << kWidgetCrd << "---\napiVersion: v1\nkind: ConfigMap\n";
    std::ofstream(dir / "notes.txt") << "ignored";
  }
  auto r = offline_schema_resolver(dir.string());
  fs::remove_all(dir);
  ASSERT_TRUE(r.ok()) << r.error().str();
  EXPECT_TRUE((*r)->resolve("example.com/v1", "Widget").ok());
  EXPECT_TRUE((*r)->resolve("apps/v1", "Deployment").ok());
  auto missing = (*r)->resolve("example.com/v1", "Gadget");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().message,
            "cannot resolve group version kind \"example.com/v1, Kind=Gadget\": schema not found");
  EXPECT_FALSE(offline_schema_resolver("/nonexistent/crds").ok());
}

TEST(CrdSchemaResolver, TypesAnRgdResource) {
  auto builtin = SnapshotSchemaResolver::builtin();
  ASSERT_TRUE(builtin.ok());
  auto crds = CrdSchemaResolver::from_objects({yaml(kWidgetCrd)}, (*builtin)->document());
  ASSERT_TRUE(crds.ok());
  auto doc = parse_yaml(R"(
apiVersion: kro.run/v1alpha1
kind: ResourceGraphDefinition
metadata: {name: w}
spec:
  schema:
    apiVersion: v1
    kind: W
    spec: {size: integer}
    status:
      labels: ${widget.metadata.labels}
  resources:
    - id: widget
      template:
        apiVersion: example.com/v1
        kind: Widget
        metadata: {name: w}
        spec: {size: "${schema.spec.size}"}
)",
                        "w.yaml");
  ASSERT_TRUE(doc.ok());
  auto rgd = read_rgd(*doc);
  ASSERT_TRUE(rgd.ok());
  CompileOptions opt;
  opt.resolver =
      std::make_shared<ChainSchemaResolver>(std::vector<SchemaResolverPtr>{*crds, *builtin});
  auto g = compile_rgd(*rgd, opt);
  ASSERT_TRUE(g.ok()) << g.error().str();
  EXPECT_EQ(kro::to_json(schema::to_json(g->status_schema)),
            R"({"type":"object","properties":{"labels":{"type":"object",)"
            R"("additionalProperties":{"type":"string"}}}})");
}

// The typing phase reads template field paths with the grammar the runtime uses
// (value/field_path.h). Before they shared it, typing kept the letter of the escapes it did not
// know (`\u00e9` read as "u00e9", `\x41` as "x41", `\a` as "a") and so typed such a field
// against another key's schema than the one the runtime writes.
TEST(FieldPath, ParsesKroSpelling) {
  auto p = parse_field_path(R"(spec.containers[0].env["a.b"].value)");
  ASSERT_TRUE(p.ok());
  std::vector<PathStep> want = {std::string("spec"), std::string("containers"),
                                std::size_t{0},      std::string("env"),
                                std::string("a.b"),  std::string("value")};
  EXPECT_EQ(*p, want);
  EXPECT_FALSE(parse_field_path("a[x]").ok());
  EXPECT_FALSE(parse_field_path("a[\"b").ok());
}

TEST(FieldPath, UnquotesEveryGoEscapeAsTheRuntimeDoes) {
  auto p = parse_field_path(R"(metadata.labels["a\u00e9\x41\a\tb"])");
  ASSERT_TRUE(p.ok()) << p.error().message;
  ASSERT_EQ(p->size(), 3u);
  EXPECT_EQ(std::get<std::string>(p->at(2)),
            "a\xc3\xa9"
            "A\a\tb");
}

}  // namespace
}  // namespace kro::graph

#include <gtest/gtest.h>

#include "graph/builder.h"

namespace kro::graph {
namespace {

// An RGD with ConfigMap `a` (data.v = `value`), ConfigMap `b` and the given status fields.
Graph build(std::string_view value, std::string_view status = "") {
  std::string s =
      "apiVersion: kro.run/v1alpha1\nkind: ResourceGraphDefinition\nmetadata: {name: t}\n"
      "spec:\n  schema:\n    apiVersion: v1alpha1\n    kind: App\n    spec: {name: string}\n";
  if (!status.empty()) s += "    status:\n" + std::string(status);
  s += "  resources:\n";
  for (std::string id : {"a", "b"}) {
    s += "    - id: ";
    s += id;
    s += "\n      template:\n        apiVersion: v1\n        kind: ConfigMap\n"
         "        metadata: {name: ";
    s += id;
    s += "}\n        data: {v: \"";
    s += id == "a" ? value : std::string_view("x");
    s += "\"}\n";
  }
  auto doc = parse_yaml(s, "g.yaml");
  EXPECT_TRUE(doc.ok()) << doc.error().str();
  if (!doc.ok()) return Graph{};
  auto rgd = read_rgd(*doc);
  EXPECT_TRUE(rgd.ok()) << rgd.error().str();
  if (!rgd.ok()) return Graph{};
  auto g = build_graph(*rgd, {});
  EXPECT_TRUE(g.ok()) << g.error().str();
  return g.ok() ? std::move(*g) : Graph{};
}

TEST(ReadsManagedFields, OrdinaryPathsDoNot) {
  EXPECT_FALSE(reads_managed_fields(build("${schema.spec.name}-${b.metadata.name}")));
  EXPECT_FALSE(reads_managed_fields(build("${string(b.metadata.labels)}")));
  EXPECT_FALSE(reads_managed_fields(build("x", "      n: ${b.data.v}\n")));
  // Bound and comprehension variables are not objects.
  EXPECT_FALSE(reads_managed_fields(build("${[1].map(x, x).size()}")));
}

TEST(ReadsManagedFields, SelectionsThroughManagedFields) {
  EXPECT_TRUE(reads_managed_fields(build("${b.metadata.managedFields[0].manager}")));
  EXPECT_TRUE(reads_managed_fields(build("${string(has(schema.metadata.managedFields))}")));
  EXPECT_TRUE(reads_managed_fields(build("x", "      m: ${b.metadata.managedFields}\n")));
}

TEST(ReadsManagedFields, WholeObjectsAndWholeMetadata) {
  EXPECT_TRUE(reads_managed_fields(build("x", "      meta: ${b.metadata}\n")));
  EXPECT_TRUE(reads_managed_fields(build("${string(b)}")));
  EXPECT_TRUE(reads_managed_fields(build("${b['metadata'].name}")));
  EXPECT_TRUE(reads_managed_fields(build("${b.metadata['name']}")));
  EXPECT_TRUE(reads_managed_fields(build("${b.?metadata.name.orValue('')}")));
}

}  // namespace
}  // namespace kro::graph

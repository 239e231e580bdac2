#include "controller/spec_hash.h"

#include <gtest/gtest.h>

#include "value/yaml.h"

namespace kro::controller {
namespace {

Json spec_of(const std::string& rgd_file) {
  auto docs = read_yaml_file(std::string(KRO_UPSTREAM_ORACLE) + "/v0.9.4/" + rgd_file);
  EXPECT_TRUE(docs.ok()) << docs.error().str();
  if (!docs.ok() || docs->empty()) return Json();
  const Json* spec = find_path(docs->front().value, "spec");
  return spec != nullptr ? *spec : Json();
}

// The hashes upstream kro v0.9.4 put on its GraphRevisions for the seed example, before and after
// an edit that added shortNames and categories (tests/upstream-oracle/).
TEST(GraphRevisionSpecHash, MatchesUpstreamOnTheOracle) {
  EXPECT_EQ(graph_revision_spec_hash(spec_of("seed-application/rgd.yaml")), "a6c3e0649a4fd18f");
  EXPECT_EQ(graph_revision_spec_hash(spec_of("seed-edit/rgd.yaml")), "0945448bbedd873c");
}

TEST(GraphRevisionSpecHash, NormalisesDefaultsAndOrder) {
  auto hash = [](std::string_view yaml) {
    auto doc = parse_yaml(yaml, "spec.yaml");
    EXPECT_TRUE(doc.ok()) << doc.error().str();
    return graph_revision_spec_hash(doc->value);
  };
  const std::string base = hash(R"(
schema: {apiVersion: v1alpha1, kind: App, spec: {name: string}}
resources:
  - id: b
    readyWhen: ["${b.x}", "${a.y}"]
    template: {apiVersion: v1, kind: ConfigMap, metadata: {name: b}, data: {k: v, a: "1"}}
  - id: a
    template: {kind: ConfigMap, apiVersion: v1, metadata: {name: a}}
)");
  // Defaults written out, resources and readyWhen reordered, template keys reordered: the same.
  EXPECT_EQ(hash(R"(
schema: {apiVersion: v1alpha1, kind: App, group: kro.run, scope: Namespaced, spec: {name: string}}
resources:
  - id: a
    template: {apiVersion: v1, kind: ConfigMap, metadata: {name: a}}
  - id: b
    readyWhen: ["${a.y}", "${b.x}"]
    template: {apiVersion: v1, data: {a: "1", k: v}, kind: ConfigMap, metadata: {name: b}}
)"),
            base);
  // Any change of substance: another hash.
  EXPECT_NE(hash(R"(
schema: {apiVersion: v1alpha1, kind: App, spec: {name: string}}
resources:
  - id: b
    readyWhen: ["${b.x}", "${a.y}"]
    template: {apiVersion: v1, kind: ConfigMap, metadata: {name: b}, data: {k: w, a: "1"}}
  - id: a
    template: {kind: ConfigMap, apiVersion: v1, metadata: {name: a}}
)"),
            base);
  EXPECT_EQ(graph_revision_spec_json(parse_yaml("schema: {kind: K}").value().value),
            R"({"schema":{"kind":"K","group":"kro.run","spec":null,"types":null,"status":null,)"
            R"("scope":"Namespaced"}})");
}

// deletionPolicy (kro-cpp extension): a change of it is a new revision; absent, the hash is
// upstream's (the oracle test above covers specs without it).
TEST(GraphRevisionSpecHash, DeletionPolicyCountsOnlyWhenSet) {
  auto hash = [](std::string_view policy) {
    std::string yaml = "schema: {apiVersion: v1alpha1, kind: App}\nresources:\n  - id: a\n";
    if (!policy.empty()) yaml += "    deletionPolicy: " + std::string(policy) + "\n";
    yaml += "    template: {apiVersion: v1, kind: ConfigMap, metadata: {name: a}}\n";
    auto doc = parse_yaml(yaml, "spec.yaml");
    EXPECT_TRUE(doc.ok()) << doc.error().str();
    return std::make_pair(graph_revision_spec_hash(doc->value),
                          graph_revision_spec_json(doc->value));
  };
  auto [none, none_json] = hash("");
  auto [orphan, orphan_json] = hash("Orphan");
  auto [del, del_json] = hash("Delete");
  EXPECT_NE(none, orphan);
  EXPECT_NE(orphan, del);
  EXPECT_EQ(none_json.find("deletionPolicy"), std::string::npos) << none_json;
  EXPECT_NE(orphan_json.find(R"("deletionPolicy":"Orphan"})"), std::string::npos) << orphan_json;
}

}  // namespace
}  // namespace kro::controller

#include "controller/graph_revisions.h"

#include <gtest/gtest.h>

#include "value/yaml.h"

namespace kro::controller {
namespace {

TEST(GraphRevisionName, ShortAndOverflowingNames) {
  EXPECT_EQ(graph_revision_name("my-application", 1), "my-application-r00001");
  EXPECT_EQ(graph_revision_name("a", 123456), "a-r123456");
  // Over 253 characters: cut, trailing '.'/'-' dropped, the whole name's FNV-32a appended.
  std::string long_name(250, 'x');
  long_name[233] = '.';
  const std::string gr = graph_revision_name(long_name, 7);
  EXPECT_LE(gr.size(), 253U);
  EXPECT_EQ(gr.substr(gr.size() - 16, 7), "-r00007");
  EXPECT_EQ(gr.find(".-"), std::string::npos);
  EXPECT_NE(graph_revision_name(long_name + "a", 7), graph_revision_name(long_name + "b", 7));
  EXPECT_EQ(graph_revision_name(std::string(250, '-'), 1).substr(0, 3), "gr-");
}

TEST(GraphRevision, ObjectCarriesUpstreamsMetadata) {
  Json rgd = parse_json(R"({"metadata":{"name":"web","uid":"u-1","generation":3},
                            "spec":{"schema":{"kind":"Web"}}})")
                 .value();
  Json gr = make_graph_revision(rgd, 2, "0123456789abcdef", "v0.9.4");
  EXPECT_EQ(string_at(gr, "metadata.name"), "web-r00002");
  EXPECT_EQ(to_json(*find_path(gr, "metadata.labels")),
            R"({"kro.run/owned":"true","kro.run/kro-version":"v0.9.4",)"
            R"("kro.run/resource-graph-definition-name":"web",)"
            R"("kro.run/graph-revision-hash":"0123456789abcdef"})");
  EXPECT_EQ(to_json(*find_path(gr, "metadata.ownerReferences")),
            R"([{"apiVersion":"kro.run/v1alpha1","kind":"ResourceGraphDefinition","name":"web",)"
            R"("uid":"u-1","controller":true}])");
  EXPECT_EQ(to_json(*find_path(gr, "metadata.finalizers")), R"(["kro.run/finalizer"])");
  EXPECT_EQ(to_json(*find_path(gr, "spec")),
            R"({"revision":2,"snapshot":{"name":"web","generation":3,)"
            R"("spec":{"schema":{"kind":"Web"}}}})");
}

TEST(GraphRevision, StatusKeepsTransitionTimesWhileUnchanged) {
  Json failed = graph_revision_status(nullptr, nullptr, "bad", 1, "2026-01-01T00:00:00Z");
  EXPECT_EQ(to_json(*find_path(failed, "conditions")),
            R"([{"type":"GraphVerified","status":"False","reason":"InvalidGraph","message":"bad",)"
            R"("lastTransitionTime":"2026-01-01T00:00:00Z","observedGeneration":1},)"
            R"({"type":"Ready","status":"False","reason":"InvalidGraph","message":"bad",)"
            R"("lastTransitionTime":"2026-01-01T00:00:00Z","observedGeneration":1}])");
  Json again = graph_revision_status(&failed, nullptr, "bad", 1, "2026-01-02T00:00:00Z");
  EXPECT_TRUE(deep_equal(again, failed));
}

TEST(GraphRevision, SplitFindsTheNewestLiveRevision) {
  Json list = parse_json(R"({"items":[
      {"metadata":{"name":"a-r00001"},"spec":{"revision":1}},
      {"metadata":{"name":"a-r00003"},"spec":{"revision":3}},
      {"metadata":{"name":"a-r00004","deletionTimestamp":"2026-01-01T00:00:00Z"},
       "spec":{"revision":4}}]})")
                  .value();
  ListedRevisions l = split_revisions(list);
  ASSERT_EQ(l.live.size(), 2U);
  ASSERT_EQ(l.terminating.size(), 1U);
  ASSERT_NE(l.latest(), nullptr);
  EXPECT_EQ(revision_number(*l.latest()), 3);
  EXPECT_EQ(split_revisions(parse_json("{}").value()).latest(), nullptr);
}

TEST(RevisionRegistry, PutGetErase) {
  RevisionRegistry r;
  EXPECT_FALSE(r.get("a", 1));
  r.put("a", 1, {"h1", nullptr, "broken"});
  r.put("a", 2, {"h2", nullptr, ""});
  ASSERT_TRUE(r.get("a", 1));
  EXPECT_EQ(r.get("a", 1)->error, "broken");
  r.erase("a", 1);
  EXPECT_FALSE(r.get("a", 1));
  EXPECT_TRUE(r.get("a", 2));
  r.erase_all("a");
  EXPECT_FALSE(r.get("a", 2));
}

// deploy/: the GraphRevision CRD's snapshot.spec is the RGD CRD's spec schema, so that every
// spec the RGD API accepts can be snapshotted unchanged.
TEST(GraphRevisionCrd, SnapshotSpecSchemaIsTheRgdSpecSchema) {
  auto rgd = read_yaml_file(std::string(KRO_DEPLOY_DIR) + "/kro.run_resourcegraphdefinitions.yaml");
  auto gr = read_yaml_file(std::string(KRO_DEPLOY_DIR) + "/internal.kro.run_graphrevisions.yaml");
  ASSERT_TRUE(rgd.ok()) << rgd.error().str();
  ASSERT_TRUE(gr.ok()) << gr.error().str();
  auto schema_of = [](const Json& crd) {
    return &crd.as_object()
                .at("spec")
                .as_object()
                .at("versions")
                .as_array()
                .at(0)
                .as_object()
                .at("schema")
                .as_object()
                .at("openAPIV3Schema");
  };
  const Json* rgd_spec = find_path(*schema_of(rgd->front().value), "properties.spec");
  const Json* snapshot = find_path(*schema_of(gr->front().value),
                                   "properties.spec.properties.snapshot.properties.spec");
  ASSERT_NE(rgd_spec, nullptr);
  ASSERT_NE(snapshot, nullptr);
  EXPECT_TRUE(deep_equal(*rgd_spec, *snapshot));
  EXPECT_EQ(string_at(gr->front().value, "spec.scope"), "Cluster");
  EXPECT_EQ(to_json(*find_path(gr->front().value, "spec.names.shortNames")), R"(["gr"])");
}

}  // namespace
}  // namespace kro::controller

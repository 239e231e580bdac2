// forEach collections: expansion order, empty dimensions, the size limit, duplicate identities,
// observation matching and per-item readiness, and what dependents see.
#include <gtest/gtest.h>

#include "runtime/test_util.h"

namespace kro::runtime {
namespace {

using namespace testing;  // compile, doc, instance, messages, rgd, yaml

const char* const kSpec = R"(      regions: "[]string"
      tiers: "[]string"
)";

const char* const kTwoDims = R"(    - id: cms
      forEach:
        - region: ${schema.spec.regions}
        - tier: ${schema.spec.tiers}
      readyWhen:
        - ${each.data.?ready.orValue('') == 'yes'}
      template:
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: ${schema.metadata.name + '-' + region + '-' + tier}
        data:
          region: ${region}
          tier: ${tier}
          label: "${region}/${tier}"
    - id: summary
      template:
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: summary
        data:
          count: ${string(size(cms))}
          first: ${cms[0].metadata.name}
)";

std::vector<std::string> names(const NodeResult& n) {
  std::vector<std::string> out;
  for (const auto& d : n.desired) out.push_back(d.identity.name);
  return out;
}

Document live(const std::string& name, bool ready) {
  return doc("{apiVersion: v1, kind: ConfigMap, metadata: {name: " + name +
             ", namespace: ns}, data: {ready: '" + (ready ? "yes" : "no") + "'}}");
}

TEST(ForEach, CartesianProductFirstDimensionOutermost) {
  auto exe = compile(rgd(kSpec, kTwoDims));
  ASSERT_NE(exe, nullptr);
  Evaluation ev = evaluate(*exe, instance("{regions: [eu, us], tiers: [web, db, cache]}"), {});
  ASSERT_TRUE(ev.ok()) << messages(ev.errors);
  const NodeResult& cms = ev.nodes[0];
  ASSERT_EQ(cms.state, NodeState::kResolved) << cms.reason;
  EXPECT_EQ(names(cms), (std::vector<std::string>{"inst-eu-web", "inst-eu-db", "inst-eu-cache",
                                                  "inst-us-web", "inst-us-db", "inst-us-cache"}));
  for (std::size_t i = 0; i < cms.desired.size(); ++i) {
    EXPECT_EQ(cms.desired[i].index, i);
    EXPECT_EQ(cms.desired[i].identity.namespace_, "ns");
  }
  EXPECT_EQ(cms.desired[4].object->at_pointer("/data"),
            testing::yaml("{region: us, tier: db, label: us/db}"));
  EXPECT_EQ(cms.readiness, Readiness::kNotObserved);
  EXPECT_EQ(ev.nodes[1].state, NodeState::kPending);
  EXPECT_EQ(ev.nodes[1].waiting_for, std::vector<std::string>{"cms"});
}

TEST(ForEach, OneDimension) {
  auto exe = compile(rgd(R"(      names: "[]string"
)",
                         R"(    - id: cms
      forEach:
        - n: ${schema.spec.names}
      template:
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: "${n}"}
)"));
  ASSERT_NE(exe, nullptr);
  Evaluation ev = evaluate(*exe, instance("{names: [a, b, c]}"), {});
  ASSERT_TRUE(ev.ok()) << messages(ev.errors);
  EXPECT_EQ(names(ev.nodes[0]), (std::vector<std::string>{"a", "b", "c"}));
}

TEST(ForEach, EmptyDimensionGivesAReadyEmptyCollection) {
  auto exe = compile(rgd(kSpec, kTwoDims));
  ASSERT_NE(exe, nullptr);
  Evaluation ev = evaluate(*exe, instance("{regions: [eu], tiers: []}"), {});
  const NodeResult& cms = ev.nodes[0];
  EXPECT_EQ(cms.state, NodeState::kResolved);
  EXPECT_TRUE(cms.desired.empty());
  EXPECT_EQ(cms.readiness, Readiness::kReady);
  // The dependent sees an empty list: size() works, indexing is data pending (not an error).
  const NodeResult& summary = ev.nodes[1];
  EXPECT_EQ(summary.state, NodeState::kPending);
  EXPECT_NE(summary.reason.find("index out of bounds"), std::string::npos) << summary.reason;
  EXPECT_TRUE(ev.ok()) << messages(ev.errors);
}

TEST(ForEach, SizeLimit) {
  ExecutableOptions options;
  options.max_collection_size = 5;
  auto exe = compile(rgd(kSpec, kTwoDims), options);
  ASSERT_NE(exe, nullptr);
  Evaluation ev = evaluate(*exe, instance("{regions: [eu, us], tiers: [web, db, cache]}"), {});
  const NodeResult& cms = ev.nodes[0];
  EXPECT_EQ(cms.state, NodeState::kError);
  ASSERT_EQ(cms.errors.size(), 1u);
  EXPECT_EQ(cms.errors[0].message,
            "resource \"cms\": collection size of 6 is over the maximum collection size of 5");
  EXPECT_EQ(ev.errors.size(), 1u);
  // Exactly at the limit is fine.
  options.max_collection_size = 6;
  exe = compile(rgd(kSpec, kTwoDims), options);
  EXPECT_EQ(evaluate(*exe, instance("{regions: [eu, us], tiers: [web, db, cache]}"), {})
                .nodes[0]
                .desired.size(),
            6u);
}

TEST(ForEach, DuplicateIdentityIsAnError) {
  auto exe = compile(rgd(kSpec, kTwoDims));
  ASSERT_NE(exe, nullptr);
  Evaluation ev = evaluate(*exe, instance("{regions: [eu, eu], tiers: [web]}"), {});
  const NodeResult& cms = ev.nodes[0];
  EXPECT_EQ(cms.state, NodeState::kError);
  EXPECT_TRUE(cms.desired.empty());
  ASSERT_EQ(ev.errors.size(), 1u);
  EXPECT_EQ(ev.errors[0].message,
            "node \"cms\" identity collision: duplicate identity: /v1/ConfigMap/ns/inst-eu-web");
}

TEST(ForEach, ObservedItemsAreMatchedByIdentityAndGateDependents) {
  auto exe = compile(rgd(kSpec, kTwoDims));
  ASSERT_NE(exe, nullptr);
  Document inst = instance("{regions: [eu, us], tiers: [web]}");
  ObservedState seen;
  // LIST order is not desired order; an unrelated leftover is ignored.
  seen.set_items("cms", {live("inst-us-web", true), live("leftover", true)});
  Evaluation ev = evaluate(*exe, inst, seen);
  const NodeResult& cms = ev.nodes[0];
  EXPECT_EQ(cms.readiness, Readiness::kNotObserved);
  EXPECT_EQ(cms.reason, "collection not ready: observed 1 but desired 2");
  EXPECT_EQ(cms.readiness_wait,
            "node \"cms\": collection not ready: observed 1 but desired 2 (waiting for readiness)");
  EXPECT_EQ(cms.desired[0].readiness, Readiness::kNotObserved);
  EXPECT_EQ(cms.desired[1].readiness, Readiness::kReady);
  EXPECT_EQ(ev.nodes[1].state, NodeState::kPending);

  seen.set_items("cms", {live("inst-us-web", true), live("inst-eu-web", false)});
  ev = evaluate(*exe, inst, seen);
  EXPECT_EQ(ev.nodes[0].readiness, Readiness::kNotReady);
  EXPECT_EQ(ev.nodes[0].desired[0].readiness, Readiness::kNotReady);
  // Upstream names neither the item nor the node when an item's readyWhen is false.
  EXPECT_EQ(ev.nodes[0].readiness_wait,
            "readyWhen condition evaluated to false: \"each.data.?ready.orValue('') == 'yes'\" "
            "(waiting for readiness)");
  EXPECT_EQ(ev.nodes[1].state, NodeState::kPending);

  seen.set_items("cms", {live("inst-us-web", true), live("inst-eu-web", true)});
  ev = evaluate(*exe, inst, seen);
  ASSERT_TRUE(ev.ok()) << messages(ev.errors);
  EXPECT_EQ(ev.nodes[0].readiness, Readiness::kReady);
  const NodeResult& summary = ev.nodes[1];
  ASSERT_EQ(summary.state, NodeState::kResolved) << summary.reason;
  // The collection variable lists the observed items in desired order.
  EXPECT_EQ(summary.desired[0].object->at_pointer("/data"),
            testing::yaml("{count: '2', first: inst-eu-web}"));
}

}  // namespace
}  // namespace kro::runtime

#include "controller/watch_coordinator.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace kro::controller {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

const kube::GroupVersionResource kCms{"", "v1", "configmaps"};
const kube::GroupVersionResource kSecrets{"", "v1", "secrets"};
const kube::GroupVersionResource kNodes{"", "v1", "nodes"};
const kube::GroupVersionResource kApps{"x.kro.run", "v1alpha1", "apps"};
const kube::GroupVersionResource kDbs{"x.kro.run", "v1alpha1", "databases"};

InstanceKey app(std::string name, std::string ns = "default") {
  return {kApps, std::move(ns), std::move(name)};
}

Json object(std::string_view ns, std::string_view name, std::string_view labels = "{}") {
  std::string text = R"({"metadata":{"name":")" + std::string(name) + "\"";
  if (!ns.empty()) text += R"(,"namespace":")" + std::string(ns) + "\"";
  text += R"(,"labels":)" + std::string(labels) + "}}";
  return parse_json(text).value();
}

kube::LabelSelector selector(std::string_view text) {
  return kube::LabelSelector::parse(parse_json(text).value()).value();
}

TEST(WatchCoordinator, ScalarRequestWakesItsInstanceOnly) {
  WatchCoordinator c;
  c.begin(app("a"));
  c.record(app("a"), WatchRequest::scalar(kCms, "default", "settings"));
  EXPECT_TRUE(c.commit(app("a"), true));  // configmaps are watched from now on

  EXPECT_THAT(c.instances_for(kCms, object("default", "settings")), ElementsAre(app("a")));
  EXPECT_THAT(c.instances_for(kCms, object("default", "other")), IsEmpty());
  EXPECT_THAT(c.instances_for(kCms, object("elsewhere", "settings")), IsEmpty());
  EXPECT_THAT(c.instances_for(kSecrets, object("default", "settings")), IsEmpty());
}

TEST(WatchCoordinator, ManyInstancesOnOneObject) {
  WatchCoordinator c;
  for (const char* n : {"b", "a", "c"}) {
    c.begin(app(n));
    c.record(app(n), WatchRequest::scalar(kCms, "default", "shared"));
    c.commit(app(n), true);
  }
  EXPECT_THAT(c.instances_for(kCms, object("default", "shared")),
              ElementsAre(app("a"), app("b"), app("c")));
  EXPECT_EQ(c.request_count(), 3U);
}

TEST(WatchCoordinator, ClusterScopedObjectsHaveNoNamespace) {
  WatchCoordinator c;
  c.record(app("a"), WatchRequest::scalar(kNodes, "", "node-1"));
  c.commit(app("a"), true);
  EXPECT_THAT(c.instances_for(kNodes, object("", "node-1")), ElementsAre(app("a")));
  EXPECT_THAT(c.instances_for(kNodes, object("", "node-2")), IsEmpty());
}

TEST(WatchCoordinator, SuccessfulCommitReplacesRequestsNotRepeated) {
  WatchCoordinator c;
  c.begin(app("a"));
  c.record(app("a"), WatchRequest::scalar(kCms, "default", "one"));
  c.record(app("a"), WatchRequest::scalar(kSecrets, "default", "creds"));
  EXPECT_TRUE(c.commit(app("a"), true));
  EXPECT_THAT(c.watched_kinds(), ElementsAre(kCms, kSecrets));

  // The next reconcile reads another ConfigMap and no Secret.
  c.begin(app("a"));
  c.record(app("a"), WatchRequest::scalar(kCms, "default", "two"));
  EXPECT_TRUE(c.commit(app("a"), true));  // secrets are no longer watched
  EXPECT_THAT(c.watched_kinds(), ElementsAre(kCms));
  EXPECT_THAT(c.instances_for(kCms, object("default", "one")), IsEmpty());
  EXPECT_THAT(c.instances_for(kCms, object("default", "two")), ElementsAre(app("a")));
  EXPECT_THAT(c.requests_of(app("a")), ElementsAre(WatchRequest::scalar(kCms, "default", "two")));

  // Same kinds again: no change to report.
  c.begin(app("a"));
  c.record(app("a"), WatchRequest::scalar(kCms, "default", "three"));
  EXPECT_FALSE(c.commit(app("a"), true));
}

TEST(WatchCoordinator, FailedCommitKeepsWhatWasWatchedAndAddsTheNew) {
  WatchCoordinator c;
  c.begin(app("a"));
  c.record(app("a"), WatchRequest::scalar(kCms, "default", "one"));
  c.commit(app("a"), true);
  c.begin(app("a"));
  c.record(app("a"), WatchRequest::scalar(kCms, "default", "two"));
  EXPECT_FALSE(c.commit(app("a"), false));
  EXPECT_THAT(c.instances_for(kCms, object("default", "one")), ElementsAre(app("a")));
  EXPECT_THAT(c.instances_for(kCms, object("default", "two")), ElementsAre(app("a")));
}

TEST(WatchCoordinator, ReconcileWithoutReadsDropsEverything) {
  WatchCoordinator c;
  c.record(app("a"), WatchRequest::scalar(kCms, "default", "one"));
  c.commit(app("a"), true);
  c.begin(app("a"));
  EXPECT_TRUE(c.commit(app("a"), true));
  EXPECT_THAT(c.watched_kinds(), IsEmpty());
  EXPECT_EQ(c.request_count(), 0U);
}

TEST(WatchCoordinator, InFlightRequestsAreConsultedBeforeCommit) {
  // An event between the read and the commit must still wake the instance being reconciled.
  WatchCoordinator c;
  c.begin(app("a"));
  c.record(app("a"), WatchRequest::scalar(kCms, "default", "settings"));
  c.record(app("a"),
           WatchRequest::collection(kSecrets, "default", selector(R"({"matchLabels":{"x":"1"}})")));
  EXPECT_THAT(c.watched_kinds(), IsEmpty());  // no informer for uncommitted requests
  EXPECT_THAT(c.instances_for(kCms, object("default", "settings")), ElementsAre(app("a")));
  EXPECT_THAT(c.instances_for(kSecrets, object("default", "s", R"({"x":"1"})")),
              ElementsAre(app("a")));
  EXPECT_THAT(c.instances_for(kSecrets, object("default", "s", R"({"x":"2"})")), IsEmpty());
  // begin() discards what an earlier, unfinished pass recorded.
  c.begin(app("a"));
  EXPECT_THAT(c.instances_for(kCms, object("default", "settings")), IsEmpty());
}

TEST(WatchCoordinator, SelectorMatchesNewOrOldLabelsWithinItsNamespace) {
  WatchCoordinator c;
  c.record(app("a"), WatchRequest::collection(kCms, "default",
                                              selector(R"({"matchLabels":{"role":"peer"}})")));
  c.record(app("all", ""), WatchRequest::collection(kCms, "", selector(R"({"matchExpressions":[
               {"key":"role","operator":"In","values":["peer","leader"]}]})")));
  c.commit(app("a"), true);
  c.commit(app("all", ""), true);

  Json peer = object("default", "p", R"({"role":"peer"})");
  Json plain = object("default", "p", R"({})");
  Json leader = object("default", "p", R"({"role":"leader"})");
  EXPECT_THAT(c.instances_for(kCms, peer), ElementsAre(app("all", ""), app("a")));
  EXPECT_THAT(c.instances_for(kCms, leader), ElementsAre(app("all", "")));
  EXPECT_THAT(c.instances_for(kCms, plain), IsEmpty());
  // The label was removed: the old state still matched, so both selectors must hear of it.
  EXPECT_THAT(c.instances_for(kCms, plain, &peer), ElementsAre(app("all", ""), app("a")));
  // Another namespace: only the all-namespaces selector.
  EXPECT_THAT(c.instances_for(kCms, object("other", "p", R"({"role":"peer"})")),
              ElementsAre(app("all", "")));
}

TEST(WatchCoordinator, ForgetDropsAnInstanceAndForgetKindAWholeKind) {
  WatchCoordinator c;
  InstanceKey db{kDbs, "default", "d"};
  c.record(app("a"), WatchRequest::scalar(kCms, "default", "x"));
  c.record(app("b"), WatchRequest::scalar(kSecrets, "default", "y"));
  c.record(db, WatchRequest::scalar(kCms, "default", "x"));
  c.commit(app("a"), true);
  c.commit(app("b"), true);
  c.commit(db, true);
  c.record(app("c"), WatchRequest::scalar(kCms, "default", "x"));  // in flight

  EXPECT_FALSE(c.forget(app("a")));  // db still watches configmaps
  EXPECT_THAT(c.instances_for(kCms, object("default", "x")), ElementsAre(app("c"), db));
  EXPECT_TRUE(c.forget_kind(kApps));  // b's secrets go; c's in-flight requests too
  EXPECT_THAT(c.watched_kinds(), ElementsAre(kCms));
  EXPECT_THAT(c.instances_for(kCms, object("default", "x")), ElementsAre(db));
  EXPECT_TRUE(c.forget(db));
  EXPECT_THAT(c.watched_kinds(), IsEmpty());
  EXPECT_EQ(c.request_count(), 0U);
  EXPECT_FALSE(c.forget(db));  // idempotent
}

TEST(WatchCoordinator, SameRequestTwiceCountsOnce) {
  WatchCoordinator c;
  auto sel = selector(R"({"matchLabels":{"a":"b"}})");
  c.record(app("a"), WatchRequest::collection(kCms, "default", sel));
  c.record(app("a"), WatchRequest::collection(kCms, "default", sel));
  c.record(app("a"), WatchRequest::scalar(kCms, "default", "n"));
  c.record(app("a"), WatchRequest::scalar(kCms, "default", "n"));
  c.commit(app("a"), true);
  EXPECT_EQ(c.request_count(), 2U);
  EXPECT_TRUE(c.forget(app("a")));
  EXPECT_EQ(c.request_count(), 0U);
}

}  // namespace
}  // namespace kro::controller

#include "cli/preview_diff.h"

#include <gtest/gtest.h>

namespace kro::cli {
namespace {

Json parse(std::string_view text) { return parse_json(text).value(); }

// "path: before -> after" per change, "-" for an absent side.
std::string lines(const std::vector<FieldChange>& changes) {
  std::string out;
  for (const auto& c : changes) {
    out += c.path + ": " + (c.before ? to_json(*c.before) : "-") + " -> " +
           (c.after ? to_json(*c.after) : "-") + "\n";
  }
  return out;
}

TEST(PreviewDiff, EqualObjectsHaveNoChanges) {
  Json a = parse(R"({"spec":{"replicas":2,"ports":[{"port":80}]}})");
  EXPECT_TRUE(diff_objects(a, a).empty());
  // Numbers compare by value, as Kubernetes does after a JSON round trip.
  EXPECT_TRUE(diff_objects(parse(R"({"x":1})"), parse(R"({"x":1.0})")).empty());
}

TEST(PreviewDiff, LeavesChangedAddedAndRemoved) {
  Json before = parse(R"({"spec":{"replicas":2,"paused":true,"ports":[{"port":80}]}})");
  Json after = parse(R"({"spec":{"replicas":3,"ports":[{"port":80},{"port":443}],"x":{"y":1}}})");
  EXPECT_EQ(lines(diff_objects(before, after)),
            "spec.replicas: 2 -> 3\n"
            "spec.paused: true -> -\n"
            "spec.ports[1]: - -> {\"port\":443}\n"
            "spec.x: - -> {\"y\":1}\n");
}

TEST(PreviewDiff, NamedItemsMatchByNameAndKeysAreQuoted) {
  Json before = parse(R"({"metadata":{"labels":{"app.kubernetes.io/name":"a"}},
    "containers":[{"name":"web","image":"v1"},{"name":"side","image":"s"}]})");
  Json after = parse(R"({"metadata":{"labels":{"app.kubernetes.io/name":"b"}},
    "containers":[{"name":"side","image":"s"},{"name":"web","image":"v2"},{"name":"new"}]})");
  EXPECT_EQ(lines(diff_objects(before, after)),
            "metadata.labels[\"app.kubernetes.io/name\"]: \"a\" -> \"b\"\n"
            "containers[name=web].image: \"v1\" -> \"v2\"\n"
            "containers[name=new]: - -> {\"name\":\"new\"}\n");
  // RGD resources are named by id.
  EXPECT_EQ(lines(diff_objects(parse(R"({"r":[{"id":"a"},{"id":"b"}]})"),
                               parse(R"({"r":[{"id":"b"}]})"))),
            "r[id=a]: {\"id\":\"a\"} -> -\n");
}

TEST(PreviewDiff, TypeChangeIsOneChange) {
  EXPECT_EQ(lines(diff_objects(parse(R"({"a":{"b":1}})"), parse(R"({"a":"x"})"))),
            "a: {\"b\":1} -> \"x\"\n");
}

TEST(PreviewDiff, ComparableDropsWhatOnlyTheServerWrites) {
  Json live = parse(R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c",
    "uid":"u","resourceVersion":"7","generation":2,"creationTimestamp":"t","selfLink":"/x",
    "managedFields":[{}],"labels":{"a":"b"}},"data":{"k":"v"},"status":{"x":1}})");
  EXPECT_EQ(to_json(comparable(live)),
            R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","labels":{"a":"b"}},)"
            R"("data":{"k":"v"}})");
}

TEST(PreviewDiff, ApplyOfflineKeepsServerFieldsAndOtherOwners) {
  Json live = parse(R"({"spec":{"replicas":2,"revisionHistoryLimit":10,"containers":[
    {"name":"web","image":"v1","imagePullPolicy":"IfNotPresent"},{"name":"injected"}]}})");
  Json desired = parse(R"({"spec":{"replicas":3,"containers":[{"name":"web","image":"v2"}]}})");
  EXPECT_EQ(
      to_json(apply_offline(live, desired, nullptr)),
      R"({"spec":{"replicas":3,"revisionHistoryLimit":10,"containers":[)"
      R"({"name":"web","image":"v2","imagePullPolicy":"IfNotPresent"},{"name":"injected"}]}})");
}

TEST(PreviewDiff, ApplyOfflineDropsWhatThePreviousRenderSetAndNoLongerDoes) {
  Json live = parse(R"({"data":{"a":"1","b":"2","other":"x"},"containers":[
    {"name":"web","env":[{"name":"E"}]},{"name":"old"}]})");
  Json previous = parse(R"({"data":{"a":"1","b":"2"},"containers":[
    {"name":"web","env":[{"name":"E"}]},{"name":"old"}]})");
  Json desired = parse(R"({"data":{"a":"1"},"containers":[{"name":"web"}]})");
  // b and web's env were kro's and are dropped; `other` was never kro's and stays.
  EXPECT_EQ(to_json(apply_offline(live, desired, &previous)),
            R"({"data":{"a":"1","other":"x"},"containers":[{"name":"web"}]})");
}

TEST(PreviewDiff, ApplyOfflineReplacesUnnamedListsOfAnotherLength) {
  Json live = parse(R"({"args":["a","b"],"ports":[{"port":80,"protocol":"TCP"}]})");
  Json desired = parse(R"({"args":["a"],"ports":[{"port":81}]})");
  EXPECT_EQ(to_json(apply_offline(live, desired, nullptr)),
            R"({"args":["a"],"ports":[{"port":81,"protocol":"TCP"}]})");
}

}  // namespace
}  // namespace kro::cli

#include "controller/instance_drift.h"

#include <gtest/gtest.h>

namespace kro::controller {
namespace {

Json parse(std::string_view text) { return parse_json(text).value(); }

TEST(InstanceDrift, LiveMayHoldMore) {
  EXPECT_TRUE(desired_holds(parse(R"({"spec":{"replicas":3}})"),
                            parse(R"({"spec":{"replicas":3,"paused":false},"status":{}})")));
}

TEST(InstanceDrift, ChangedScalarIsDrift) {
  EXPECT_FALSE(
      desired_holds(parse(R"({"spec":{"replicas":3}})"), parse(R"({"spec":{"replicas":2}})")));
  EXPECT_FALSE(desired_holds(parse(R"({"a":"x"})"), parse(R"({"a":1})")));
}

TEST(InstanceDrift, NumbersCompareByValue) {
  EXPECT_TRUE(desired_holds(parse(R"({"a":1})"), parse(R"({"a":1.0})")));
}

TEST(InstanceDrift, MissingFieldIsDrift) {
  EXPECT_FALSE(
      desired_holds(parse(R"({"metadata":{"labels":{"a":"b"}}})"), parse(R"({"metadata":{}})")));
}

TEST(InstanceDrift, ListsCompareElementwiseWithDefaultsAllowed) {
  Json desired = parse(R"({"containers":[{"name":"a","image":"nginx"}]})");
  EXPECT_TRUE(desired_holds(
      desired,
      parse(R"({"containers":[{"name":"a","image":"nginx","imagePullPolicy":"Always"}]})")));
  EXPECT_FALSE(desired_holds(
      desired, parse(R"({"containers":[{"name":"a","image":"nginx"},{"name":"b"}]})")));
  EXPECT_FALSE(desired_holds(desired, parse(R"({"containers":[{"name":"a","image":"httpd"}]})")));
}

TEST(InstanceDrift, NullMeansAbsent) {
  EXPECT_TRUE(desired_holds(parse(R"({"a":null})"), parse(R"({})")));
}

}  // namespace
}  // namespace kro::controller

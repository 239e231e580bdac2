// Author conditions written with kro's Runtime library, evaluated by the runtime: values from
// observed resources, kro's built-in conditions read through `runtime`, pending data, and the
// same results with the typing phase's programs.
#include <gtest/gtest.h>

#include "runtime/test_util.h"

namespace kro::runtime {
namespace {

using namespace testing;  // compile, doc, instance, messages, rgd, yaml

const char* const kResources = R"(    - id: db
      template:
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: db}
)";

const char* const kConditions = R"(      conditions:
        - '${runtime.newCondition({type: "DbReady", status: db.data.ready == "yes" ? "True" : "False", reason: "Probe", message: "db " + db.metadata.name})}'
        - '${[runtime.condition(schema, "Ready"), runtime.newCondition({type: "Named", status: "True", message: schema.metadata.name})]}'
        - '${runtime.newCondition({type: "Serving", status: runtime.condition(schema, "ResourcesReady").status, reason: "FollowsResources"})}'
)";

class AuthorConditions : public ::testing::TestWithParam<bool> {};

TEST_P(AuthorConditions, RuntimeLibraryEndToEnd) {
  const bool typed = GetParam();
  auto exe = compile(rgd("      n: integer | default=1\n", kResources, kConditions), {}, typed);
  ASSERT_NE(exe, nullptr);
  Document inst = instance("{n: 1}");

  // Nothing observed, no built-ins given: DbReady waits for db, built-ins read Unknown.
  Evaluation ev = evaluate(*exe, inst, {});
  EXPECT_TRUE(ev.errors.empty()) << messages(ev.errors);
  EXPECT_EQ(ev.pending_conditions, std::vector<std::size_t>{0});
  ASSERT_EQ(ev.conditions.size(), 3u);
  EXPECT_EQ(ev.conditions[0].type, "Ready");
  EXPECT_EQ(ev.conditions[0].status, "Unknown");
  EXPECT_EQ(ev.conditions[1].type, "Named");
  EXPECT_EQ(ev.conditions[1].message, "inst");
  EXPECT_EQ(ev.conditions[2].type, "Serving");
  EXPECT_EQ(ev.conditions[2].status, "Unknown");
  EXPECT_EQ(ev.conditions[2].entry, 2u);

  // db observed, built-ins supplied by the controller.
  ObservedState seen;
  seen.set("db", doc("{apiVersion: v1, kind: ConfigMap, metadata: {name: db, namespace: ns}, "
                     "data: {ready: 'yes'}}"));
  seen.set_builtin_conditions(
      testing::yaml("[{type: Ready, status: 'False', reason: NotReady, message: waiting},"
                    " {type: ResourcesReady, status: 'True', reason: AllResourcesReady}]"));
  ev = evaluate(*exe, inst, seen);
  EXPECT_TRUE(ev.errors.empty()) << messages(ev.errors);
  EXPECT_TRUE(ev.pending_conditions.empty());
  ASSERT_EQ(ev.conditions.size(), 4u);
  EXPECT_EQ(ev.conditions[0].type, "DbReady");
  EXPECT_EQ(ev.conditions[0].status, "True");
  EXPECT_EQ(ev.conditions[0].reason, "Probe");
  EXPECT_EQ(ev.conditions[0].message, "db db");
  EXPECT_EQ(ev.conditions[1].type, "Ready");
  EXPECT_EQ(ev.conditions[1].status, "False");
  EXPECT_EQ(ev.conditions[1].reason, "NotReady");
  EXPECT_EQ(ev.conditions[1].message, "waiting");
  EXPECT_EQ(ev.conditions[3].type, "Serving");
  EXPECT_EQ(ev.conditions[3].status, "True");
}

TEST_P(AuthorConditions, DynamicStatusOutOfRangeIsAnError) {
  auto exe = compile(rgd("      s: string | default=\"Maybe\"\n", kResources,
                         "      conditions:\n"
                         "        - '${runtime.newCondition({type: \"A\", status: "
                         "schema.spec.s})}'\n"),
                     {}, GetParam());
  ASSERT_NE(exe, nullptr);
  Evaluation ev = evaluate(*exe, instance("{s: Maybe}"), {});
  EXPECT_TRUE(ev.conditions.empty());
  ASSERT_EQ(ev.errors.size(), 1u) << messages(ev.errors);
  EXPECT_EQ(ev.errors[0].path, "status.conditions[0]");
  EXPECT_NE(ev.errors[0].message.find("status must be one of True, False, Unknown (got \"Maybe\")"),
            std::string::npos)
      << ev.errors[0].message;
  ev = evaluate(*exe, instance("{s: 'False'}"), {});
  EXPECT_TRUE(ev.errors.empty()) << messages(ev.errors);
  ASSERT_EQ(ev.conditions.size(), 1u);
  EXPECT_EQ(ev.conditions[0].status, "False");
}

INSTANTIATE_TEST_SUITE_P(Runtime, AuthorConditions, ::testing::Values(false, true),
                         [](const auto& info) { return info.param ? "Typed" : "Untyped"; });

}  // namespace
}  // namespace kro::runtime

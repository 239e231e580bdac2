// kro's omit(): the field, list item or map entry holding it disappears from the object.
#include <gtest/gtest.h>

#include "runtime/test_util.h"

namespace kro::runtime {
namespace {

using testing::compile;
using testing::instance;
using testing::messages;
using testing::rgd;
using testing::yaml;

const char* const kSpec = "      debug: boolean | default=false\n";

TEST(Omit, RemovesTheFieldOrTheListItem) {
  auto exe = compile(rgd(kSpec, R"(    - id: cm
      template:
        apiVersion: v1
        kind: Pod
        metadata:
          name: p
          annotations:
            debug: "${schema.spec.debug ? 'on' : omit()}"
            keep: "yes"
        spec:
          containers:
            - name: a
              args:
                - "${schema.spec.debug ? '--debug' : omit()}"
                - --serve
                - "${schema.spec.debug ? '--trace' : omit()}"
          extra: "${ {'x': 1, 'y': omit()} }"
)"));
  ASSERT_NE(exe, nullptr);
  Evaluation ev = evaluate(*exe, instance("{debug: false}"), {});
  ASSERT_TRUE(ev.ok()) << messages(ev.errors);
  const Json& obj = *ev.nodes[0].desired[0].object;
  EXPECT_EQ(obj.at_pointer("/metadata/annotations"), yaml("{keep: 'yes'}"));
  EXPECT_EQ(obj.at_pointer("/spec/containers/0/args"), yaml("[--serve]"));
  EXPECT_EQ(obj.at_pointer("/spec/extra"), yaml("{x: 1}"));

  ev = evaluate(*exe, instance("{debug: true}"), {});
  EXPECT_EQ(ev.nodes[0].desired[0].object->at_pointer("/spec/containers/0/args"),
            yaml("[--debug, --serve, --trace]"));
}

}  // namespace
}  // namespace kro::runtime

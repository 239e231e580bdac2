// `runtime` (kro's Runtime library) may only be used in schema.status.conditions. Templates,
// includeWhen and forEach say so; readyWhen and status fields, which may read only named
// identifiers, report it as an unknown identifier (upstream's wording in each place).
#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "graph/builder.h"

namespace kro::graph {
namespace {

constexpr std::string_view kOnlyConditions =
    "runtime is only available in status.conditions expressions";

// One ConfigMap `cm` with `extra` resource fields and data.v = `data`; `status` as a status
// field `v`, `conditions` as the one conditions entry.
std::string rgd_text(std::string_view extra, std::string_view data, std::string_view status = "",
                     std::string_view conditions = "") {
  std::string s =
      "apiVersion: kro.run/v1alpha1\nkind: ResourceGraphDefinition\nmetadata: {name: t}\n"
      "spec:\n  schema:\n    apiVersion: v1alpha1\n    kind: App\n    spec: {name: string}\n";
  if (!status.empty() || !conditions.empty()) s += "    status:\n";
  if (!status.empty()) s += "      v: '" + std::string(status) + "'\n";
  if (!conditions.empty()) s += "      conditions:\n        - '" + std::string(conditions) + "'\n";
  s += "  resources:\n    - id: cm\n" + std::string(extra) +
       "      template:\n        apiVersion: v1\n        kind: ConfigMap\n        metadata:\n"
       "          name: app\n        data:\n          v: '" +
       std::string(data) + "'\n";
  return s;
}

std::string error_of(const std::string& text) {
  auto doc = parse_yaml(text, "runtime.yaml");
  if (!doc.ok()) return doc.error().message;
  auto rgd = read_rgd(*doc);
  if (!rgd.ok()) return rgd.error().message;
  auto g = build_graph(*rgd, {});
  return g.ok() ? "<accepted>" : g.error().message;
}

TEST(RuntimeScope, AllowedInConditions) {
  EXPECT_EQ(
      error_of(rgd_text("", "x", "", "${runtime.newCondition(\"A\", \"True\", \"r\", \"m\")}")),
      "<accepted>");
}

TEST(RuntimeScope, RejectedInATemplate) {
  auto e = error_of(rgd_text("", "${string(runtime.condition(schema, \"Ready\"))}"));
  EXPECT_NE(e.find(kOnlyConditions), std::string::npos) << e;
}

TEST(RuntimeScope, RejectedInReadyWhen) {
  auto e = error_of(rgd_text(
      "      readyWhen:\n        - ${runtime.condition(schema, \"Ready\") != null}\n", "x"));
  EXPECT_NE(e.find("readyWhen: references unknown identifiers: [runtime]"), std::string::npos) << e;
}

TEST(RuntimeScope, RejectedInAStatusField) {
  auto e = error_of(rgd_text("", "x", "${runtime.condition(schema, \"Ready\")}"));
  EXPECT_EQ(e,
            "failed to build instance status schema: status field \"v\" expression "
            "\"runtime.condition(schema, \\\"Ready\\\")\": references unknown identifiers: "
            "[runtime]");
}

// The reference inspection also names functions kro does not declare (upstream's
// "uses unknown functions"), while declared globals, methods, namespaced functions and
// operators (optional selection included) pass.
TEST(UnknownFunctions, NamedAsWritten) {
  EXPECT_EQ(error_of(rgd_text("", "${frobnicate(schema.spec.name)}")),
            "failed to build dependency graph: failed to extract dependencies: uses unknown "
            "functions: [{frobnicate}]");
  EXPECT_NE(error_of(rgd_text("", "${nope.thing(schema.spec.name)}"))
                .find("uses unknown functions: [{nope.thing}]"),
            std::string::npos);
  EXPECT_NE(error_of(rgd_text("", "${schema.spec.name.shout()}"))
                .find("uses unknown functions: [{shout}]"),
            std::string::npos);
}

TEST(UnknownFunctions, DeclaredOnesPass) {
  EXPECT_EQ(error_of(rgd_text("",
                              "${json.marshal(schema.spec) + schema.spec.name.lowerAscii() + "
                              "string(size(schema.spec.?name.orValue(\"\")))}")),
            "<accepted>");
}

}  // namespace
}  // namespace kro::graph

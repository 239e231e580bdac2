// Where omit() may appear: only in resource template fields, and never on a field that
// identifies the object (docs/behaviour/compile-and-typing.md, cel-environment.md "Libraries").
#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "graph/builder.h"

namespace kro::graph {
namespace {

// An RGD with one ConfigMap `cm`; `extra` goes into the resource, `name`/`ns`/`data` into its
// template, `status` into the schema.
struct Rgd1 {
  std::string scope = "Namespaced";
  std::string extra;
  std::string name = "app";
  std::string ns;
  std::string data = "x";
  std::string status;

  std::string text() const {
    std::string s =
        "apiVersion: kro.run/v1alpha1\nkind: ResourceGraphDefinition\nmetadata: {name: t}\n"
        "spec:\n  schema:\n    apiVersion: v1alpha1\n    kind: App\n    scope: " +
        scope + "\n    spec: {name: string, items: \"[]string\"}\n";
    if (!status.empty()) s += "    status:\n      v: \"" + status + "\"\n";
    s += "  resources:\n    - id: cm\n" + extra +
         "      template:\n        apiVersion: v1\n        kind: ConfigMap\n        metadata:\n"
         "          name: \"" +
         name + "\"\n";
    if (!ns.empty()) s += "          namespace: \"" + ns + "\"\n";
    s += "        data:\n          v: \"" + data + "\"\n";
    return s;
  }
};

Result<Graph> build(const Rgd1& r) {
  auto doc = parse_yaml(r.text(), "omit.yaml");
  if (!doc.ok()) return doc.error();
  auto rgd = read_rgd(*doc);
  if (!rgd.ok()) return rgd.error();
  return build_graph(*rgd, {});
}

std::string error_of(const Rgd1& r) {
  auto g = build(r);
  return g.ok() ? "<accepted>" : g.error().message;
}

constexpr std::string_view kOnlyTemplates =
    "omit() can only be used in resource template expressions";

TEST(OmitRules, AllowedInATemplateField) {
  Rgd1 r;
  r.data = "${schema.spec.name == '' ? omit() : schema.spec.name}";
  auto g = build(r);
  ASSERT_TRUE(g.ok()) << g.error().str();
  EXPECT_TRUE(g->node("cm")->variables.at(0).expr.uses_omit);
}

TEST(OmitRules, NotRejectedInIncludeWhenByTheBuild) {
  // Upstream's dependency extraction lets omit() through in includeWhen; the type check then
  // rejects the condition for not returning bool (validate_test.cc, golden omit-in-include-when).
  Rgd1 r;
  r.extra = "      includeWhen:\n        - ${omit()}\n";
  EXPECT_EQ(error_of(r), "<accepted>");
}

TEST(OmitRules, RejectedInReadyWhen) {
  Rgd1 r;
  r.extra = "      readyWhen:\n        - ${cm.data.v == '' || omit()}\n";
  EXPECT_NE(error_of(r).find(kOnlyTemplates), std::string::npos) << error_of(r);
}

TEST(OmitRules, RejectedInForEach) {
  Rgd1 r;
  r.extra = "      forEach:\n        - entry: ${omit()}\n";
  r.name = "${entry}";
  EXPECT_NE(error_of(r).find("forEach iterator \"entry\": " + std::string(kOnlyTemplates)),
            std::string::npos)
      << error_of(r);
}

TEST(OmitRules, RejectedInStatus) {
  Rgd1 r;
  r.status = "${cm.data.v == '' ? omit() : cm.data.v}";
  EXPECT_NE(error_of(r).find(kOnlyTemplates), std::string::npos) << error_of(r);
}

TEST(OmitRules, NeverOnTheName) {
  Rgd1 r;
  r.name = "${schema.spec.name == '' ? omit() : schema.spec.name}";
  EXPECT_EQ(error_of(r),
            "resource \"cm\": omit() cannot be used at path \"metadata.name\" \u2014 the field is "
            "required and must resolve to a concrete value");
}

TEST(OmitRules, NamespaceOnlyWhenTheInstanceIsClusterScoped) {
  Rgd1 r;
  r.ns = "${schema.spec.name == '' ? omit() : schema.spec.name}";
  auto namespaced = build(r);
  EXPECT_TRUE(namespaced.ok()) << namespaced.error().str();  // inherits the instance's namespace
  r.scope = "Cluster";
  EXPECT_NE(error_of(r).find("omit() cannot be used at path \"metadata.namespace\""),
            std::string::npos)
      << error_of(r);
}

TEST(OmitRules, AMethodNamedOmitIsNotOmit) {
  Rgd1 r;
  r.name = "${schema.spec.name.omit()}";  // unknown method: the checker's business, not ours
  auto g = build(r);
  ASSERT_TRUE(g.ok()) << g.error().str();
  EXPECT_FALSE(g->node("cm")->variables.at(0).expr.uses_omit);
}

}  // namespace
}  // namespace kro::graph

#include "graph/model.h"

#include <gtest/gtest.h>

namespace kro::graph {
namespace {

YamlDocument load(const std::string& name) {
  auto docs = read_yaml_file(std::string(KRO_GRAPH_TESTDATA) + "/" + name);
  EXPECT_TRUE(docs.ok()) << docs.error().str();
  return docs.ok() && !docs->empty() ? (*docs)[0] : YamlDocument{};
}

YamlDocument parse(std::string_view text) {
  auto doc = parse_yaml(text, "rgd.yaml");
  EXPECT_TRUE(doc.ok()) << doc.error().str();
  return doc.ok() ? std::move(*doc) : YamlDocument{};
}

// A valid RGD with `extra` spliced into its first resource (indent 6).
std::string with_resource(std::string_view resource_body) {
  return std::string(R"(apiVersion: kro.run/v1alpha1
kind: ResourceGraphDefinition
metadata:
  name: t
spec:
  schema:
    apiVersion: v1alpha1
    kind: Thing
  resources:
    - id: a
)") + std::string(resource_body);
}

std::vector<Error> errors_of(std::string_view text) {
  std::vector<Error> errors;
  auto rgd = read_rgd(parse(text), errors);
  EXPECT_EQ(rgd.has_value(), errors.empty());
  return errors;
}

TEST(Model, ReadsEveryField) {
  auto rgd = read_rgd(load("full.yaml"));
  ASSERT_TRUE(rgd.ok()) << rgd.error().str();
  EXPECT_EQ(rgd->name.value, "full");
  EXPECT_EQ(rgd->metadata.at("labels").at("team"), "platform");
  const SchemaDef& s = rgd->schema;
  EXPECT_EQ(s.kind.value, "WebStack");
  EXPECT_EQ(s.api_version.value, "v1beta1");
  EXPECT_EQ(s.group.value, "apps.example.com");
  EXPECT_EQ(s.scope.value, "Cluster");
  EXPECT_TRUE(s.cluster_scoped());
  EXPECT_EQ(s.spec.at("replicas"), "integer | default=2");
  EXPECT_EQ(s.types.at("Port").at("number"), "integer");
  EXPECT_EQ(s.status.at("ready"), "${web.status.readyReplicas}");
  ASSERT_EQ(s.printer_columns.size(), 1u);
  EXPECT_EQ(s.printer_columns[0].at("jsonPath"), ".status.ready");
  ASSERT_EQ(s.short_names.size(), 2u);
  EXPECT_EQ(s.short_names[1].value, "wstack");
  EXPECT_EQ(s.categories[0].value, "all");
  EXPECT_EQ(s.crd_labels.at("owner"), "platform");
  EXPECT_EQ(s.crd_annotations.at("note"), "generated");

  ASSERT_EQ(rgd->resources.size(), 5u);
  const auto& web = rgd->resources[1];
  EXPECT_EQ(web.id.value, "web");
  EXPECT_EQ(web.index, 1u);
  ASSERT_TRUE(web.template_.has_value());
  EXPECT_EQ(web.template_->at("kind"), "Deployment");
  ASSERT_EQ(web.ready_when.size(), 1u);
  EXPECT_EQ(web.ready_when[0].value, "${web.status.readyReplicas == web.spec.replicas}");
  EXPECT_EQ(web.include_when[0].value, "${schema.spec.replicas > 0}");
  const auto& per = rgd->resources[2];
  ASSERT_EQ(per.for_each.size(), 1u);
  EXPECT_EQ(per.for_each[0].name.value, "region");
  EXPECT_EQ(per.for_each[0].expression.value, "${schema.spec.regions}");
  const auto& existing = rgd->resources[3];
  ASSERT_TRUE(existing.external_ref.has_value());
  EXPECT_FALSE(existing.template_.has_value());
  EXPECT_EQ(existing.external_ref->kind.value, "Secret");
  EXPECT_EQ(existing.external_ref->name->value, "shared");
  EXPECT_EQ(existing.external_ref->namespace_->value, "${ns.metadata.name}");
  EXPECT_FALSE(existing.external_ref->is_collection());
  const auto& pool = rgd->resources[4];
  EXPECT_TRUE(pool.external_ref->is_collection());
  EXPECT_EQ(pool.external_ref->selector->at("matchLabels").at("app"), "${schema.spec.name}");
}

TEST(Model, KeepsPositionsOfEveryPart) {
  auto rgd = read_rgd(load("full.yaml"));
  ASSERT_TRUE(rgd.ok());
  SourcePos kind = rgd->pos(rgd->schema.kind.pointer);
  EXPECT_EQ(kind.line, 11);
  EXPECT_EQ(kind.column, 11);
  EXPECT_NE(kind.file.find("full.yaml"), std::string::npos);
  EXPECT_EQ(rgd->pos(rgd->resources[1].id.pointer).line, 41);
  EXPECT_EQ(rgd->pos(rgd->resources[1].ready_when[0].pointer).line, 43);
  // forEach iterator names point at the key.
  SourcePos it = rgd->error_at(rgd->resources[2].for_each[0].name.pointer, "x").pos;
  EXPECT_EQ(it.line, 56);
  EXPECT_EQ(it.column, 11);
  // Deep template nodes are reachable through the resource's pointer.
  EXPECT_EQ(rgd->pos(rgd->resources[1].template_pointer() + "/spec/replicas").line, 53);
  Error e = rgd->error_at("/spec/resources/1/template/metadata/name", "boom");
  EXPECT_EQ(e.path, "spec.resources[1].template.metadata.name");
  EXPECT_EQ(e.pos.line, 50);
}

TEST(Model, DefaultsGroupScopeAndEmptyObjects) {
  auto rgd = read_rgd(
      parse(with_resource("      template: {apiVersion: v1, kind: ConfigMap, metadata: {}}\n")));
  ASSERT_TRUE(rgd.ok()) << rgd.error().str();
  EXPECT_EQ(rgd->schema.group.value, "kro.run");
  EXPECT_EQ(rgd->schema.scope.value, "Namespaced");
  EXPECT_TRUE(rgd->schema.spec.as_object().empty());
  EXPECT_TRUE(rgd->schema.status.as_object().empty());
  EXPECT_TRUE(rgd->schema.printer_columns.empty());
}

TEST(Model, EmptyResourcesAreFine) {
  auto rgd = read_rgd(parse(R"(apiVersion: kro.run/v1alpha1
kind: ResourceGraphDefinition
metadata: {name: t}
spec:
  schema: {apiVersion: v1alpha1, kind: Thing}
  resources: []
)"));
  ASSERT_TRUE(rgd.ok()) << rgd.error().str();
  EXPECT_TRUE(rgd->resources.empty());
}

TEST(Model, MissingRequiredFieldsNameThePathAndPosition) {
  auto errors = errors_of(R"(apiVersion: kro.run/v1alpha1
kind: ResourceGraphDefinition
metadata:
  name: t
spec:
  schema:
    apiVersion: v1alpha1
  resources:
    - template: {apiVersion: v1, kind: ConfigMap, metadata: {}}
)");
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].str(), "rgd.yaml:7:5: spec.schema: required field \"kind\" is missing");
  EXPECT_EQ(errors[1].str(), "rgd.yaml:9:7: spec.resources[0]: required field \"id\" is missing");
}

TEST(Model, IllTypedFields) {
  auto errors = errors_of(with_resource(R"(      template: [1]
      readyWhen: "${a}"
      includeWhen: [1]
)"));
  ASSERT_EQ(errors.size(), 3u);
  EXPECT_EQ(errors[0].path, "spec.resources[0].template");
  EXPECT_EQ(errors[0].message, "must be an object, got array");
  EXPECT_EQ(errors[0].pos.line, 11);
  EXPECT_EQ(errors[1].path, "spec.resources[0].readyWhen");
  EXPECT_EQ(errors[1].message, "must be an array, got string");
  EXPECT_EQ(errors[2].path, "spec.resources[0].includeWhen[0]");
  EXPECT_EQ(errors[2].message, "must be a string, got integer");
}

TEST(Model, TemplateXorExternalRef) {
  auto both =
      errors_of(with_resource(R"(      template: {apiVersion: v1, kind: ConfigMap, metadata: {}}
      externalRef: {apiVersion: v1, kind: ConfigMap, metadata: {name: x}}
)"));
  ASSERT_EQ(both.size(), 1u);
  EXPECT_EQ(both[0].message, "exactly one of template or externalRef must be provided");
  EXPECT_EQ(both[0].path, "spec.resources[0]");
  auto neither = errors_of(with_resource("      readyWhen: []\n"));
  ASSERT_EQ(neither.size(), 1u);
  EXPECT_EQ(neither[0].message, "exactly one of template or externalRef must be provided");
}

TEST(Model, ExternalRefNameXorSelector) {
  // Upstream's builder words it with the resource, as Go wraps the error.
  const std::string wrap =
      "failed to build resource \"a\": invalid external ref metadata for resource a: ";
  auto both = errors_of(with_resource(
      "      externalRef: {apiVersion: v1, kind: Pod, metadata: {name: x, selector: {}}}\n"));
  ASSERT_EQ(both.size(), 1u);
  EXPECT_EQ(both[0].path, "spec.resources[0].externalRef.metadata");
  EXPECT_EQ(both[0].message, wrap + "exactly one of name or selector must be provided");
  // A blank name is no name, as upstream's HasName() says.
  auto missing =
      errors_of(with_resource("      externalRef: {kind: Pod, metadata: {name: \" \"}}\n"));
  ASSERT_EQ(missing.size(), 2u);
  EXPECT_EQ(missing[0].message, "required field \"apiVersion\" is missing");
  EXPECT_EQ(missing[1].path, "spec.resources[0].externalRef.metadata");
  EXPECT_EQ(missing[1].message, wrap + "exactly one of name or selector must be provided");
  auto null_selector = errors_of(with_resource(
      "      externalRef: {apiVersion: v1, kind: Pod, metadata: {name: x, selector: null}}\n"));
  EXPECT_TRUE(null_selector.empty()) << null_selector[0].message;
}

TEST(Model, ExternalRefSelectorShapes) {
  const std::string wrap =
      "failed to build resource \"a\": invalid external ref metadata for resource a: ";
  auto of = [](const std::string& selector) {
    return errors_of(
        with_resource("      externalRef: {apiVersion: v1, kind: Pod, metadata: "
                      "{selector: " +
                      selector + "}}\n"));
  };
  EXPECT_TRUE(of("{matchLabels: {app: web}}").empty());
  EXPECT_TRUE(of("\"${schema.spec.selector}\"").empty());
  // Values with CEL are checked when the collection is listed.
  EXPECT_TRUE(of("{matchLabels: {app: \"${schema.spec.app} x\"}}").empty());
  auto text = of("\"app=web\"");
  ASSERT_EQ(text.size(), 1u);
  EXPECT_EQ(text[0].path, "spec.resources[0].externalRef.metadata.selector");
  EXPECT_EQ(text[0].message, wrap +
                                 "selector must be a Kubernetes LabelSelector object or a CEL "
                                 "expression that resolves to one");
  auto op = of("{matchExpressions: [{key: tier, operator: Foo, values: [a]}]}");
  ASSERT_EQ(op.size(), 1u);
  EXPECT_EQ(op[0].message, wrap +
                               "invalid label selector: [metadata.selector.matchExpressions[0]."
                               "operator: Invalid value: \"Foo\": not a valid selector operator]");
}

TEST(Model, ExternalRefSelectorIsCheckedAsUpstreamAdmitsIt) {
  auto shape = errors_of(
      with_resource("      externalRef: {apiVersion: v1, kind: ConfigMap,\n"
                    "                    metadata: {selector: {matchLabels: team=platform}}}\n"));
  ASSERT_EQ(shape.size(), 1u);
  EXPECT_EQ(shape[0].path, "spec.resources[0].externalRef.metadata.selector");
  EXPECT_EQ(shape[0].message,
            "failed to build resource \"a\": invalid external ref metadata for resource a: "
            "expected object type for path metadata.selector.matchLabels, got string");
  auto op = errors_of(
      with_resource("      externalRef: {apiVersion: v1, kind: ConfigMap, metadata: {selector:\n"
                    "        {matchExpressions: [{key: team, operator: NotARealOperator}]}}}\n"));
  ASSERT_EQ(op.size(), 1u);
  EXPECT_NE(op[0].message.find("resource a: invalid label selector: ["), std::string::npos)
      << op[0].message;
}

TEST(Model, ForEachDimensionsHaveOneEntry) {
  auto errors =
      errors_of(with_resource(R"(      template: {apiVersion: v1, kind: ConfigMap, metadata: {}}
      forEach:
        - {a: "${x}", b: "${y}"}
        - c: 3
        - "${z}"
)"));
  ASSERT_EQ(errors.size(), 3u);
  EXPECT_EQ(errors[0].path, "spec.resources[0].forEach[0]");
  EXPECT_EQ(errors[0].message,
            "a forEach dimension must have exactly one entry {iterator: \"${list}\"}, got 2");
  EXPECT_EQ(errors[1].path, "spec.resources[0].forEach[1].c");
  EXPECT_EQ(errors[1].message, "must be a string, got integer");
  EXPECT_EQ(errors[2].message, "must be an object, got string");
}

TEST(Model, UnknownFieldsAndEnums) {
  auto errors = errors_of(R"(apiVersion: kro.run/v1alpha1
kind: ResourceGraphDefinition
metadata: {name: t}
spec:
  schema:
    apiVersion: v1alpha1
    kind: Thing
    scope: Global
    validation: []
  resources:
    - id: a
      tempalte: {}
      template: {apiVersion: v1, kind: ConfigMap, metadata: {}}
)");
  ASSERT_EQ(errors.size(), 3u);
  EXPECT_EQ(errors[0].message, "unknown field \"spec.schema.validation\"");
  EXPECT_EQ(errors[0].pos.line, 9);
  EXPECT_EQ(errors[0].pos.column, 5);
  EXPECT_EQ(errors[1].message,
            "Unsupported value: \"Global\": supported values: \"Namespaced\", \"Cluster\"");
  EXPECT_EQ(errors[1].path, "spec.schema.scope");
  EXPECT_EQ(errors[2].message, "unknown field \"spec.resources[0].tempalte\"");
}

// deletionPolicy (kro-cpp extension, upstream kro #1419): Delete by default, Orphan when asked,
// anything else rejected naming the resource and the field.
TEST(Model, DeletionPolicyDefaultsToDeleteAndReadsOrphan) {
  auto none = read_rgd(parse(with_resource("      template: {apiVersion: v1, kind: ConfigMap}\n")));
  ASSERT_TRUE(none.ok()) << none.error().str();
  EXPECT_EQ(none->resources[0].deletion_policy, DeletionPolicy::kDelete);
  auto del = read_rgd(parse(with_resource(
      "      template: {apiVersion: v1, kind: ConfigMap}\n      deletionPolicy: Delete\n")));
  ASSERT_TRUE(del.ok()) << del.error().str();
  EXPECT_EQ(del->resources[0].deletion_policy, DeletionPolicy::kDelete);
  auto orphan = read_rgd(parse(with_resource(
      "      template: {apiVersion: v1, kind: ConfigMap}\n      deletionPolicy: Orphan\n")));
  ASSERT_TRUE(orphan.ok()) << orphan.error().str();
  EXPECT_EQ(orphan->resources[0].deletion_policy, DeletionPolicy::kOrphan);
}

TEST(Model, DeletionPolicyRejectsOtherValuesAndExternalRefs) {
  auto bad = errors_of(with_resource(
      "      template: {apiVersion: v1, kind: ConfigMap}\n      deletionPolicy: orphan\n"));
  ASSERT_EQ(bad.size(), 1u);
  EXPECT_EQ(bad[0].message,
            "resource \"a\": deletionPolicy: Unsupported value: \"orphan\": supported values: "
            "\"Delete\", \"Orphan\"");
  EXPECT_EQ(bad[0].path, "spec.resources[0].deletionPolicy");
  EXPECT_EQ(bad[0].pos.line, 12);

  auto typed = errors_of(with_resource(
      "      template: {apiVersion: v1, kind: ConfigMap}\n      deletionPolicy: [Orphan]\n"));
  ASSERT_EQ(typed.size(), 1u);
  EXPECT_EQ(typed[0].path, "spec.resources[0].deletionPolicy");

  for (const char* policy : {"Orphan", "Delete"}) {
    auto ext = errors_of(with_resource(
        std::string("      externalRef: {apiVersion: v1, kind: ConfigMap, metadata: {name: x}}\n"
                    "      deletionPolicy: ") +
        policy + "\n"));
    ASSERT_EQ(ext.size(), 1u) << policy;
    EXPECT_EQ(ext[0].message,
              "resource \"a\": deletionPolicy cannot be set on an externalRef resource: kro never "
              "deletes or releases an object it does not own");
    EXPECT_EQ(ext[0].path, "spec.resources[0].deletionPolicy");
  }
}

TEST(Model, WrongKindOrShape) {
  auto errors = errors_of("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n");
  ASSERT_EQ(errors.size(), 3u);
  EXPECT_EQ(errors[0].message, "apiVersion must be \"kro.run/v1alpha1\", got \"v1\"");
  EXPECT_EQ(errors[1].message, "kind must be \"ResourceGraphDefinition\", got \"ConfigMap\"");
  EXPECT_EQ(errors[2].message, "required field \"spec\" is missing");
  auto list = errors_of("- a\n");
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].message, "a ResourceGraphDefinition must be an object, got array");
}

TEST(Model, NullMeansAbsent) {
  auto rgd = read_rgd(
      parse(with_resource(R"(      template: {apiVersion: v1, kind: ConfigMap, metadata: {}}
      readyWhen:
      forEach: null
)")));
  ASSERT_TRUE(rgd.ok()) << rgd.error().str();
  EXPECT_TRUE(rgd->resources[0].ready_when.empty());
  EXPECT_TRUE(rgd->resources[0].for_each.empty());
}

}  // namespace
}  // namespace kro::graph

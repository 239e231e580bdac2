// Author conditions (schema.status.conditions) through compile_rgd with kro's built-in
// schemas: what an entry may return, literal types declared once, built-ins only for
// runtime.condition(), runtime nowhere else; plus the helpers on their own.
#include "graph/typing_conditions.h"

#include <gtest/gtest.h>

#include <memory>

#include "graph/compiled.h"
#include "graph/schema_resolver_builtin.h"
#include "graph/typing_test_util.h"
#include "value/yaml.h"

namespace kro::graph {
namespace {

// An RGD whose schema.status.conditions holds `entries` (one YAML list item per line, already
// indented) over one ConfigMap `config`.
std::string rgd_with_conditions(const std::string& entries) {
  return std::string(testing::kRgdHead) +
         "    spec:\n"
         "      name: string | default=\"app\"\n"
         "    status:\n"
         "      conditions:\n" +
         entries +
         "  resources:\n"
         "    - id: config\n"
         "      template:\n"
         "        apiVersion: v1\n"
         "        kind: ConfigMap\n"
         "        metadata:\n"
         "          name: ${schema.spec.name}\n";
}

Result<CompiledGraph> compile(const std::string& text) {
  KRO_ASSIGN_OR_RETURN(auto doc, parse_yaml(text, "t.yaml"));
  KRO_ASSIGN_OR_RETURN(auto rgd, read_rgd(doc));
  KRO_ASSIGN_OR_RETURN(auto resolver, SnapshotSchemaResolver::builtin());
  CompileOptions opt;
  opt.resolver = resolver;
  return compile_rgd(rgd, opt);
}

std::string error_of(const std::string& entries) {
  auto g = compile(rgd_with_conditions(entries));
  return g.ok() ? std::string("compiled") : g.error().message;
}

TEST(AuthorConditions, ValidEntriesCompileTyped) {
  auto g = compile(rgd_with_conditions(
      "        - '${runtime.newCondition({type: \"ConfigSynced\", status: "
      "config.metadata.name != \"\" ? \"True\" : \"False\", reason: \"Synced\"})}'\n"
      "        - '${[runtime.condition(schema, \"Ready\"), runtime.newCondition({type: "
      "\"Named\", status: \"True\", message: schema.spec.name})]}'\n"));
  ASSERT_TRUE(g.ok()) << g.error().str();
  EXPECT_TRUE(g->typed);
  ASSERT_EQ(g->graph.status.size(), 2u);
  ASSERT_NE(g->graph.status[0].expr.checked, nullptr);
  EXPECT_EQ(g->graph.status[0].expr.checked->output.to_string(), "kro.run.Condition");
  EXPECT_EQ(g->graph.status[1].expr.checked->output.to_string(), "list(kro.run.Condition)");
  // The instance depends on what the conditions read.
  EXPECT_EQ(g->graph.instance_dependencies, std::vector<std::string>{"config"});
}

TEST(AuthorConditions, EntryMustReturnConditions) {
  EXPECT_EQ(error_of("        - ${config.metadata.name}\n"),
            "failed to build instance conditions: condition \"config.metadata.name\": condition "
            "expressions must return runtime.newCondition(...) or a list of them, got "
            "\"string\"");
  // A mixed list is list(dyn): tolerated like dyn, the runtime checks each item.
  EXPECT_EQ(error_of("        - '${[runtime.newCondition({type: \"A\", status: \"True\"}), 1]}'\n"),
            "compiled");
}

TEST(AuthorConditions, LiteralTypeDeclaredOnce) {
  const std::string message = error_of(
      "        - '${runtime.newCondition({type: \"A\", status: \"True\"})}'\n"
      "        - '${runtime.newCondition({type: \"A\", status: \"False\"})}'\n");
  EXPECT_EQ(message,
            "failed to build instance conditions: condition type \"A\" is declared by more than "
            "one conditions entry");
  // Both branches of one entry may declare the same type.
  EXPECT_EQ(error_of("        - '${schema.spec.name == \"x\" ? runtime.newCondition({type: \"A\", "
                     "status: \"True\"}) : runtime.newCondition({type: \"A\", status: "
                     "\"False\"})}'\n"),
            "compiled");
}

TEST(AuthorConditions, OnlyBuiltinsCanBeRead) {
  const std::string message = error_of("        - ${runtime.condition(schema, \"Healthy\")}\n");
  EXPECT_EQ(message,
            "failed to build instance conditions: runtime.condition(schema, \"Healthy\"): unknown "
            "condition type; only kro's built-in types (InstanceManaged, GraphResolved, "
            "ResourcesReady, Ready) can be read from schema in expression "
            "\"runtime.condition(schema, \\\"Healthy\\\")\"");
  // A type another entry declares is named as such.
  EXPECT_EQ(error_of("        - '${runtime.newCondition({type: \"A\", status: \"True\"})}'\n"
                     "        - ${runtime.condition(schema, \"A\")}\n"),
            "failed to build instance conditions: runtime.condition(schema, \"A\"): custom "
            "conditions cannot reference each other in expression "
            "\"runtime.condition(schema, \\\"A\\\")\"");
  // Only lookups on the instance are restricted.
  EXPECT_EQ(error_of("        - ${runtime.condition(config, \"Healthy\")}\n"), "compiled");
  for (const char* t : {"InstanceManaged", "GraphResolved", "ResourcesReady", "Ready"}) {
    EXPECT_EQ(error_of(std::string("        - ${runtime.condition(schema, \"") + t + "\")}\n"),
              "compiled")
        << t;
  }
}

TEST(AuthorConditions, LiteralValuesAreCheckedWhenBuilt) {
  EXPECT_EQ(error_of("        - '${runtime.newCondition({type: \"A\", status: \"Yes\"})}'\n"),
            "failed to build instance conditions: runtime.newCondition: status must be one of "
            "True, False, Unknown (got \"Yes\") in expression "
            "\"runtime.newCondition({type: \\\"A\\\", status: \\\"Yes\\\"})\"");
  EXPECT_EQ(error_of("        - '${runtime.newCondition({type: \"\", status: \"True\"})}'\n"),
            "failed to build instance conditions: runtime.newCondition: type must not be empty "
            "in expression \"runtime.newCondition({type: \\\"\\\", status: \\\"True\\\"})\"");
}

TEST(AuthorConditions, Helpers) {
  using cel::types::Type;
  const Type condition = Type::object(std::make_shared<const cel::types::ObjectType>(
      "kro.run.Condition", std::vector<cel::types::Field>{{"type", Type::string(), true}}));
  EXPECT_TRUE(is_condition_result_type(condition));
  EXPECT_TRUE(is_condition_result_type(Type::list(condition)));
  EXPECT_FALSE(is_condition_result_type(Type::opaque("kro.run.Condition")));
  EXPECT_TRUE(is_condition_result_type(Type::dyn()));
  EXPECT_TRUE(is_condition_result_type(Type::list(Type::dyn())));
  EXPECT_FALSE(is_condition_result_type(Type::string()));
  EXPECT_FALSE(is_condition_result_type(Type::map(Type::string(), Type::string())));
  EXPECT_FALSE(is_condition_result_type(Type::list(Type::list(condition))));

  auto types = condition_literal_types(
      R"([runtime.newCondition({type: "A", status: "True"}), x ? runtime.newCondition({type: "B",
         status: "False"}) : runtime.newCondition({type: t, status: "Unknown"})])");
  ASSERT_TRUE(types.ok()) << types.error().message;
  EXPECT_EQ(*types, (std::vector<std::string>{"A", "B"}));
  EXPECT_TRUE(condition_literal_types(R"(runtime.condition(schema, "Nope"))").ok());
  EXPECT_FALSE(condition_literal_types("runtime.condition(").ok());
  EXPECT_FALSE(check_condition_rules(R"(runtime.condition(schema, "Nope"))", {}).ok());
  EXPECT_TRUE(check_condition_rules(R"(runtime.condition(schema, "Ready"))", {}).ok());
}

}  // namespace
}  // namespace kro::graph

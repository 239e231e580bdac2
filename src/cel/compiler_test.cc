#include "cel/compiler.h"

#include <gtest/gtest.h>

#include <set>

#include "cel/common/function_registry.h"
#include "cel/eval/activation.h"
#include "cel/lib/kro/library_sets.h"
#include "cel/types/openapi_types.h"
#include "value/json.h"

namespace kro::cel {
namespace {

using types::Type;

Type from_schema(std::string_view schema, std::string_view name) {
  auto j = parse_json(schema);
  EXPECT_TRUE(j.ok());
  auto t = types::type_from_schema(*j, name);
  EXPECT_TRUE(t.ok()) << (t.ok() ? "" : t.error().str());
  return t.ok() ? *t : Type::error();
}

// A Deployment as the API server publishes it, abridged.
constexpr std::string_view kDeployment = R"({
  "type": "object",
  "required": ["spec"],
  "properties": {
    "apiVersion": {"type": "string"},
    "kind": {"type": "string"},
    "metadata": {"type": "object", "properties": {
      "name": {"type": "string"},
      "namespace": {"type": "string"},
      "labels": {"type": "object", "additionalProperties": {"type": "string"}},
      "creationTimestamp": {"type": "string", "format": "date-time"}}},
    "spec": {"type": "object", "required": ["selector", "template"], "properties": {
      "replicas": {"type": "integer", "format": "int32"},
      "selector": {"type": "object", "properties": {
        "matchLabels": {"type": "object", "additionalProperties": {"type": "string"}}}},
      "template": {"type": "object", "properties": {
        "spec": {"type": "object", "properties": {
          "containers": {"type": "array", "items": {"type": "object", "required": ["name"],
            "properties": {
              "name": {"type": "string"},
              "image": {"type": "string"},
              "ports": {"type": "array", "items": {"type": "object", "properties": {
                "containerPort": {"type": "integer"}}}}}}}}}}}}},
    "status": {"type": "object", "properties": {
      "availableReplicas": {"type": "integer"},
      "conditions": {"type": "array", "items": {"type": "object", "properties": {
        "type": {"type": "string"}, "status": {"type": "string"}}}}}}}
})";

constexpr std::string_view kService = R"({
  "type": "object",
  "properties": {
    "spec": {"type": "object", "properties": {
      "clusterIP": {"type": "string"},
      "ports": {"type": "array", "items": {"type": "object", "properties": {
        "port": {"type": "integer"},
        "targetPort": {"x-kubernetes-int-or-string": true,
                       "anyOf": [{"type": "integer"}, {"type": "string"}]}}}}}}}
})";

// A custom resource with an int-or-string field and a preserve-unknown-fields subtree.
constexpr std::string_view kCustom = R"({
  "type": "object",
  "properties": {
    "spec": {"type": "object", "properties": {
      "port": {"x-kubernetes-int-or-string": true,
               "anyOf": [{"type": "integer"}, {"type": "string"}]},
      "values": {"type": "object", "x-kubernetes-preserve-unknown-fields": true},
      "timeout": {"type": "string", "format": "duration"}}}}
})";

CompileEnv test_env() {
  CompileEnv env;
  env.variables["deployment"] = from_schema(kDeployment, "__type_deployment");
  env.variables["service"] = from_schema(kService, "__type_service");
  env.variables["schema"] = from_schema(kCustom, "__type_schema");
  env.variables["anything"] = Type::dyn();
  return env;
}

std::string type_of(std::string_view src) {
  auto c = compile(src, test_env());
  if (!c) return c.error().message;
  return c->output_type.to_string();
}

TEST(CompilerTest, DeploymentFields) {
  EXPECT_EQ(type_of("deployment.spec.replicas + 1"), "int");
  EXPECT_EQ(type_of("deployment.metadata.labels['app']"), "string");
  EXPECT_EQ(type_of("deployment.metadata.namespace"), "string");
  EXPECT_EQ(type_of("deployment.metadata.creationTimestamp"), "google.protobuf.Timestamp");
  EXPECT_EQ(type_of("deployment.spec.template.spec.containers.map(c, c.image)"), "list(string)");
  EXPECT_EQ(type_of("deployment.spec.template.spec.containers[0].ports[0].containerPort"), "int");
  EXPECT_EQ(type_of("has(deployment.status.availableReplicas)"), "bool");
  EXPECT_EQ(type_of("deployment.status.conditions.exists(c, c.type == 'Available')"), "bool");
  EXPECT_EQ(type_of("deployment.?status.?availableReplicas.orValue(0)"), "int");
}

TEST(CompilerTest, UndefinedFieldIsAnError) {
  EXPECT_EQ(type_of("deployment.spec.replicaz"),
            "ERROR: <input>:1:16: undefined field 'replicaz'\n"
            " | deployment.spec.replicaz\n"
            " | ...............^");
  EXPECT_NE(type_of("deployment.spec.replicas + 'x'")
                .find("found no matching overload for '_+_' applied to '(int, string)'"),
            std::string::npos);
  EXPECT_NE(
      type_of("deployment.spec.replicas.foo").find("type 'int' does not support field selection"),
      std::string::npos);
}

TEST(CompilerTest, ServiceAndIntOrString) {
  EXPECT_EQ(type_of("service.spec.ports.map(p, p.port)"), "list(int)");
  EXPECT_EQ(type_of("service.spec.ports[0].targetPort"), "dyn");
  EXPECT_EQ(type_of("service.spec.clusterIP != ''"), "bool");
}

TEST(CompilerTest, CustomResourceDynParts) {
  EXPECT_EQ(type_of("schema.spec.port"), "dyn");
  EXPECT_EQ(type_of("schema.spec.values.anything.goes"), "dyn");
  EXPECT_EQ(type_of("schema.spec.timeout"), "google.protobuf.Duration");
  EXPECT_EQ(type_of("anything.spec.replicas"), "dyn");
}

TEST(CompilerTest, MapsFromAdditionalPropertiesAndPresence) {
  EXPECT_EQ(type_of("deployment.metadata.labels.app"), "string");
  EXPECT_EQ(type_of("has(deployment.metadata.labels.app)"), "bool");
  EXPECT_EQ(type_of("'app' in deployment.metadata.labels"), "bool");
  EXPECT_EQ(type_of("has(schema.spec.values.x)"), "bool");
  EXPECT_EQ(type_of("deployment.metadata.labels.map(k, deployment.metadata.labels[k].size())"),
            "list(int)");
  EXPECT_NE(type_of("has(deployment.spec.nope)").find("undefined field 'nope'"), std::string::npos);
}

TEST(CompilerTest, EvaluatesWithTheCheckersChoices) {
  auto c = compile("deployment.spec.replicas * 2 + size(deployment.metadata.name)", test_env());
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->output_type, Type::integer());
  auto obj = parse_json(R"({"metadata": {"name": "web"}, "spec": {"replicas": 3}})");
  ASSERT_TRUE(obj.ok());
  eval::MapActivation act;
  act.bind("deployment", Value::from_json_copy(*obj));
  Value v = c->program.eval(act);
  ASSERT_TRUE(v.is(Kind::kInt)) << debug_string(v);
  EXPECT_EQ(v.as_int(), 9);
}

TEST(CompilerTest, DynStaysDynamicAtRunTime) {
  // The checker picks less_double for `dyn < double`; the run-time int still compares.
  auto c = compile("anything < 2.5", test_env());
  ASSERT_TRUE(c.ok()) << c.error().message;
  eval::MapActivation act;
  act.bind("anything", Value::integer(2));
  Value v = c->program.eval(act);
  ASSERT_TRUE(v.is(Kind::kBool)) << debug_string(v);
  EXPECT_TRUE(v.as_bool());
}

TEST(CompilerTest, SortByMacro) {
  auto c = compile("[{'n': 'b'}, {'n': 'a'}].sortBy(e, e.n).map(e, e.n)", test_env());
  ASSERT_TRUE(c.ok()) << c.error().message;
  Value v = c->program.eval(eval::MapActivation());
  ASSERT_TRUE(v.is(Kind::kList)) << debug_string(v);
  ASSERT_EQ(v.list_size(), 2u);
  EXPECT_EQ(v.list_at(0).as_string(), "a");
  EXPECT_FALSE(compile("1.sortBy(e, e)", test_env()).ok());
}

TEST(CompilerTest, BadRegexLiteralFailsAtCompileTime) {
  auto c = compile("'abc'.find(')') == ''", test_env());
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.error().message.find("program instantiation failed: error parsing regexp"),
            std::string::npos)
      << c.error().message;
  EXPECT_EQ(c.error().pos.column, 12);
}

TEST(CompilerTest, ErrorsCarryPositionAndDescription) {
  CompileEnv env;
  env.description = "rgd.yaml";
  auto c = compile("1 +\n  nope", env);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().pos.file, "rgd.yaml");
  EXPECT_EQ(c.error().pos.line, 2);
  EXPECT_EQ(c.error().pos.column, 3);
  EXPECT_NE(c.error().message.find("ERROR: rgd.yaml:2:3: undeclared reference to 'nope'"),
            std::string::npos)
      << c.error().message;
  auto p = compile("1 +", env);
  ASSERT_FALSE(p.ok());
  EXPECT_NE(p.error().message.find("Syntax error"), std::string::npos);
}

TEST(CompilerTest, SharedBaseEnvironment) {
  EXPECT_EQ(BaseEnv::kro().get(), BaseEnv::kro().get());
  auto small = BaseEnv::make({"ext.strings"});
  ASSERT_TRUE(small.ok());
  CompileEnv env;
  env.base = *small;
  EXPECT_TRUE(compile("'a'.upperAscii()", env).ok());
  EXPECT_FALSE(compile("quantity('1')", env).ok());
  EXPECT_FALSE(BaseEnv::make({"no.such.lib"}).ok());
}

TEST(CompilerTest, ContainerResolution) {
  CompileEnv env;
  env.container = "kro.run";
  env.variables["kro.run.item"] = Type::integer();
  auto c = compile("item + 1", env);
  ASSERT_TRUE(c.ok()) << c.error().message;
  eval::MapActivation act;
  act.bind("kro.run.item", Value::integer(41));
  EXPECT_EQ(c->program.eval(act).as_int(), 42);
  bool found = false;
  for (const auto& [id, ref] : c->references()) found = found || ref.name == "kro.run.item";
  EXPECT_TRUE(found);
}

// Every function the checker declares exists at run time, and every run-time overload of a
// declared function has a declaration (element-typed families are registered once, under one
// of the declared ids).
TEST(CompilerTest, DeclarationsMatchTheRegistry) {
  auto base = BaseEnv::kro();
  const auto& reg = *base->registry();
  // Evaluated by the interpreter itself, not through the registry.
  const std::set<std::string> builtin = {"_&&_", "_||_", "_?_:_", "_[_]", "_[?_]"};
  for (const auto& [name, decl] : base->declarations()->functions()) {
    if (builtin.count(name) != 0) continue;
    const FunctionDecl* rt = reg.find(name);
    ASSERT_NE(rt, nullptr) << name << " is declared but not registered";
    std::set<std::string> declared;
    for (const auto& o : decl.overloads) declared.insert(o.id);
    for (const auto& o : rt->overloads) {
      EXPECT_EQ(declared.count(o->id), 1u)
          << name << ": run-time overload " << o->id << " has no checker declaration";
    }
  }
}

}  // namespace
}  // namespace kro::cel

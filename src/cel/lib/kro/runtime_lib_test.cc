// kro's Runtime library: the newCondition macro, the checker's declarations and evaluation.
#include "cel/lib/kro/runtime_lib.h"

#include <gtest/gtest.h>

#include "cel/compiler.h"
#include "cel/eval/activation.h"
#include "value/yaml.h"

namespace kro::cel {
namespace {

CompileEnv conditions_env() {
  CompileEnv env;
  env.variables["runtime"] = types::Type::dyn();
  env.variables["schema"] = types::Type::dyn();
  return env;
}

// Compiles in an environment with `runtime` and evaluates with the given built-ins and schema.
Value eval(std::string_view expr, const std::string& builtins_yaml = "[]",
           const std::string& schema_yaml = "{}") {
  auto c = compile(expr, conditions_env());
  if (!c.ok()) return Value::error("compile: " + c.error().message);
  auto builtins = parse_yaml(builtins_yaml);
  auto schema = parse_yaml(schema_yaml);
  EXPECT_TRUE(builtins.ok() && schema.ok());
  eval::MapActivation act;
  act.bind("runtime", lib::runtime_value(builtins->value));
  act.bind("schema", Value::from_json_copy(schema->value));
  return c->program.eval(act);
}

std::string field(const Value& v, std::string_view name) {
  if (v.is_error()) return "error: " + v.error_message();
  if (!v.is(Kind::kOpaque)) return "not a condition";
  auto f = v.as_opaque().select(name);
  return f && f->is(Kind::kString) ? std::string(f->as_string()) : "<none>";
}

TEST(RuntimeLibrary, NewConditionTakesIdentifierKeys) {
  Value v = eval(R"(runtime.newCondition({type: "Synced", status: "True", reason: "Done",
                                          message: "all " + "good"}))");
  EXPECT_EQ(field(v, "type"), "Synced");
  EXPECT_EQ(field(v, "status"), "True");
  EXPECT_EQ(field(v, "reason"), "Done");
  EXPECT_EQ(field(v, "message"), "all good");
  auto json = v.as_opaque().to_json();
  ASSERT_TRUE(json.ok());
  EXPECT_EQ(
      *json,
      Json(JsonObject{
          {"type", "Synced"}, {"status", "True"}, {"reason", "Done"}, {"message", "all good"}}));
}

TEST(RuntimeLibrary, CheckerTypesConditions) {
  auto c = compile(R"(runtime.newCondition({type: "A", status: 1 > 0 ? "True" : "False"}))",
                   conditions_env());
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->output_type.to_string(), "kro.run.Condition");
  c = compile(R"([runtime.condition(schema, "Ready"), runtime.newCondition({type: "B",
                  status: "Unknown"})])",
              conditions_env());
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->output_type.to_string(), "list(kro.run.Condition)");
}

TEST(RuntimeLibrary, MacroRejectsMalformedCalls) {
  auto message = [](std::string_view expr) {
    auto c = compile(expr, conditions_env());
    return c.ok() ? std::string("ok") : c.error().message;
  };
  // Literal values are the RGD build's concern (upstream checks them there, not in the macro).
  EXPECT_EQ(message(R"(runtime.newCondition({type: "A", status: "Yes"}))"), "ok");
  EXPECT_EQ(message(R"(runtime.newCondition({type: "", status: "True"}))"), "ok");
  EXPECT_NE(message(R"(runtime.newCondition({type: "A"}))").find("'status' is required"),
            std::string::npos);
  EXPECT_NE(message(R"(runtime.newCondition({"type": "A", "status": "True"}))")
                .find("keys must be bare identifiers (type, status, reason, message); quoted or "
                      "computed keys are not allowed"),
            std::string::npos);
  EXPECT_NE(message(R"(runtime.newCondition({type: "A", status: "True", severity: "x"}))")
                .find("unknown key \"severity\" (allowed: type, status, reason, message)"),
            std::string::npos);
  EXPECT_NE(message(R"(runtime.newCondition({type: "A", type: "B", status: "True"}))")
                .find("duplicate key \"type\""),
            std::string::npos);
  EXPECT_NE(message("runtime.newCondition(schema)").find("must be a map literal"),
            std::string::npos);
}

TEST(RuntimeLibrary, DynamicStatusIsCheckedAtRunTime) {
  Value v = eval(R"(runtime.newCondition({type: "A", status: schema.s}))", "[]", "{s: Maybe}");
  ASSERT_TRUE(v.is_error());
  EXPECT_NE(v.error_message().find("status must be one of True, False, Unknown (got \"Maybe\")"),
            std::string::npos);
  EXPECT_EQ(
      field(eval(R"(runtime.newCondition({type: "A", status: schema.s}))", "[]", "{s: 'False'}"),
            "status"),
      "False");
}

TEST(RuntimeLibrary, ConditionReadsBuiltinsThenTheObject) {
  const std::string builtins = "[{type: Ready, status: 'False', reason: NotReady, message: m}]";
  Value v = eval(R"(runtime.condition(schema, "Ready"))", builtins);
  EXPECT_EQ(field(v, "status"), "False");
  EXPECT_EQ(field(v, "reason"), "NotReady");
  EXPECT_EQ(field(v, "message"), "m");
  v = eval(R"(runtime.condition(schema, "GraphResolved"))", builtins,
           "{status: {conditions: [{type: GraphResolved, status: 'True'}]}}");
  EXPECT_EQ(field(v, "status"), "True");
  v = eval(R"(runtime.condition(schema, "ResourcesReady"))", builtins);
  EXPECT_EQ(field(v, "type"), "ResourcesReady");
  EXPECT_EQ(field(v, "status"), "Unknown");
  v = eval(R"(runtime.condition(schema, "Healthy"))", builtins);
  ASSERT_TRUE(v.is_error());
  EXPECT_NE(v.error_message().find("unknown condition type"), std::string::npos);
}

TEST(RuntimeLibrary, OtherReceiversAreOrdinaryCalls) {
  // Only the identifier `runtime` triggers the macro; elsewhere newCondition is a plain
  // (undeclared) member function.
  auto c = compile(R"(schema.newCondition({type: "A", status: "True"}))", conditions_env());
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().message.find("runtime.newCondition"), std::string::npos) << c.error().message;
}

}  // namespace
}  // namespace kro::cel

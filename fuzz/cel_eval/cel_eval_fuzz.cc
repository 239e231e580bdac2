// Fuzzes parse + check + plan + evaluate: the input is an expression, evaluated in kro's
// environment (every library kro enables) against a few Kubernetes-like variables, with the
// default cost limit. Whatever the input, compilation must succeed or report an error with a
// message, evaluation must return a value or an error value, and an evaluation that goes over
// budget must say so with the cost-limit error; sanitizers catch the rest. Expressions that fail
// to type-check are still evaluated unchecked, as the interpreter must be safe on any tree.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "cel/common/value.h"
#include "cel/compiler.h"
#include "cel/cost/cost_model.h"
#include "cel/eval/program.h"
#include "cel/syntax/parser.h"
#include "value/json.h"

namespace {

using kro::cel::Value;

struct Env {
  kro::cel::CompileEnv compile;
  kro::cel::eval::MapActivation activation;
};

const Env& env() {
  static const Env* e = [] {
    auto* out = new Env();
    out->compile.base = kro::cel::BaseEnv::kro();
    auto bind = [&](const char* name, const char* json) {
      auto parsed = kro::parse_json(json);
      if (!parsed.ok()) std::abort();
      out->activation.bind(name, Value::from_json_copy(std::move(*parsed)));
      out->compile.variables[name] = kro::cel::types::Type::dyn();
    };
    bind("schema",
         R"({"metadata": {"name": "app", "namespace": "ns", "labels": {"a": "b"}},
             "spec": {"name": "web", "replicas": 3, "ratio": 0.5, "enabled": true,
                      "memory": "512Mi", "tags": {"k": "v", "x": "y"},
                      "ports": [{"name": "http", "port": 80}, {"name": "dns", "port": 53}],
                      "list": [1, 2, 3], "nested": [[1], [2, 3], []], "nil": null}})");
    bind("items", R"([{"name": "a", "n": 1}, {"name": "b", "n": 2}, {"name": "c", "n": -3}])");
    bind("s", R"("héllo wörld")");
    bind("n", "42");
    return out;
  }();
  return *e;
}

void check_result(const Value& v) {
  // Every error carries a message (an empty one would leave users with nothing).
  if (v.is_error() && v.error_message().empty()) {
    std::fprintf(stderr, "error value without a message\n");
    std::abort();
  }
  // Rendering and JSON conversion must not crash on any result.
  (void)kro::cel::debug_string(v);
  (void)kro::cel::to_json(v);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const Env& e = env();
  std::string_view text(reinterpret_cast<const char*>(data), size);

  auto compiled = kro::cel::compile(text, e.compile);
  if (compiled.ok()) {
    check_result(compiled->program.eval(e.activation));
    return 0;
  }
  if (compiled.error().message.empty()) std::abort();

  // Not well-typed (or not parseable): evaluate the parsed tree unchecked when there is one.
  static const kro::cel::syntax::Parser parser(e.compile.base->macros());
  auto parsed = parser.parse(text);
  if (!parsed.ok()) return 0;
  kro::cel::eval::PlanOptions opts;
  opts.type_names = e.compile.base->type_names();
  auto program = kro::cel::eval::plan(*parsed->expr, e.compile.base->registry(), opts);
  if (!program.ok()) {
    if (program.error().message.empty()) std::abort();
    return 0;
  }
  uint64_t cost = 0;
  Value v = program->eval(e.activation, &cost);
  check_result(v);
  // Past the budget, the evaluation must have stopped with the cost-limit error.
  if (cost > kro::cel::cost::kDefaultCostLimit &&
      !(v.is_error() && v.error_message() == kro::cel::cost::kCostLimitExceeded)) {
    std::fprintf(stderr, "cost %llu over the limit without the cost-limit error\n",
                 static_cast<unsigned long long>(cost));
    std::abort();
  }
  return 0;
}

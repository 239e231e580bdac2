// Cost of the type checker on the 20 kro-typical expressions of bench/cel_parse, against an
// OpenAPI-typed `schema` and dyn resources (as kro declares them), run by hand:
//   build/release/bin/cel_check_bench
// BM_ParseAll20: parse only; BM_ParsePlanAll20: parse + plan without checking (the unchecked
// path); BM_CompileAll20: cel::compile (parse + check + plan); BM_CompileEnvAll20 also builds
// a fresh CompileEnv per expression with one more variable, as kro does for forEach.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "cel/compiler.h"
#include "cel/types/openapi_types.h"
#include "value/json.h"

namespace {

using kro::cel::CompileEnv;
using kro::cel::types::Type;

const std::vector<std::string>& expressions() {
  static const std::vector<std::string> kExprs = {
      "schema.spec.name",
      "schema.metadata.namespace",
      "deployment.status.availableReplicas",
      "schema.spec.name + '-svc'",
      "'%s-%s'.format([schema.spec.name, schema.spec.env])",
      "deployment.status.availableReplicas == deployment.spec.replicas",
      "schema.spec.replicas > 0 && schema.spec.replicas <= 10",
      "has(schema.spec.ingress) && schema.spec.ingress.enabled",
      "schema.spec.env == 'prod' ? 3 : 1",
      "deployment.status.conditions.exists(c, c.type == 'Available' && c.status == 'True')",
      "schema.spec.containers.map(c, {'name': c.name, 'image': c.image + ':' + c.tag})",
      "schema.spec.ports.filter(p, p.protocol == 'TCP').map(p, p.port)",
      "schema.spec.items.all(i, i.size() < 64)",
      "schema.spec.?labels.orValue({})",
      "service.status.?loadBalancer.?ingress[0].?hostname.orValue('pending')",
      "quantity(schema.spec.memory).isLessThan(quantity('4Gi'))",
      "schema.spec.tags.transformMap(k, v, v.lowerAscii())",
      "cel.bind(n, schema.spec.name, n.size() > 3 ? n.substring(0, 3) : n)",
      "[schema.spec.a, ?schema.spec.?b, schema.spec.c].size()",
      "{'app': schema.spec.name, 'tier': schema.spec.tier, 'version': string(schema.spec.v)}",
  };
  return kExprs;
}

constexpr std::string_view kSchema = R"({"type": "object", "properties": {
  "metadata": {"type": "object", "properties": {"namespace": {"type": "string"}}},
  "spec": {"type": "object", "properties": {
    "name": {"type": "string"}, "env": {"type": "string"}, "tier": {"type": "string"},
    "v": {"type": "integer"}, "replicas": {"type": "integer"}, "memory": {"type": "string"},
    "a": {"type": "string"}, "b": {"type": "string"}, "c": {"type": "string"},
    "ingress": {"type": "object", "properties": {"enabled": {"type": "boolean"}}},
    "containers": {"type": "array", "items": {"type": "object", "properties": {
      "name": {"type": "string"}, "image": {"type": "string"}, "tag": {"type": "string"}}}},
    "ports": {"type": "array", "items": {"type": "object", "properties": {
      "protocol": {"type": "string"}, "port": {"type": "integer"}}}},
    "items": {"type": "array", "items": {"type": "string"}},
    "labels": {"type": "object", "additionalProperties": {"type": "string"}},
    "tags": {"type": "object", "additionalProperties": {"type": "string"}}}}}})";

CompileEnv make_env() {
  CompileEnv env;
  auto j = kro::parse_json(kSchema);
  auto t = kro::cel::types::type_from_schema(*j, "__type_schema");
  if (!t.ok()) throw std::runtime_error(t.error().str());
  env.variables["schema"] = *t;
  env.variables["deployment"] = Type::dyn();
  env.variables["service"] = Type::dyn();
  return env;
}

void BM_ParseAll20(benchmark::State& state) {
  auto base = kro::cel::BaseEnv::kro();
  for (auto _ : state) {
    for (const auto& e : expressions()) benchmark::DoNotOptimize(base->parser().parse(e));
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(expressions().size()));
}
BENCHMARK(BM_ParseAll20);

void BM_ParsePlanAll20(benchmark::State& state) {
  auto base = kro::cel::BaseEnv::kro();
  kro::cel::eval::PlanOptions opts;
  opts.type_names = base->type_names();
  for (auto _ : state) {
    for (const auto& e : expressions()) {
      auto p = base->parser().parse(e);
      benchmark::DoNotOptimize(kro::cel::eval::plan(*p->expr, base->registry(), opts));
    }
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(expressions().size()));
}
BENCHMARK(BM_ParsePlanAll20);

void BM_CompileAll20(benchmark::State& state) {
  const CompileEnv env = make_env();
  for (const auto& e : expressions()) {
    auto c = kro::cel::compile(e, env);
    if (!c.ok()) {
      state.SkipWithError(c.error().message.c_str());
      return;
    }
  }
  for (auto _ : state) {
    for (const auto& e : expressions()) benchmark::DoNotOptimize(kro::cel::compile(e, env));
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(expressions().size()));
}
BENCHMARK(BM_CompileAll20);

void BM_CompileEnvAll20(benchmark::State& state) {
  const CompileEnv proto = make_env();
  for (auto _ : state) {
    for (const auto& e : expressions()) {
      // A per-expression environment (shares the base; copies the variable types) extended
      // with a forEach-style iterator variable.
      CompileEnv env = proto;
      env.variables["item"] = Type::integer();
      benchmark::DoNotOptimize(kro::cel::compile(e, env));
    }
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(expressions().size()));
}
BENCHMARK(BM_CompileEnvAll20);

}  // namespace

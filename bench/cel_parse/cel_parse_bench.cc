// Parse time of 20 expressions of the kind kro resource graphs contain (field selection, string
// templates, comparisons, has(), macros over lists, optionals, library calls). Prints ns per
// parse for each expression and for the whole set; run by hand:
//   build/release/bin/cel_parse_bench
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "cel/lib/kro/library_sets.h"
#include "cel/syntax/parser.h"

namespace {

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

void BM_ParseOne(benchmark::State& state) {
  const kro::cel::syntax::Parser parser{
      kro::cel::syntax::MacroRegistry(kro::cel::lib::kro_macros())};
  const std::string& expr = expressions()[static_cast<size_t>(state.range(0))];
  state.SetLabel(expr);
  for (auto _ : state) {
    auto r = parser.parse(expr);
    if (!r.ok()) state.SkipWithError(r.error().message.c_str());
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_ParseOne)->DenseRange(0, 19);

void BM_ParseAll20(benchmark::State& state) {
  const kro::cel::syntax::Parser parser{
      kro::cel::syntax::MacroRegistry(kro::cel::lib::kro_macros())};
  for (auto _ : state) {
    for (const auto& e : expressions()) {
      auto r = parser.parse(e);
      benchmark::DoNotOptimize(r);
    }
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(expressions().size()));
}
BENCHMARK(BM_ParseAll20);

}  // namespace

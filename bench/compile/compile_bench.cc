// compile_rgd end to end: read the RGD once, then compile it per iteration (graph build, typing
// against the embedded built-in schemas, status inference, CRD synthesis). Counters: allocations
// per compile; expressions per compile.
#include <benchmark/benchmark.h>

#include <string>
#include <utility>

#include "alloc_counter.h"
#include "graph/compiled.h"
#include "graph/schema_resolver_builtin.h"

namespace {

using kro::graph::CompileOptions;
using kro::graph::Rgd;

Rgd read_file_rgd(const std::string& path) {
  auto docs = kro::read_yaml_file(path);
  if (!docs.ok()) throw std::runtime_error(docs.error().str());
  auto rgd = kro::graph::read_rgd(docs->front());
  if (!rgd.ok()) throw std::runtime_error(rgd.error().str());
  return std::move(rgd).value();
}

// n Deployments, each with a Service selecting it and reading its port; a status field
// per Deployment.
Rgd synthetic(int n) {
  std::string text = R"(apiVersion: kro.run/v1alpha1
kind: ResourceGraphDefinition
metadata: {name: big}
spec:
  schema:
    apiVersion: v1alpha1
    kind: Big
    spec:
      name: string
      image: string | default="nginx"
      replicas: integer | default=1
    status:
)";
  for (int i = 0; i < n; ++i) {
    text += "      avail" + std::to_string(i) + ": ${d" + std::to_string(i) +
            ".status.availableReplicas}\n";
  }
  text += "  resources:\n";
  // @D@ / @S@ stand for the i-th Deployment / Service id.
  const std::string per_pair = R"(    - id: @D@
      template:
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: "${schema.spec.name}-@D@"}
        spec:
          replicas: ${schema.spec.replicas}
          selector: {matchLabels: {app: "${schema.spec.name}"}}
          template:
            metadata: {labels: {app: "${schema.spec.name}"}}
            spec:
              containers:
                - name: app
                  image: ${schema.spec.image}
                  ports: [{containerPort: 8080}]
    - id: @S@
      template:
        apiVersion: v1
        kind: Service
        metadata: {name: "${@D@.metadata.name}"}
        spec:
          selector: ${@D@.spec.selector.matchLabels}
          ports: [{port: 80, targetPort: "${@D@.spec.template.spec.containers[0].ports[0].containerPort}"}]
)";
  for (int i = 0; i < n; ++i) {
    std::string pair = per_pair;
    for (auto [token, id] : {std::pair<std::string, std::string>{"@D@", "d" + std::to_string(i)},
                             {"@S@", "s" + std::to_string(i)}}) {
      for (auto at = pair.find(token); at != std::string::npos; at = pair.find(token, at)) {
        pair.replace(at, token.size(), id);
      }
    }
    text += pair;
  }
  auto doc = kro::parse_yaml(text, "synthetic.yaml");
  if (!doc.ok()) throw std::runtime_error(doc.error().str());
  auto rgd = kro::graph::read_rgd(*doc);
  if (!rgd.ok()) throw std::runtime_error(rgd.error().str());
  return std::move(rgd).value();
}

void run(benchmark::State& state, const Rgd& rgd, bool typed) {
  CompileOptions opt;
  if (typed) opt.resolver = *kro::graph::SnapshotSchemaResolver::builtin();
  std::size_t expressions = 0;
  const std::uint64_t before = kro::bench::allocation_count();
  for (auto _ : state) {
    auto g = kro::graph::compile_rgd(rgd, opt);
    if (!g.ok()) {
      state.SkipWithError(g.error().str().c_str());
      return;
    }
    expressions = g->graph.status.size();
    for (const auto& n : g->graph.nodes) expressions += n.variables.size() + n.include_when.size();
    benchmark::DoNotOptimize(g->crd);
  }
  const auto allocs = static_cast<double>(kro::bench::allocation_count() - before);
  state.counters["allocs/compile"] = allocs / static_cast<double>(state.iterations());
  state.counters["expressions"] = static_cast<double>(expressions);
}

void BM_SeedUntyped(benchmark::State& state) {
  static const Rgd rgd = read_file_rgd(std::string(KRO_GRAPH_TESTDATA) + "/seed-application.yaml");
  run(state, rgd, false);
}
void BM_SeedTyped(benchmark::State& state) {
  static const Rgd rgd = read_file_rgd(std::string(KRO_GRAPH_TESTDATA) + "/seed-application.yaml");
  run(state, rgd, true);
}
void BM_FullTyped(benchmark::State& state) {
  static const Rgd rgd = read_file_rgd(std::string(KRO_GRAPH_TESTDATA) + "/full.yaml");
  run(state, rgd, true);
}
void BM_Synthetic100Typed(benchmark::State& state) {
  static const Rgd rgd = synthetic(50);
  run(state, rgd, true);
}

// Reading the built-in snapshot file (what builtin() does once per process, from memory).
void BM_SnapshotLoad(benchmark::State& state) {
  for (auto _ : state) {
    auto r = kro::graph::SnapshotSchemaResolver::load(std::string(KRO_OPENAPI_DATA) +
                                                      "/k8s-v1.36.3/schemas.json");
    if (!r.ok()) {
      state.SkipWithError(r.error().str().c_str());
      return;
    }
    benchmark::DoNotOptimize(r);
  }
}

BENCHMARK(BM_SnapshotLoad)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_SeedUntyped)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_SeedTyped)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_FullTyped)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Synthetic100Typed)->Unit(benchmark::kMillisecond);

}  // namespace

int main(int argc, char** argv) {
  // The first use parses the embedded snapshot; keep it out of the measurements.
  if (!kro::graph::SnapshotSchemaResolver::builtin().ok()) return 1;
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}

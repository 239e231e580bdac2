// runtime::evaluate() per reconcile: the seed example (typed, as the controller compiles it) with
// nothing observed, with everything observed, and a 100-item forEach collection whose items are
// all observed and checked by readyWhen, with a dependent reading the whole collection.
// Observed objects carry a creationTimestamp, as live ones do: typed binding converts it.
// Counters: allocations per evaluation, desired objects per evaluation.
#include <benchmark/benchmark.h>

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#include "alloc_counter.h"
#include "graph/compiled.h"
#include "graph/schema_resolver_builtin.h"
#include "runtime/runtime.h"
#include "value/yaml.h"

namespace {

using kro::Document;
using kro::runtime::Evaluation;
using kro::runtime::Executable;
using kro::runtime::ObservedState;

kro::Json yaml(const std::string& text) {
  auto doc = kro::parse_yaml(text);
  if (!doc.ok()) throw std::runtime_error(doc.error().str());
  return doc->value;
}

std::shared_ptr<const Executable> executable(const std::string& rgd_text) {
  auto parsed = kro::parse_yaml(rgd_text, "rgd.yaml");
  if (!parsed.ok()) throw std::runtime_error(parsed.error().str());
  auto rgd = kro::graph::read_rgd(*parsed);
  if (!rgd.ok()) throw std::runtime_error(rgd.error().str());
  kro::graph::CompileOptions options;
  options.resolver = *kro::graph::SnapshotSchemaResolver::builtin();
  auto compiled = kro::graph::compile_rgd(*rgd, options);
  if (!compiled.ok()) throw std::runtime_error(compiled.error().str());
  auto exe = kro::runtime::make_executable(
      std::make_shared<const kro::graph::CompiledGraph>(std::move(*compiled)));
  if (!exe.ok()) throw std::runtime_error(exe.error().str());
  return *exe;
}

std::string file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void run(benchmark::State& state, const Executable& exe, const Document& instance,
         const ObservedState& observed) {
  std::size_t desired = 0;
  const std::uint64_t before = kro::bench::allocation_count();
  for (auto _ : state) {
    Evaluation ev = kro::runtime::evaluate(exe, instance, observed);
    if (!ev.ok()) {
      state.SkipWithError(ev.errors.front().str().c_str());
      return;
    }
    desired = 0;
    for (const auto& n : ev.nodes) desired += n.desired.size();
    benchmark::DoNotOptimize(ev);
  }
  const auto allocs = static_cast<double>(kro::bench::allocation_count() - before);
  state.counters["allocs/eval"] = allocs / static_cast<double>(state.iterations());
  state.counters["desired"] = static_cast<double>(desired);
}

struct Seed {
  std::shared_ptr<const Executable> exe =
      executable(file(std::string(KRO_RUNTIME_TESTDATA) + "/seed-application.yaml"));
  Document instance = kro::make_document(yaml(R"(
apiVersion: kro.run/v1alpha1
kind: Application
metadata: {name: my-application-instance, namespace: default, uid: u-1}
spec: {name: my-awesome-app, image: nginx, port: 80, ingress: {enabled: true}}
)"));
  ObservedState all;

  Seed() {
    all.set("deployment", yaml(R"(
apiVersion: apps/v1
kind: Deployment
metadata: {name: my-awesome-app, namespace: default, uid: d-1, creationTimestamp: "2026-11-29T10:00:00Z"}
spec:
  replicas: 3
  selector: {matchLabels: {app: my-awesome-app}}
  template:
    metadata: {labels: {app: my-awesome-app}}
    spec: {containers: [{name: my-awesome-app, image: nginx, ports: [{containerPort: 80}]}]}
status:
  availableReplicas: 3
  conditions:
    - {type: Available, status: "True", reason: MinimumReplicasAvailable}
    - {type: Progressing, status: "True", reason: NewReplicaSetAvailable}
)"));
    all.set("service", yaml(R"(
apiVersion: v1
kind: Service
metadata: {name: my-awesome-app-service, namespace: default, creationTimestamp: "2026-11-29T10:00:01Z"}
spec:
  clusterIP: 10.0.0.7
  selector: {app: my-awesome-app}
  ports: [{protocol: TCP, port: 80, targetPort: 80}]
)"));
    all.set("ingress", yaml(R"(
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: my-awesome-app-ingress, namespace: default}
)"));
  }
};

const Seed& seed() {
  static const Seed s;
  return s;
}

void BM_SeedNothingObserved(benchmark::State& state) {
  run(state, *seed().exe, seed().instance, {});
}

void BM_SeedAllObserved(benchmark::State& state) {
  run(state, *seed().exe, seed().instance, seed().all);
}

// `items` ConfigMaps from one forEach over the instance's list, each observed and ready, and a
// summary ConfigMap reading the whole collection.
struct Collection {
  std::shared_ptr<const Executable> exe;
  Document instance;
  ObservedState all;

  explicit Collection(int items) {
    exe = executable(R"(apiVersion: kro.run/v1alpha1
kind: ResourceGraphDefinition
metadata: {name: fan}
spec:
  schema:
    apiVersion: v1alpha1
    kind: Fan
    spec:
      names: "[]string"
      image: string | default="nginx"
    status:
      ready: ${string(size(cms))}
  resources:
    - id: cms
      forEach:
        - n: ${schema.spec.names}
      readyWhen:
        - ${each.data.phase == 'Ready'}
      template:
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: ${schema.metadata.name + '-' + n}
          labels: {app: "${schema.metadata.name}", item: "${n}"}
        data:
          image: ${schema.spec.image}
          item: ${n}
    - id: summary
      template:
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: "${schema.metadata.name}-summary"}
        data:
          count: ${string(size(cms))}
          names: ${cms.map(i, i.metadata.name).join(',')}
)");
    std::string names;
    std::vector<Document> observed;
    for (int i = 0; i < items; ++i) {
      const std::string n = "item" + std::to_string(i);
      names += (i == 0 ? "" : ", ") + n;
      std::string text = "{apiVersion: v1, kind: ConfigMap, metadata: {name: fan-";
      text += n;
      text +=
          ", namespace: default, creationTimestamp: '2026-11-29T10:00:00Z', labels: {app: fan, "
          "item: ";
      text += n;
      text += "}}, data: {image: nginx, item: ";
      text += n;
      text += ", phase: Ready}}";
      observed.push_back(kro::make_document(yaml(text)));
    }
    std::string text =
        "{apiVersion: kro.run/v1alpha1, kind: Fan, metadata: {name: fan, namespace: default}, "
        "spec: {image: nginx, names: [";
    text += names;
    text += "]}}";
    instance = kro::make_document(yaml(text));
    all.set_items("cms", std::move(observed));
  }
};

void BM_ForEach100AllObserved(benchmark::State& state) {
  static const Collection c(100);
  run(state, *c.exe, c.instance, c.all);
}

void BM_ForEach100NothingObserved(benchmark::State& state) {
  static const Collection c(100);
  run(state, *c.exe, c.instance, {});
}

BENCHMARK(BM_SeedNothingObserved)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_SeedAllObserved)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_ForEach100NothingObserved)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_ForEach100AllObserved)->Unit(benchmark::kMicrosecond);

}  // namespace

int main(int argc, char** argv) {
  // Parse the embedded schema snapshot and compile outside the measurements.
  if (!kro::graph::SnapshotSchemaResolver::builtin().ok()) return 1;
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}

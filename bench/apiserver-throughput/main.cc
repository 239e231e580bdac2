// apiserver-throughput: how many server-side applies per second the API server absorbs, and what
// each costs the client.
//
//   apiserver-throughput --workers 8 --requests 4000 [--objects 200] [--qps 0] [--unchanged]
//
// K workers share one RestClient (one transport, pooled connections) and apply ConfigMaps
// bench-<n> in a fresh namespace, each apply changing a data field (unless --unchanged, which
// measures no-op applies). Prints the rate, latency percentiles, and the process's CPU time
// (user + system, from getrusage) divided by the number of requests. Needs $KUBECONFIG.
#include <sys/resource.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <thread>
#include <vector>

#include "kube/config.h"
#include "kube/rest_client.h"

namespace {

using kro::kube::GroupVersionResource;
using kro::kube::RestClient;
const GroupVersionResource kConfigMaps{"", "v1", "configmaps"};
const GroupVersionResource kNamespaces{"", "v1", "namespaces"};

double cpu_seconds() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  auto tv = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
  };
  return tv(ru.ru_utime) + tv(ru.ru_stime);
}

kro::Json config_map(const std::string& name, long long value) {
  kro::JsonObject data;
  data["value"] = std::to_string(value);
  data["payload"] = std::string(256, 'x');  // a realistic small object, not an empty one
  kro::JsonObject meta;
  meta["name"] = name;
  kro::JsonObject cm;
  cm["apiVersion"] = "v1";
  cm["kind"] = "ConfigMap";
  cm["metadata"] = std::move(meta);
  cm["data"] = std::move(data);
  return cm;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Server-side applies per second against $KUBECONFIG's API server"};
  int workers = 4;
  int requests = 2000;
  int objects = 100;
  double qps = 0;
  bool unchanged = false;
  app.add_option("-k,--workers", workers, "concurrent workers (K)")->check(CLI::Range(1, 256));
  app.add_option("-n,--requests", requests, "total applies")->check(CLI::Range(1, 10000000));
  app.add_option("--objects", objects, "distinct ConfigMaps")->check(CLI::Range(1, 100000));
  app.add_option("--qps", qps, "client-side QPS limit (0 = none)");
  app.add_flag("--unchanged", unchanged, "re-apply identical objects (no-op applies)");
  CLI11_PARSE(app, argc, argv);

  auto cfg = kro::kube::default_config();
  if (!cfg.ok()) {
    std::fprintf(stderr, "apiserver-throughput: %s\n", cfg.error().str().c_str());
    return 1;
  }
  cfg->qps = qps;
  cfg->burst = std::max(1, static_cast<int>(qps));
  auto client = RestClient::create(*cfg);
  if (!client.ok()) {
    std::fprintf(stderr, "apiserver-throughput: %s\n", client.error().str().c_str());
    return 1;
  }
  std::string ns = "bench-ssa-" + std::to_string(::getpid());
  kro::JsonObject nsobj{
      {"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", kro::JsonObject{{"name", ns}}}};
  if (auto r = client->create(kNamespaces, "", nsobj); !r.ok()) {
    std::fprintf(stderr, "apiserver-throughput: create namespace: %s\n", r.error().str().c_str());
    return 1;
  }
  // Warm-up: create every object once, so the measured applies are updates of existing objects.
  for (int i = 0; i < objects; ++i)
    (void)client->apply(kConfigMaps, ns, config_map("bench-" + std::to_string(i), 0),
                        {.field_manager = "bench"});

  std::atomic<int> next{0};
  std::atomic<int> errors{0};
  std::vector<std::vector<double>> latencies(workers);
  double cpu0 = cpu_seconds();
  auto t0 = std::chrono::steady_clock::now();
  std::vector<std::thread> threads;
  threads.reserve(workers);
  for (int w = 0; w < workers; ++w) {
    threads.emplace_back([&, w] {
      auto& lat = latencies[w];
      for (int i = next++; i < requests; i = next++) {
        auto name = "bench-" + std::to_string(i % objects);
        auto obj = config_map(name, unchanged ? 0 : i + 1);
        auto s = std::chrono::steady_clock::now();
        auto r = client->apply(kConfigMaps, ns, obj, {.field_manager = "bench", .force = true});
        lat.push_back(
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - s)
                .count());
        if (!r.ok()) {
          if (errors++ < 3)
            std::fprintf(stderr, "apply %s: %s\n", name.c_str(), r.error().str().c_str());
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  double cpu = cpu_seconds() - cpu0;

  std::vector<double> all;
  for (auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
  std::sort(all.begin(), all.end());
  auto pct = [&](double p) {
    return all.empty()
               ? 0.0
               : all[std::min(all.size() - 1,
                              static_cast<std::size_t>(p * static_cast<double>(all.size())))];
  };
  std::printf(
      "apiserver-throughput: %d server-side applies of ConfigMaps (%d objects, %s), K=%d workers\n",
      requests, objects, unchanged ? "unchanged" : "changed each time", workers);
  std::printf("  rate:            %.0f applies/s (%.2f s wall)\n", requests / wall, wall);
  std::printf("  latency:         p50 %.2f ms, p90 %.2f ms, p99 %.2f ms\n", pct(0.5), pct(0.9),
              pct(0.99));
  std::printf("  client CPU:      %.1f us per request (%.3f s user+sys)\n", cpu / requests * 1e6,
              cpu);
  std::printf("  errors:          %d; retries: %llu\n", errors.load(),
              static_cast<unsigned long long>(client->transport()->retries()));
  (void)client->remove(kNamespaces, "", ns);
  return errors.load() == 0 ? 0 : 1;
}

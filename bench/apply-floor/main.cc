// apply-floor: the same children kro would make, applied straight to the API server by a tight
// parallel client, for bench/converge --floor: how fast the end state can be reached at all.
//
//   apply-floor --file objects.jsonl [--workers 16] [--field-manager kro-floor]
//
// Every line of the file is one object (apiVersion, kind, metadata.name, metadata.namespace).
// K workers share one RestClient without a client-side rate limit and apply the objects in file
// order with server-side apply (force). Resources are mapped through discovery once per kind.
// Prints the wall time, the number of applies and errors, and the client's CPU time.
#include <sys/resource.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "kube/config.h"
#include "kube/discovery.h"
#include "kube/rest_client.h"
#include "kube/rest_mapper.h"

namespace {

double cpu_seconds() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  auto tv = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
  };
  return tv(ru.ru_utime) + tv(ru.ru_stime);
}

std::string text_at(const kro::Json& obj, const char* path) {
  const kro::Json* v = kro::find_path(obj, path);
  return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
}

// "group/version" or "version" → GroupVersionKind with the object's kind.
kro::kube::GroupVersionKind gvk_of(const kro::Json& obj) {
  std::string api = text_at(obj, "apiVersion");
  auto slash = api.find('/');
  std::string group = slash == std::string::npos ? "" : api.substr(0, slash);
  std::string version = slash == std::string::npos ? api : api.substr(slash + 1);
  return {group, version, text_at(obj, "kind")};
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Apply a file of objects as fast as the API server takes them"};
  std::string file;
  int workers = 16;
  std::string manager = "kro-floor";
  app.add_option("--file", file, "one JSON object per line")->required();
  app.add_option("-k,--workers", workers, "concurrent applies")->check(CLI::Range(1, 512));
  app.add_option("--field-manager", manager, "server-side apply field manager");
  CLI11_PARSE(app, argc, argv);

  std::vector<kro::Json> objects;
  std::ifstream in(file);
  if (!in) {
    std::fprintf(stderr, "apply-floor: cannot read %s\n", file.c_str());
    return 1;
  }
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    if (line.empty()) continue;
    auto obj = kro::parse_json(line);
    if (!obj.ok()) {
      std::fprintf(stderr, "%s:%d: %s\n", file.c_str(), n, obj.error().str().c_str());
      return 1;
    }
    objects.push_back(std::move(*obj));
  }

  auto cfg = kro::kube::default_config();
  if (!cfg.ok()) {
    std::fprintf(stderr, "apply-floor: %s\n", cfg.error().str().c_str());
    return 1;
  }
  cfg->qps = 0;  // no client-side limit: the floor is the server's
  auto client = kro::kube::RestClient::create(*cfg);
  if (!client.ok()) {
    std::fprintf(stderr, "apply-floor: %s\n", client.error().str().c_str());
    return 1;
  }
  auto discovery = std::make_shared<kro::kube::Discovery>(*client);
  if (auto r = discovery->refresh(); !r.ok()) {
    std::fprintf(stderr, "apply-floor: discovery: %s\n", r.error().str().c_str());
    return 1;
  }
  kro::kube::RestMapper mapper(discovery);
  // Map every kind before the clock starts.
  std::map<std::string, kro::kube::ApiResource> resources;
  for (const auto& obj : objects) {
    auto gvk = gvk_of(obj);
    if (resources.count(gvk.str()) != 0) continue;
    auto res = mapper.resource_for(gvk);
    if (!res.ok()) {
      std::fprintf(stderr, "apply-floor: %s: %s\n", gvk.str().c_str(), res.error().str().c_str());
      return 1;
    }
    resources.emplace(gvk.str(), *res);
  }

  std::atomic<std::size_t> next{0};
  std::atomic<int> errors{0};
  std::mutex err_mu;
  double cpu0 = cpu_seconds();
  auto t0 = std::chrono::steady_clock::now();
  std::vector<std::thread> threads;
  for (int w = 0; w < workers; ++w) {
    threads.emplace_back([&] {
      for (std::size_t i = next++; i < objects.size(); i = next++) {
        const kro::Json& obj = objects[i];
        const auto& res = resources.at(gvk_of(obj).str());
        auto r = client->apply(res.gvr, text_at(obj, "metadata.namespace"), obj,
                               {.field_manager = manager, .force = true});
        if (!r.ok() && errors++ < 3) {
          std::lock_guard lock(err_mu);
          std::fprintf(stderr, "apply %s: %s\n", text_at(obj, "metadata.name").c_str(),
                       r.error().str().c_str());
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("apply-floor: %zu applies, K=%d workers, %.2f s wall, %d errors, %.2f s client CPU\n",
              objects.size(), workers, wall, errors.load(), cpu_seconds() - cpu0);
  return errors.load() == 0 ? 0 : 1;
}

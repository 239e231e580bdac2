// Shared set-up of the instance controller's end-to-end tests: a client for the full cluster
// named by $KRO_E2E_KUBECONFIG (the tests fail, never skip, without one), RGD installation
// (compile, CRD applied and Established, executable) and polling helpers.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "graph/compiled.h"
#include "graph/model.h"
#include "kube/config.h"
#include "kube/rest_client.h"
#include "runtime/runtime.h"
#include "value/yaml.h"

namespace kro::controller::e2e {

using namespace std::chrono_literals;

inline const kube::GroupVersionResource kNamespaces{"", "v1", "namespaces"};
inline const kube::GroupVersionResource kCrds{"apiextensions.k8s.io", "v1",
                                              "customresourcedefinitions"};
inline const kube::GroupVersionResource kConfigMaps{"", "v1", "configmaps"};

inline Json json(std::string_view text) { return parse_json(text).value(); }

inline std::string str_at(const Json& v, std::string_view dotted) {
  const Json* p = find_path(v, dotted);
  return p != nullptr && p->is_string() ? std::string(p->as_string()) : std::string();
}

inline bool eventually(const std::function<bool()>& pred, std::chrono::milliseconds timeout = 90s) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (pred()) return true;
    std::this_thread::sleep_for(50ms);
  }
  return pred();
}

// A client for $KRO_E2E_KUBECONFIG; fails the test without one.
inline std::unique_ptr<kube::RestClient> connect() {
  const char* kc = std::getenv("KRO_E2E_KUBECONFIG");
  EXPECT_TRUE(kc != nullptr && *kc != '\0')
      << "KRO_E2E_KUBECONFIG is not set: start a full cluster with dev/cluster up";
  if (kc == nullptr || *kc == '\0') return nullptr;
  ::setenv("KUBECONFIG", kc, 1);
  auto cfg = kube::default_config();
  EXPECT_TRUE(cfg.ok()) << cfg.error().str();
  if (!cfg) return nullptr;
  cfg->qps = 0;
  auto c = kube::RestClient::create(*cfg);
  EXPECT_TRUE(c.ok()) << c.error().str();
  if (!c) return nullptr;
  return std::make_unique<kube::RestClient>(std::move(*c));
}

// Compiles the RGD text, applies its CRD and waits until it is Established.
inline std::shared_ptr<const runtime::Executable> install_rgd(kube::RestClient& client,
                                                              std::string_view text,
                                                              const std::string& rgd_uid) {
  auto doc = parse_yaml(text, "rgd.yaml");
  EXPECT_TRUE(doc.ok()) << doc.error().str();
  if (!doc) return nullptr;
  auto rgd = graph::read_rgd(*doc);
  EXPECT_TRUE(rgd.ok()) << rgd.error().str();
  if (!rgd) return nullptr;
  graph::CompileOptions co;
  co.rgd_uid = rgd_uid;
  co.kro_version = "v0.9.3";
  auto compiled = graph::compile_rgd(*rgd, co);
  EXPECT_TRUE(compiled.ok()) << compiled.error().str();
  if (!compiled) return nullptr;
  auto shared = std::make_shared<const graph::CompiledGraph>(std::move(*compiled));
  auto exe = runtime::make_executable(shared);
  EXPECT_TRUE(exe.ok()) << exe.error().str();
  if (!exe) return nullptr;
  auto crd = client.apply(kCrds, "", shared->crd, {.field_manager = "instctl-e2e", .force = true});
  EXPECT_TRUE(crd.ok()) << crd.error().str();
  bool established = eventually([&] {
    auto got = client.get(kCrds, "", str_at(shared->crd, "metadata.name"));
    if (!got) return false;
    const Json* conds = find_path(*got, "status.conditions");
    if (conds == nullptr || !conds->is_array()) return false;
    for (const auto& c : conds->as_array()) {
      if (str_at(c, "type") == "Established" && str_at(c, "status") == "True") return true;
    }
    return false;
  });
  EXPECT_TRUE(established) << "CRD not established";
  return *exe;
}

inline bool create_namespace(kube::RestClient& client, const std::string& ns) {
  auto created = client.create(
      kNamespaces, "",
      json(R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":")" + ns + "\"}}"));
  EXPECT_TRUE(created.ok()) << created.error().str();
  return created.ok();
}

}  // namespace kro::controller::e2e

// What the kro-controller end-to-end suites share: well-known resources, small JSON readers, a
// polling wait, and the suite set-up (a client for $KRO_E2E_KUBECONFIG and kro's RGD CRD
// installed and Established, as the documented set-up does) and tear-down (the controller
// process started and stopped).
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <iterator>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "controller_process.h"
#include "kube/config.h"
#include "kube/rest_client.h"
#include "value/json.h"
#include "value/yaml.h"

namespace kro::e2e {

inline const kube::GroupVersionResource kNamespaces{"", "v1", "namespaces"};
inline const kube::GroupVersionResource kConfigMaps{"", "v1", "configmaps"};
inline const kube::GroupVersionResource kCrds{"apiextensions.k8s.io", "v1",
                                              "customresourcedefinitions"};
inline const kube::GroupVersionResource kRgds{"kro.run", "v1alpha1", "resourcegraphdefinitions"};

inline std::string str_at(const Json& v, std::string_view dotted) {
  const Json* p = find_path(v, dotted);
  return p != nullptr && p->is_string() ? std::string(p->as_string()) : std::string();
}

// Polls pred every 100 ms until it holds or the timeout passes; one last look at the end.
inline bool wait_until(const std::function<bool()>& pred, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (pred()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return pred();
}

// The whole file, or "" when it cannot be read.
inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

inline std::string replace_all(std::string s, std::string_view from, std::string_view to) {
  for (std::size_t p = s.find(from); p != std::string::npos; p = s.find(from, p + to.size())) {
    s.replace(p, from.size(), to);
  }
  return s;
}

// Creates namespace `name`; the API server's answer.
inline kube::ApiResult<Json> create_namespace(kube::RestClient& client, const std::string& name) {
  return client.create(
      kNamespaces, "",
      parse_json(R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":")" + name + "\"}}")
          .value());
}

// A condition of an object's status, or null.
inline const Json* condition(const Json& obj, std::string_view type) {
  const Json* conds = find_path(obj, "status.conditions");
  if (conds == nullptr || !conds->is_array()) return nullptr;
  for (const Json& c : conds->as_array()) {
    if (str_at(c, "type") == type) return &c;
  }
  return nullptr;
}

// Suite set-up: a client for the full cluster of $KRO_E2E_KUBECONFIG (also exported as
// KUBECONFIG for the controller subprocess) and kro's CRDs — the RGD CRD `crd_file` and the
// GraphRevision CRD beside it — applied with `field_manager` and Established. Fails the suite
// (fatally) when any step fails.
inline void connect_and_install_rgd_crd(kube::RestClient*& client, const char* crd_file,
                                        std::string field_manager) {
  const char* kc = std::getenv("KRO_E2E_KUBECONFIG");
  ASSERT_TRUE(kc != nullptr && *kc != '\0')
      << "KRO_E2E_KUBECONFIG is not set: start a full cluster with dev/cluster up";
  ::setenv("KUBECONFIG", kc, 1);
  auto cfg = kube::default_config();
  ASSERT_TRUE(cfg.ok()) << cfg.error().str();
  auto c = kube::RestClient::create(*cfg);
  ASSERT_TRUE(c.ok()) << c.error().str();
  client = new kube::RestClient(std::move(*c));

  // kro's CRDs: the RGD's, and the GraphRevision's beside it in deploy/.
  const std::string rgd_crd = crd_file;
  const std::string dir = rgd_crd.substr(0, rgd_crd.find_last_of('/') + 1);
  for (const std::string& file : {rgd_crd, dir + "internal.kro.run_graphrevisions.yaml"}) {
    auto docs = read_yaml_file(file);
    ASSERT_TRUE(docs.ok()) << docs.error().str();
    const Json& crd = docs->front().value;
    auto applied = client->apply(kCrds, "", crd,
                                 {.field_manager = field_manager, .force = true, .dry_run = false});
    ASSERT_TRUE(applied.ok()) << applied.error().str();
    const std::string name = str_at(crd, "metadata.name");
    ASSERT_TRUE(wait_until(
        [&] {
          auto got = client->get(kCrds, "", name);
          return got.ok() && condition(*got, "Established") != nullptr &&
                 str_at(*condition(*got, "Established"), "status") == "True";
        },
        std::chrono::seconds(60)))
        << name << " not Established";
  }
}

// Starts `binary args...` against $KRO_E2E_KUBECONFIG with /metrics and the probes on ports the
// kernel picks (127.0.0.1:0) and returns the ports it bound, so that no port is guessed and none
// can be taken between the choice and the bind. Fails the suite (fatally) when the controller
// does not start or does not serve.
inline void start_controller(ControllerProcess*& controller, const char* binary,
                             std::vector<std::string> args, const std::string& log_path,
                             ControllerProcess::ServedPorts& ports) {
  args.insert(args.begin(), {"--metrics-bind-address", "127.0.0.1:0", "--health-probe-bind-address",
                             "127.0.0.1:0"});
  controller = new ControllerProcess();
  ASSERT_TRUE(controller->start(binary, args, std::getenv("KRO_E2E_KUBECONFIG"), log_path));
  ports = controller->wait_for_served_ports();
  ASSERT_NE(ports.metrics, 0) << "kro-controller did not serve /metrics:\n"
                              << controller->log_tail();
}

// Stops the controller, expecting a graceful shutdown (exit code 0), and deletes it.
inline void stop_controller(ControllerProcess*& controller) {
  if (controller == nullptr) return;
  int code = controller->stop();
  EXPECT_EQ(code, 0) << "kro-controller did not shut down gracefully:\n" << controller->log_tail();
  delete controller;
  controller = nullptr;
}

}  // namespace kro::e2e

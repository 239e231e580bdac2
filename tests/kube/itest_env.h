// Shared set-up of the kube integration tests: a client for the API server named by
// $KUBECONFIG (the tests fail, never skip, without one) and a throw-away namespace per binary.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

#include "kube/config.h"
#include "kube/rest_client.h"

namespace kro::kube::itest {

inline const GroupVersionResource kConfigMaps{"", "v1", "configmaps"};
inline const GroupVersionResource kNamespaces{"", "v1", "namespaces"};
inline const GroupVersionResource kCrds{"apiextensions.k8s.io", "v1", "customresourcedefinitions"};

inline Json json(std::string_view text) {
  auto r = parse_json(text);
  EXPECT_TRUE(r.ok()) << text;
  return r.ok() ? std::move(*r) : Json();
}

inline std::string str_at(const Json& v, std::string_view dotted) {
  const Json* p = find_path(v, dotted);
  return p != nullptr && p->is_string() ? std::string(p->get_string()) : std::string();
}

class KubeTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const char* kc = std::getenv("KUBECONFIG");
    ASSERT_TRUE(kc != nullptr && *kc != '\0')
        << "KUBECONFIG is not set: start a cluster with dev/cluster up --minimal";
    auto cfg = default_config();
    ASSERT_TRUE(cfg.ok()) << cfg.error().str();
    cfg->qps = 0;  // the tests create a thousand objects; the server has its own limits
    auto c = RestClient::create(*cfg);
    ASSERT_TRUE(c.ok()) << c.error().str();
    client_ = new RestClient(std::move(*c));
    // One namespace per suite: a deleted namespace lingers while it terminates.
    static int suite = 0;
    ns_ = "kc-itest-" + std::to_string(::getpid()) + "-" + std::to_string(++suite);
    auto created = client_->create(
        kNamespaces, "",
        json(R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":")" + ns_ + "\"}}"));
    ASSERT_TRUE(created.ok()) << created.error().str();
  }
  static void TearDownTestSuite() {
    if (client_ != nullptr) {
      (void)client_->remove(kNamespaces, "", ns_);
      delete client_;
      client_ = nullptr;
    }
  }
  void SetUp() override { ASSERT_NE(client_, nullptr) << "no API server"; }

  static Json config_map(const std::string& name, std::string_view data_json = "{}") {
    return json(R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":")" + name +
                R"("},"data":)" + std::string(data_json) + "}");
  }

  static inline RestClient* client_ = nullptr;
  static inline std::string ns_;
};

}  // namespace kro::kube::itest

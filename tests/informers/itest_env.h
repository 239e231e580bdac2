// Shared set-up of the informers integration tests: the API server named by $KUBECONFIG (the
// tests fail, never skip, when it is unset), a throw-away namespace per test, and helpers.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "kube/rest_client.h"

namespace kro::itest {

inline const kube::GroupVersionResource kConfigMaps{"", "v1", "configmaps"};
inline const kube::GroupVersionResource kNamespaces{"", "v1", "namespaces"};

class ClusterTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  // A new RestClient on the same server (a second, independent client).
  kube::RestClient new_client() const;
  // The folder of $KUBECONFIG: dev/cluster keeps the cluster's state there.
  std::string cluster_dir() const;

  std::optional<kube::RestClient> client_;
  std::string ns_;  // created in SetUp, deleted in TearDown
};

Json configmap(const std::string& ns, const std::string& name,
               const std::map<std::string, std::string>& labels, const std::string& value);

// Polls pred every 20 ms until it holds or the timeout passes; returns its last answer.
bool eventually(const std::function<bool()>& pred,
                std::chrono::milliseconds timeout = std::chrono::seconds(60));

}  // namespace kro::itest

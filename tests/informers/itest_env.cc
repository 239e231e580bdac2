#include "itest_env.h"

#include <cstdlib>
#include <random>
#include <thread>

#include "kube/config.h"

namespace kro::itest {

void ClusterTest::SetUp() {
  const char* kc = std::getenv("KUBECONFIG");
  ASSERT_TRUE(kc != nullptr && *kc != '\0')
      << "KUBECONFIG is not set: start a cluster with dev/cluster up --minimal and eval its output";
  auto cfg = kube::default_config();
  ASSERT_TRUE(cfg.ok()) << cfg.error().str();
  auto client = kube::RestClient::create(*cfg);
  ASSERT_TRUE(client.ok()) << client.error().str();
  client_ = std::move(*client);

  std::random_device rd;
  ns_ = "informers-" + std::to_string(rd() % 1000000);
  Json ns = JsonObject{
      {"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", JsonObject{{"name", ns_}}}};
  auto created = client_->create(kNamespaces, "", ns);
  ASSERT_TRUE(created.ok()) << created.error().str();
}

void ClusterTest::TearDown() {
  if (client_ && !ns_.empty()) (void)client_->remove(kNamespaces, "", ns_);
}

kube::RestClient ClusterTest::new_client() const {
  auto cfg = kube::default_config();
  EXPECT_TRUE(cfg.ok());
  auto client = kube::RestClient::create(*cfg);
  EXPECT_TRUE(client.ok());
  return std::move(*client);
}

std::string ClusterTest::cluster_dir() const {
  std::string kc = std::getenv("KUBECONFIG");
  auto colon = kc.find(':');
  if (colon != std::string::npos) kc = kc.substr(0, colon);
  auto slash = kc.rfind('/');
  return slash == std::string::npos ? "." : kc.substr(0, slash);
}

Json configmap(const std::string& ns, const std::string& name,
               const std::map<std::string, std::string>& labels, const std::string& value) {
  JsonObject meta{{"name", name}, {"namespace", ns}};
  if (!labels.empty()) {
    JsonObject l;
    for (const auto& [k, v] : labels) l[k] = v;
    meta["labels"] = std::move(l);
  }
  return JsonObject{{"apiVersion", "v1"},
                    {"kind", "ConfigMap"},
                    {"metadata", std::move(meta)},
                    {"data", JsonObject{{"v", value}}}};
}

bool eventually(const std::function<bool()>& pred, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (pred()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return pred();
}

}  // namespace kro::itest

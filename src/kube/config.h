// RestConfig: everything needed to reach and authenticate to one API server, as resolved from a
// kubeconfig context (kubeconfig.h) or from the in-cluster service account. Credentials are
// kept as PEM text, already read from their files, except the bearer token file, which is
// re-read while the client runs because projected service-account tokens rotate.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <string>

#include "value/result.h"

namespace kro::kube {

struct RestConfig {
  std::string server{};  // "https://127.0.0.1:6443", no trailing slash

  // TLS. ca_pem empty means the system trust store.
  std::string ca_pem{};
  std::string client_cert_pem{};
  std::string client_key_pem{};
  bool insecure_skip_tls_verify = false;  // only ever true when the kubeconfig says so
  std::string tls_server_name{};          // SNI / verification name override

  // Authentication: a fixed token, or a file whose content is the token (re-read, see
  // TokenFile), or basic auth. Client certificates above work alongside or instead.
  std::string bearer_token{};
  std::string bearer_token_file{};
  std::string username{};
  std::string password{};

  std::string namespace_name = "default";  // the context's namespace, for callers' defaults

  // Client-side limits, like client-go's rest.Config QPS/Burst (its defaults are 5/10; ours
  // are higher because the controller batches work and the server has its own APF limits).
  double qps = 50;
  int burst = 100;
  std::chrono::milliseconds timeout{30000};  // whole request, non-watch
  std::chrono::milliseconds connect_timeout{10000};
  int max_retries = 5;  // on 429, 5xx (see transport.h) and connection failures
  std::string user_agent = "kro-cpp/0.1";
};

// A bearer token read from a file and re-read when older than max_age, so a rotated
// service-account token is picked up without restarting (client-go re-reads every minute).
// Thread-safe.
class TokenFile {
 public:
  explicit TokenFile(std::string path,
                     std::chrono::steady_clock::duration max_age = std::chrono::minutes(1));
  // The current token (trailing whitespace trimmed); an error naming the file when it cannot
  // be read and no earlier token is known.
  Result<std::string> token();
  // Forces the next token() to read the file (after a 401, say).
  void invalidate();

 private:
  std::string path_;
  std::chrono::steady_clock::duration max_age_;
  std::mutex mu_;
  std::string cached_;
  std::chrono::steady_clock::time_point read_at_{};
  bool have_ = false;
};

// Where the in-cluster service account lives.
struct InClusterPaths {
  std::string token = "/var/run/secrets/kubernetes.io/serviceaccount/token";
  std::string ca = "/var/run/secrets/kubernetes.io/serviceaccount/ca.crt";
  std::string namespace_file = "/var/run/secrets/kubernetes.io/serviceaccount/namespace";
};

// The config of a pod's service account: server from KUBERNETES_SERVICE_HOST/_PORT, token file
// (kept as bearer_token_file so rotation is honoured), CA and namespace from their files. An
// error when not running in a cluster.
Result<RestConfig> in_cluster_config(const InClusterPaths& paths = {});

// The config kubectl would use: $KUBECONFIG (several files, merged), else ~/.kube/config, else
// the in-cluster config. context overrides the current-context when non-empty.
Result<RestConfig> default_config(const std::string& context = "");

}  // namespace kro::kube

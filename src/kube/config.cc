#include "kube/config.h"

#include <cstdlib>
#include <filesystem>

#include "kube/kubeconfig.h"
#include "value/strings.h"

namespace kro::kube {

TokenFile::TokenFile(std::string path, std::chrono::steady_clock::duration max_age)
    : path_(std::move(path)), max_age_(max_age) {}

Result<std::string> TokenFile::token() {
  std::lock_guard lock(mu_);
  auto now = std::chrono::steady_clock::now();
  if (have_ && now - read_at_ < max_age_) return cached_;
  auto text = read_whole_file(path_);
  if (!text.ok()) {
    // Keep serving the last good token: a rotation writes a new file atomically, and a
    // transient read failure should not fail requests that the old token still authorizes.
    if (have_) return cached_;
    return Error("bearer token file: " + text.error().message);
  }
  auto tok = std::string(trim(*text));
  if (tok.empty()) {
    if (have_) return cached_;
    return Error("bearer token file " + path_ + " is empty");
  }
  cached_ = std::move(tok);
  read_at_ = now;
  have_ = true;
  return cached_;
}

void TokenFile::invalidate() {
  std::lock_guard lock(mu_);
  read_at_ = std::chrono::steady_clock::now() - max_age_;
}

Result<RestConfig> in_cluster_config(const InClusterPaths& paths) {
  const char* host = std::getenv("KUBERNETES_SERVICE_HOST");
  const char* port = std::getenv("KUBERNETES_SERVICE_PORT");
  if (host == nullptr || port == nullptr || *host == '\0' || *port == '\0')
    return Error(
        "not running in a cluster: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are not "
        "set");
  RestConfig c;
  std::string h = host;
  // An IPv6 service address needs brackets in a URL.
  if (h.find(':') != std::string::npos) h = "[" + h + "]";
  c.server = "https://" + h + ":" + port;
  TokenFile probe(paths.token);
  if (auto t = probe.token(); !t.ok()) return Error("in-cluster config: " + t.error().message);
  c.bearer_token_file = paths.token;
  auto ca = read_whole_file(paths.ca);
  if (!ca.ok()) return Error("in-cluster config: " + ca.error().message);
  c.ca_pem = std::move(*ca);
  if (auto ns = read_whole_file(paths.namespace_file); ns.ok() && !trim(*ns).empty())
    c.namespace_name = std::string(trim(*ns));
  return c;
}

Result<RestConfig> default_config(const std::string& context) {
  if (const char* env = std::getenv("KUBECONFIG"); env != nullptr && *env != '\0') {
    KRO_ASSIGN_OR_RETURN(Kubeconfig cfg, load_kubeconfig_files(split_kubeconfig_env(env)));
    return cfg.rest_config(context);
  }
  if (const char* home = std::getenv("HOME"); home != nullptr) {
    std::string path = std::string(home) + "/.kube/config";
    std::error_code ec;
    if (std::filesystem::exists(path, ec)) {
      KRO_ASSIGN_OR_RETURN(Kubeconfig cfg, load_kubeconfig_files({path}));
      return cfg.rest_config(context);
    }
  }
  auto in = in_cluster_config();
  if (!in.ok())
    return Error(
        "no Kubernetes configuration: $KUBECONFIG is unset, ~/.kube/config does not "
        "exist, and " +
        in.error().message);
  return in;
}

}  // namespace kro::kube

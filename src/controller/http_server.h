// The controller's HTTP endpoints, served by cpp-httplib on a background thread:
// /metrics (Prometheus text from the MetricsRegistry), /healthz (alive) and /readyz (ready to
// serve: informers synced, and leading when leader election is on). Upstream serves metrics and
// probes on two addresses (--metrics-bind-address, --health-probe-bind-address); so do we, one
// server per address, or a single one when both are equal.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "controller/metrics.h"
#include "controller/options.h"
#include "value/result.h"

namespace httplib {
class Server;
}

namespace kro::controller {

struct HttpEndpoints {
  MetricsRegistry* metrics = nullptr;  // /metrics; not served when null
  // Each returns "" when fine, else the reason (sent with HTTP 500 / 503).
  std::function<std::string()> healthy;
  std::function<std::string()> ready;
};

class HttpServer {
 public:
  HttpServer(HttpEndpoints endpoints, BindAddress metrics, BindAddress probes);
  ~HttpServer();  // stop()
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and starts serving; an error naming the address when a port cannot be bound.
  Status start();
  void stop();

  // The ports actually bound (useful with port 0); 0 when disabled.
  int metrics_port() const { return metrics_port_; }
  int probes_port() const { return probes_port_; }

 private:
  struct Listener {
    std::unique_ptr<httplib::Server> server;
    std::thread thread;
  };
  Result<int> listen(const BindAddress& addr, bool serve_metrics, bool serve_probes);

  HttpEndpoints endpoints_;
  BindAddress metrics_addr_;
  BindAddress probes_addr_;
  std::vector<Listener> listeners_;
  int metrics_port_ = 0;
  int probes_port_ = 0;
};

}  // namespace kro::controller

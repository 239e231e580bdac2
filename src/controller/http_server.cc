#include "controller/http_server.h"

#include <fmt/format.h>
#include <httplib.h>

#include <chrono>
#include <thread>

namespace kro::controller {

HttpServer::HttpServer(HttpEndpoints endpoints, BindAddress metrics, BindAddress probes)
    : endpoints_(std::move(endpoints)),
      metrics_addr_(std::move(metrics)),
      probes_addr_(std::move(probes)) {}

HttpServer::~HttpServer() { stop(); }

Result<int> HttpServer::listen(const BindAddress& addr, bool serve_metrics, bool serve_probes) {
  auto server = std::make_unique<httplib::Server>();
  // SO_REUSEADDR only: httplib's default adds SO_REUSEPORT, which would let a second controller
  // silently share (and steal half of) our port instead of failing to start.
  server->set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, reinterpret_cast<const void*>(&yes), sizeof(yes));
  });
  if (serve_metrics && endpoints_.metrics != nullptr) {
    MetricsRegistry* registry = endpoints_.metrics;
    server->Get("/metrics", [registry](const httplib::Request&, httplib::Response& res) {
      res.set_content(registry->render(), "text/plain; version=0.0.4; charset=utf-8");
    });
  }
  if (serve_probes) {
    auto probe = [](const std::function<std::string()>& check, int fail_code) {
      return [check, fail_code](const httplib::Request&, httplib::Response& res) {
        std::string why = check ? check() : "";
        if (why.empty()) {
          res.set_content("ok", "text/plain");
        } else {
          res.status = fail_code;
          res.set_content(why + "\n", "text/plain");
        }
      };
    };
    server->Get("/healthz", probe(endpoints_.healthy, 500));
    server->Get("/readyz", probe(endpoints_.ready, 503));
  }
  int port = addr.port;
  if (port == 0) {
    port = server->bind_to_any_port(addr.host);
    if (port < 0) return Error(fmt::format("cannot bind {}:0", addr.host));
  } else if (!server->bind_to_port(addr.host, port)) {
    return Error(fmt::format("cannot bind {}:{} (address in use?)", addr.host, port));
  }
  Listener l;
  httplib::Server* raw = server.get();
  l.thread = std::thread([raw] { raw->listen_after_bind(); });
  // stop() only interrupts a server that is already running; wait for it so that an early
  // stop() cannot leave the thread listening forever.
  for (int i = 0; i < 2000 && !raw->is_running(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  l.server = std::move(server);
  listeners_.push_back(std::move(l));
  return port;
}

Status HttpServer::start() {
  bool same = !metrics_addr_.disabled && !probes_addr_.disabled &&
              metrics_addr_.host == probes_addr_.host && metrics_addr_.port == probes_addr_.port &&
              metrics_addr_.port != 0;
  if (same) {
    KRO_ASSIGN_OR_RETURN(metrics_port_, listen(metrics_addr_, true, true));
    probes_port_ = metrics_port_;
    return {};
  }
  if (!metrics_addr_.disabled) {
    auto port = listen(metrics_addr_, true, false);
    if (!port) return Error("--metrics-bind-address: " + port.error().message);
    metrics_port_ = *port;
  }
  if (!probes_addr_.disabled) {
    auto port = listen(probes_addr_, false, true);
    if (!port) {
      stop();
      return Error("--health-probe-bind-address: " + port.error().message);
    }
    probes_port_ = *port;
  }
  return {};
}

void HttpServer::stop() {
  for (auto& l : listeners_) {
    l.server->stop();
    if (l.thread.joinable()) l.thread.join();
  }
  listeners_.clear();
}

}  // namespace kro::controller

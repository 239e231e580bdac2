// Manager: the whole kro-controller process minus main(): client, metrics registry, the
// /metrics, /healthz and /readyz server, leader election on the Lease controller.kro.run, the
// instance (dynamic) controller and the RGD controller, started and stopped in order.
//
//   auto m = Manager::create(options);          // reads the kubeconfig, binds nothing yet
//   m->start();                                 // HTTP up; campaigns (--leader-elect) or runs
//   ... wait for SIGTERM, or m->wait_lost_leadership() ...
//   m->stop();                                  // graceful: RGD controller, then instances
//
// With --leader-elect, the controllers start only once the lease is won; losing it ends the
// process (exit code 1), as upstream does, because the caches may be stale by then.
#pragma once

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include "controller/http_server.h"
#include "controller/metrics.h"
#include "controller/options.h"
#include "controller/rgd_controller.h"
#include "kube/leader_election.h"
#include "kube/rest_client.h"
#include "value/result.h"

namespace kro::controller {

class DynamicController;

class Manager {
 public:
  static Result<std::unique_ptr<Manager>> create(const ControllerOptions& options);
  ~Manager();
  Manager(const Manager&) = delete;
  Manager& operator=(const Manager&) = delete;

  Status start();
  void stop();
  // Blocks until leadership was lost (true) or stop() was called (false).
  bool wait_lost_leadership();

  MetricsRegistry& metrics() { return metrics_; }
  int metrics_port() const { return http_ ? http_->metrics_port() : 0; }
  int probes_port() const { return http_ ? http_->probes_port() : 0; }

 private:
  Manager(ControllerOptions options, kube::RestClient client,
          std::shared_ptr<resolve::ClusterSchemaResolver> schemas);
  void start_controllers();
  std::string readiness() const;
  void register_collectors();

  ControllerOptions opts_;
  kube::RestClient client_;
  std::shared_ptr<resolve::ClusterSchemaResolver> schemas_;  // typing of every RGD
  MetricsRegistry metrics_;
  std::unique_ptr<HttpServer> http_;
  std::unique_ptr<DynamicController> dynamic_;
  std::unique_ptr<KindRegistrar> registrar_;
  std::unique_ptr<RgdController> rgds_;
  std::unique_ptr<kube::LeaderElector> elector_;
  std::jthread election_thread_;

  std::mutex mu_;
  std::condition_variable cv_;
  std::atomic<bool> controllers_started_{false};
  bool lost_leadership_ = false;
  bool stopping_ = false;
};

}  // namespace kro::controller

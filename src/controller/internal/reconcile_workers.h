// ReconcileWorkers: the dynamic controller's worker threads, as many at once as the adaptive
// concurrency limit allows (adaptive_concurrency.h). Each takes a key from the shared work queue,
// reconciles that instance with the InstanceReconciler (per-key serialization is the queue's),
// commits what the pass read to the WatchCoordinator (syncing the external informers when the
// watched kinds changed), and settles the key: forgotten, requeued after a delay, retried with
// backoff, or dropped after max_retries failures.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "controller/adaptive_concurrency.h"
#include "controller/dynamic_controller.h"
#include "controller/instance_reconciler.h"
#include "controller/watch_coordinator.h"
#include "kube/work_queue.h"

namespace kro::controller::internal {

class ExternalInformers;
class KindRegistry;

class ReconcileWorkers {
 public:
  // Everything must outlive the workers; `options` gives workers, max_workers, max_retries and
  // observer; `transport_stats` the client's totals, which steer the concurrency.
  ReconcileWorkers(kube::WorkQueue& queue, const KindRegistry& kinds, WatchCoordinator& watches,
                   ExternalInformers& externals, InstanceReconciler& reconciler,
                   const DynamicControllerOptions& options,
                   std::function<kube::TransportStats()> transport_stats);

  // Starts the threads. Idempotent; nothing after close().
  void start();
  // Refuses later start()s and hands over the threads, for the caller to join once the queue is
  // shut down; nullopt when already closed.
  std::optional<std::vector<std::jthread>> close();

  // Fills in the reconcile counters.
  void add_metrics(DynamicControllerMetrics& m) const;

 private:
  void work();
  void process(const std::string& key);
  // Applies the outcome of a reconcile to the queue, and says so in `pass`.
  void settle(const std::string& key, const ReconcileOutcome& out, ReconcilePass& pass);

  kube::WorkQueue& queue_;
  const KindRegistry& kinds_;
  WatchCoordinator& watches_;
  ExternalInformers& externals_;
  InstanceReconciler& reconciler_;
  const DynamicControllerOptions& opts_;
  std::function<kube::TransportStats()> transport_stats_;
  // Threads up to the ceiling are started; the limit says how many may reconcile at once.
  AdaptiveConcurrency concurrency_;

  std::mutex mu_;
  std::vector<std::jthread> threads_;
  bool started_ = false;
  bool closed_ = false;

  std::atomic<std::uint64_t> reconciles_{0};
  std::atomic<std::uint64_t> reconcile_errors_{0};
  std::atomic<std::uint64_t> panics_{0};
  std::atomic<std::uint64_t> requeues_{0};
  std::atomic<std::uint64_t> dropped_{0};
  std::atomic<std::uint64_t> reconcile_micros_{0};
};

}  // namespace kro::controller::internal

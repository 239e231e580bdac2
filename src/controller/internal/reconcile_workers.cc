#include "controller/internal/reconcile_workers.h"

#include <algorithm>
#include <utility>

#include "controller/internal/external_informers.h"
#include "controller/internal/kind_registry.h"
#include "controller/internal/work_item.h"
#include "fmt/format.h"
#include "spdlog/spdlog.h"

namespace kro::controller::internal {

ReconcileWorkers::ReconcileWorkers(kube::WorkQueue& queue, const KindRegistry& kinds,
                                   WatchCoordinator& watches, ExternalInformers& externals,
                                   InstanceReconciler& reconciler,
                                   const DynamicControllerOptions& options,
                                   std::function<kube::TransportStats()> transport_stats)
    : queue_(queue),
      kinds_(kinds),
      watches_(watches),
      externals_(externals),
      reconciler_(reconciler),
      opts_(options),
      transport_stats_(std::move(transport_stats)),
      concurrency_(options.workers, options.max_workers) {}

void ReconcileWorkers::start() {
  std::lock_guard lock(mu_);
  if (started_ || closed_) return;
  started_ = true;
  for (int i = 0; i < concurrency_.ceiling(); ++i) threads_.emplace_back([this] { work(); });
}

std::optional<std::vector<std::jthread>> ReconcileWorkers::close() {
  std::lock_guard lock(mu_);
  if (closed_) return std::nullopt;
  closed_ = true;
  concurrency_.close();
  return std::move(threads_);
}

void ReconcileWorkers::work() {
  while (concurrency_.acquire()) {
    auto key = queue_.get();
    if (!key) {
      concurrency_.release();
      return;
    }
    process(*key);
    queue_.done(*key);
    concurrency_.release();
    if (transport_stats_) concurrency_.completed(transport_stats_(), queue_.len());
  }
}

void ReconcileWorkers::process(const std::string& key) {
  ItemKey k = parse_item_key(key);
  KindRegistry::Served served = kinds_.served(k.gvr);
  std::shared_ptr<const KindEntry> entry = served.entry;
  if (!entry) {
    queue_.forget(key);  // the kind is no longer served
    return;
  }
  if (!served.synced) {
    queue_.add_after(key, std::chrono::milliseconds(200));
    return;
  }
  ++reconciles_;
  auto t0 = std::chrono::steady_clock::now();
  ReconcileOutcome out;
  ReconcilePass pass;
  const InstanceKey instance{entry->gvr, k.ns, k.name};
  watches_.begin(instance);
  try {
    out = reconciler_.reconcile(*entry, k.ns, k.name);
  } catch (const std::exception& e) {
    ++panics_;
    pass.panicked = true;
    out = ReconcileOutcome::failed(fmt::format("reconcile panicked: {}", e.what()));
  }
  // What this pass read is what the instance watches from now on (a failed pass keeps what it
  // watched before as well); an instance that is gone watches nothing.
  bool kinds_changed = kinds_.instance_gone(k.gvr, k.ns, k.name)
                           ? watches_.forget(instance)
                           : watches_.commit(instance, out.kind != ReconcileOutcome::Kind::kError);
  if (kinds_changed) externals_.sync();
  pass.took = std::chrono::steady_clock::now() - t0;
  reconcile_micros_ += static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::microseconds>(pass.took).count());
  settle(key, out, pass);
  if (opts_.observer) {
    pass.gvr = entry->gvr;
    pass.ns = std::move(k.ns);
    pass.name = std::move(k.name);
    opts_.observer->on_reconciled(pass);
  }
}

void ReconcileWorkers::settle(const std::string& key, const ReconcileOutcome& out,
                              ReconcilePass& pass) {
  switch (out.kind) {
    case ReconcileOutcome::Kind::kDone:
      queue_.forget(key);
      break;
    case ReconcileOutcome::Kind::kRequeueAfter:
      ++requeues_;
      pass.action = ReconcilePass::QueueAction::kRequeueAfter;
      queue_.forget(key);
      queue_.add_after(key, out.after);
      break;
    case ReconcileOutcome::Kind::kError:
      ++reconcile_errors_;
      if (queue_.num_requeues(key) < opts_.max_retries) {
        spdlog::warn("reconcile {} failed (retrying): {}", key, out.error);
        pass.action = ReconcilePass::QueueAction::kRateLimited;
        queue_.add_rate_limited(key);
      } else {
        spdlog::error("reconcile {} failed {} times, dropped until its next event: {}", key,
                      opts_.max_retries, out.error);
        ++dropped_;
        pass.action = ReconcilePass::QueueAction::kDropped;
        queue_.forget(key);
      }
      break;
  }
}

void ReconcileWorkers::add_metrics(DynamicControllerMetrics& m) const {
  m.reconciles = reconciles_;
  m.reconcile_errors = reconcile_errors_;
  m.reconcile_panics = panics_;
  m.requeues = requeues_;
  m.dropped = dropped_;
  m.reconcile_seconds_total = static_cast<double>(reconcile_micros_.load()) / 1e6;
  m.concurrency_limit = concurrency_.limit();
}

}  // namespace kro::controller::internal

// ReconcileObserver: told about every worker pass of the dynamic controller, so that metrics
// (durations, requeue kinds) can be kept outside it. Called on the worker thread after the
// reconcile returned; must not block.
#pragma once

#include <chrono>
#include <string>

#include "kube/gvk.h"

namespace kro::controller {

struct ReconcilePass {
  // What the work queue did with the key afterwards (upstream's requeue types: no_requeue,
  // requeue_after, rate_limited; dropped once the retries are spent).
  enum class QueueAction { kForget, kRequeueAfter, kRateLimited, kDropped };

  kube::GroupVersionResource gvr;  // the instance kind
  std::string ns;
  std::string name;
  std::chrono::nanoseconds took{0};
  QueueAction action = QueueAction::kForget;
  bool panicked = false;  // the reconcile threw (counted as a panic, retried as an error)
};

class ReconcileObserver {
 public:
  virtual ~ReconcileObserver() = default;
  virtual void on_reconciled(const ReconcilePass& pass) = 0;
};

}  // namespace kro::controller

// DynamicController: the one instance controller serving every kind an RGD generates
// (upstream's pkg/dynamiccontroller, docs/behaviour/instance-reconcile.md).
//
//   DynamicController dc(client, {.workers = 4});
//   dc.start();
//   dc.register_kind(gvr, executable, {.name = "webapp", .uid = rgd_uid});   // RGD controller
//   ...
//   dc.unregister_kind(gvr);                                                // RGD deleted
//   dc.stop();
//
// One shared rate-limited work queue (items "<group>/<version>/<resource>|<ns>/<name>"), N
// workers, per-key serialization. Instances of each registered kind are cached by an informer;
// their add/delete events always enqueue, updates only on a generation change or a flip of the
// `kro.run/reconcile` suspension annotation. Children are cached by informers per child GVR,
// selected by `kro.run/owned=true`, started lazily and stopped when no registered kind needs
// them; any event of a child wakes its owning instance (drift correction). External references
// (by name or selector) are recorded per instance in a WatchCoordinator during each reconcile;
// one unfiltered informer per kind read that way wakes the instances whose last reconcile read
// an object that changed, and answers their reads once synced.
//
// Unlike upstream, reconcile reads instances and children from those caches, applies only the
// objects whose desired fields do not already hold, and writes status only when it changed: the
// steady state costs zero writes and progress is driven by watch events, not a fixed timer.
// docs/controller.md lists every difference.
//
// register_kind may be called again with a new executable (an RGD update): the new graph
// replaces the old one for all later reconciles and every cached instance of the kind is
// re-enqueued. All methods are thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "controller/reconcile_observer.h"
#include "controller/version.h"
#include "kube/gvk.h"
#include "kube/queue_rate_limiter.h"
#include "kube/rest_client.h"

namespace kro::kube {
class EventRecorder;
class RestMapper;
}  // namespace kro::kube

namespace kro::runtime {
class Executable;
}  // namespace kro::runtime

namespace kro::controller {

class InstanceMetrics;

// The RGD that generated a kind; its name and UID become the instance's
// kro.run/resource-graph-definition-{name,id} labels.
struct RgdInfo {
  std::string name;
  std::string uid;
};

struct DynamicControllerOptions {
  // --dynamic-controller-concurrent-reconciles (upstream's default is 1; we default higher
  // because reconciles mostly wait on the API server).
  int workers = 4;
  // --dynamic-controller-max-concurrent-reconciles (a kro-cpp extension): the ceiling up to which
  // the number of concurrent reconciles follows the API server's answers
  // (adaptive_concurrency.h); `workers` is the floor. Equal to `workers`: a fixed pool.
  int max_workers = 16;
  // Upstream's queue: per item 200 ms .. 1000 s exponential, overall 10 qps burst 100.
  kube::QueueRateLimits queue_limits{std::chrono::milliseconds(200), std::chrono::seconds(1000), 10,
                                     100};
  // --dynamic-controller-default-queue-max-retries: failures before an item is dropped (until
  // its next event).
  int max_retries = 20;
  // --instance-requeue-interval: a safety net while an instance waits on something a watch
  // event will normally announce (data pending, a child terminating, a deletion wave). 0 turns
  // the safety net off and relies on events alone, as upstream does with 0.
  std::chrono::milliseconds requeue_interval{std::chrono::seconds(3)};
  // --dynamic-controller-default-resync-period: informers replay their cache this often.
  std::chrono::milliseconds resync_period{std::chrono::seconds(36000)};
  // How long an informer may take to list before its kind is reported unsynced.
  std::chrono::milliseconds cache_sync_timeout{std::chrono::seconds(30)};
  // --rgd-max-collection-size is enforced by the runtime; this bounds concurrent child applies
  // of one reconcile.
  int max_parallel_applies = 8;
  // Value of the kro.run/kro-version label and of the applyset tooling annotation ("kro/<v>").
  std::string kro_version = std::string(kKroVersion);
  // Maps child kinds to resources; created from the client when null.
  std::shared_ptr<kube::RestMapper> mapper;
  // Kubernetes Events on instances; none when null.
  std::shared_ptr<kube::EventRecorder> events;
  // Whether kro condition transitions are reported as events (the InstanceConditionEvents
  // gate); the kro-cpp extensions' events (Orphaned) are reported whenever `events` is set.
  bool condition_events = true;
  // --deletion-wait-warning: a Warning Event on an instance whose deletion wave has waited this
  // long (0: never), written through `warnings` (none when null). A kro-cpp extension.
  std::shared_ptr<kube::EventRecorder> warnings;
  std::chrono::milliseconds deletion_wait_warning{std::chrono::minutes(5)};
  // Told about every reconcile (metrics); none when null.
  std::shared_ptr<ReconcileObserver> observer;
  // Instance metrics recorded inside a reconcile (state transitions, conditions); none when null.
  std::shared_ptr<InstanceMetrics> instance_metrics;
};

// Counters and gauges of the whole controller, for /metrics (the manager exports them; per-kind
// reconcile counts, durations and requeue types are InstanceMetrics', from the observer hook).
struct DynamicControllerMetrics {
  std::uint64_t reconciles = 0;        // reconcile calls
  std::uint64_t reconcile_errors = 0;  // reconciles that failed (retried with backoff)
  std::uint64_t reconcile_panics = 0;  // exceptions caught around a reconcile
  std::uint64_t requeues = 0;          // delayed requeues (safety net)
  std::uint64_t dropped = 0;           // items dropped after max_retries
  double reconcile_seconds_total = 0;  // time spent reconciling
  std::uint64_t applies = 0;           // server-side applies sent (children and instance)
  std::uint64_t applies_skipped = 0;   // applies skipped because the cache already matched
  std::uint64_t child_reads_live = 0;  // children read from the API server (no synced cache,
                                       // or to adopt an object another manager holds)
  std::uint64_t child_lookups_unconfirmed = 0;  // absent from a synced cache; never asked
  std::uint64_t deletes = 0;                    // child deletes sent (prune and deletion waves)
  std::uint64_t status_writes = 0;              // instance status updates sent
  std::uint64_t status_unchanged = 0;           // status writes skipped because nothing changed
  std::size_t registered_kinds = 0;             // kinds currently served
  std::size_t informers = 0;         // informers running (instances + children + external)
  std::size_t queue_depth = 0;       // ready keys in the work queue
  std::size_t queue_processing = 0;  // keys being reconciled
  std::uint64_t queue_adds = 0;      // keys added to the queue
  int concurrency_limit = 0;         // reconciles allowed to run at once right now

  // External references (watch_coordinator.h).
  std::size_t external_informers = 0;       // informers over kinds read as external references
  std::size_t watch_requests = 0;           // objects/selectors instances watch
  std::uint64_t external_reads_cached = 0;  // external reads answered by a synced informer
  std::uint64_t external_reads_live = 0;    // external reads sent to the API server
};

class DynamicController {
 public:
  using Options = DynamicControllerOptions;

  // `client` must outlive the controller.
  DynamicController(kube::RestClient& client, Options options);
  ~DynamicController();  // stop()
  DynamicController(const DynamicController&) = delete;
  DynamicController& operator=(const DynamicController&) = delete;

  // Serves instances of `gvr` with the given compiled graph (registered again: replaced, and
  // every cached instance re-enqueued). Starts the kind's instance informer; works before or
  // after start().
  void register_kind(const kube::GroupVersionResource& gvr,
                     std::shared_ptr<const runtime::Executable> executable, RgdInfo rgd);
  // Stops serving `gvr`: its instance informer stops, child informers no other kind needs stop,
  // queued keys of the kind are ignored. Instances keep their finalizer (as upstream).
  void unregister_kind(const kube::GroupVersionResource& gvr);
  bool is_registered(const kube::GroupVersionResource& gvr) const;
  // Kinds currently served.
  std::vector<kube::GroupVersionResource> registered_kinds() const;
  // Whether every informer of the kind has listed (for readiness probes and tests).
  bool has_synced(const kube::GroupVersionResource& gvr) const;

  // Starts the workers. Idempotent.
  void start();
  // Graceful: no new keys, running reconciles finish, informers stop. Idempotent.
  void stop();

  DynamicControllerMetrics metrics() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace kro::controller

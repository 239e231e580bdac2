// One reconcile of one instance (docs/behaviour/instance-reconcile.md, deletion.md): labels and
// finalizer, ApplySet inventory, evaluation of the graph against what is observed, server-side
// apply of what changed, prune, status, and deletion in reverse apply-order waves.
//
// Reads go through ObjectSource (the dynamic controller answers from its informer caches and
// falls back to live requests); writes go to the API server through RestClient. Within one
// reconcile the graph is evaluated again after each round of applies, using the apply responses
// as observations, so a chain of dependent resources is created in one pass instead of one
// requeue per level.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "controller/dynamic_controller.h"
#include "controller/labels.h"
#include "controller/live_object_source.h"
#include "controller/object_source.h"
#include "kube/discovery.h"
#include "kube/gvk.h"
#include "kube/rest_client.h"
#include "value/json.h"

namespace kro::controller {

// A registered kind, shared by every reconcile of its instances.
struct KindEntry {
  kube::GroupVersionResource gvr;
  std::shared_ptr<const runtime::Executable> executable;
  RgdInfo rgd;
  bool namespaced = true;
  // The graph may read managedFields, which the caches leave out: reconcile it from live reads
  // (live_object_source.h).
  bool live_reads = false;
};

// Counters the reconciler bumps (the controller exports them).
struct ReconcileCounters {
  std::atomic<std::uint64_t> applies{0};
  std::atomic<std::uint64_t> applies_skipped{0};
  // Children read live because an apply without force conflicted (an object kro may adopt).
  std::atomic<std::uint64_t> adoption_reads{0};
  std::atomic<std::uint64_t> deletes{0};
  std::atomic<std::uint64_t> status_writes{0};
  std::atomic<std::uint64_t> status_unchanged{0};
};

// What the worker does with the key afterwards.
struct ReconcileOutcome {
  enum class Kind { kDone, kRequeueAfter, kError };
  Kind kind = Kind::kDone;
  std::chrono::milliseconds after{0};
  std::string error;  // kError: retried with backoff

  static ReconcileOutcome done() { return {}; }
  static ReconcileOutcome requeue(std::chrono::milliseconds d) {
    return {Kind::kRequeueAfter, d, {}};
  }
  static ReconcileOutcome failed(std::string e) { return {Kind::kError, {}, std::move(e)}; }
};

// Remembers what was last applied to each child (by UID) and the resourceVersion the server
// answered, so that (1) a desired field removed from a template still causes an apply even though
// the live object holds everything desired, and (2) a cache that has not yet caught up with our
// own apply is not mistaken for drift.
class AppliedMemo {
 public:
  // True when `hash` is what we last applied to `uid`, or nothing is remembered.
  bool unchanged_or_unknown(const std::string& uid, std::size_t hash) const;
  // True when we applied `hash` to `uid` and the server's answer is newer than `live_rv`.
  bool cache_behind(const std::string& uid, std::size_t hash, std::string_view live_rv) const;
  void remember(const std::string& uid, std::size_t hash, std::string resource_version);
  void forget(const std::string& uid);

 private:
  struct Entry {
    std::size_t hash = 0;
    std::string resource_version;
  };
  mutable std::mutex mu_;
  std::map<std::string, Entry> by_uid_;
};

// The newest instance object each reconcile left behind (keyed "ns/name"), so that the next
// reconcile does not act on an informer cache that has not yet seen our own writes.
class InstanceMemo {
 public:
  // `cached` or what we wrote last, whichever has the higher resourceVersion. What we wrote is
  // forgotten once `cached` has caught up with it.
  Document newest(const std::string& key, Document cached);
  std::size_t size() const;
  void remember(const std::string& key, Document object);
  void forget(const std::string& key);

 private:
  mutable std::mutex mu_;
  std::map<std::string, Document> by_key_;
};

// resourceVersions are opaque to clients, but the API server hands out etcd revisions; when both
// parse as integers the larger is newer. False when either does not parse.
bool resource_version_newer(std::string_view a, std::string_view b);

struct ReconcilerConfig {
  std::string kro_version;
  std::chrono::milliseconds requeue_interval{3000};
  std::shared_ptr<kube::EventRecorder> events;  // may be null
  std::shared_ptr<InstanceMetrics> metrics;     // may be null
  bool condition_events = true;                 // condition transitions as events too
  // Warning Events of a deletion wave that waits longer than deletion_wait_warning (0: never);
  // may be null. Not gated: they say why a deletion does not finish.
  std::shared_ptr<kube::EventRecorder> warnings;
  std::chrono::milliseconds deletion_wait_warning{std::chrono::minutes(5)};
};

class InstanceReconciler {
 public:
  InstanceReconciler(kube::RestClient& client, ObjectSource& source, ReconcilerConfig config,
                     ReconcileCounters& counters, AppliedMemo& memo);

  ReconcileOutcome reconcile(const KindEntry& kind, const std::string& ns, const std::string& name);

 private:
  struct Run;
  ReconcileOutcome reconcile_object(const KindEntry& kind, const Document& instance,
                                    const kube::ApiResource& instance_resource);
  kube::RestClient& client_;
  ObjectSource& source_;
  LiveObjectSource live_source_;
  ReconcilerConfig config_;
  ReconcileCounters& counters_;
  AppliedMemo& memo_;
  InstanceMemo instances_;
};

}  // namespace kro::controller

// RgdController: reconciles ResourceGraphDefinitions (upstream pkg/controller/
// resourcegraphdefinition, docs/behaviour/rgd-controller-and-crds.md) into served kinds.
//
// Watches RGDs (reconciling on a generation change, on deletion, and when the
// kro.run/allow-breaking-changes annotation flips; status-only updates are ignored) and the
// cluster's CRDs, metadata only: an edited or deleted CRD that kro generated (label
// kro.run/owned=true) re-triggers the RGD named by its kro.run/resource-graph-definition-name
// label, and any CRD created, changed or deleted re-triggers at once every RGD whose last compile
// failed (it may name that kind; upstream only retries with backoff). Reconcile of one RGD:
//   1. deletion (rgd_deletion.cc, a kro-cpp extension: upstream #1067, PR #1218) → while
//      instances of its kind exist, keep the finalizer and keep serving the kind (after a
//      restart too), delete them when --allow-crd-deletion, and say in Ready how many remain
//      and which; once none does, stop serving the kind, delete the CRD when
//      --allow-crd-deletion and the CRD is labelled as this RGD's, remove the kro.run/finalizer
//      finalizer;
//   2. add the finalizer;
//   3. the graph to serve, through GraphRevisions (graph_revisions.h, rgd_revisions.cc): the
//      spec's hash is compared with the newest revision's; unchanged, that revision's compiled
//      graph serves (compiled from its snapshot first when this process has not seen it: after
//      a restart or a take-over from upstream); changed or none, the spec is compiled
//      (graph::compile_rgd, typed against the cluster by resolve::ClusterSchemaResolver,
//      refreshed first) → GraphAccepted, and a valid spec is issued as the next revision, which
//      serves at once (upstream waits for a second compile of it). An invalid spec issues
//      nothing, is retried with backoff as upstream does (a missing kind or an unreachable
//      server may resolve later), and the last good revision keeps serving. While the RGD
//      carries kro.run/hold-rollout: "true" (a kro-cpp extension, rollout_hold.h) a changed
//      spec is compiled and reported (GraphAccepted, RolloutHeld) but not issued: the newest
//      revision keeps serving, steps 4 and 5 included, until the annotation goes;
//   4. ensure the CRD (crd_manager.h: ownership, breaking changes, SSA) and wait until it is
//      Established → KindReady;
//   5. register the kind with the instance controller → ControllerReady;
//   6. delete the revisions beyond the newest --rgd-max-graph-revisions;
//   7. write status (state, topologicalOrder, resources, conditions, lastIssuedRevision) only
//      when it changed.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <stop_token>
#include <string>
#include <thread>
#include <vector>

#include "controller/crd_manager.h"
#include "controller/dynamic_controller.h"
#include "controller/graph_revisions.h"
#include "controller/metrics.h"
#include "controller/rollout_hold.h"
#include "graph/compiled.h"
#include "kube/event_recorder.h"
#include "kube/gvk.h"
#include "kube/informer.h"
#include "kube/rest_client.h"
#include "kube/work_queue.h"
#include "resolve/cluster_schema_resolver.h"

namespace kro::controller {

inline constexpr std::string_view kFinalizer = "kro.run/finalizer";
inline constexpr std::string_view kAllowBreakingChangesAnnotation =
    "kro.run/allow-breaking-changes";
extern const kube::GroupVersionResource kRgdGvr;

// Why KindRegistrar::register_kind did not serve a kind.
struct RegisterError {
  std::string message;
  // This process lacks RBAC rights the kind needs (access_review.h). A grant (a ClusterRole
  // aggregated to kro's) raises no event the RGD controller watches, so such an RGD is retried
  // every RgdControllerOptions::access_denied_retry instead of on the growing backoff.
  bool access_denied = false;
};

// Where the RGD controller hands served kinds; the manager adapts it to the DynamicController
// (building the runtime::Executable), tests to a fake.
class KindRegistrar {
 public:
  virtual ~KindRegistrar() = default;
  // Serves (or re-serves with a new graph) the kind; an error becomes ControllerReady=False.
  virtual Result<void, RegisterError> register_kind(
      const kube::GroupVersionResource& gvr, std::shared_ptr<const graph::CompiledGraph> graph,
      const RgdInfo& rgd) = 0;
  virtual void unregister_kind(const kube::GroupVersionResource& gvr) = 0;
};

struct RgdControllerOptions {
  int workers = 1;  // --resource-graph-definition-concurrent-reconciles
  bool allow_crd_deletion = false;
  std::chrono::milliseconds progress_requeue_delay{3000};  // --rgd-progress-requeue-delay
  std::chrono::milliseconds crd_established_timeout{120000};
  // How often an RGD denied for missing RBAC rights is tried again (RegisterError): a grant
  // takes effect within this, not after the backoff (up to 5 minutes) has run out.
  std::chrono::milliseconds access_denied_retry{10000};
  std::string kro_version;
  // Typing (required): the built-in kinds, then the API server. Without it every RGD is
  // GraphAccepted=False; nothing is compiled untyped.
  std::shared_ptr<resolve::ClusterSchemaResolver> schemas;
  std::size_t max_foreach_dimensions = graph::kDefaultMaxForEachDimensions;
  int max_graph_revisions = kDefaultMaxGraphRevisions;  // 0 keeps every one
  MetricsRegistry* metrics = nullptr;                   // optional
  // --deletion-wait-warning: a Warning Event on an RGD whose deletion has waited this long on
  // its instances (0: never), through `warnings` (none when null).
  std::shared_ptr<kube::EventRecorder> warnings;
  std::chrono::milliseconds deletion_wait_warning{std::chrono::minutes(5)};
  // Normal Events on RGDs: a rollout held and released (rollout_hold.h); none when null.
  std::shared_ptr<kube::EventRecorder> events;
};

// When an RGD whose kind register_kind refused is reconciled again: after
// options.access_denied_retry for an access denial, so that a grant takes effect within it;
// nullopt (the RGD's growing backoff) for every other failure.
std::optional<std::chrono::milliseconds> requeue_after_register_failure(
    const RegisterError& error, const RgdControllerOptions& options);

class RgdController {
 public:
  // `client` and `kinds` must outlive the controller.
  RgdController(kube::RestClient& client, KindRegistrar& kinds, RgdControllerOptions options);
  ~RgdController();  // stop()
  RgdController(const RgdController&) = delete;
  RgdController& operator=(const RgdController&) = delete;

  // Starts the RGD and CRD informers and the workers.
  void start();
  // Stops taking work, lets running reconciles finish, stops the informers. Idempotent.
  void stop();
  bool has_synced() const;

  // Reconciles one RGD by name now, on the calling thread (workers call this; so may tests).
  // Returns how long to wait before the next attempt: zero = done, negative = retry with
  // backoff.
  std::chrono::milliseconds reconcile(const std::string& name);

  // The kinds served, by RGD name.
  std::map<std::string, kube::GroupVersionResource> served() const;

 private:
  struct Registration {
    kube::GroupVersionResource gvr;
    std::string uid;
    std::string crd_name;
  };
  struct Pass;
  // Compiles the RGD, ensures its CRD, serves its kind, then writes status (finish).
  std::chrono::milliseconds reconcile_object(const Json& rgd);
  // The compiled graph (GraphAccepted), or null when the RGD is invalid; `rgd` is pass.rgd or
  // the RGD with a revision's snapshot as its spec.
  std::shared_ptr<const graph::CompiledGraph> compile(Pass& pass, const Json& rgd);
  std::shared_ptr<const graph::CompiledGraph> compile(Pass& pass);
  // GraphAccepted True and the graph's order and resources in the status.
  void accept(Pass& pass, const graph::CompiledGraph& compiled);
  // rgd_revisions.cc: the compiled graph of the newest GraphRevision, issuing one when the spec
  // changed (GraphRevisionsResolved, lastIssuedRevision); when there is none to serve yet, how
  // long to wait before the next attempt.
  std::optional<std::chrono::milliseconds> resolve_revision(
      Pass& pass, std::shared_ptr<const graph::CompiledGraph>& out);
  // The rollout hold: the spec differs from `active`, the newest revision, and is held back:
  // judged only, while `active` serves (compiled from its snapshot when this process has not).
  std::optional<std::chrono::milliseconds> hold_back(
      Pass& pass, ListedRevisions& listed, const Json& active, std::int64_t issued,
      std::shared_ptr<const graph::CompiledGraph>& out);
  // The RolloutHeld or RolloutReleased Event this pass calls for, if any (announcer_).
  void announce_hold(const Pass& pass);
  Result<ListedRevisions> list_revisions(const std::string& rgd_name) const;
  void adopt_revisions(const Pass& pass, const ListedRevisions& listed);
  // Drops kro's finalizer from revisions being deleted and forgets them.
  void release_revisions(const std::vector<Json>& terminating);
  void write_revision_status(const Json& gr, const graph::CompiledGraph* compiled,
                             const std::string& error);
  // Deletes the live revisions older than the newest max_graph_revisions (best effort).
  void collect_revisions(const Pass& pass, std::vector<Json> live);
  // Deletes every revision of a deleted RGD.
  Status delete_revisions(const std::string& rgd_name);
  // Creates or updates the CRD and waits until it is established (KindReady); when it is not
  // ready, how long to wait before the next attempt.
  std::optional<std::chrono::milliseconds> ensure_crd(Pass& pass,
                                                      const graph::CompiledGraph& compiled);
  // Registers the kind with the dynamic controller (ControllerReady); the next attempt's delay.
  std::chrono::milliseconds serve(Pass& pass,
                                  const std::shared_ptr<const graph::CompiledGraph>& compiled);
  // Writes the status built up in `pass`; returns `next`, or backoff when the write failed.
  std::chrono::milliseconds finish(Pass& pass, std::chrono::milliseconds next);
  // rgd_deletion.cc: a deleted RGD, its kind's instances first.
  struct DeletingKind {
    kube::GroupVersionResource gvr;
    std::string kind;
    std::string crd_name;
  };
  std::chrono::milliseconds cleanup(const Json& rgd);
  DeletingKind deleting_kind(const Json& rgd) const;
  // Every instance of the kind; none when its CRD is gone.
  Result<std::vector<Json>> list_instances(const kube::GroupVersionResource& gvr) const;
  // Keeps the kind served, deletes the instances when allowed, reports them; the next pass's
  // delay.
  std::chrono::milliseconds wait_for_instances(const Json& rgd, const DeletingKind& kind,
                                               const std::vector<Json>& instances);
  // No instance left: revisions, the CRD when allowed, the finalizer.
  std::chrono::milliseconds finish_deletion(const Json& rgd, const DeletingKind& kind,
                                            std::chrono::steady_clock::time_point started);
  bool serving(const std::string& name) const;
  void forget(const std::string& name);
  // Handlers of the CRD informer.
  void on_crd_event(const Json* old_crd, const Json& crd);
  // Enqueues every RGD whose last compile failed, with its backoff reset.
  void retry_failed_compiles();
  Status write_status(const Json& rgd, const JsonObject& status);
  Result<Json> add_finalizer(const Json& rgd);
  Status remove_finalizer(const Json& rgd);
  void worker(const std::stop_token& stop);
  void count(std::string_view metric, std::string_view help, const Labels& labels = {});

  kube::RestClient& client_;
  KindRegistrar& kinds_;
  RgdControllerOptions opts_;
  CrdManager crds_;
  std::unique_ptr<kube::WorkQueue> queue_;
  std::shared_ptr<kube::Informer> rgds_;
  std::shared_ptr<kube::Informer> crd_informer_;
  std::shared_ptr<kube::Informer> revision_informer_;
  RevisionRegistry revisions_;
  HoldAnnouncer announcer_;  // the rollout hold's Events, announced once each
  std::stop_source stop_;
  std::vector<std::jthread> workers_;

  mutable std::mutex mu_;  // guards registrations_, states_ and failed_compiles_
  std::map<std::string, Registration> registrations_;  // by RGD name
  std::map<std::string, std::string> states_;          // last state per RGD, for transitions
  std::set<std::string> failed_compiles_;              // RGDs whose last compile failed
  bool started_ = false;
};

}  // namespace kro::controller

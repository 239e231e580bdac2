#include "controller/dynamic_controller.h"

#include <map>
#include <optional>
#include <thread>

#include "controller/instance_reconciler.h"
#include "controller/internal/cached_object_source.h"
#include "controller/internal/event_router.h"
#include "controller/internal/external_informers.h"
#include "controller/internal/informer_factory.h"
#include "controller/internal/kind_registry.h"
#include "controller/internal/reconcile_workers.h"
#include "controller/internal/work_item.h"
#include "controller/template_kind.h"
#include "controller/watch_coordinator.h"
#include "graph/compiled.h"
#include "kube/event_recorder.h"
#include "kube/informer.h"
#include "kube/rest_mapper.h"
#include "kube/work_queue.h"
#include "runtime/runtime.h"
#include "spdlog/spdlog.h"

namespace kro::controller {

namespace {

using kube::GroupVersionResource;

// The GVRs of every template resource whose kind is written literally.
std::map<std::string, GroupVersionResource> child_gvrs_of(const runtime::Executable& exe,
                                                          kube::RestMapper& mapper) {
  std::map<std::string, GroupVersionResource> out;
  for (const auto& node : exe.graph().nodes) {
    std::optional<kube::GroupVersionKind> gvk = literal_template_kind(node);
    if (!gvk) continue;
    auto res = mapper.resource_for(*gvk);
    if (!res) {
      spdlog::warn("no resource for {} (node {}): {}; reads fall back to the API server",
                   gvk->str(), node.id, res.error().str());
      continue;
    }
    out.emplace(internal::gvr_key(res->gvr), res->gvr);
  }
  return out;
}

}  // namespace

// The parts, each doing one job (src/controller/internal/): the registry of served kinds and
// their informers, the external-reference informers, the routing of informer events to the
// queue, the construction of informers, the cached reads, and the workers. Members are declared
// in the order they depend on each other.
struct DynamicController::Impl {
  kube::RestClient& client;
  Options opts;
  std::shared_ptr<kube::RestMapper> mapper;
  kube::WorkQueue queue;
  ReconcileCounters counters;
  AppliedMemo memo;
  // Who reads which external objects; decides which external informers run.
  WatchCoordinator watches;
  internal::KindRegistry kinds;
  internal::EventRouter router{queue, kinds, watches};
  internal::InformerFactory informers{client, opts.resync_period, router};
  internal::ExternalInformers externals{watches, informers};
  internal::CachedObjectSource source;
  InstanceReconciler reconciler;
  internal::ReconcileWorkers workers{queue,
                                     kinds,
                                     watches,
                                     externals,
                                     reconciler,
                                     opts,
                                     [this] { return client.transport()->stats(); }};

  Impl(kube::RestClient& c, Options o)
      : client(c),
        opts(std::move(o)),
        mapper(opts.mapper
                   ? opts.mapper
                   : std::make_shared<kube::RestMapper>(std::make_shared<kube::Discovery>(client))),
        queue(kube::make_default_queue_rate_limiter(opts.queue_limits)),
        source(client, mapper, kinds, externals, watches),
        reconciler(client, source,
                   ReconcilerConfig{opts.kro_version, opts.requeue_interval, opts.events,
                                    opts.instance_metrics, opts.condition_events, opts.warnings,
                                    opts.deletion_wait_warning},
                   counters, memo) {}
};

DynamicController::DynamicController(kube::RestClient& client, Options options)
    : impl_(std::make_unique<Impl>(client, std::move(options))) {}

DynamicController::~DynamicController() { stop(); }

void DynamicController::register_kind(const kube::GroupVersionResource& gvr,
                                      std::shared_ptr<const runtime::Executable> executable,
                                      RgdInfo rgd) {
  auto entry = std::make_shared<KindEntry>();
  entry->gvr = gvr;
  entry->rgd = std::move(rgd);
  entry->namespaced = !executable->compiled().cluster_scoped;
  entry->live_reads = graph::reads_managed_fields(executable->graph());
  std::string kind_name = executable->compiled().kind;
  std::string group = executable->compiled().group;
  std::map<std::string, GroupVersionResource> wanted = child_gvrs_of(*executable, *impl_->mapper);
  entry->executable = std::move(executable);

  std::optional<internal::KindRegistry::Added> added =
      impl_->kinds.add(entry, group, kind_name, wanted, impl_->informers);
  if (!added) return;  // stopped
  // Informers are started and stopped outside the registry's lock: their handlers take it.
  for (auto& inf : added->to_stop) inf->stop();
  for (auto* inf : added->to_start) inf->start();
  // A new graph applies to every instance at once (as upstream's re-registration).
  for (const auto& ck : added->cached_keys) {
    auto slash = ck.find('/');
    std::string ns = slash == std::string::npos ? "" : ck.substr(0, slash);
    std::string name = slash == std::string::npos ? ck : ck.substr(slash + 1);
    impl_->queue.add(internal::item_key(gvr, ns, name));
  }
  spdlog::info("dynamic controller: serving {} ({} child kinds)", gvr.str(), wanted.size());
}

void DynamicController::unregister_kind(const kube::GroupVersionResource& gvr) {
  auto to_stop = impl_->kinds.remove(gvr);
  if (!to_stop) return;
  // Informers are stopped outside the lock: their handlers take it.
  for (auto& inf : *to_stop) {
    if (inf) inf->stop();
  }
  // Its instances no longer read anything.
  if (impl_->watches.forget_kind(gvr)) impl_->externals.sync();
  spdlog::info("dynamic controller: stopped serving {}", gvr.str());
}

bool DynamicController::is_registered(const kube::GroupVersionResource& gvr) const {
  return impl_->kinds.is_registered(gvr);
}

std::vector<kube::GroupVersionResource> DynamicController::registered_kinds() const {
  return impl_->kinds.registered_kinds();
}

bool DynamicController::has_synced(const kube::GroupVersionResource& gvr) const {
  return impl_->kinds.has_synced(gvr);
}

void DynamicController::start() { impl_->workers.start(); }

void DynamicController::stop() {
  std::optional<std::vector<std::jthread>> workers = impl_->workers.close();
  if (!workers) return;
  impl_->kinds.close();
  impl_->externals.close();
  impl_->queue.shut_down();
  workers->clear();  // joins: running reconciles finish
  std::vector<std::shared_ptr<kube::Informer>> informers = impl_->kinds.take_informers();
  for (auto& inf : impl_->externals.take_informers()) informers.push_back(std::move(inf));
  for (auto& inf : informers) {
    if (inf) inf->stop();
  }
}

DynamicControllerMetrics DynamicController::metrics() const {
  DynamicControllerMetrics m;
  impl_->workers.add_metrics(m);
  m.applies = impl_->counters.applies;
  m.applies_skipped = impl_->counters.applies_skipped;
  m.child_reads_live = impl_->source.child_reads_live() + impl_->counters.adoption_reads;
  m.child_lookups_unconfirmed = impl_->source.child_lookups_unconfirmed();
  m.deletes = impl_->counters.deletes;
  m.status_writes = impl_->counters.status_writes;
  m.status_unchanged = impl_->counters.status_unchanged;
  auto q = impl_->queue.metrics();
  m.queue_depth = q.depth;
  m.queue_processing = q.processing;
  m.queue_adds = q.adds;
  m.external_reads_cached = impl_->source.external_reads_cached();
  m.external_reads_live = impl_->source.external_reads_live();
  m.watch_requests = impl_->watches.request_count();
  m.registered_kinds = impl_->kinds.kind_count();
  m.external_informers = impl_->externals.count();
  m.informers = impl_->kinds.informer_count() + m.external_informers;
  return m;
}

}  // namespace kro::controller

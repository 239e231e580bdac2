#include "controller/manager.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <fstream>
#include <random>

#include "controller/access_review.h"
#include "controller/dynamic_controller.h"
#include "controller/instance_metrics.h"
#include "controller/template_kind.h"
#include "controller/version.h"
#include "kube/config.h"
#include "kube/event_recorder.h"
#include "kube/kubeconfig.h"
#include "kube/rest_mapper.h"
#include "runtime/runtime.h"

namespace kro::controller {
namespace {

// Adapts the RGD controller's KindRegistrar to the DynamicController: builds the runtime
// Executable (plans every CEL program once), checks that this process may manage the instance
// kind and every child kind a template names (access_review.h; a denial is returned, so it
// becomes ControllerReady=False and the kind is not served), and registers it.
class DynamicKindRegistrar final : public KindRegistrar {
 public:
  DynamicKindRegistrar(DynamicController& dc, std::size_t max_collection_size,
                       std::shared_ptr<InstanceMetrics> metrics,
                       std::shared_ptr<AccessReviewer> access,
                       std::shared_ptr<kube::RestMapper> mapper)
      : dc_(dc),
        max_collection_size_(max_collection_size),
        metrics_(std::move(metrics)),
        access_(std::move(access)),
        mapper_(std::move(mapper)) {}

  Result<void, RegisterError> register_kind(const kube::GroupVersionResource& gvr,
                                            std::shared_ptr<const graph::CompiledGraph> graph,
                                            const RgdInfo& rgd) override {
    runtime::ExecutableOptions eo;
    eo.max_collection_size = max_collection_size_;
    auto exe = runtime::make_executable(std::move(graph), eo);
    if (!exe) return RegisterError{"cannot plan the graph: " + exe.error().str()};
    if (access_) {
      auto missing = missing_access(*access_, access_needs(gvr, child_gvrs(**exe)));
      // The check only explains denials early: when the reviews themselves fail (an authorizer
      // that refuses them, a busy server), the kind is served and the API answers decide.
      if (!missing) {
        spdlog::warn("rgd {}: cannot check access, serving anyway: {}", rgd.name,
                     missing.error().message);
      } else if (!missing->empty()) {
        spdlog::warn("rgd {}: {}", rgd.name, *missing);
        return RegisterError{*missing, /*access_denied=*/true};
      }
    }
    dc_.register_kind(gvr, std::move(*exe), rgd);
    return {};
  }
  void unregister_kind(const kube::GroupVersionResource& gvr) override {
    dc_.unregister_kind(gvr);
    // Its instances are no longer watched: their condition series would only go stale.
    if (metrics_) metrics_->forget_kind(gvr);
  }

 private:
  // The resources of the kinds templates name literally; a kind discovery does not know is left
  // to the dynamic controller, which reports it.
  std::vector<kube::GroupVersionResource> child_gvrs(const runtime::Executable& exe) {
    std::vector<kube::GroupVersionResource> out;
    for (const auto& node : exe.graph().nodes) {
      auto gvk = literal_template_kind(node);
      if (!gvk) continue;
      if (auto res = mapper_->resource_for(*gvk); res.ok()) out.push_back(res->gvr);
    }
    return out;
  }

  DynamicController& dc_;
  std::size_t max_collection_size_;
  std::shared_ptr<InstanceMetrics> metrics_;
  std::shared_ptr<AccessReviewer> access_;
  std::shared_ptr<kube::RestMapper> mapper_;
};

Result<kube::RestConfig> load_config(const ControllerOptions& o) {
  if (o.kubeconfig.empty()) return kube::default_config(o.context);
  auto kc = kube::load_kubeconfig_files({o.kubeconfig});
  if (!kc) return Error("--kubeconfig " + o.kubeconfig + ": " + kc.error().str());
  return kc->rest_config(o.context);
}

std::string lease_namespace(const ControllerOptions& o) {
  if (!o.leader_election_namespace.empty()) return o.leader_election_namespace;
  std::ifstream f("/var/run/secrets/kubernetes.io/serviceaccount/namespace");
  std::string ns;
  if (f && std::getline(f, ns) && !ns.empty()) return ns;
  return "default";
}

std::string identity() {
  char host[256] = {0};
  gethostname(host, sizeof(host) - 1);
  std::random_device rd;
  return fmt::format("{}_{:08x}", host, rd());
}

}  // namespace

Result<std::unique_ptr<Manager>> Manager::create(const ControllerOptions& options) {
  KRO_ASSIGN_OR_RETURN(kube::RestConfig cfg, load_config(options));
  cfg.qps = options.client_qps;
  cfg.burst = options.client_burst;
  // Upstream's user agent: the API server names the field manager of a write that names none
  // (status updates, finalizer patches) after it, so both controllers record the same manager.
  cfg.user_agent = fmt::format("kro/{}", reported_version());
  KRO_ASSIGN_OR_RETURN(kube::RestClient client, kube::RestClient::create(cfg));
  KRO_ASSIGN_OR_RETURN(auto schemas, resolve::ClusterSchemaResolver::create(client));
  return std::unique_ptr<Manager>(new Manager(options, std::move(client), std::move(schemas)));
}

Manager::Manager(ControllerOptions options, kube::RestClient client,
                 std::shared_ptr<resolve::ClusterSchemaResolver> schemas)
    : opts_(std::move(options)), client_(std::move(client)), schemas_(std::move(schemas)) {}

Manager::~Manager() { stop(); }

std::string Manager::readiness() const {
  if (!controllers_started_) {
    return opts_.leader_elect ? "" : "controllers not started";  // a standby replica is ready
  }
  if (rgds_ && !rgds_->has_synced()) return "ResourceGraphDefinition informers not synced";
  return "";
}

void Manager::register_collectors() {
  metrics_.add_collector([this](MetricsRegistry& r) {
    if (!dynamic_) return;
    DynamicControllerMetrics m = dynamic_->metrics();
    // dynamic_controller_reconcile_total, _requeue_total and instance_reconcile_errors_total are
    // InstanceMetrics' (per kind, from every worker pass).
    enum Type { kCounter, kGauge };
    struct Sample {
      std::string_view name, help;
      Type type;
      double value;
    };
    const Sample samples[] = {
        {"dynamic_controller_reconcile_panics_total", "Instance reconciles that threw", kCounter,
         static_cast<double>(m.reconcile_panics)},
        {"dynamic_controller_dropped_total", "Instances dropped after max retries", kCounter,
         static_cast<double>(m.dropped)},
        {"dynamic_controller_reconcile_seconds_total", "Time spent reconciling instances", kCounter,
         m.reconcile_seconds_total},
        {"kro_child_applies_total", "Server-side applies sent for children and instances", kCounter,
         static_cast<double>(m.applies)},
        {"kro_child_applies_skipped_total",
         "Applies skipped because the cached object already matched", kCounter,
         static_cast<double>(m.applies_skipped)},
        {"kro_child_reads_live_total",
         "Children read from the API server before an apply (no synced cache, or adoption)",
         kCounter, static_cast<double>(m.child_reads_live)},
        {"kro_child_lookups_unconfirmed_total",
         "Children a synced cache answered absent, applied without a confirming read", kCounter,
         static_cast<double>(m.child_lookups_unconfirmed)},
        {"kro_child_deletes_total", "Child deletes sent (prune and deletion waves)", kCounter,
         static_cast<double>(m.deletes)},
        {"kro_instance_status_writes_total", "Instance status updates sent", kCounter,
         static_cast<double>(m.status_writes)},
        {"kro_instance_status_unchanged_total", "Instance status writes skipped", kCounter,
         static_cast<double>(m.status_unchanged)},
        {"dynamic_controller_gvr_count", "Kinds served", kGauge,
         static_cast<double>(m.registered_kinds)},
        {"dynamic_controller_watch_count", "Informers running", kGauge,
         static_cast<double>(m.informers)},
        {"kro_external_informers", "Informers over kinds read as external references", kGauge,
         static_cast<double>(m.external_informers)},
        {"dynamic_controller_watch_request_count",
         "Objects and selectors that instances watch as external references", kGauge,
         static_cast<double>(m.watch_requests)},
        {"kro_external_reads_cached_total",
         "External reference reads answered from a synced informer", kCounter,
         static_cast<double>(m.external_reads_cached)},
        {"kro_external_reads_live_total", "External reference reads sent to the API server",
         kCounter, static_cast<double>(m.external_reads_live)},
        {"dynamic_controller_queue_length", "Instance keys ready in the queue", kGauge,
         static_cast<double>(m.queue_depth)},
        {"kro_instance_queue_processing", "Instance keys being reconciled", kGauge,
         static_cast<double>(m.queue_processing)},
        {"kro_instance_queue_adds_total", "Instance keys added to the queue", kCounter,
         static_cast<double>(m.queue_adds)},
        {"kro_instance_concurrency_limit",
         "Instance reconciles allowed at once (adaptive, between the configured floor and ceiling)",
         kGauge, static_cast<double>(m.concurrency_limit)},
    };
    for (const Sample& s : samples) {
      if (s.type == kGauge) {
        r.gauge(s.name, s.help).set(s.value);
      } else {
        r.counter(s.name, s.help).set_total(s.value);
      }
    }
  });
  metrics_.add_collector([this](MetricsRegistry& r) {
    kube::TransportStats s = client_.transport()->stats();
    r.counter(
         "kro_client_rate_limiter_wait_seconds_total",
         "Time requests waited for the client-side rate limiter (--client-qps, --client-burst)")
        .set_total(static_cast<double>(s.limiter_wait.count()) / 1e6);
    r.counter("kro_client_throttled_total", "Answers of 429 Too Many Requests from the API server")
        .set_total(static_cast<double>(s.throttled));
    r.counter("kro_client_requests_total", "Requests sent to the API server, watches included")
        .set_total(static_cast<double>(s.sent));
  });
  metrics_.gauge("kro_build_info", "kro-controller build", {{"version", reported_version()}})
      .set(1);
}

Status Manager::start() {
  register_collectors();
  KRO_ASSIGN_OR_RETURN(BindAddress maddr, parse_bind_address(opts_.metrics_bind_address));
  KRO_ASSIGN_OR_RETURN(BindAddress paddr, parse_bind_address(opts_.health_probe_bind_address));
  http_ = std::make_unique<HttpServer>(
      HttpEndpoints{&metrics_, [] { return std::string(); }, [this] { return readiness(); }}, maddr,
      paddr);
  KRO_RETURN_IF_ERROR(http_->start());
  spdlog::info("serving /metrics on port {}, /healthz and /readyz on port {}",
               http_->metrics_port(), http_->probes_port());

  if (!opts_.leader_elect) {
    start_controllers();
    return {};
  }
  kube::LeaderElectionConfig le;
  le.lease_namespace = lease_namespace(opts_);
  le.lease_name = opts_.leader_election_id;
  le.identity = identity();
  le.lease_duration = opts_.leader_election_lease_duration;
  le.renew_deadline = opts_.leader_election_renew_deadline;
  le.retry_period = opts_.leader_election_retry_period;
  le.on_started_leading = [this] {
    spdlog::info("leader election: acquired lease {}", opts_.leader_election_id);
    // Started on its own thread: callbacks must not block the elector.
    std::thread([this] { start_controllers(); }).detach();
  };
  le.on_stopped_leading = [this] {
    std::lock_guard lock(mu_);
    if (!stopping_) {
      spdlog::error("leader election: lost lease {}", opts_.leader_election_id);
      lost_leadership_ = true;
    }
    cv_.notify_all();
  };
  le.on_new_leader = [](const std::string& id) {
    spdlog::info("leader election: leader is {}", id);
  };
  KRO_ASSIGN_OR_RETURN(elector_, kube::LeaderElector::create(
                                     std::make_shared<kube::RestLeaseApi>(client_), std::move(le)));
  election_thread_ = std::jthread([this](const std::stop_token& st) { elector_->run(st); });
  return {};
}

void Manager::start_controllers() {
  std::lock_guard lock(mu_);
  if (controllers_started_ || stopping_) return;
  DynamicControllerOptions dopts;
  dopts.workers = opts_.dynamic_controller_concurrent_reconciles;
  dopts.max_workers = opts_.dynamic_controller_max_concurrent_reconciles;
  dopts.queue_limits = kube::QueueRateLimits{opts_.dynamic_controller_rate_limiter_min_delay,
                                             opts_.dynamic_controller_rate_limiter_max_delay,
                                             opts_.dynamic_controller_rate_limiter_rate_limit,
                                             opts_.dynamic_controller_rate_limiter_burst_limit};
  dopts.max_retries = opts_.dynamic_controller_default_queue_max_retries;
  dopts.requeue_interval = opts_.instance_requeue_interval;
  dopts.resync_period =
      std::chrono::seconds(opts_.dynamic_controller_default_resync_period_seconds);
  dopts.kro_version = reported_version();
  // One recorder for every Event: instances' kro condition transitions only with the
  // InstanceConditionEvents gate (off by default, as upstream); the kro-cpp extensions' own events
  // (Orphaned, and the warnings of a deletion that waits past --deletion-wait-warning) always.
  // It aggregates repeats and rate-limits per object, so a flapping instance cannot flood the
  // API server.
  kube::EventRecorderOptions eopts;
  eopts.component = "kro";
  eopts.instance = identity();
  auto recorder = std::make_shared<kube::EventRecorder>(
      std::make_shared<kube::RestEventSink>(client_), std::move(eopts));
  dopts.events = recorder;
  dopts.condition_events = opts_.feature_gates.instance_condition_events;
  dopts.warnings = recorder;
  dopts.deletion_wait_warning = opts_.deletion_wait_warning;
  auto instance_metrics = InstanceMetrics::create(
      metrics_, {.condition_metrics = opts_.feature_gates.instance_condition_metrics, .now = {}});
  dopts.observer = instance_metrics;
  dopts.instance_metrics = instance_metrics;
  // One discovery cache for the instance controller and the access check of served kinds.
  dopts.mapper = std::make_shared<kube::RestMapper>(std::make_shared<kube::Discovery>(client_));
  dynamic_ = std::make_unique<DynamicController>(client_, dopts);
  registrar_ = std::make_unique<DynamicKindRegistrar>(
      *dynamic_, static_cast<std::size_t>(opts_.rgd_max_collection_size), instance_metrics,
      std::make_shared<SelfSubjectAccessReviewer>(client_), dopts.mapper);
  RgdControllerOptions ropts;
  ropts.workers = opts_.rgd_concurrent_reconciles;
  ropts.allow_crd_deletion = opts_.allow_crd_deletion;
  ropts.progress_requeue_delay = opts_.rgd_progress_requeue_delay;
  ropts.kro_version = reported_version();
  ropts.max_foreach_dimensions = static_cast<std::size_t>(opts_.rgd_max_collection_dimension_size);
  ropts.metrics = &metrics_;
  ropts.schemas = schemas_;
  ropts.max_graph_revisions = opts_.rgd_max_graph_revisions;
  ropts.warnings = recorder;
  ropts.events = recorder;  // the rollout hold's Events (kro-cpp)
  ropts.deletion_wait_warning = opts_.deletion_wait_warning;
  rgds_ = std::make_unique<RgdController>(client_, *registrar_, ropts);
  dynamic_->start();
  rgds_->start();
  controllers_started_ = true;
  const FeatureGates& g = opts_.feature_gates;
  spdlog::info(
      "feature gates: InstanceConditionEvents={} InstanceConditionMetrics={} CELOmitFunction={}",
      g.instance_condition_events, g.instance_condition_metrics, g.cel_omit_function);
  spdlog::info("controllers started (instance workers: {}, RGD workers: {})", dopts.workers,
               ropts.workers);
}

bool Manager::wait_lost_leadership() {
  std::unique_lock lock(mu_);
  cv_.wait(lock, [this] { return lost_leadership_ || stopping_; });
  return lost_leadership_;
}

void Manager::stop() {
  {
    std::lock_guard lock(mu_);
    if (stopping_) return;
    stopping_ = true;
  }
  cv_.notify_all();
  spdlog::info("shutting down");
  // RGDs first, so no kind is registered while the instance controller drains.
  if (rgds_) rgds_->stop();
  if (dynamic_) dynamic_->stop();
  if (election_thread_.joinable()) {
    election_thread_.request_stop();  // releases the lease
    election_thread_.join();
  }
  if (http_) http_->stop();
  spdlog::info("stopped");
}

}  // namespace kro::controller

#include "controller/rgd_controller.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "cel/types/type.h"
#include "controller/internal/rgd_pass.h"
#include "controller/rgd_conditions.h"
#include "controller/rollout_hold.h"
#include "graph/model.h"
#include "kube/object_meta.h"
#include "kube/transforming_source.h"
#include "schema/crd.h"
#include "value/yaml.h"

namespace kro::controller {

const kube::GroupVersionResource kRgdGvr{"kro.run", "v1alpha1", "resourcegraphdefinitions"};

namespace {

using std::chrono::milliseconds;
constexpr milliseconds kDone{0};
constexpr milliseconds kBackoff{-1};

const kube::GroupVersionResource kCrdGvr{"apiextensions.k8s.io", "v1", "customresourcedefinitions"};

Json labels_of(const Json& obj) {
  const Json* l = find_path(obj, "metadata.labels");
  return l != nullptr ? *l : Json();
}

// What the RGD controller reads of a GraphRevision: which RGD it belongs to and whether it is
// being deleted (the snapshot of the spec stays out of the cache).
Document revision_metadata(Document gr) {
  if (!gr || !gr->is_object()) return gr;
  JsonObject meta;
  for (const char* key : {"name", "uid", "resourceVersion", "deletionTimestamp"}) {
    if (const Json* v = find_path(*gr, std::string("metadata.") + key)) meta[key] = *v;
  }
  return make_document(JsonObject{
      {"metadata", std::move(meta)},
      {"spec",
       JsonObject{{"snapshot", JsonObject{{"name", string_at(*gr, "spec.snapshot.name")}}}}}});
}

// What the RGD controller reads of a CRD: its name, generation and labels.
Document crd_metadata(Document crd) {
  if (!crd || !crd->is_object()) return crd;
  JsonObject meta;
  for (const char* key : {"name", "uid", "resourceVersion", "generation", "labels"}) {
    if (const Json* v = find_path(*crd, std::string("metadata.") + key)) meta[key] = *v;
  }
  return make_document(JsonObject{{"metadata", std::move(meta)}});
}

// The served graph needs its resources' schemas (the runtime's format-aware bindings) but not
// the CEL types typing converted them to: one tree per kind and resource id, ~1 MiB for a 1 MB
// CRD schema, which would otherwise live as long as the RGD is served (bench/large-schema).
void drop_cel_types(graph::CompiledGraph& compiled) {
  for (auto& [id, rt] : compiled.resources) {
    rt.object = cel::types::Type::dyn();
    rt.type = cel::types::Type::dyn();
  }
}

}  // namespace

std::optional<milliseconds> requeue_after_register_failure(const RegisterError& error,
                                                           const RgdControllerOptions& options) {
  if (error.access_denied) return options.access_denied_retry;
  return std::nullopt;
}

RgdController::RgdController(kube::RestClient& client, KindRegistrar& kinds,
                             RgdControllerOptions options)
    : client_(client), kinds_(kinds), opts_(std::move(options)), crds_(client) {
  queue_ = std::make_unique<kube::WorkQueue>(kube::make_default_queue_rate_limiter(
      {std::chrono::milliseconds(5), std::chrono::seconds(300), 10, 100}));
}

RgdController::~RgdController() { stop(); }

void RgdController::count(std::string_view metric, std::string_view help, const Labels& labels) {
  if (opts_.metrics != nullptr) opts_.metrics->counter(metric, help, labels).inc();
}

void RgdController::start() {
  if (started_) return;
  started_ = true;
  kube::ResourceSelector rgd_sel;
  rgd_sel.gvr = kRgdGvr;
  rgds_ =
      std::make_shared<kube::Informer>(std::make_shared<kube::RestListerWatcher>(client_, rgd_sel));
  rgds_->add_handlers(
      {.on_add = [this](const Document& o) { queue_->add(string_at(*o, "metadata.name")); },
       .on_update =
           [this](const Document& old, const Document& o) {
             // Status writes (ours) and label edits do not change the graph.
             bool relevant =
                 int_at(*old, "metadata.generation") != int_at(*o, "metadata.generation") ||
                 kube::is_terminating(*old) != kube::is_terminating(*o) ||
                 (kube::annotation(*old, kAllowBreakingChangesAnnotation) == "true") !=
                     (kube::annotation(*o, kAllowBreakingChangesAnnotation) == "true") ||
                 rollout_hold_requested(*old) != rollout_hold_requested(*o) ||
                 old == o;  // a resync
             if (relevant) queue_->add(string_at(*o, "metadata.name"));
           },
       .on_delete = [this](const Document& o) { queue_->add(string_at(*o, "metadata.name")); }});
  // Every CRD, not only kro's: a failed RGD may be waiting for any kind. Only metadata is
  // kept, so a cluster with thousands of large CRDs costs little memory here.
  kube::ResourceSelector crd_sel;
  crd_sel.gvr = kCrdGvr;
  crd_informer_ =
      std::make_shared<kube::Informer>(std::make_shared<kube::TransformingListerWatcher>(
          std::make_shared<kube::RestListerWatcher>(client_, crd_sel), crd_metadata));
  crd_informer_->add_handlers(
      {.on_add = [this](const Document&) { retry_failed_compiles(); },
       .on_update = [this](const Document& old, const Document& o) { on_crd_event(old.get(), *o); },
       .on_delete = [this](const Document& o) { on_crd_event(nullptr, *o); }});
  // kro's GraphRevisions: one that starts terminating, or goes, wakes its RGD, which releases
  // it from kro's finalizer and issues or picks the revision to serve.
  kube::ResourceSelector gr_sel;
  gr_sel.gvr = kGraphRevisionGvr;
  gr_sel.label_selector = std::string(schema::kOwnedLabel) + "=true";
  revision_informer_ =
      std::make_shared<kube::Informer>(std::make_shared<kube::TransformingListerWatcher>(
          std::make_shared<kube::RestListerWatcher>(client_, gr_sel), revision_metadata));
  auto rgd_of = [](const Document& gr) { return string_at(*gr, "spec.snapshot.name"); };
  revision_informer_->add_handlers(
      {.on_add = nullptr,
       .on_update =
           [this, rgd_of](const Document& old, const Document& o) {
             if (kube::is_terminating(*old) != kube::is_terminating(*o)) queue_->add(rgd_of(o));
           },
       .on_delete = [this, rgd_of](const Document& o) { queue_->add(rgd_of(o)); }});
  rgds_->start();
  crd_informer_->start();
  revision_informer_->start();
  for (int i = 0; i < std::max(1, opts_.workers); ++i) {
    workers_.emplace_back([this](const std::stop_token& st) { worker(st); });
  }
}

void RgdController::stop() {
  if (!started_) return;
  started_ = false;
  stop_.request_stop();  // cuts a wait for an Established CRD short
  queue_->shut_down();
  for (auto& w : workers_) {
    if (w.joinable()) w.join();
  }
  workers_.clear();
  if (rgds_) rgds_->stop();
  if (crd_informer_) crd_informer_->stop();
  if (revision_informer_) revision_informer_->stop();
}

bool RgdController::has_synced() const {
  return rgds_ && rgds_->has_synced() && crd_informer_ && crd_informer_->has_synced() &&
         revision_informer_ && revision_informer_->has_synced();
}

std::map<std::string, kube::GroupVersionResource> RgdController::served() const {
  std::lock_guard lock(mu_);
  std::map<std::string, kube::GroupVersionResource> out;
  for (const auto& [name, reg] : registrations_) out.emplace(name, reg.gvr);
  return out;
}

void RgdController::worker(const std::stop_token& stop) {
  while (!stop.stop_requested()) {
    auto key = queue_->get();
    if (!key) return;
    milliseconds next = kBackoff;
    try {
      next = reconcile(*key);
    } catch (const std::exception& e) {
      spdlog::error("rgd {}: reconcile threw: {}", *key, e.what());
      count("rgd_reconcile_panics_total", "RGD reconciles that threw");
    }
    if (next == kDone) {
      queue_->forget(*key);
    } else if (next < kDone) {
      queue_->add_rate_limited(*key);
    } else {
      queue_->forget(*key);
      queue_->add_after(*key, next);
    }
    queue_->done(*key);
  }
}

milliseconds RgdController::reconcile(const std::string& name) {
  if (name.empty()) return kDone;
  Document rgd = rgds_ ? rgds_->store().get("", name) : nullptr;
  if (!rgd) {
    // Fetched live when there is no cache (tests) or the cache has not seen it yet.
    auto live = client_.get(kRgdGvr, "", name);
    if (!live.ok()) {
      if (live.error().is_not_found()) {
        forget(name);
        // Revisions of an RGD that is gone, deleted by the garbage collector or by hand, wait
        // for kro's finalizer to go.
        if (auto listed = list_revisions(name); listed.ok()) {
          release_revisions(listed->terminating);
        }
        revisions_.erase_all(name);
        return kDone;
      }
      spdlog::warn("rgd {}: cannot read: {}", name, live.error().message);
      return kBackoff;
    }
    rgd = make_document(std::move(*live));
  }
  if (kube::is_terminating(*rgd)) return cleanup(*rgd);
  return reconcile_object(*rgd);
}

void RgdController::on_crd_event(const Json* old_crd, const Json& crd) {
  // The Established status arriving, or any other status write, is not a change.
  if (old_crd != nullptr &&
      int_at(*old_crd, "metadata.generation") == int_at(crd, "metadata.generation") &&
      labels_of(*old_crd) == labels_of(crd)) {
    return;
  }
  if (kube::label(crd, schema::kOwnedLabel) == "true") {
    std::string owner = kube::label(crd, schema::kRgdNameLabel);
    if (!owner.empty()) queue_->add(owner);
  }
  retry_failed_compiles();
}

void RgdController::retry_failed_compiles() {
  std::set<std::string> failed;
  {
    std::lock_guard lock(mu_);
    failed = failed_compiles_;
  }
  // The API server publishes a new CRD's OpenAPI a moment after the CRD appears; the reset
  // backoff retries within milliseconds until it does.
  for (const std::string& name : failed) {
    queue_->forget(name);
    queue_->add(name);
  }
}

void RgdController::forget(const std::string& name) {
  std::optional<Registration> reg;
  {
    std::lock_guard lock(mu_);
    auto it = registrations_.find(name);
    if (it != registrations_.end()) {
      reg = it->second;
      registrations_.erase(it);
    }
    states_.erase(name);
    failed_compiles_.erase(name);
  }
  announcer_.forget(name);
  if (reg) {
    spdlog::info("rgd {}: gone; no longer serving {}", name, reg->gvr.str());
    kinds_.unregister_kind(reg->gvr);
  }
}

Result<Json> RgdController::add_finalizer(const Json& rgd) {
  Json patch = JsonObject{
      {"metadata", JsonObject{{"finalizers", kube::finalizers_with(rgd, kFinalizer)},
                              {"resourceVersion", string_at(rgd, "metadata.resourceVersion")}}}};
  auto r = client_.patch(kRgdGvr, "", string_at(rgd, "metadata.name"), kube::PatchType::kMerge,
                         to_json(patch));
  if (!r.ok()) return Error("cannot add finalizer: " + r.error().message);
  return std::move(*r);
}

Status RgdController::remove_finalizer(const Json& rgd) {
  Json patch = JsonObject{
      {"metadata", JsonObject{{"finalizers", kube::finalizers_without(rgd, kFinalizer)},
                              {"resourceVersion", string_at(rgd, "metadata.resourceVersion")}}}};
  auto r = client_.patch(kRgdGvr, "", string_at(rgd, "metadata.name"), kube::PatchType::kMerge,
                         to_json(patch));
  if (!r.ok() && !r.error().is_not_found()) {
    return Error("cannot remove finalizer: " + r.error().message);
  }
  return {};
}

Status RgdController::write_status(const Json& rgd, const JsonObject& status) {
  const Json* current = find_path(rgd, "status");
  JsonObject patch_status;
  JsonObject empty;
  const JsonObject& cur = current != nullptr && current->is_object() ? current->as_object() : empty;
  for (const auto& [k, v] : status) {
    const Json* have = cur.if_contains(k);
    if (have == nullptr || !deep_equal(*have, v)) patch_status[k] = v;
  }
  for (const auto& [k, v] : cur) {
    if (!status.contains(k)) patch_status[k] = nullptr;
  }
  if (patch_status.empty()) return {};  // steady state: no write
  Json patch = JsonObject{{"status", std::move(patch_status)}};
  auto r = client_.patch(kRgdGvr, "", string_at(rgd, "metadata.name"), kube::PatchType::kMerge,
                         to_json(patch), {}, "status");
  if (!r.ok()) return Error("cannot write status: " + r.error().message);
  count("rgd_status_writes_total", "RGD status patches sent");
  return {};
}

milliseconds RgdController::reconcile_object(const Json& rgd_in) {
  Json rgd = rgd_in;
  std::string name = string_at(rgd, "metadata.name");
  if (!kube::has_finalizer(rgd, kFinalizer)) {
    auto patched = add_finalizer(rgd);
    if (!patched) {
      spdlog::warn("rgd {}: {}", name, patched.error().message);
      return kBackoff;
    }
    rgd = std::move(*patched);
  }
  std::string uid = string_at(rgd, "metadata.uid");
  std::string now = rgd_condition_time_now();
  const Json* status_j = find_path(rgd, "status");
  JsonObject status =
      status_j != nullptr && status_j->is_object() ? status_j->as_object() : JsonObject{};
  RgdConditions conds(find_path(rgd, "status.conditions"), int_at(rgd, "metadata.generation"),
                      string_at(rgd, "metadata.creationTimestamp"));
  Pass pass{
      rgd, std::move(name), std::move(uid), std::move(now), std::move(status), std::move(conds)};
  if (const RgdCondition* held = pass.conds.get(kRolloutHeld)) pass.hold_before = *held;

  // 1. The graph, from the newest GraphRevision or a new one. An invalid spec leaves whatever
  // this RGD served before serving (the last good revision), and is retried with backoff: a
  // kind it names may be created later, or the server may answer next time. A held spec
  // (rollout_hold.h) leaves the newest revision serving too.
  std::shared_ptr<const graph::CompiledGraph> compiled;
  auto resolved = resolve_revision(pass, compiled);
  announce_hold(pass);
  if (resolved) return finish(pass, *resolved);
  // 2. The CRD.
  if (auto next = ensure_crd(pass, *compiled)) return finish(pass, *next);
  // 3. Serve the kind.
  milliseconds next = serve(pass, compiled);
  if (pass.retry_compile && next == kDone) next = kBackoff;
  return finish(pass, next);
}

// Writes pass.status, which started as the RGD's status: members no step set keep their value.
milliseconds RgdController::finish(Pass& pass, milliseconds next) {
  pass.status["state"] = pass.conds.state();
  pass.status["conditions"] = pass.conds.to_json(pass.now);
  std::string state = pass.conds.state();
  std::string previous;
  {
    std::lock_guard lock(mu_);
    previous = states_[pass.name];
    states_[pass.name] = state;
  }
  if (previous != state) {
    count("rgd_state_transitions_total", "RGD state changes",
          {{"from", previous.empty() ? "None" : previous}, {"to", state}});
  }
  if (auto st = write_status(pass.rgd, pass.status); !st) {
    spdlog::warn("rgd {}: {}", pass.name, st.error().message);
    return kBackoff;
  }
  return next;
}

std::shared_ptr<const graph::CompiledGraph> RgdController::compile(Pass& pass) {
  return compile(pass, pass.rgd);
}

std::shared_ptr<const graph::CompiledGraph> RgdController::compile(Pass& pass, const Json& rgd) {
  auto build_start = std::chrono::steady_clock::now();
  YamlDocument doc{rgd, SourceMap{}};
  doc.positions.set_file("resourcegraphdefinition/" + pass.name);
  std::shared_ptr<graph::CompiledGraph> compiled;
  Error build_error;
  {
    auto model = graph::read_rgd(doc);
    if (!model) {
      build_error = model.error();
    } else if (!opts_.schemas) {
      build_error = Error("kro-controller was started without a schema resolver");
    } else {
      opts_.schemas->refresh();
      graph::CompileOptions copts;
      copts.build.max_foreach_dimensions = opts_.max_foreach_dimensions;
      copts.resolver = opts_.schemas;
      copts.rgd_uid = pass.uid;
      copts.kro_version = opts_.kro_version;
      auto c = graph::compile_rgd(*model, copts);
      if (c) {
        compiled = std::make_shared<graph::CompiledGraph>(std::move(*c));
        drop_cel_types(*compiled);
      } else {
        build_error = c.error();
      }
    }
  }
  double build_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - build_start).count();
  count("rgd_graph_build_total", "RGD graph builds");
  if (opts_.metrics != nullptr) {
    opts_.metrics->histogram("rgd_graph_build_duration_seconds", "RGD graph build time")
        .observe(build_seconds);
  }
  {
    std::lock_guard lock(mu_);
    if (compiled) {
      failed_compiles_.erase(pass.name);
    } else {
      failed_compiles_.insert(pass.name);
    }
  }
  if (!compiled) {
    count("rgd_graph_build_errors_total", "RGD graph builds that failed");
    // The condition carries the error as upstream words it; the log adds where in the RGD it
    // was found (our field path), without the synthetic file name.
    Error e = build_error;
    e.pos = SourcePos{};
    spdlog::info("rgd {}: invalid resource graph: {}", pass.name, e.str());
    pass.conds.set_false(kGraphAccepted, "InvalidResourceGraph", e.message, pass.now);
    return nullptr;
  }
  accept(pass, *compiled);
  return compiled;
}

void RgdController::accept(Pass& pass, const graph::CompiledGraph& compiled) {
  pass.conds.set_true(kGraphAccepted, "Valid", "resource graph and schema are valid", pass.now);
  pass.status["topologicalOrder"] =
      JsonArray(compiled.graph.topological_order.begin(), compiled.graph.topological_order.end());
  Json resources = resources_info(compiled.graph);
  if (resources.as_array().empty()) {
    pass.status.erase("resources");
  } else {
    pass.status["resources"] = std::move(resources);
  }
}

std::optional<milliseconds> RgdController::ensure_crd(Pass& pass,
                                                      const graph::CompiledGraph& compiled) {
  std::string crd_name = compiled.plural + "." + compiled.group;
  bool allow_breaking = kube::annotation(pass.rgd, kAllowBreakingChangesAnnotation) == "true";
  auto ensured = crds_.ensure(compiled.crd, pass.name, pass.uid, allow_breaking);
  if (!ensured) {
    spdlog::info("rgd {}: kind not ready: {}", pass.name, ensured.error().message);
    pass.conds.set_false(kKindReady, "Failed", ensured.error().message, pass.now);
    return kBackoff;
  }
  if (ensured->created || ensured->updated) {
    spdlog::info("rgd {}: CRD {} {}", pass.name, crd_name,
                 ensured->created ? "created" : "updated");
  }
  auto established =
      crds_.wait_established(crd_name, opts_.crd_established_timeout, stop_.get_token());
  if (!established) {
    pass.conds.set_false(kKindReady, "Failed", established.error().message, pass.now);
    return opts_.progress_requeue_delay;
  }
  pass.conds.set_true(kKindReady, "Ready",
                      fmt::format("kind {} has been accepted and ready", compiled.kind), pass.now);
  return std::nullopt;
}

milliseconds RgdController::serve(Pass& pass,
                                  const std::shared_ptr<const graph::CompiledGraph>& compiled) {
  std::string crd_name = compiled->plural + "." + compiled->group;
  kube::GroupVersionResource gvr{compiled->group, compiled->version, compiled->plural};
  std::optional<kube::GroupVersionResource> stale;
  {
    std::lock_guard lock(mu_);
    for (const auto& [other, reg] : registrations_) {
      if (other != pass.name && reg.gvr == gvr) {
        pass.conds.set_false(
            kControllerReady, "FailedToStart",
            fmt::format("kind {} is served for ResourceGraphDefinition {}", gvr.str(), other),
            pass.now);
        return kBackoff;
      }
    }
    auto it = registrations_.find(pass.name);
    if (it != registrations_.end() && it->second.gvr != gvr) stale = it->second.gvr;
  }
  if (stale) kinds_.unregister_kind(*stale);
  auto registered = kinds_.register_kind(gvr, compiled, RgdInfo{pass.name, pass.uid});
  if (!registered) {
    pass.conds.set_false(kControllerReady, "FailedToStart", registered.error().message, pass.now);
    return requeue_after_register_failure(registered.error(), opts_).value_or(kBackoff);
  }
  {
    std::lock_guard lock(mu_);
    registrations_[pass.name] = Registration{gvr, pass.uid, crd_name};
  }
  pass.conds.set_true(kControllerReady, "Running", "controller is running", pass.now);
  spdlog::debug("rgd {}: serving {}", pass.name, gvr.str());
  return kDone;
}

}  // namespace kro::controller

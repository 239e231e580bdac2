#include "controller/dynamic_controller.h"

#include <algorithm>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "controller/instance_reconciler.h"
#include "controller/labels.h"
#include "controller/managed_fields_stripper.h"
#include "controller/template_kind.h"
#include "controller/watch_coordinator.h"
#include "fmt/format.h"
#include "graph/compiled.h"
#include "kube/event_recorder.h"
#include "kube/informer.h"
#include "kube/label_selector.h"
#include "kube/object_meta.h"
#include "kube/rest_mapper.h"
#include "kube/work_queue.h"
#include "runtime/runtime.h"
#include "spdlog/spdlog.h"

namespace kro::controller {

namespace {

using kube::GroupVersionResource;

std::string str_at(const Json& object, std::string_view dotted) {
  return string_at(object, dotted);
}

std::string gvr_key(const GroupVersionResource& gvr) {
  return fmt::format("{}/{}/{}", gvr.group, gvr.version, gvr.resource);
}

// Work queue items: "<group>/<version>/<resource>|<namespace>/<name>".
std::string item_key(const GroupVersionResource& gvr, std::string_view ns, std::string_view name) {
  return fmt::format("{}|{}/{}", gvr_key(gvr), ns, name);
}

struct ItemKey {
  std::string gvr;
  std::string ns;
  std::string name;
};

ItemKey parse_item_key(const std::string& key) {
  ItemKey k;
  auto bar = key.find('|');
  k.gvr = key.substr(0, bar);
  std::string rest = bar == std::string::npos ? std::string() : key.substr(bar + 1);
  auto slash = rest.find('/');
  k.ns = rest.substr(0, slash);
  k.name = slash == std::string::npos ? std::string() : rest.substr(slash + 1);
  return k;
}

std::string selector_string(const Labels& labels) {
  std::string out;
  for (const auto& [k, v] : labels) {
    if (!out.empty()) out += ',';
    out += k;
    out += '=';
    out += v;
  }
  return out;
}

// Objects of built-in kinds arrive from a list without apiVersion and kind (watch events carry
// them); the runtime's identities and the drift check need them, so they are filled in.
Document with_type(Document d, const kube::ApiResource& resource) {
  if (!d || resource.kind.empty() || find_path(*d, "kind") != nullptr) return d;
  Json copy = *d;
  copy.as_object()["apiVersion"] = resource.gvr.group_version().str();
  copy.as_object()["kind"] = resource.kind;
  return make_document(std::move(copy));
}

kube::ApiError invalid_selector(const Error& e) {
  kube::ApiError err;
  err.reason = kube::Reason::kInvalid;
  err.message = "invalid label selector: " + e.str();
  return err;
}

// Cached objects in the order the API server lists them (namespace, then name), so that a
// collection read from the cache evaluates exactly as one read live.
void sort_like_a_list(std::vector<Document>& docs) {
  std::sort(docs.begin(), docs.end(), [](const Document& a, const Document& b) {
    return std::pair(str_at(*a, "metadata.namespace"), str_at(*a, "metadata.name")) <
           std::pair(str_at(*b, "metadata.namespace"), str_at(*b, "metadata.name"));
  });
}

}  // namespace

struct DynamicController::Impl : ObjectSource {
  struct Kind {
    std::shared_ptr<const KindEntry> entry;
    std::shared_ptr<kube::Informer> informer;
    std::set<std::string> child_gvrs;  // gvr keys of the children informers it holds
  };
  struct Child {
    GroupVersionResource gvr;
    std::shared_ptr<kube::Informer> informer;
    int refs = 0;
  };
  // An informer over every object of a kind some instance reads as an external reference
  // (no label filter: external objects carry no kro labels).
  struct External {
    kube::ApiResource resource;
    std::shared_ptr<kube::Informer> informer;
  };

  kube::RestClient& client;
  Options opts;
  std::shared_ptr<kube::RestMapper> mapper;
  kube::WorkQueue queue;
  ReconcileCounters counters;
  AppliedMemo memo;
  std::unique_ptr<InstanceReconciler> reconciler;

  mutable std::mutex mu;
  std::map<std::string, Kind> kinds;                                               // by gvr key
  std::map<std::string, Child> children;                                           // by gvr key
  std::map<std::pair<std::string, std::string>, GroupVersionResource> kind_by_gk;  // instance
  std::map<std::string, External> externals;                                       // by gvr key
  std::map<std::string, kube::ApiResource> external_resources;  // kinds read as external refs
  std::vector<std::jthread> workers;
  bool started = false;
  bool stopped = false;

  std::atomic<std::uint64_t> reconciles{0};
  std::atomic<std::uint64_t> reconcile_errors{0};
  std::atomic<std::uint64_t> panics{0};
  std::atomic<std::uint64_t> requeues{0};
  std::atomic<std::uint64_t> dropped{0};
  std::atomic<std::uint64_t> reconcile_micros{0};
  std::atomic<std::uint64_t> external_reads_cached{0};
  std::atomic<std::uint64_t> external_reads_live{0};

  // Who reads which external objects; decides which external informers run.
  WatchCoordinator watches;
  // Serializes the start/stop of external informers (taken before mu, never inside it).
  std::mutex external_sync_mu;

  Impl(kube::RestClient& c, Options o)
      : client(c),
        opts(std::move(o)),
        queue(kube::make_default_queue_rate_limiter(opts.queue_limits)) {
    mapper = opts.mapper
                 ? opts.mapper
                 : std::make_shared<kube::RestMapper>(std::make_shared<kube::Discovery>(client));
    reconciler = std::make_unique<InstanceReconciler>(
        client, *this,
        ReconcilerConfig{opts.kro_version, opts.requeue_interval, opts.events,
                         opts.instance_metrics},
        counters, memo);
  }

  // --- ObjectSource: caches first, the API server when no synced cache covers the question.

  kube::ApiResult<kube::ApiResource> resource_for(const kube::GroupVersionKind& gvk) override {
    return mapper->resource_for(gvk);
  }
  kube::ApiResult<kube::ApiResource> resource_for_group_kind(std::string_view group,
                                                             std::string_view kind) override {
    return mapper->resource_for_group_kind(group, kind);
  }

  // The synced informer caching a GVR (instances or children), or null. Shared, so that an
  // unregister_kind meanwhile cannot pull the cache from under a running reconcile.
  std::shared_ptr<const kube::Informer> cache_for(const GroupVersionResource& gvr) const {
    std::lock_guard lock(mu);
    std::string key = gvr_key(gvr);
    if (auto it = kinds.find(key);
        it != kinds.end() && it->second.informer && it->second.informer->has_synced()) {
      return it->second.informer;
    }
    if (auto it = children.find(key); it != children.end() && it->second.informer->has_synced()) {
      return it->second.informer;
    }
    return nullptr;
  }

  kube::ApiResult<Document> get(const kube::ApiResource& resource, std::string_view ns,
                                std::string_view name) override {
    if (auto inf = cache_for(resource.gvr)) {
      if (Document d = inf->store().get(ns, name)) return with_type(std::move(d), resource);
      // Instances are cached completely; children only when they carry kro's labels, so a miss
      // may be an object kro will adopt.
      std::lock_guard lock(mu);
      if (kinds.count(gvr_key(resource.gvr)) != 0) return Document();
    }
    auto r = client.get(resource.gvr, ns, name);
    if (!r) {
      if (r.error().is_not_found()) return Document();
      return std::move(r).take_error();
    }
    return make_document(std::move(*r));
  }

  kube::ApiResult<std::vector<Document>> list(const kube::ApiResource& resource,
                                              std::string_view ns,
                                              const Labels& match_labels) override {
    if (auto inf = cache_for(resource.gvr)) {
      std::vector<Document> out;
      for (auto& d : inf->store().by_labels(match_labels)) {
        if (ns.empty() || str_at(*d, "metadata.namespace") == ns) {
          out.push_back(with_type(std::move(d), resource));
        }
      }
      return out;
    }
    return list_live(resource, ns, selector_string(match_labels));
  }

  kube::ApiResult<std::vector<Document>> list_selector(const kube::ApiResource& resource,
                                                       std::string_view ns,
                                                       const Json& selector) override {
    auto sel = kube::LabelSelector::parse(selector);
    if (!sel) return invalid_selector(sel.error());
    return list_live(resource, ns, sel->str());
  }

  // --- External references: the request is recorded before the read, so that an event landing
  // after the read (the cache moved on) finds the reconcile in flight and wakes it again.

  std::shared_ptr<const kube::Informer> external_cache_for(const GroupVersionResource& gvr) {
    std::lock_guard lock(mu);
    auto it = externals.find(gvr_key(gvr));
    if (it == externals.end() || !it->second.informer->has_synced()) return nullptr;
    return it->second.informer;
  }

  void note_external_resource(const kube::ApiResource& resource) {
    std::lock_guard lock(mu);
    external_resources.insert_or_assign(gvr_key(resource.gvr), resource);
  }

  kube::ApiResult<Document> get_external(const InstanceKey& reader,
                                         const kube::ApiResource& resource, std::string_view ns,
                                         std::string_view name) override {
    watches.record(reader, WatchRequest::scalar(resource.gvr, std::string(ns), std::string(name)));
    note_external_resource(resource);
    if (auto inf = external_cache_for(resource.gvr)) {
      ++external_reads_cached;
      // The informer holds every object of the kind: a miss is a real NotFound.
      return with_type(inf->store().get(ns, name), resource);
    }
    ++external_reads_live;
    return get(resource, ns, name);
  }

  kube::ApiResult<std::vector<Document>> list_external(const InstanceKey& reader,
                                                       const kube::ApiResource& resource,
                                                       std::string_view ns,
                                                       const Json& selector) override {
    auto sel = kube::LabelSelector::parse(selector);
    if (!sel) return invalid_selector(sel.error());
    watches.record(reader, WatchRequest::collection(resource.gvr, std::string(ns), *sel));
    note_external_resource(resource);
    if (auto inf = external_cache_for(resource.gvr)) {
      ++external_reads_cached;
      std::vector<Document> out;
      for (auto& d : ns.empty() ? inf->store().list() : inf->store().by_namespace(ns)) {
        if (sel->matches(*d)) out.push_back(with_type(std::move(d), resource));
      }
      sort_like_a_list(out);
      return out;
    }
    ++external_reads_live;
    return list_live(resource, ns, sel->str());
  }

  kube::ApiResult<std::vector<Document>> list_live(const kube::ApiResource& resource,
                                                   std::string_view ns,
                                                   const std::string& selector) {
    std::vector<Document> out;
    kube::ListOptions lo;
    lo.label_selector = selector;
    lo.limit = 500;
    auto r = client.list_pages(resource.gvr, ns, lo, [&](Json& page) {
      if (const Json* items = find_path(page, "items"); items != nullptr && items->is_array()) {
        for (const auto& item : items->as_array()) {
          Json obj = item;
          // List items carry no apiVersion/kind; the runtime's identity needs them.
          obj.as_object()["apiVersion"] = resource.gvr.group_version().str();
          obj.as_object()["kind"] = resource.kind;
          out.push_back(make_document(std::move(obj)));
        }
      }
      return true;
    });
    if (!r) return std::move(r).take_error();
    return out;
  }

  // --- Events → queue.

  void enqueue_instance(const GroupVersionResource& gvr, const Json& obj) {
    queue.add(item_key(gvr, str_at(obj, "metadata.namespace"), str_at(obj, "metadata.name")));
  }

  // A child's labels name its instance; map them to the instance's work item.
  void enqueue_owner(const Json& child) {
    std::string group = label_of(child, kInstanceGroupLabel);
    std::string kind = label_of(child, kInstanceKindLabel);
    std::string name = label_of(child, kInstanceNameLabel);
    if (kind.empty() || name.empty()) return;
    GroupVersionResource gvr;
    {
      std::lock_guard lock(mu);
      auto it = kind_by_gk.find({group, kind});
      if (it == kind_by_gk.end()) return;
      gvr = it->second;
    }
    queue.add(item_key(gvr, label_of(child, kInstanceNamespaceLabel), name));
  }

  std::shared_ptr<kube::Informer> make_informer(const GroupVersionResource& gvr,
                                                std::string label_selector,
                                                bool strip_managed_fields = false) {
    kube::ResourceSelector sel;
    sel.gvr = gvr;
    sel.label_selector = std::move(label_selector);
    kube::InformerOptions io;
    io.resync_period = opts.resync_period;
    std::shared_ptr<kube::ListerWatcher> source =
        std::make_shared<kube::RestListerWatcher>(client, sel);
    if (strip_managed_fields) source = std::make_shared<ManagedFieldsStripper>(std::move(source));
    return std::make_shared<kube::Informer>(std::move(source), io);
  }

  // Every event of a watched external object, status-only changes included, wakes the
  // instances whose requests cover it (by its new labels or, for an update, its old ones).
  void wake_watchers(const GroupVersionResource& gvr, const Json& object, const Json* old_object) {
    for (const InstanceKey& k : watches.instances_for(gvr, object, old_object)) {
      queue.add(item_key(k.gvr, k.ns, k.name));
    }
  }

  std::shared_ptr<kube::Informer> make_external_informer(const GroupVersionResource& gvr) {
    auto inf = make_informer(gvr, "", /*strip_managed_fields=*/true);
    inf->add_handlers({
        .on_add = [this, gvr](const Document& o) { wake_watchers(gvr, *o, nullptr); },
        .on_update = [this, gvr](const Document& old,
                                 const Document& o) { wake_watchers(gvr, *o, old.get()); },
        .on_delete = [this, gvr](const Document& o) { wake_watchers(gvr, *o, nullptr); },
    });
    return inf;
  }

  // Runs one external informer per kind the coordinator has requests for, and no other. A new
  // informer's initial Adds wake its watchers once, which then read from the cache.
  void sync_external_informers() {
    std::lock_guard serial(external_sync_mu);
    std::vector<GroupVersionResource> wanted = watches.watched_kinds();
    std::vector<std::shared_ptr<kube::Informer>> to_start;
    std::vector<std::shared_ptr<kube::Informer>> to_stop;
    {
      std::lock_guard lock(mu);
      if (stopped) return;
      std::set<std::string> keys;
      for (const auto& gvr : wanted) {
        std::string key = gvr_key(gvr);
        keys.insert(key);
        if (externals.count(key) != 0) continue;
        auto res = external_resources.find(key);
        if (res == external_resources.end()) continue;  // every request comes with a read
        External e{res->second, make_external_informer(gvr)};
        to_start.push_back(e.informer);
        externals.emplace(key, std::move(e));
      }
      for (auto it = externals.begin(); it != externals.end();) {
        if (keys.count(it->first) != 0) {
          ++it;
          continue;
        }
        to_stop.push_back(std::move(it->second.informer));
        it = externals.erase(it);
      }
    }
    for (auto& inf : to_stop) inf->stop();
    for (auto& inf : to_start) inf->start();
    if (!to_start.empty() || !to_stop.empty()) {
      spdlog::info("dynamic controller: watching {} external kind(s) (+{} -{})", wanted.size(),
                   to_start.size(), to_stop.size());
    }
  }

  // Whether the instance is known to be gone: its kind's synced cache does not hold it.
  bool instance_gone(const std::string& gvr, const std::string& ns, const std::string& name) {
    std::lock_guard lock(mu);
    auto it = kinds.find(gvr);
    if (it == kinds.end()) return true;
    const auto& inf = it->second.informer;
    return inf && inf->has_synced() && !inf->store().get(ns, name);
  }

  std::shared_ptr<kube::Informer> make_instance_informer(const GroupVersionResource& gvr) {
    auto inf = make_informer(gvr, "");
    inf->add_handlers({
        .on_add = [this, gvr](const Document& o) { enqueue_instance(gvr, *o); },
        .on_update =
            [this, gvr](const Document& old, const Document& o) {
              // Status and label updates (ours included) are not worth a reconcile.
              bool relevant = !deep_equal(find_path(*old, "metadata.generation") != nullptr
                                              ? *find_path(*old, "metadata.generation")
                                              : Json(),
                                          find_path(*o, "metadata.generation") != nullptr
                                              ? *find_path(*o, "metadata.generation")
                                              : Json()) ||
                              is_suspended(*old) != is_suspended(*o) ||
                              kube::is_terminating(*old) != kube::is_terminating(*o) ||
                              old == o;  // periodic resync replays the same object
              if (relevant) enqueue_instance(gvr, *o);
            },
        .on_delete = [this, gvr](const Document& o) { enqueue_instance(gvr, *o); },
    });
    return inf;
  }

  std::shared_ptr<kube::Informer> make_child_informer(const GroupVersionResource& gvr) {
    auto inf = make_informer(gvr, fmt::format("{}=true", kOwnedLabel));
    inf->add_handlers({
        .on_add = [this](const Document& o) { enqueue_owner(*o); },
        .on_update =
            [this](const Document& old, const Document& o) {
              enqueue_owner(*o);
              // Labels edited away still wake the former owner, which restores them.
              if (label_of(*old, kInstanceNameLabel) != label_of(*o, kInstanceNameLabel) ||
                  label_of(*old, kInstanceKindLabel) != label_of(*o, kInstanceKindLabel)) {
                enqueue_owner(*old);
              }
            },
        .on_delete = [this](const Document& o) { enqueue_owner(*o); },
    });
    return inf;
  }

  // The GVRs of every template resource whose kind is written literally.
  std::map<std::string, GroupVersionResource> child_gvrs_of(const runtime::Executable& exe) {
    std::map<std::string, GroupVersionResource> out;
    for (const auto& node : exe.graph().nodes) {
      std::optional<kube::GroupVersionKind> gvk = literal_template_kind(node);
      if (!gvk) continue;
      auto res = mapper->resource_for(*gvk);
      if (!res) {
        spdlog::warn("no resource for {} (node {}): {}; reads fall back to the API server",
                     gvk->str(), node.id, res.error().str());
        continue;
      }
      out.emplace(gvr_key(res->gvr), res->gvr);
    }
    return out;
  }

  // Drops references; returns the informers to stop (outside the lock).
  std::vector<std::shared_ptr<kube::Informer>> release_children_locked(
      const std::set<std::string>& keys) {
    std::vector<std::shared_ptr<kube::Informer>> out;
    for (const auto& key : keys) {
      auto it = children.find(key);
      if (it == children.end()) continue;
      if (--it->second.refs <= 0) {
        out.push_back(std::move(it->second.informer));
        children.erase(it);
      }
    }
    return out;
  }

  // --- Workers.

  void work() {
    while (auto key = queue.get()) {
      process(*key);
      queue.done(*key);
    }
  }

  void process(const std::string& key) {
    ItemKey k = parse_item_key(key);
    std::shared_ptr<const KindEntry> entry;
    bool synced = false;
    {
      std::lock_guard lock(mu);
      auto it = kinds.find(k.gvr);
      if (it != kinds.end()) {
        entry = it->second.entry;
        synced = it->second.informer->has_synced();
      }
    }
    if (!entry) {
      queue.forget(key);  // the kind is no longer served
      return;
    }
    if (!synced) {
      queue.add_after(key, std::chrono::milliseconds(200));
      return;
    }
    ++reconciles;
    auto t0 = std::chrono::steady_clock::now();
    ReconcileOutcome out;
    ReconcilePass pass;
    const InstanceKey instance{entry->gvr, k.ns, k.name};
    watches.begin(instance);
    try {
      out = reconciler->reconcile(*entry, k.ns, k.name);
    } catch (const std::exception& e) {
      ++panics;
      pass.panicked = true;
      out = ReconcileOutcome::failed(fmt::format("reconcile panicked: {}", e.what()));
    }
    // What this pass read is what the instance watches from now on (a failed pass keeps what it
    // watched before as well); an instance that is gone watches nothing.
    bool kinds_changed = instance_gone(k.gvr, k.ns, k.name)
                             ? watches.forget(instance)
                             : watches.commit(instance, out.kind != ReconcileOutcome::Kind::kError);
    if (kinds_changed) sync_external_informers();
    pass.took = std::chrono::steady_clock::now() - t0;
    reconcile_micros += static_cast<std::uint64_t>(
        std::chrono::duration_cast<std::chrono::microseconds>(pass.took).count());
    switch (out.kind) {
      case ReconcileOutcome::Kind::kDone:
        queue.forget(key);
        break;
      case ReconcileOutcome::Kind::kRequeueAfter:
        ++requeues;
        pass.action = ReconcilePass::QueueAction::kRequeueAfter;
        queue.forget(key);
        queue.add_after(key, out.after);
        break;
      case ReconcileOutcome::Kind::kError:
        ++reconcile_errors;
        if (queue.num_requeues(key) < opts.max_retries) {
          spdlog::warn("reconcile {} failed (retrying): {}", key, out.error);
          pass.action = ReconcilePass::QueueAction::kRateLimited;
          queue.add_rate_limited(key);
        } else {
          spdlog::error("reconcile {} failed {} times, dropped until its next event: {}", key,
                        opts.max_retries, out.error);
          ++dropped;
          pass.action = ReconcilePass::QueueAction::kDropped;
          queue.forget(key);
        }
        break;
    }
    if (opts.observer) {
      pass.gvr = entry->gvr;
      pass.ns = std::move(k.ns);
      pass.name = std::move(k.name);
      opts.observer->on_reconciled(pass);
    }
  }
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
  std::string kind_name = executable->compiled().kind;
  std::string group = executable->compiled().group;
  std::map<std::string, GroupVersionResource> wanted = impl_->child_gvrs_of(*executable);
  entry->executable = std::move(executable);

  std::string key = gvr_key(gvr);
  std::vector<std::shared_ptr<kube::Informer>> to_stop;
  std::vector<kube::Informer*> to_start;
  std::vector<std::string> cached_keys;
  {
    std::lock_guard lock(impl_->mu);
    if (impl_->stopped) return;
    Impl::Kind& k = impl_->kinds[key];
    bool fresh = !k.informer;
    bool graph_changed = k.entry && k.entry->executable != entry->executable;
    k.entry = entry;
    impl_->kind_by_gk[{group, kind_name}] = gvr;
    std::set<std::string> keys;
    for (const auto& [ck, cgvr] : wanted) {
      keys.insert(ck);
      if (k.child_gvrs.count(ck) != 0) continue;
      Impl::Child& c = impl_->children[ck];
      if (!c.informer) {
        c.gvr = cgvr;
        c.informer = impl_->make_child_informer(cgvr);
        to_start.push_back(c.informer.get());
      }
      ++c.refs;
    }
    std::set<std::string> gone;
    for (const auto& ck : k.child_gvrs) {
      if (keys.count(ck) == 0) gone.insert(ck);
    }
    to_stop = impl_->release_children_locked(gone);
    k.child_gvrs = std::move(keys);
    if (fresh) {
      k.informer = impl_->make_instance_informer(gvr);
      to_start.push_back(k.informer.get());
    } else if (graph_changed) {
      // A new graph usually comes with a new CRD schema, and the API server applies the new
      // defaults only when it serves an object. The cached instances predate that, so the cache
      // is listed afresh; its Add events enqueue every instance, and until it has synced the
      // reconciler reads instances live.
      to_stop.push_back(std::move(k.informer));
      k.informer = impl_->make_instance_informer(gvr);
      to_start.push_back(k.informer.get());
    } else {
      cached_keys = k.informer->store().keys();
    }
  }
  for (auto& inf : to_stop) inf->stop();
  for (auto* inf : to_start) inf->start();
  // A new graph applies to every instance at once (as upstream's re-registration).
  for (const auto& ck : cached_keys) {
    auto slash = ck.find('/');
    std::string ns = slash == std::string::npos ? "" : ck.substr(0, slash);
    std::string name = slash == std::string::npos ? ck : ck.substr(slash + 1);
    impl_->queue.add(item_key(gvr, ns, name));
  }
  spdlog::info("dynamic controller: serving {} ({} child kinds)", gvr.str(), wanted.size());
}

void DynamicController::unregister_kind(const kube::GroupVersionResource& gvr) {
  std::vector<std::shared_ptr<kube::Informer>> to_stop;
  {
    std::lock_guard lock(impl_->mu);
    auto it = impl_->kinds.find(gvr_key(gvr));
    if (it == impl_->kinds.end()) return;
    to_stop = impl_->release_children_locked(it->second.child_gvrs);
    to_stop.push_back(std::move(it->second.informer));
    for (auto gk = impl_->kind_by_gk.begin(); gk != impl_->kind_by_gk.end();) {
      gk = gk->second == gvr ? impl_->kind_by_gk.erase(gk) : std::next(gk);
    }
    impl_->kinds.erase(it);
  }
  // Informers are stopped outside the lock: their handlers take it.
  for (auto& inf : to_stop) {
    if (inf) inf->stop();
  }
  // Its instances no longer read anything.
  if (impl_->watches.forget_kind(gvr)) impl_->sync_external_informers();
  spdlog::info("dynamic controller: stopped serving {}", gvr.str());
}

bool DynamicController::is_registered(const kube::GroupVersionResource& gvr) const {
  std::lock_guard lock(impl_->mu);
  return impl_->kinds.count(gvr_key(gvr)) != 0;
}

std::vector<kube::GroupVersionResource> DynamicController::registered_kinds() const {
  std::lock_guard lock(impl_->mu);
  std::vector<kube::GroupVersionResource> out;
  for (const auto& [k, v] : impl_->kinds) out.push_back(v.entry->gvr);
  return out;
}

bool DynamicController::has_synced(const kube::GroupVersionResource& gvr) const {
  std::lock_guard lock(impl_->mu);
  auto it = impl_->kinds.find(gvr_key(gvr));
  if (it == impl_->kinds.end() || !it->second.informer->has_synced()) return false;
  for (const auto& ck : it->second.child_gvrs) {
    auto c = impl_->children.find(ck);
    if (c == impl_->children.end() || !c->second.informer->has_synced()) return false;
  }
  return true;
}

void DynamicController::start() {
  std::lock_guard lock(impl_->mu);
  if (impl_->started || impl_->stopped) return;
  impl_->started = true;
  int n = std::max(1, impl_->opts.workers);
  for (int i = 0; i < n; ++i) impl_->workers.emplace_back([this] { impl_->work(); });
}

void DynamicController::stop() {
  std::vector<std::jthread> workers;
  std::vector<std::shared_ptr<kube::Informer>> informers;
  {
    std::lock_guard lock(impl_->mu);
    if (impl_->stopped) return;
    impl_->stopped = true;
    workers = std::move(impl_->workers);
  }
  impl_->queue.shut_down();
  workers.clear();  // joins: running reconciles finish
  {
    std::lock_guard serial(impl_->external_sync_mu);
    std::lock_guard lock(impl_->mu);
    for (auto& [k, v] : impl_->kinds) informers.push_back(std::move(v.informer));
    for (auto& [k, v] : impl_->children) informers.push_back(std::move(v.informer));
    for (auto& [k, v] : impl_->externals) informers.push_back(std::move(v.informer));
    impl_->kinds.clear();
    impl_->children.clear();
    impl_->externals.clear();
    impl_->kind_by_gk.clear();
  }
  for (auto& inf : informers) {
    if (inf) inf->stop();
  }
}

DynamicControllerMetrics DynamicController::metrics() const {
  DynamicControllerMetrics m;
  m.reconciles = impl_->reconciles;
  m.reconcile_errors = impl_->reconcile_errors;
  m.reconcile_panics = impl_->panics;
  m.requeues = impl_->requeues;
  m.dropped = impl_->dropped;
  m.reconcile_seconds_total = static_cast<double>(impl_->reconcile_micros.load()) / 1e6;
  m.applies = impl_->counters.applies;
  m.applies_skipped = impl_->counters.applies_skipped;
  m.deletes = impl_->counters.deletes;
  m.status_writes = impl_->counters.status_writes;
  m.status_unchanged = impl_->counters.status_unchanged;
  auto q = impl_->queue.metrics();
  m.queue_depth = q.depth;
  m.queue_processing = q.processing;
  m.queue_adds = q.adds;
  m.external_reads_cached = impl_->external_reads_cached;
  m.external_reads_live = impl_->external_reads_live;
  m.watch_requests = impl_->watches.request_count();
  std::lock_guard lock(impl_->mu);
  m.registered_kinds = impl_->kinds.size();
  m.external_informers = impl_->externals.size();
  m.informers = impl_->kinds.size() + impl_->children.size() + impl_->externals.size();
  return m;
}

}  // namespace kro::controller

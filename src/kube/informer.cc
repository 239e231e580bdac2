#include "kube/informer.h"

namespace kro::kube {

Informer::Informer(std::shared_ptr<ListerWatcher> source, const InformerOptions& options)
    : store_(options.store),
      opts_(options),
      reflector_(
          std::move(source), store_,
          [this](std::vector<StoreDelta>&& d) { dispatch(std::move(d)); },
          [this] {
            std::lock_guard lock(sync_mu_);
            synced_ = true;
            sync_cv_.notify_all();
          },
          options.reflector, &dispatch_mu_) {}

Informer::~Informer() { stop(); }

Status Informer::add_index(std::string name, IndexFunc fn) {
  return store_.add_index(std::move(name), std::move(fn));
}

void Informer::add_handlers(EventHandlers handlers) {
  std::lock_guard lock(dispatch_mu_);
  // The reflector holds dispatch_mu_ from each store write to the end of its report, so the
  // replay neither misses nor repeats a change.
  if (handlers.on_add) {
    for (const auto& obj : store_.list()) handlers.on_add(obj);
  }
  handlers_.push_back(std::move(handlers));
}

// Called by the reflector with dispatch_mu_ held.
void Informer::dispatch(std::vector<StoreDelta>&& deltas) {
  for (const auto& d : deltas) {
    for (const auto& h : handlers_) {
      switch (d.kind) {
        case StoreDelta::Kind::kAdded:
          if (h.on_add) h.on_add(d.object);
          break;
        case StoreDelta::Kind::kUpdated:
          if (h.on_update) h.on_update(d.old_object, d.object);
          break;
        case StoreDelta::Kind::kDeleted:
          if (h.on_delete) h.on_delete(d.object);
          break;
      }
    }
  }
}

void Informer::start() {
  std::lock_guard lock(life_mu_);
  if (reflector_thread_.joinable()) return;
  reflector_thread_ = std::jthread([this](std::stop_token st) { reflector_.run(std::move(st)); });
  if (opts_.resync_period.count() > 0) {
    resync_thread_ = std::jthread([this](const std::stop_token& st) { resync_loop(st); });
  }
}

void Informer::stop() {
  std::lock_guard lock(life_mu_);
  for (auto* t : {&resync_thread_, &reflector_thread_}) {
    if (t->joinable()) {
      t->request_stop();
      t->join();
    }
  }
  std::lock_guard sync_lock(sync_mu_);
  stopped_ = true;
  sync_cv_.notify_all();
}

bool Informer::has_synced() const {
  std::lock_guard lock(sync_mu_);
  return synced_;
}

bool Informer::wait_for_sync(std::chrono::milliseconds timeout) const {
  std::unique_lock lock(sync_mu_);
  sync_cv_.wait_for(lock, timeout, [this] { return synced_ || stopped_; });
  return synced_;
}

void Informer::resync_loop(const std::stop_token& stop) {
  std::mutex m;
  std::condition_variable_any cv;
  std::unique_lock lock(m);
  while (!cv.wait_for(lock, stop, opts_.resync_period, [] { return false; })) {
    if (stop.stop_requested()) return;
    if (!has_synced()) continue;
    std::lock_guard dlock(dispatch_mu_);
    for (const auto& obj : store_.list()) {
      for (const auto& h : handlers_) {
        if (h.on_update) h.on_update(obj, obj);
      }
    }
  }
}

}  // namespace kro::kube

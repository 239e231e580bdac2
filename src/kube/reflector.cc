#include "kube/reflector.h"

#include <condition_variable>

namespace kro::kube {

Reflector::Reflector(std::shared_ptr<ListerWatcher> source, Store& store, DeltaSink on_deltas,
                     ListedSink on_listed, ReflectorOptions options, std::mutex* apply_mu)
    : source_(std::move(source)),
      store_(store),
      on_deltas_(std::move(on_deltas)),
      on_listed_(std::move(on_listed)),
      opts_(options),
      apply_mu_(apply_mu),
      backoff_(options.initial_backoff) {}

std::string Reflector::resource_version() const {
  std::lock_guard lock(mu_);
  return resource_version_;
}

ReflectorStats Reflector::stats() const {
  std::lock_guard lock(mu_);
  return stats_;
}

void Reflector::back_off(std::stop_token& stop) {
  std::mutex m;
  std::condition_variable_any cv;
  std::unique_lock lock(m);
  cv.wait_for(lock, stop, backoff_, [] { return false; });
  backoff_ = std::min(backoff_ * 2, opts_.max_backoff);
}

void Reflector::note_error(std::string_view what, const ApiError& err) {
  std::lock_guard lock(mu_);
  ++stats_.errors;
  stats_.last_error = source_->describe();
  stats_.last_error.append(": ").append(what).append(": ").append(err.str());
}

void Reflector::run(std::stop_token stop) {
  std::stop_callback cancel_watch(stop, [this] {
    std::lock_guard lock(mu_);
    if (open_watch_ != nullptr) open_watch_->cancel();
  });
  while (!stop.stop_requested()) {
    if (!list_and_replace()) {
      back_off(stop);
      continue;
    }
    if (watch_loop(stop) == WatchEnd::kStopped) return;
  }
}

bool Reflector::list_and_replace() {
  auto snap = source_->list();
  if (!snap) {
    note_error("list failed", snap.error());
    return false;
  }
  {
    std::unique_lock<std::mutex> apply_lock;
    if (apply_mu_ != nullptr) apply_lock = std::unique_lock(*apply_mu_);
    auto deltas = store_.replace(snap->items);
    {
      std::lock_guard lock(mu_);
      resource_version_ = snap->resource_version;
      ++stats_.lists;
    }
    if (!deltas.empty() && on_deltas_) on_deltas_(std::move(deltas));
  }
  if (on_listed_) on_listed_();
  return true;
}

Reflector::WatchEnd Reflector::watch_loop(std::stop_token& stop) {
  while (!stop.stop_requested()) {
    auto opened = source_->watch(resource_version());
    if (!opened) {
      if (opened.error().is_gone()) {
        std::lock_guard lock(mu_);
        ++stats_.gone;
        return WatchEnd::kRelist;
      }
      note_error("watch failed", opened.error());
      back_off(stop);
      continue;
    }
    std::unique_ptr<EventSource> watch = std::move(*opened);
    {
      std::lock_guard lock(mu_);
      ++stats_.watches;
      open_watch_ = watch.get();
    }
    // The stop callback may have run before open_watch_ was set.
    if (stop.stop_requested()) watch->cancel();

    enum class Outcome { kEnded, kBroken, kGone } outcome = Outcome::kEnded;
    for (;;) {
      auto ev = watch->next();
      if (!ev) {
        if (stop.stop_requested()) break;
        if (ev.error().is_gone()) {
          outcome = Outcome::kGone;
        } else {
          note_error("watch broke", ev.error());
          outcome = Outcome::kBroken;
        }
        break;
      }
      backoff_ = opts_.initial_backoff;  // a healthy answer resets the backoff
      if (!ev->has_value()) break;       // the server's watch timeout: resume at once
      apply(std::move(ev->value()));
    }
    {
      std::lock_guard lock(mu_);
      open_watch_ = nullptr;
    }
    watch.reset();  // release the connection before sleeping
    if (stop.stop_requested()) return WatchEnd::kStopped;
    if (outcome == Outcome::kGone) {
      std::lock_guard lock(mu_);
      ++stats_.gone;
      return WatchEnd::kRelist;
    }
    if (outcome == Outcome::kBroken) back_off(stop);
  }
  return WatchEnd::kStopped;
}

void Reflector::apply(WatchEvent&& ev) {
  std::string rv;
  if (ev.object) {
    const Json* v = find_path(*ev.object, "metadata.resourceVersion");
    if (v != nullptr && v->is_string()) rv = v->as_string();
  }
  if (ev.type == WatchEventType::kBookmark || !ev.object) {
    std::lock_guard lock(mu_);
    if (!rv.empty()) resource_version_ = std::move(rv);
    return;
  }
  std::unique_lock<std::mutex> apply_lock;
  if (apply_mu_ != nullptr) apply_lock = std::unique_lock(*apply_mu_);
  std::vector<StoreDelta> deltas;
  if (ev.type == WatchEventType::kDeleted) {
    Document old = store_.remove(object_key(*ev.object));
    deltas.push_back({StoreDelta::Kind::kDeleted, old ? old : ev.object, ev.object});
  } else {
    auto old = store_.upsert(ev.object);
    if (!old) {
      // An object without a name cannot be keyed; the server never sends one, so only count it.
      std::lock_guard lock(mu_);
      ++stats_.errors;
      stats_.last_error = old.error().message;
    } else if (*old) {
      deltas.push_back({StoreDelta::Kind::kUpdated, *old, ev.object});
    } else {
      deltas.push_back({StoreDelta::Kind::kAdded, nullptr, ev.object});
    }
  }
  {
    std::lock_guard lock(mu_);
    if (!rv.empty()) resource_version_ = std::move(rv);
    ++stats_.events;
  }
  if (!deltas.empty() && on_deltas_) on_deltas_(std::move(deltas));
}

}  // namespace kro::kube

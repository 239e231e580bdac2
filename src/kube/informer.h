// Informer: a Reflector, its Store and the event handlers, run on a background thread
// (client-go's SharedIndexInformer, minus the sharing factory).
//
//   auto inf = std::make_shared<Informer>(std::make_shared<RestListerWatcher>(client, sel));
//   inf->add_handlers({.on_add = [&](const Document& o) { queue.add(object_key(*o)); }, ...});
//   inf->start();
//   if (!inf->wait_for_sync(std::chrono::seconds(30))) ...;
//   Document cm = inf->store().get("ns", "name");
//
// Handlers run on the informer's thread, one call at a time, in the order the store changed;
// they must not block (enqueue a key, do the work elsewhere). on_update receives the old and the
// new object; on_delete the last state known. A periodic resync (off by default) calls
// on_update(obj, obj) for every cached object, as client-go does, so level-driven controllers
// re-check everything now and then without talking to the server.
//
// has_synced() turns true once the first list is in the store and its adds were delivered.
// stop() (and the destructor) cancels the watch and joins the threads.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "kube/reflector.h"
#include "kube/reflector_source.h"
#include "kube/store.h"

namespace kro::kube {

struct EventHandlers {
  std::function<void(const Document& object)> on_add;
  std::function<void(const Document& old_object, const Document& object)> on_update;
  std::function<void(const Document& last_state)> on_delete;
};

struct InformerOptions {
  std::chrono::milliseconds resync_period{0};  // 0: never
  ReflectorOptions reflector;
  StoreOptions store;
};

class Informer {
 public:
  explicit Informer(std::shared_ptr<ListerWatcher> source, const InformerOptions& options = {});
  ~Informer();
  Informer(const Informer&) = delete;
  Informer& operator=(const Informer&) = delete;

  // Before start(): see Store::add_index.
  Status add_index(std::string name, IndexFunc fn);
  // May be called at any time; handlers added after objects are cached first receive an
  // on_add for each of them, so every handler sees the whole collection.
  void add_handlers(EventHandlers handlers);

  void start();
  void stop();

  bool has_synced() const;
  // Waits until synced; false on timeout or when stopped first.
  bool wait_for_sync(std::chrono::milliseconds timeout) const;

  const Store& store() const { return store_; }
  std::string resource_version() const { return reflector_.resource_version(); }
  ReflectorStats stats() const { return reflector_.stats(); }

 private:
  void dispatch(std::vector<StoreDelta>&& deltas);
  void resync_loop(const std::stop_token& stop);

  Store store_;
  InformerOptions opts_;
  // One handler call at a time; guards handlers_. Declared before reflector_, which uses it.
  std::mutex dispatch_mu_;
  std::vector<EventHandlers> handlers_;
  Reflector reflector_;

  mutable std::mutex sync_mu_;
  mutable std::condition_variable sync_cv_;
  bool synced_ = false;
  bool stopped_ = false;

  std::mutex life_mu_;
  std::jthread reflector_thread_;
  std::jthread resync_thread_;
};

}  // namespace kro::kube

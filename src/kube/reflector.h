// Reflector: keeps a Store equal to the server's collection by listing, then watching from the
// list's resourceVersion (client-go's Reflector.ListAndWatch).
//
// - Every change is applied to the store first and then reported through on_deltas, so a
//   handler that reads the store sees at least the state it is told about.
// - The watch resumes from the last resourceVersion seen (events and bookmarks) when the server
//   ends it or the connection breaks; a 410 Gone/Expired (the version was compacted) makes it
//   re-list and replace the store, which reports exactly the adds, updates and deletes missed
//   meanwhile.
// - Failures back off exponentially (initial_backoff doubling to max_backoff), reset by the
//   next healthy event; a server that closes the watch normally is re-watched at once.
// - run() returns promptly when its stop token is requested: the open watch is cancelled.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

#include "kube/reflector_source.h"
#include "kube/store.h"

namespace kro::kube {

struct ReflectorOptions {
  std::chrono::milliseconds initial_backoff{800};
  std::chrono::milliseconds max_backoff{30000};
};

// Counters, for metrics and for tests that must prove a relist happened.
struct ReflectorStats {
  std::uint64_t lists = 0;    // successful lists
  std::uint64_t watches = 0;  // watches opened
  std::uint64_t gone = 0;     // 410 Gone/Expired answers that forced a relist
  std::uint64_t errors = 0;   // failed lists/watches and broken streams
  std::uint64_t events = 0;   // watch events applied (bookmarks excluded)
  std::string last_error;     // the latest failure, described for logs
};

class Reflector {
 public:
  using DeltaSink = std::function<void(std::vector<StoreDelta>&& deltas)>;
  using ListedSink = std::function<void()>;

  // on_listed runs after every successful list has been applied and its deltas reported.
  // apply_mu, when given, is held around each store change together with its report, so that
  // its other holders (the informer replaying the store to a new handler) see the store and the
  // reports in step.
  Reflector(std::shared_ptr<ListerWatcher> source, Store& store, DeltaSink on_deltas,
            ListedSink on_listed, ReflectorOptions options = {}, std::mutex* apply_mu = nullptr);
  Reflector(const Reflector&) = delete;
  Reflector& operator=(const Reflector&) = delete;

  // Lists and watches until stop is requested.
  void run(std::stop_token stop);

  // The resourceVersion the store reflects (last list, event or bookmark).
  std::string resource_version() const;
  ReflectorStats stats() const;

 private:
  enum class WatchEnd { kStopped, kRelist };
  // Watches from resource_version_ until stopped or a relist is needed.
  WatchEnd watch_loop(std::stop_token& stop);
  bool list_and_replace();
  void apply(WatchEvent&& ev);
  // Sleeps the current backoff (or until stop), then doubles it.
  void back_off(std::stop_token& stop);
  void note_error(std::string_view what, const ApiError& err);

  std::shared_ptr<ListerWatcher> source_;
  Store& store_;
  DeltaSink on_deltas_;
  ListedSink on_listed_;
  ReflectorOptions opts_;
  std::mutex* apply_mu_;
  std::chrono::milliseconds backoff_;

  mutable std::mutex mu_;  // guards the fields below
  std::string resource_version_;
  ReflectorStats stats_;
  EventSource* open_watch_ = nullptr;  // cancelled by the stop callback
};

}  // namespace kro::kube

// WorkQueue: the controller's queue of keys to reconcile, with client-go's workqueue semantics.
//
// - Deduplication: a key added several times while it waits is handed out once.
// - Per-key serialization: a key handed out by get() is "processing" until done(); adding it
//   meanwhile marks it dirty, and done() queues it again, so two workers never hold the same key.
// - add_after: the key becomes ready after a delay (a key already waiting keeps the earlier of
//   its two deadlines).
// - add_rate_limited: add_after with the delay chosen by a QueueRateLimiter (per-key
//   exponential backoff combined with an overall token bucket by default); forget() resets it.
// - shut_down(): further adds are ignored, delayed keys are dropped, blocked get() calls return
//   nullopt once the ready keys are gone. shut_down_with_drain() additionally blocks until every
//   ready key has been handed out and every handed-out key is done.
//
// Thread-safe for any number of producers and workers. Delays need no timer thread: a waiting
// get() sleeps until the earliest deadline.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <queue>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "kube/queue_rate_limiter.h"

namespace kro::kube {

// Counters for metrics: depth and processing are gauges, adds and retries only grow.
struct WorkQueueMetrics {
  std::size_t depth = 0;       // keys ready to be handed out
  std::size_t processing = 0;  // keys handed out and not yet done
  std::size_t waiting = 0;     // keys waiting for their add_after deadline
  std::uint64_t adds = 0;      // adds that put a new key in the queue (duplicates not counted)
  std::uint64_t retries = 0;   // add_rate_limited calls
};

class WorkQueue {
 public:
  explicit WorkQueue(std::unique_ptr<QueueRateLimiter> limiter = make_default_queue_rate_limiter());
  ~WorkQueue();
  WorkQueue(const WorkQueue&) = delete;
  WorkQueue& operator=(const WorkQueue&) = delete;

  void add(const std::string& key);
  void add_after(const std::string& key, Duration delay);
  void add_rate_limited(const std::string& key);
  void forget(const std::string& key);
  int num_requeues(const std::string& key);

  // Blocks until a key is ready; nullopt when the queue is shut down and has no ready key.
  std::optional<std::string> get();
  // Marks a key from get() finished; re-queues it if it was added while processing.
  void done(const std::string& key);

  void shut_down();
  void shut_down_with_drain();
  bool shutting_down() const;

  // Ready keys (what client-go calls Len()).
  std::size_t len() const;
  WorkQueueMetrics metrics() const;

 private:
  struct Delayed {
    QueueClock::time_point ready_at;
    std::uint64_t seq;  // keeps equal deadlines in insertion order
    std::string key;
    bool operator>(const Delayed& o) const {
      return ready_at != o.ready_at ? ready_at > o.ready_at : seq > o.seq;
    }
  };

  void add_locked(const std::string& key);
  // Moves every delayed key whose deadline has passed into the ready queue.
  void promote_locked(QueueClock::time_point now) const;

  std::unique_ptr<QueueRateLimiter> limiter_;
  mutable std::mutex mu_;
  mutable std::condition_variable cv_;
  // Mutable so const observers (len, metrics) can promote due keys first and report truthfully.
  mutable std::deque<std::string> queue_;
  mutable std::unordered_set<std::string> dirty_;
  std::unordered_set<std::string> processing_;
  mutable std::priority_queue<Delayed, std::vector<Delayed>, std::greater<>> delayed_;
  mutable std::unordered_map<std::string, QueueClock::time_point> waiting_;
  std::uint64_t seq_ = 0;
  mutable std::uint64_t adds_ = 0;
  std::uint64_t retries_ = 0;
  bool shutting_down_ = false;
  bool draining_ = false;
};

}  // namespace kro::kube

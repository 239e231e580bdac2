// How many instance reconciles run at once, following the API server's answers.
//
// A reconcile mostly waits on the API server, so the number of workers that keeps it busy
// without overloading it depends on the server, not on a constant. AdaptiveConcurrency holds a
// limit between a floor (--dynamic-controller-concurrent-reconciles) and a ceiling
// (--dynamic-controller-max-concurrent-reconciles) and moves it once per window of completed
// reconciles, additively up and multiplicatively down:
//
//   - the server answered 429 (API Priority and Fairness pushes back): down by a quarter;
//   - answers took more than twice as long as the best window seen lately: down by one (the
//     server is queueing; more concurrency only lengthens its queue);
//   - the client's own rate limiter (--client-qps) held requests back for a fifth of the window
//     or more: hold (more workers would only queue at the limiter; the time shows in the metric
//     kro_client_rate_limiter_wait_seconds_total);
//   - otherwise, with more keys waiting than running: up by a quarter (at least one).
//
// The floor is never crossed, so the configured workers always run; a ceiling equal to the floor
// gives the fixed pool upstream has.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>

#include "kube/transport.h"

namespace kro::controller {

struct ConcurrencyWindow {
  kube::TransportStats delta;  // what the transport saw during the window
  std::chrono::steady_clock::duration wall{0};
  std::size_t waiting = 0;  // keys ready in the queue when it ended
};

// The policy above as a pure function of the window. `best_answer` is the lowest mean answer
// time seen lately; it is updated here (it forgets slowly, 5% a window, so that a server that
// got slower for good stops counting as queueing).
int next_concurrency_limit(int limit, int floor, int ceiling, const ConcurrencyWindow& w,
                           std::chrono::microseconds& best_answer);

class AdaptiveConcurrency {
 public:
  AdaptiveConcurrency(int floor, int ceiling);

  // Blocks until fewer than limit() slots are taken, then takes one; false once closed.
  bool acquire();
  void release();
  // Wakes every acquire() with false.
  void close();

  int limit() const;
  int ceiling() const { return ceiling_; }
  // Called after each completed reconcile with the transport's totals and the queue's length;
  // ends a window once it holds at least `limit` completions and half a second.
  void completed(const kube::TransportStats& totals, std::size_t waiting);

 private:
  const int floor_;
  const int ceiling_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  int limit_;
  int in_use_ = 0;
  bool closed_ = false;
  // The current window.
  int completions_ = 0;
  kube::TransportStats window_start_;
  std::chrono::steady_clock::time_point window_began_;
  std::chrono::microseconds best_answer_{0};
};

}  // namespace kro::controller

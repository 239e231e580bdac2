// Rate limiters for the work queue (not the client's request QPS limiter): they decide how long a
// failed item waits before it is retried. As in client-go, the controller combines a per-item
// exponential backoff (one flapping object backs off alone) with an overall token bucket (a burst
// of failures across many objects cannot flood the API server); the larger of the two delays
// wins.
//
// All limiters are thread-safe. Delays are computed at the moment of the call; the work queue
// turns them into AddAfter.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace kro::kube {

using QueueClock = std::chrono::steady_clock;
using Duration = std::chrono::nanoseconds;

class QueueRateLimiter {
 public:
  virtual ~QueueRateLimiter() = default;
  // How long `item` must wait now; counts one more failure for it.
  virtual Duration when(const std::string& item) = 0;
  // Clears the failure history of `item` (it succeeded or was dropped).
  virtual void forget(const std::string& item) = 0;
  // Failures counted for `item` since the last forget.
  virtual int num_requeues(const std::string& item) = 0;
};

// base * 2^failures, capped at max_delay. The first failure waits `base`.
class ItemExponentialLimiter final : public QueueRateLimiter {
 public:
  ItemExponentialLimiter(Duration base, Duration max_delay);
  Duration when(const std::string& item) override;
  void forget(const std::string& item) override;
  int num_requeues(const std::string& item) override;

 private:
  Duration base_;
  Duration max_;
  std::mutex mu_;
  std::unordered_map<std::string, int> failures_;
};

// An overall token bucket: `qps` tokens per second, at most `burst` banked. Each call reserves a
// token and returns how long until that token exists (zero while the bucket has tokens). It keeps
// no per-item state, so forget is a no-op and num_requeues is always 0.
class TokenBucketLimiter final : public QueueRateLimiter {
 public:
  TokenBucketLimiter(double qps, int burst);
  Duration when(const std::string& item) override;
  void forget(const std::string& item) override;
  int num_requeues(const std::string& item) override;
  // The reservation at an explicit time point; when() uses now. Exposed so the arithmetic can be
  // tested without sleeping.
  Duration reserve_at(QueueClock::time_point now);

 private:
  double qps_;
  double burst_;
  std::mutex mu_;
  double tokens_;
  QueueClock::time_point last_{};
  bool started_ = false;
};

// The largest delay of several limiters; num_requeues is the largest of theirs.
class MaxOfLimiter final : public QueueRateLimiter {
 public:
  explicit MaxOfLimiter(std::vector<std::unique_ptr<QueueRateLimiter>> limiters);
  Duration when(const std::string& item) override;
  void forget(const std::string& item) override;
  int num_requeues(const std::string& item) override;

 private:
  std::vector<std::unique_ptr<QueueRateLimiter>> limiters_;
};

// client-go's DefaultControllerRateLimiter shape with configurable numbers: per item
// base..max exponential, overall qps/burst bucket (client-go: 5ms..1000s, 10 qps, burst 100).
struct QueueRateLimits {
  Duration base = std::chrono::milliseconds(5);
  Duration max_delay = std::chrono::seconds(1000);
  double qps = 10;
  int burst = 100;
};
std::unique_ptr<QueueRateLimiter> make_default_queue_rate_limiter(
    const QueueRateLimits& limits = {});

}  // namespace kro::kube

// A token bucket for client-side request limiting: `qps` tokens per second refill a bucket of
// `burst` tokens; each request takes one, waiting when the bucket is empty. This is the same
// policy as client-go's flowcontrol.NewTokenBucketRateLimiter. The arithmetic is in reserve(),
// a pure function of the time passed in, so it is testable without sleeping.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>

namespace kro::kube {

class TokenBucket {
 public:
  using Clock = std::chrono::steady_clock;

  // qps <= 0 disables limiting (every reserve returns zero). burst is at least 1.
  TokenBucket(double qps, int burst, Clock::time_point now = Clock::now());

  // Takes one token at `now` and returns how long the caller must wait before using it (zero
  // when a token was available). Reservations queue: a second caller waits behind the first.
  Clock::duration reserve(Clock::time_point now);
  // Takes a token only if one is available at `now` without waiting.
  bool try_take(Clock::time_point now);
  // reserve(Clock::now()) then sleeps for the returned wait. Thread-safe.
  void wait();
  // The total time wait() has slept, over every caller.
  std::chrono::microseconds waited() const { return std::chrono::microseconds(waited_us_.load()); }

  double qps() const { return qps_; }
  int burst() const { return burst_; }

 private:
  void refill(Clock::time_point now);

  std::mutex mu_;
  double qps_;
  int burst_;
  double tokens_;  // may go negative: outstanding reservations
  Clock::time_point last_;
  std::atomic<std::int64_t> waited_us_{0};
};

// Exponential backoff for retries: base * 2^attempt, capped, with up to +jitter fraction random
// added so that clients retrying together spread out.
std::chrono::milliseconds backoff_delay(int attempt, std::chrono::milliseconds base,
                                        std::chrono::milliseconds cap, double jitter = 0.2);

}  // namespace kro::kube

#include "kube/rate_limit.h"

#include <algorithm>
#include <cmath>
#include <random>
#include <thread>

namespace kro::kube {

TokenBucket::TokenBucket(double qps, int burst, Clock::time_point now)
    : qps_(qps), burst_(std::max(burst, 1)), tokens_(std::max(burst, 1)), last_(now) {}

void TokenBucket::refill(Clock::time_point now) {
  if (now <= last_) return;
  double elapsed = std::chrono::duration<double>(now - last_).count();
  tokens_ = std::min(static_cast<double>(burst_), tokens_ + elapsed * qps_);
  last_ = now;
}

TokenBucket::Clock::duration TokenBucket::reserve(Clock::time_point now) {
  if (qps_ <= 0) return Clock::duration::zero();
  std::lock_guard lock(mu_);
  refill(now);
  tokens_ -= 1;
  if (tokens_ >= 0) return Clock::duration::zero();
  // The debt is paid back at qps tokens per second; earlier reservations are already counted
  // in the debt, so later callers wait longer.
  auto wait = std::chrono::duration<double>(-tokens_ / qps_);
  return std::chrono::duration_cast<Clock::duration>(wait);
}

bool TokenBucket::try_take(Clock::time_point now) {
  if (qps_ <= 0) return true;
  std::lock_guard lock(mu_);
  refill(now);
  if (tokens_ < 1) return false;
  tokens_ -= 1;
  return true;
}

void TokenBucket::wait() {
  auto d = reserve(Clock::now());
  if (d <= Clock::duration::zero()) return;
  waited_us_ += std::chrono::duration_cast<std::chrono::microseconds>(d).count();
  std::this_thread::sleep_for(d);
}

std::chrono::milliseconds backoff_delay(int attempt, std::chrono::milliseconds base,
                                        std::chrono::milliseconds cap, double jitter) {
  double ms = static_cast<double>(base.count()) * std::pow(2.0, std::clamp(attempt, 0, 30));
  ms = std::min(ms, static_cast<double>(cap.count()));
  if (jitter > 0) {
    thread_local std::minstd_rand rng(std::random_device{}());
    std::uniform_real_distribution<double> dist(0.0, jitter);
    ms *= 1.0 + dist(rng);
  }
  return std::chrono::milliseconds(static_cast<long long>(ms));
}

}  // namespace kro::kube

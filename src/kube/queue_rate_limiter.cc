#include "kube/queue_rate_limiter.h"

#include <algorithm>
#include <cmath>

namespace kro::kube {

ItemExponentialLimiter::ItemExponentialLimiter(Duration base, Duration max_delay)
    : base_(base), max_(max_delay) {}

Duration ItemExponentialLimiter::when(const std::string& item) {
  std::lock_guard lock(mu_);
  int exp = failures_[item]++;
  // Compute in double so that a long failure streak saturates at max instead of overflowing.
  double delay = static_cast<double>(base_.count()) * std::pow(2.0, exp);
  if (delay >= static_cast<double>(max_.count())) return max_;
  return Duration(static_cast<Duration::rep>(delay));
}

void ItemExponentialLimiter::forget(const std::string& item) {
  std::lock_guard lock(mu_);
  failures_.erase(item);
}

int ItemExponentialLimiter::num_requeues(const std::string& item) {
  std::lock_guard lock(mu_);
  auto it = failures_.find(item);
  return it == failures_.end() ? 0 : it->second;
}

TokenBucketLimiter::TokenBucketLimiter(double qps, int burst)
    : qps_(qps), burst_(std::max(1, burst)), tokens_(std::max(1, burst)) {}

Duration TokenBucketLimiter::when(const std::string& /*item*/) {
  return reserve_at(QueueClock::now());
}

Duration TokenBucketLimiter::reserve_at(QueueClock::time_point now) {
  std::lock_guard lock(mu_);
  if (started_ && now > last_) {
    double elapsed = std::chrono::duration<double>(now - last_).count();
    tokens_ = std::min(burst_, tokens_ + elapsed * qps_);
  }
  if (!started_ || now > last_) last_ = now;
  started_ = true;
  // Tokens may go negative: each reservation takes its token from the future, so successive
  // callers queue up behind each other exactly like golang.org/x/time/rate reservations.
  tokens_ -= 1;
  if (tokens_ >= 0) return Duration::zero();
  if (qps_ <= 0) return Duration::max();
  return std::chrono::duration_cast<Duration>(std::chrono::duration<double>(-tokens_ / qps_));
}

void TokenBucketLimiter::forget(const std::string& /*item*/) {}
int TokenBucketLimiter::num_requeues(const std::string& /*item*/) { return 0; }

MaxOfLimiter::MaxOfLimiter(std::vector<std::unique_ptr<QueueRateLimiter>> limiters)
    : limiters_(std::move(limiters)) {}

Duration MaxOfLimiter::when(const std::string& item) {
  Duration longest = Duration::zero();
  for (auto& l : limiters_) longest = std::max(longest, l->when(item));
  return longest;
}

void MaxOfLimiter::forget(const std::string& item) {
  for (auto& l : limiters_) l->forget(item);
}

int MaxOfLimiter::num_requeues(const std::string& item) {
  int most = 0;
  for (auto& l : limiters_) most = std::max(most, l->num_requeues(item));
  return most;
}

std::unique_ptr<QueueRateLimiter> make_default_queue_rate_limiter(const QueueRateLimits& limits) {
  std::vector<std::unique_ptr<QueueRateLimiter>> parts;
  parts.push_back(std::make_unique<ItemExponentialLimiter>(limits.base, limits.max_delay));
  parts.push_back(std::make_unique<TokenBucketLimiter>(limits.qps, limits.burst));
  return std::make_unique<MaxOfLimiter>(std::move(parts));
}

}  // namespace kro::kube

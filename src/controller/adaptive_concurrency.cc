#include "controller/adaptive_concurrency.h"

#include <algorithm>

namespace kro::controller {

namespace {

using std::chrono::microseconds;

constexpr auto kMinWindow = std::chrono::milliseconds(500);

}  // namespace

int next_concurrency_limit(int limit, int floor, int ceiling, const ConcurrencyWindow& w,
                           microseconds& best_answer) {
  const kube::TransportStats& d = w.delta;
  if (d.answered == 0) return limit;  // nothing learnt
  microseconds mean = d.answer_time / static_cast<std::int64_t>(d.answered);
  if (best_answer.count() == 0 || mean < best_answer) {
    best_answer = mean;
  } else {
    best_answer += best_answer / 20;
  }
  int next = limit;
  if (d.throttled > 0) {
    next = limit - std::max(1, limit / 4);
  } else if (mean > 2 * best_answer) {
    next = limit - 1;
  } else if (d.limiter_wait * 5 >= std::chrono::duration_cast<microseconds>(w.wall)) {
    next = limit;
  } else if (w.waiting > static_cast<std::size_t>(limit)) {
    next = limit + std::max(1, limit / 4);
  }
  return std::clamp(next, floor, std::max(floor, ceiling));
}

AdaptiveConcurrency::AdaptiveConcurrency(int floor, int ceiling)
    : floor_(std::max(1, floor)),
      ceiling_(std::max(floor_, ceiling)),
      limit_(floor_),
      window_began_(std::chrono::steady_clock::now()) {}

bool AdaptiveConcurrency::acquire() {
  std::unique_lock lock(mu_);
  cv_.wait(lock, [&] { return closed_ || in_use_ < limit_; });
  if (closed_) return false;
  ++in_use_;
  return true;
}

void AdaptiveConcurrency::release() {
  {
    std::lock_guard lock(mu_);
    --in_use_;
  }
  cv_.notify_one();
}

void AdaptiveConcurrency::close() {
  {
    std::lock_guard lock(mu_);
    closed_ = true;
  }
  cv_.notify_all();
}

int AdaptiveConcurrency::limit() const {
  std::lock_guard lock(mu_);
  return limit_;
}

void AdaptiveConcurrency::completed(const kube::TransportStats& totals, std::size_t waiting) {
  if (ceiling_ == floor_) return;
  bool grew = false;
  {
    std::lock_guard lock(mu_);
    auto now = std::chrono::steady_clock::now();
    if (completions_ == 0 && window_start_.answered == 0) window_start_ = totals;
    ++completions_;
    if (completions_ < limit_ || now - window_began_ < kMinWindow) return;
    ConcurrencyWindow w;
    w.delta.throttled = totals.throttled - window_start_.throttled;
    w.delta.answered = totals.answered - window_start_.answered;
    w.delta.answer_time = totals.answer_time - window_start_.answer_time;
    w.delta.limiter_wait = totals.limiter_wait - window_start_.limiter_wait;
    w.wall = now - window_began_;
    w.waiting = waiting;
    int next = next_concurrency_limit(limit_, floor_, ceiling_, w, best_answer_);
    grew = next > limit_;
    limit_ = next;
    completions_ = 0;
    window_start_ = totals;
    window_began_ = now;
  }
  if (grew) cv_.notify_all();
}

}  // namespace kro::controller

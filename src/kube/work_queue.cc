#include "kube/work_queue.h"

namespace kro::kube {

WorkQueue::WorkQueue(std::unique_ptr<QueueRateLimiter> limiter) : limiter_(std::move(limiter)) {}

WorkQueue::~WorkQueue() { shut_down(); }

void WorkQueue::add(const std::string& key) {
  std::lock_guard lock(mu_);
  add_locked(key);
}

void WorkQueue::add_locked(const std::string& key) {
  if (shutting_down_) return;
  if (!dirty_.insert(key).second) return;  // already waiting to be handed out
  ++adds_;
  // A key being processed stays only dirty; done() queues it, which keeps keys serialized.
  if (processing_.count(key) != 0) return;
  queue_.push_back(key);
  cv_.notify_one();
}

void WorkQueue::add_after(const std::string& key, Duration delay) {
  std::lock_guard lock(mu_);
  if (shutting_down_) return;
  if (delay <= Duration::zero()) {
    add_locked(key);
    return;
  }
  auto ready_at = QueueClock::now() + delay;
  auto it = waiting_.find(key);
  if (it != waiting_.end()) {
    if (it->second <= ready_at) return;  // the earlier deadline wins
    it->second = ready_at;               // the old heap entry is now stale and will be skipped
  } else {
    waiting_.emplace(key, ready_at);
  }
  delayed_.push(Delayed{ready_at, seq_++, key});
  // Sleeping workers recompute their wake-up time against the new earliest deadline.
  cv_.notify_all();
}

void WorkQueue::add_rate_limited(const std::string& key) {
  Duration delay = limiter_->when(key);
  {
    std::lock_guard lock(mu_);
    if (shutting_down_) return;
    ++retries_;
  }
  add_after(key, delay);
}

void WorkQueue::forget(const std::string& key) { limiter_->forget(key); }

int WorkQueue::num_requeues(const std::string& key) { return limiter_->num_requeues(key); }

void WorkQueue::promote_locked(QueueClock::time_point now) const {
  while (!delayed_.empty() && delayed_.top().ready_at <= now) {
    Delayed d = delayed_.top();
    delayed_.pop();
    auto it = waiting_.find(d.key);
    if (it == waiting_.end() || it->second != d.ready_at) continue;  // stale entry
    waiting_.erase(it);
    if (!dirty_.insert(d.key).second) continue;
    ++adds_;
    if (processing_.count(d.key) == 0) queue_.push_back(d.key);
  }
}

std::optional<std::string> WorkQueue::get() {
  std::unique_lock lock(mu_);
  for (;;) {
    promote_locked(QueueClock::now());
    if (!queue_.empty()) break;
    if (shutting_down_) return std::nullopt;
    if (delayed_.empty()) {
      cv_.wait(lock);
    } else {
      // A copy: wait_until reads the deadline again after waking, when another thread may have
      // popped or reallocated the heap entry it points into.
      const QueueClock::time_point until = delayed_.top().ready_at;
      cv_.wait_until(lock, until);
    }
  }
  std::string key = std::move(queue_.front());
  queue_.pop_front();
  dirty_.erase(key);
  processing_.insert(key);
  // Another ready key may remain; a worker that was woken for it must not be the only one.
  if (!queue_.empty()) cv_.notify_one();
  return key;
}

void WorkQueue::done(const std::string& key) {
  std::lock_guard lock(mu_);
  if (processing_.erase(key) == 0) return;
  if (dirty_.count(key) != 0) {
    queue_.push_back(key);
    cv_.notify_one();
  }
  // Drainers wait for processing to empty.
  if (draining_) cv_.notify_all();
}

void WorkQueue::shut_down() {
  std::lock_guard lock(mu_);
  shutting_down_ = true;
  delayed_ = {};
  waiting_.clear();
  cv_.notify_all();
}

void WorkQueue::shut_down_with_drain() {
  std::unique_lock lock(mu_);
  shutting_down_ = true;
  draining_ = true;
  delayed_ = {};
  waiting_.clear();
  cv_.notify_all();
  cv_.wait(lock, [this] { return queue_.empty() && processing_.empty(); });
}

bool WorkQueue::shutting_down() const {
  std::lock_guard lock(mu_);
  return shutting_down_;
}

std::size_t WorkQueue::len() const {
  std::lock_guard lock(mu_);
  promote_locked(QueueClock::now());
  return queue_.size();
}

WorkQueueMetrics WorkQueue::metrics() const {
  std::lock_guard lock(mu_);
  promote_locked(QueueClock::now());
  WorkQueueMetrics m;
  m.depth = queue_.size();
  m.processing = processing_.size();
  m.waiting = waiting_.size();
  m.adds = adds_;
  m.retries = retries_;
  return m;
}

}  // namespace kro::kube

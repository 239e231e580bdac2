#include "kube/work_queue.h"

#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <set>
#include <thread>

#include "kube/test_util.h"

namespace kro::kube {
namespace {

using std::chrono::milliseconds;
using testing::eventually;

// Built with append: gcc 12 warns falsely (-Wrestrict) on "literal" + std::to_string(n).
std::string key_of(int n) {
  std::string s = "k";
  s.append(std::to_string(n));
  return s;
}

std::unique_ptr<QueueRateLimiter> fast_limiter() {
  return std::make_unique<ItemExponentialLimiter>(milliseconds(1), milliseconds(50));
}

TEST(WorkQueue, DeduplicatesWaitingKeys) {
  WorkQueue q;
  q.add("a");
  q.add("b");
  q.add("a");
  EXPECT_EQ(q.len(), 2u);
  EXPECT_EQ(q.get(), "a");
  EXPECT_EQ(q.get(), "b");
  EXPECT_EQ(q.len(), 0u);
  EXPECT_EQ(q.metrics().adds, 2u);
}

TEST(WorkQueue, KeyAddedWhileProcessingIsRequeuedOnlyAfterDone) {
  WorkQueue q;
  q.add("a");
  auto k = q.get();
  ASSERT_EQ(k, "a");
  q.add("a");
  q.add("a");
  EXPECT_EQ(q.len(), 0u);  // not handed to a second worker
  EXPECT_EQ(q.metrics().processing, 1u);
  q.done("a");
  EXPECT_EQ(q.len(), 1u);
  EXPECT_EQ(q.get(), "a");
  q.done("a");
  EXPECT_EQ(q.len(), 0u);
}

TEST(WorkQueue, DoneWithoutReaddDoesNotRequeue) {
  WorkQueue q;
  q.add("a");
  ASSERT_EQ(q.get(), "a");
  q.done("a");
  q.done("a");  // a second done is harmless
  EXPECT_EQ(q.len(), 0u);
  EXPECT_EQ(q.metrics().processing, 0u);
}

TEST(WorkQueue, AddAfterBecomesReadyOnlyAfterTheDelay) {
  WorkQueue q;
  auto start = QueueClock::now();
  q.add_after("late", milliseconds(60));
  EXPECT_EQ(q.len(), 0u);
  EXPECT_EQ(q.metrics().waiting, 1u);
  q.add("now");
  EXPECT_EQ(q.get(), "now");
  EXPECT_EQ(q.get(), "late");  // blocks until the deadline
  EXPECT_GE(QueueClock::now() - start, milliseconds(60));
  EXPECT_EQ(q.metrics().waiting, 0u);
}

TEST(WorkQueue, AddAfterKeepsTheEarlierDeadline) {
  WorkQueue q;
  q.add_after("a", std::chrono::hours(1));
  q.add_after("a", milliseconds(10));
  q.add_after("a", std::chrono::hours(2));
  EXPECT_EQ(q.metrics().waiting, 1u);
  EXPECT_EQ(q.get(), "a");
  q.done("a");
  EXPECT_EQ(q.metrics().waiting, 0u);  // the one-hour entry was superseded, not kept
  EXPECT_EQ(q.len(), 0u);
}

TEST(WorkQueue, DelayedKeyAlreadyReadyIsDeduplicated) {
  WorkQueue q;
  q.add("a");
  q.add_after("a", milliseconds(1));
  // Once the delay is over the delayed "a" leaves the waiting set, merging into the ready one.
  ASSERT_TRUE(eventually([&] { return q.metrics().waiting == 0; }));
  EXPECT_EQ(q.len(), 1u);
  EXPECT_EQ(q.get(), "a");
  EXPECT_EQ(q.len(), 0u);
}

TEST(WorkQueue, ZeroDelayIsAnImmediateAdd) {
  WorkQueue q;
  q.add_after("a", Duration::zero());
  EXPECT_EQ(q.len(), 1u);
}

TEST(WorkQueue, RateLimitedAddsBackOffPerKeyUntilForget) {
  WorkQueue q(std::make_unique<ItemExponentialLimiter>(milliseconds(20), milliseconds(1000)));
  auto start = QueueClock::now();
  q.add_rate_limited("a");  // 20ms
  ASSERT_EQ(q.get(), "a");
  q.done("a");
  EXPECT_GE(QueueClock::now() - start, milliseconds(20));
  start = QueueClock::now();
  q.add_rate_limited("a");  // 40ms
  ASSERT_EQ(q.get(), "a");
  q.done("a");
  EXPECT_GE(QueueClock::now() - start, milliseconds(40));
  EXPECT_EQ(q.num_requeues("a"), 2);
  EXPECT_EQ(q.metrics().retries, 2u);
  q.forget("a");
  EXPECT_EQ(q.num_requeues("a"), 0);
}

TEST(WorkQueue, ShutDownWakesBlockedWorkersAndIgnoresAdds) {
  WorkQueue q;
  std::atomic<int> returned{0};
  std::vector<std::thread> workers;
  workers.reserve(3);
  for (int i = 0; i < 3; ++i) {
    workers.emplace_back([&] {
      while (auto k = q.get()) q.done(*k);
      ++returned;
    });
  }
  q.add_after("never", std::chrono::hours(1));
  q.shut_down();
  for (auto& t : workers) t.join();
  EXPECT_EQ(returned.load(), 3);
  EXPECT_TRUE(q.shutting_down());
  q.add("x");
  q.add_after("y", milliseconds(1));
  q.add_rate_limited("z");
  EXPECT_EQ(q.len(), 0u);
  EXPECT_EQ(q.metrics().waiting, 0u);
  EXPECT_EQ(q.get(), std::nullopt);
}

TEST(WorkQueue, ReadyKeysAreStillHandedOutAfterShutDown) {
  WorkQueue q;
  q.add("a");
  q.shut_down();
  EXPECT_EQ(q.get(), "a");
  EXPECT_EQ(q.get(), std::nullopt);
}

TEST(WorkQueue, ShutDownWithDrainWaitsForInFlightWork) {
  WorkQueue q;
  q.add("a");
  q.add("b");
  ASSERT_EQ(q.get(), "a");
  std::atomic<bool> drained{false};
  std::thread drainer([&] {
    q.shut_down_with_drain();
    drained = true;
  });
  // The drainer cannot finish while "a" is processing and "b" is queued.
  ASSERT_TRUE(eventually([&] { return q.shutting_down(); }));  // the drainer is waiting
  EXPECT_FALSE(drained.load());
  q.done("a");
  ASSERT_EQ(q.get(), "b");
  std::this_thread::sleep_for(milliseconds(10));
  EXPECT_FALSE(drained.load());
  q.done("b");
  drainer.join();
  EXPECT_TRUE(drained.load());
}

// Many producers and workers: every key added is processed, no key is ever held by two workers
// at once, and a key added after its last processing started is processed again.
TEST(WorkQueue, ManyWorkersNeverShareAKey) {
  WorkQueue q(fast_limiter());
  constexpr int kKeys = 20;
  constexpr int kAddsPerProducer = 2000;
  std::mutex mu;
  std::set<std::string> in_flight;
  std::map<std::string, int> processed;
  std::atomic<bool> overlap{false};

  std::vector<std::thread> workers;
  workers.reserve(4);
  for (int w = 0; w < 4; ++w) {
    workers.emplace_back([&] {
      while (auto k = q.get()) {
        {
          std::lock_guard l(mu);
          if (!in_flight.insert(*k).second) overlap = true;
        }
        std::this_thread::yield();
        {
          std::lock_guard l(mu);
          in_flight.erase(*k);
          ++processed[*k];
        }
        q.done(*k);
      }
    });
  }
  std::vector<std::thread> producers;
  producers.reserve(3);
  for (int p = 0; p < 3; ++p) {
    producers.emplace_back([&, p] {
      for (int i = 0; i < kAddsPerProducer; ++i) {
        std::string key = key_of((i * 7 + p) % kKeys);
        if (i % 10 == 0) {
          q.add_rate_limited(key);
        } else {
          q.add(key);
        }
      }
    });
  }
  for (auto& t : producers) t.join();
  // Final adds after all producers: each key must be processed at least once more.
  for (int k = 0; k < kKeys; ++k) q.add(key_of(k));
  // Let the delayed retries (<= 50ms) fire before the drain drops what still waits.
  ASSERT_TRUE(eventually([&] { return q.metrics().waiting == 0; }));
  q.shut_down_with_drain();
  for (auto& t : workers) t.join();
  EXPECT_FALSE(overlap.load());
  EXPECT_EQ(processed.size(), static_cast<std::size_t>(kKeys));
  auto m = q.metrics();
  EXPECT_EQ(m.depth, 0u);
  EXPECT_EQ(m.processing, 0u);
  EXPECT_GT(m.retries, 0u);
}

}  // namespace
}  // namespace kro::kube

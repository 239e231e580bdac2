#include "controller/adaptive_concurrency.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace kro::controller {
namespace {

using namespace std::chrono_literals;
using std::chrono::microseconds;

// A window of `answered` answers averaging `mean`, `waiting` keys left, and the rest given.
ConcurrencyWindow window(std::uint64_t answered, microseconds mean, std::size_t waiting,
                         std::uint64_t throttled = 0, microseconds limiter_wait = 0us) {
  ConcurrencyWindow w;
  w.delta.answered = answered;
  w.delta.answer_time = mean * static_cast<std::int64_t>(answered);
  w.delta.throttled = throttled;
  w.delta.limiter_wait = limiter_wait;
  w.wall = 1s;
  w.waiting = waiting;
  return w;
}

TEST(ConcurrencyPolicy, GrowsWhileKeysWaitAndAnswersStayPrompt) {
  microseconds best{0};
  EXPECT_EQ(next_concurrency_limit(4, 4, 16, window(100, 5000us, 50), best), 5);
  EXPECT_EQ(best, 5000us);
  EXPECT_EQ(next_concurrency_limit(8, 4, 16, window(100, 6000us, 50), best), 10);
  // Never past the ceiling.
  EXPECT_EQ(next_concurrency_limit(15, 4, 16, window(100, 5000us, 500), best), 16);
  EXPECT_EQ(next_concurrency_limit(16, 4, 16, window(100, 5000us, 500), best), 16);
}

TEST(ConcurrencyPolicy, HoldsWithoutABacklogOrWithoutAnswers) {
  microseconds best{0};
  EXPECT_EQ(next_concurrency_limit(6, 4, 16, window(100, 5000us, 3), best), 6);
  EXPECT_EQ(next_concurrency_limit(6, 4, 16, window(0, 0us, 300), best), 6);
  EXPECT_EQ(best, 5000us);
}

TEST(ConcurrencyPolicy, ShrinksWhenTheServerQueuesOrPushesBack) {
  microseconds best{0};
  ASSERT_EQ(next_concurrency_limit(8, 4, 16, window(100, 5000us, 50), best), 10);
  // Answers three times slower than the best window: the server is queueing.
  EXPECT_EQ(next_concurrency_limit(10, 4, 16, window(100, 15000us, 50), best), 9);
  // 429s: down by a quarter, whatever the latency says.
  EXPECT_EQ(next_concurrency_limit(12, 4, 16, window(100, 5000us, 50, 3), best), 9);
  // Never under the floor.
  EXPECT_EQ(next_concurrency_limit(4, 4, 16, window(100, 5000us, 50, 3), best), 4);
}

TEST(ConcurrencyPolicy, HoldsWhenTheClientLimiterIsTheBottleneck) {
  microseconds best{0};
  // A fifth of the window spent waiting for --client-qps tokens.
  EXPECT_EQ(next_concurrency_limit(6, 4, 16, window(100, 5000us, 50, 0, 200ms), best), 6);
  EXPECT_EQ(next_concurrency_limit(6, 4, 16, window(100, 5000us, 50, 0, 10ms), best), 7);
}

TEST(ConcurrencyPolicy, TheBestWindowIsForgottenSlowly) {
  microseconds best{0};
  (void)next_concurrency_limit(4, 4, 16, window(10, 1000us, 0), best);
  for (int i = 0; i < 20; ++i) (void)next_concurrency_limit(4, 4, 16, window(10, 1900us, 0), best);
  // After 20 windows at 1.9 ms the best has moved up (5% a window) to meet them.
  EXPECT_GT(best, 1800us);
  EXPECT_EQ(next_concurrency_limit(4, 4, 16, window(10, 1900us, 10), best), 5);
}

TEST(AdaptiveConcurrency, AdmitsUpToTheLimitAndCloseWakesWaiters) {
  AdaptiveConcurrency c(2, 2);
  EXPECT_EQ(c.limit(), 2);
  EXPECT_EQ(c.ceiling(), 2);
  ASSERT_TRUE(c.acquire());
  ASSERT_TRUE(c.acquire());
  std::atomic<int> got{0};
  std::thread waiter([&] { got = c.acquire() ? 1 : -1; });
  std::this_thread::sleep_for(50ms);
  EXPECT_EQ(got.load(), 0);  // both slots taken
  c.release();
  waiter.join();
  EXPECT_EQ(got.load(), 1);
  std::thread closed([&] { got = c.acquire() ? 1 : -1; });
  c.close();
  closed.join();
  EXPECT_EQ(got.load(), -1);
}

TEST(AdaptiveConcurrency, ACeilingBelowTheFloorIsTheFloor) {
  AdaptiveConcurrency c(8, 3);
  EXPECT_EQ(c.limit(), 8);
  EXPECT_EQ(c.ceiling(), 8);
}

TEST(AdaptiveConcurrency, CompletedWindowsRaiseTheLimitUnderABacklog) {
  AdaptiveConcurrency c(2, 8);
  kube::TransportStats totals;
  auto finish = [&](int n) {
    for (int i = 0; i < n; ++i) {
      totals.answered += 3;
      totals.answer_time += 3 * 2000us;
      c.completed(totals, 100);
    }
  };
  finish(5);
  EXPECT_EQ(c.limit(), 2);  // a window lasts at least half a second
  std::this_thread::sleep_for(600ms);
  finish(1);
  EXPECT_EQ(c.limit(), 3);
}

}  // namespace
}  // namespace kro::controller

#include "kube/rate_limit.h"

#include <gtest/gtest.h>

namespace kro::kube {
namespace {

using Clock = TokenBucket::Clock;
using std::chrono::milliseconds;

TEST(TokenBucket, BurstThenQps) {
  auto t0 = Clock::time_point{} + std::chrono::hours(1);
  TokenBucket b(10, 3, t0);  // 10/s: one token every 100ms
  EXPECT_EQ(b.reserve(t0), Clock::duration::zero());
  EXPECT_EQ(b.reserve(t0), Clock::duration::zero());
  EXPECT_EQ(b.reserve(t0), Clock::duration::zero());
  // Burst spent: the 4th waits one interval, the 5th two (reservations queue).
  EXPECT_NEAR(std::chrono::duration<double>(b.reserve(t0)).count(), 0.1, 1e-6);
  EXPECT_NEAR(std::chrono::duration<double>(b.reserve(t0)).count(), 0.2, 1e-6);
  // 1s later the debt of 2 is paid and 8 tokens accrued, capped at burst 3.
  auto t1 = t0 + std::chrono::seconds(1);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(b.reserve(t1), Clock::duration::zero());
  EXPECT_GT(b.reserve(t1), Clock::duration::zero());
}

TEST(TokenBucket, TryTakeDoesNotQueue) {
  auto t0 = Clock::time_point{} + std::chrono::hours(1);
  TokenBucket b(2, 1, t0);
  EXPECT_TRUE(b.try_take(t0));
  EXPECT_FALSE(b.try_take(t0));
  EXPECT_FALSE(b.try_take(t0 + milliseconds(400)));
  EXPECT_TRUE(b.try_take(t0 + milliseconds(500)));
}

TEST(TokenBucket, ZeroQpsIsUnlimited) {
  auto t0 = Clock::now();
  TokenBucket b(0, 1, t0);
  for (int i = 0; i < 1000; ++i) ASSERT_EQ(b.reserve(t0), Clock::duration::zero());
}

TEST(Backoff, DoublesAndCaps) {
  EXPECT_EQ(backoff_delay(0, milliseconds(100), milliseconds(5000), 0).count(), 100);
  EXPECT_EQ(backoff_delay(3, milliseconds(100), milliseconds(5000), 0).count(), 800);
  EXPECT_EQ(backoff_delay(20, milliseconds(100), milliseconds(5000), 0).count(), 5000);
  for (int i = 0; i < 50; ++i) {
    auto d = backoff_delay(1, milliseconds(100), milliseconds(5000), 0.5).count();
    EXPECT_GE(d, 200);
    EXPECT_LE(d, 300);
  }
}

}  // namespace
}  // namespace kro::kube

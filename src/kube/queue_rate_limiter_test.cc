#include "kube/queue_rate_limiter.h"

#include <gtest/gtest.h>

namespace kro::kube {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

TEST(ItemExponentialLimiter, DoublesPerItemUpToTheCap) {
  ItemExponentialLimiter l(milliseconds(5), seconds(1));
  EXPECT_EQ(l.when("a"), milliseconds(5));
  EXPECT_EQ(l.when("a"), milliseconds(10));
  EXPECT_EQ(l.when("a"), milliseconds(20));
  // Another item has its own history.
  EXPECT_EQ(l.when("b"), milliseconds(5));
  EXPECT_EQ(l.num_requeues("a"), 3);
  EXPECT_EQ(l.num_requeues("b"), 1);
  for (int i = 0; i < 100; ++i) (void)l.when("a");
  EXPECT_EQ(l.when("a"), seconds(1));  // saturates instead of overflowing
  l.forget("a");
  EXPECT_EQ(l.num_requeues("a"), 0);
  EXPECT_EQ(l.when("a"), milliseconds(5));
}

TEST(TokenBucketLimiter, BurstIsFreeThenTokensArriveAtQps) {
  TokenBucketLimiter l(10, 3);  // one token every 100ms
  auto t0 = QueueClock::now();
  EXPECT_EQ(l.reserve_at(t0), Duration::zero());
  EXPECT_EQ(l.reserve_at(t0), Duration::zero());
  EXPECT_EQ(l.reserve_at(t0), Duration::zero());
  // The bucket is empty: successive reservations queue up behind each other.
  EXPECT_EQ(std::chrono::round<milliseconds>(l.reserve_at(t0)), milliseconds(100));
  EXPECT_EQ(std::chrono::round<milliseconds>(l.reserve_at(t0)), milliseconds(200));
  // 500ms later, the two borrowed tokens are repaid and three more have arrived (capped at 3).
  auto t1 = t0 + milliseconds(500);
  EXPECT_EQ(l.reserve_at(t1), Duration::zero());
  EXPECT_EQ(l.reserve_at(t1), Duration::zero());
  EXPECT_EQ(l.reserve_at(t1), Duration::zero());
  EXPECT_EQ(std::chrono::round<milliseconds>(l.reserve_at(t1)), milliseconds(100));
  EXPECT_EQ(l.num_requeues("x"), 0);
}

TEST(TokenBucketLimiter, RefillIsCappedAtBurst) {
  TokenBucketLimiter l(100, 2);
  auto t0 = QueueClock::now();
  (void)l.reserve_at(t0);
  auto later = t0 + seconds(60);
  EXPECT_EQ(l.reserve_at(later), Duration::zero());
  EXPECT_EQ(l.reserve_at(later), Duration::zero());
  EXPECT_GT(l.reserve_at(later), Duration::zero());
}

TEST(MaxOfLimiter, TakesTheLongestDelay) {
  QueueRateLimits limits;
  limits.base = milliseconds(1);
  limits.max_delay = seconds(10);
  limits.qps = 1;
  limits.burst = 1;
  auto l = make_default_queue_rate_limiter(limits);
  EXPECT_EQ(l->when("a"), milliseconds(1));  // bucket has a token: exponential decides
  // The bucket is now empty: ~1s wait beats the item's 1ms.
  Duration d = l->when("b");
  EXPECT_GT(d, milliseconds(900));
  EXPECT_LE(d, seconds(1));
  EXPECT_EQ(l->num_requeues("a"), 1);
  l->forget("a");
  EXPECT_EQ(l->num_requeues("a"), 0);
}

}  // namespace
}  // namespace kro::kube

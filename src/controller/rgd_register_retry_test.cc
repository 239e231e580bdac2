#include <gtest/gtest.h>

#include "controller/rgd_controller.h"

namespace kro::controller {
namespace {

using std::chrono::milliseconds;

// An RGD denied for missing RBAC rights comes back on a fixed short interval: a grant raises no
// event the RGD controller watches, and the growing backoff would reach 5 minutes.
TEST(RegisterRetry, AccessDeniedComesBackWithinTheBoundedInterval) {
  RgdControllerOptions o;
  auto next = requeue_after_register_failure(RegisterError{"not allowed", true}, o);
  ASSERT_TRUE(next.has_value());
  EXPECT_EQ(*next, milliseconds(10000));
  EXPECT_LE(*next, milliseconds(30000));  // issue 13: a grant takes effect within ~30 s
  o.access_denied_retry = milliseconds(250);
  EXPECT_EQ(requeue_after_register_failure(RegisterError{"not allowed", true}, o),
            milliseconds(250));
}

// Anything else (a graph that cannot be planned) keeps the RGD's exponential backoff.
TEST(RegisterRetry, OtherFailuresUseTheBackoff) {
  RgdControllerOptions o;
  EXPECT_FALSE(requeue_after_register_failure(RegisterError{"cannot plan the graph"}, o));
}

}  // namespace
}  // namespace kro::controller

#include "controller/version.h"

#include <gtest/gtest.h>

#include <cstdlib>

namespace kro::controller {
namespace {

TEST(Version, ReportedVersionFollowsTheEnvironment) {
  ::unsetenv("KRO_CONTROLLER_VERSION");
  EXPECT_EQ(reported_version(), kKroVersion);
  ::setenv("KRO_CONTROLLER_VERSION", "", 1);
  EXPECT_EQ(reported_version(), kKroVersion);  // empty: not set
  ::setenv("KRO_CONTROLLER_VERSION", "devel", 1);
  EXPECT_EQ(reported_version(), "devel");
  ::unsetenv("KRO_CONTROLLER_VERSION");
}

}  // namespace
}  // namespace kro::controller

#include "cel/common/format.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace kro::cel {
namespace {

TEST(FormatDoubleTest, MatchesGoPercentG) {
  EXPECT_EQ(format_double(123.456), "123.456");
  EXPECT_EQ(format_double(-4.5e-3), "-0.0045");
  EXPECT_EQ(format_double(1.0), "1");
  EXPECT_EQ(format_double(0.0), "0");
  EXPECT_EQ(format_double(-0.0), "-0");
  EXPECT_EQ(format_double(100000.0), "100000");
  EXPECT_EQ(format_double(1e6), "1e+06");
  EXPECT_EQ(format_double(1234567.0), "1.234567e+06");
  EXPECT_EQ(format_double(0.0001), "0.0001");
  EXPECT_EQ(format_double(0.00001), "1e-05");
  EXPECT_EQ(format_double(1e100), "1e+100");
  EXPECT_EQ(format_double(0.1), "0.1");
  EXPECT_EQ(format_double(1.0 / 3), "0.3333333333333333");
  EXPECT_EQ(format_double(5e-324), "5e-324");
  EXPECT_EQ(format_double(std::numeric_limits<double>::quiet_NaN()), "NaN");
  EXPECT_EQ(format_double(std::numeric_limits<double>::infinity()), "+Inf");
  EXPECT_EQ(format_double(-std::numeric_limits<double>::infinity()), "-Inf");
}

}  // namespace
}  // namespace kro::cel

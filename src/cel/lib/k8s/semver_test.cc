#include "cel/lib/k8s/semver.h"

#include <gtest/gtest.h>

#include "cel/lib/k8s/test_util.h"

namespace kro::cel::k8s {
namespace {

Semver sv(std::string_view s) { return testing::parsed(s, Semver::parse(s)); }

TEST(Semver, StrictParse) {
  EXPECT_TRUE(Semver::parse("1.2.3-beta.1+build.1").ok());
  EXPECT_EQ(sv("1.2.3-beta.1+build.1").str(), "1.2.3-beta.1+build.1");
  for (const char* bad : {"", "v1.0.0", "1. 0.0", "1.0.0 ", "01.01.01", "1", "1.1", "1..0",
                          "1.0.0-", "1.0.0-01", "1.0.0+", "1.0.0-a..b", "1.0.0-a_b"}) {
    EXPECT_FALSE(Semver::parse(bad).ok()) << bad;
  }
  EXPECT_EQ(Semver::parse("").error().message, "Version string empty");
  EXPECT_EQ(Semver::parse("1.1").error().message, "No Major.Minor.Patch elements found");
  EXPECT_EQ(Semver::parse("01.1.1").error().message,
            "Major number must not contain leading zeroes \"01\"");
  EXPECT_EQ(Semver::parse("1.x.1").error().message,
            "Invalid character(s) found in minor number \"x\"");
  EXPECT_EQ(Semver::parse("1.0.0 ").error().message,
            "Invalid character(s) found in patch number \"0 \"");
}

TEST(Semver, NormalizedParse) {
  EXPECT_FALSE(Semver::parse_normalized("1. 0.0").ok());
  EXPECT_FALSE(Semver::parse_normalized("1.0.0 ").ok());
  EXPECT_TRUE(Semver::parse_normalized("01.01.01").ok());
  EXPECT_TRUE(Semver::parse_normalized("1").ok());
  EXPECT_TRUE(Semver::parse_normalized("1.1").ok());
  EXPECT_EQ(Semver::parse_normalized("v01.01")->str(), "1.1.0");
  EXPECT_EQ(Semver::parse_normalized("1-alpha").error().message,
            "short version cannot contain PreRelease/Build meta data");
  EXPECT_EQ(Semver::parse_normalized("v1.2.3-rc.1")->str(), "1.2.3-rc.1");
  EXPECT_EQ(Semver::parse_normalized("00.0.000")->str(), "0.0.0");
}

TEST(Semver, Precedence) {
  EXPECT_EQ(sv("1.0.0").compare(sv("1.2.3")), -1);
  EXPECT_EQ(sv("1.2.3").compare(sv("1.0.0")), 1);
  EXPECT_EQ(sv("1.2.3").compare(sv("1.2.3")), 0);
  EXPECT_EQ(sv("1.0.0-alpha").compare(sv("1.0.0")), -1);
  // The semver.org precedence chain.
  const char* chain[] = {"1.0.0-alpha",  "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta",
                         "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1",       "1.0.0"};
  for (size_t i = 0; i + 1 < std::size(chain); i++) {
    EXPECT_EQ(sv(chain[i]).compare(sv(chain[i + 1])), -1) << chain[i];
    EXPECT_EQ(sv(chain[i + 1]).compare(sv(chain[i])), 1) << chain[i];
  }
  EXPECT_EQ(sv("1.0.0+a"), sv("1.0.0+b"));
  EXPECT_EQ(sv("1.2.3").major, 1u);
  EXPECT_EQ(sv("1.2.3").minor, 2u);
  EXPECT_EQ(sv("1.2.3").patch, 3u);
}

}  // namespace
}  // namespace kro::cel::k8s

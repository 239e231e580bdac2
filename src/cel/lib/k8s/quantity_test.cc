#include "cel/lib/k8s/quantity.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

#include "cel/lib/k8s/test_util.h"

namespace kro::cel::k8s {
namespace {

Quantity q(std::string_view s) { return testing::parsed(s, Quantity::parse(s)); }

TEST(Quantity, ParsesEverySuffixForm) {
  EXPECT_EQ(q("1").decimal(), "1");
  EXPECT_EQ(q("250m").decimal(), "0.25");
  EXPECT_EQ(q("1.5Gi").decimal(), "1610612736");
  EXPECT_EQ(q("1Ki").decimal(), "1024");
  EXPECT_EQ(q("1Ei").decimal(), "1152921504606846976");
  EXPECT_EQ(q("3n").decimal(), "0.000000003");
  EXPECT_EQ(q("7u").decimal(), "0.000007");
  EXPECT_EQ(q("2k").decimal(), "2000");
  EXPECT_EQ(q("2M").decimal(), "2000000");
  EXPECT_EQ(q("2T").decimal(), "2000000000000");
  EXPECT_EQ(q("2P").decimal(), "2000000000000000");
  EXPECT_EQ(q("2E").decimal(), "2000000000000000000");
  EXPECT_EQ(q("1e3").decimal(), "1000");
  EXPECT_EQ(q("1E3").decimal(), "1000");
  EXPECT_EQ(q("1e-3").decimal(), "0.001");
  EXPECT_EQ(q("-1.5").decimal(), "-1.5");
  EXPECT_EQ(q("+5").decimal(), "5");
  EXPECT_EQ(q(".5").decimal(), "0.5");
  EXPECT_EQ(q("1.").decimal(), "1");
  EXPECT_EQ(q("0").decimal(), "0");
  EXPECT_EQ(q("000").decimal(), "0");
}

TEST(Quantity, RejectsBadInputWithKubernetesMessages) {
  auto r = Quantity::parse("10Mo");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message,
            "quantities must match the regular expression "
            "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
  EXPECT_FALSE(Quantity::parse("").ok());
  EXPECT_FALSE(Quantity::parse("abc").ok());
  auto suf = Quantity::parse("1Kii");
  ASSERT_FALSE(suf.ok());
  EXPECT_EQ(suf.error().message, "unable to parse quantity's suffix");
  EXPECT_FALSE(Quantity::parse("1e").ok());
  EXPECT_FALSE(Quantity::parse("1 ").ok());
}

TEST(Quantity, RoundsTinyValuesUpToNano) {
  EXPECT_EQ(q("0.1n").decimal(), "0.000000001");
  EXPECT_EQ(q("-0.1n").decimal(), "-0.000000001");
  EXPECT_EQ(q("1.0000000001").decimal(), "1.000000001");
}

TEST(Quantity, ComparesNumerically) {
  EXPECT_EQ(q("200M"), q("0.2G"));
  EXPECT_EQ(q("2M"), q("2000k"));
  EXPECT_FALSE(q("200M") == q("0.3G"));
  EXPECT_EQ(q("50M").compare(q("50Mi")), -1);
  EXPECT_EQ(q("50Mi").compare(q("50M")), 1);
  EXPECT_EQ(q("-1").compare(q("1m")), -1);
  EXPECT_EQ(q("-2").compare(q("-1")), -1);
  EXPECT_EQ(q("9999999999999999999999999999999999999G").compare(q("1E")), 1);
}

TEST(Quantity, AddAndSubAreExact) {
  EXPECT_EQ(*q("50k").add(q("20")), q("50.02k"));
  EXPECT_EQ(*q("50k").sub(q("20")), q("49.98k"));
  auto r = q("50k").add(Quantity::from_int(20, QuantityFormat::kDecimalExponent));
  ASSERT_TRUE(r.ok());
  r = r->sub(q("100k"));
  int64_t v = 0;
  ASSERT_TRUE(r->as_int64(&v));
  EXPECT_EQ(v, -49980);
  EXPECT_EQ(q("1.5").add(q("1.5"))->decimal(), "3");
  // int64 overflow switches to exact arithmetic.
  auto big = q("9E").add(q("9E"));
  ASSERT_TRUE(big.ok());
  EXPECT_EQ(big->decimal(), "18000000000000000000");
  EXPECT_FALSE(big->as_int64(&v));
}

TEST(Quantity, AsInt64FollowsTheGoRepresentation) {
  int64_t v = 0;
  ASSERT_TRUE(q("50k").as_int64(&v));
  EXPECT_EQ(v, 50000);
  EXPECT_FALSE(q("9999999999999999999999999999999999999G").as_int64(&v));
  EXPECT_FALSE(q("1.5").as_int64(&v));
  // Kubernetes holds "1.0" as 10 * 10^-1, which AsInt64 refuses.
  EXPECT_FALSE(q("1.0").as_int64(&v));
  ASSERT_TRUE(q("0").as_int64(&v));
  EXPECT_EQ(v, 0);
  EXPECT_FALSE(q("10E").as_int64(&v));
  ASSERT_TRUE(q("9E").as_int64(&v));
  EXPECT_EQ(v, 9000000000000000000);
}

TEST(Quantity, ApproximateFloat) {
  EXPECT_DOUBLE_EQ(q("1.5").as_approximate_float(), 1.5);
  EXPECT_DOUBLE_EQ(q("1Ki").as_approximate_float(), 1024.0);
  EXPECT_DOUBLE_EQ(q("-250m").as_approximate_float(), -0.25);
  EXPECT_DOUBLE_EQ(q("1e400").as_approximate_float(), std::numeric_limits<double>::infinity());
}

TEST(Quantity, CanonicalString) {
  EXPECT_EQ(q("1.5k").str(), "1500");
  EXPECT_EQ(q("1500m").str(), "1500m");
  EXPECT_EQ(q("0.5").str(), "500m");
  EXPECT_EQ(q("2048Ki").str(), "2Mi");
  EXPECT_EQ(q("1025Ki").str(), "1025Ki");
  EXPECT_EQ(q("1.5Gi").str(), "1536Mi");
  EXPECT_EQ(q("0.5Ki").str(), "512");
  EXPECT_EQ(q("1e3").str(), "1e3");
  EXPECT_EQ(q("1000e0").str(), "1e3");
  EXPECT_EQ(q("100k").str(), "100k");
  EXPECT_EQ(q("1000k").str(), "1M");
  EXPECT_EQ(q("-1.5").str(), "-1500m");
  EXPECT_EQ(q("0Ki").str(), "0");
  EXPECT_EQ(q("0.1n").str(), "1n");
  EXPECT_EQ(q("+1k").str(), "+1k");
  EXPECT_EQ(q("50k").add(q("20"))->str(), "50020");
}

TEST(Quantity, Sign) {
  EXPECT_EQ(q("-1").sign(), -1);
  EXPECT_EQ(q("0").sign(), 0);
  EXPECT_EQ(q("-0").sign(), 0);
  EXPECT_EQ(q("3m").sign(), 1);
}

}  // namespace
}  // namespace kro::cel::k8s

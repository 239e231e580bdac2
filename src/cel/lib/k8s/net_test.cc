#include "cel/lib/k8s/net.h"

#include <gtest/gtest.h>

#include "cel/lib/k8s/test_util.h"

namespace kro::cel::k8s {
namespace {

IPAddr ip(std::string_view s) { return testing::parsed(s, parse_ip(s)); }

CIDR cidr(std::string_view s) { return testing::parsed(s, parse_cidr(s)); }

std::string ip_error(std::string_view s) {
  auto r = parse_ip(s);
  return r.ok() ? "<ok>" : r.error().message;
}

TEST(IP, ParsesAndPrintsCanonically) {
  EXPECT_EQ(ip("192.168.0.1").str(), "192.168.0.1");
  EXPECT_EQ(ip("2001:db8::68").str(), "2001:db8::68");
  EXPECT_EQ(ip("2001:DB8:0:0:0:0:0:68").str(), "2001:db8::68");
  EXPECT_EQ(ip("::").str(), "::");
  EXPECT_EQ(ip("::1").str(), "::1");
  EXPECT_EQ(ip("1::").str(), "1::");
  EXPECT_EQ(ip("1:0:0:2:0:0:0:3").str(), "1:0:0:2::3");
  EXPECT_EQ(ip("1:0:0:2:0:0:3:4").str(), "1::2:0:0:3:4");
  EXPECT_EQ(ip("1:2:3:4:5:6:7:0").str(), "1:2:3:4:5:6:7:0");
  EXPECT_EQ(ip("64:ff9b::192.0.2.33").str(), "64:ff9b::c000:221");
  EXPECT_EQ(ip("2001:db8::68").bits(), 128);
}

TEST(IP, GoAndKubernetesErrorTexts) {
  EXPECT_EQ(ip_error("192.168.0.1.0"),
            "IP Address \"192.168.0.1.0\" parse error during conversion from string: "
            "ParseAddr(\"192.168.0.1.0\"): IPv4 address too long");
  EXPECT_EQ(ip_error("2001:db8:::68"),
            "IP Address \"2001:db8:::68\" parse error during conversion from string: "
            "ParseAddr(\"2001:db8:::68\"): each colon-separated field must have at least one "
            "digit (at \":68\")");
  EXPECT_EQ(ip_error("192.168.01.1"),
            "IP Address \"192.168.01.1\" parse error during conversion from string: "
            "ParseAddr(\"192.168.01.1\"): IPv4 field has octet with leading zero");
  EXPECT_EQ(ip_error("1.2.3"),
            "IP Address \"1.2.3\" parse error during conversion from string: "
            "ParseAddr(\"1.2.3\"): IPv4 address too short");
  EXPECT_EQ(ip_error("fe80::1%eth0"), "IP address \"fe80::1%eth0\" with zone value is not allowed");
  EXPECT_EQ(ip_error("::ffff:192.168.0.1"),
            "IPv4-mapped IPv6 address \"::ffff:192.168.0.1\" is not allowed");
  EXPECT_EQ(ip_error("foo"),
            "IP Address \"foo\" parse error during conversion from string: "
            "ParseAddr(\"foo\"): unable to parse IP");
  EXPECT_EQ(ip_error("1.2.3.256"),
            "IP Address \"1.2.3.256\" parse error during conversion from string: "
            "ParseAddr(\"1.2.3.256\"): IPv4 field has value >255");
  EXPECT_NE(ip_error("1:2:3:4:5:6:7:8:9"), "<ok>");
  EXPECT_NE(ip_error("12345::"), "<ok>");
  EXPECT_NE(ip_error(""), "<ok>");
}

TEST(IP, Canonical) {
  EXPECT_TRUE(*ip_is_canonical("127.0.0.1"));
  EXPECT_TRUE(*ip_is_canonical("2001:db8::68"));
  EXPECT_FALSE(*ip_is_canonical("2001:DB8::68"));
  EXPECT_FALSE(*ip_is_canonical("2001:db8:0::68"));
  EXPECT_FALSE(ip_is_canonical("127.0.0.1.0").ok());
}

TEST(IP, Classification) {
  EXPECT_TRUE(ip("0.0.0.0").is_unspecified());
  EXPECT_FALSE(ip("127.0.0.1").is_unspecified());
  EXPECT_TRUE(ip("::").is_unspecified());
  EXPECT_TRUE(ip("127.0.0.1").is_loopback());
  EXPECT_FALSE(ip("1.2.3.4").is_loopback());
  EXPECT_TRUE(ip("::1").is_loopback());
  EXPECT_FALSE(ip("2001:db8::abcd").is_loopback());
  EXPECT_TRUE(ip("224.0.0.1").is_link_local_multicast());
  EXPECT_TRUE(ip("ff02::1").is_link_local_multicast());
  EXPECT_FALSE(ip("fd00::1").is_link_local_multicast());
  EXPECT_TRUE(ip("169.254.1.1").is_link_local_unicast());
  EXPECT_FALSE(ip("192.168.0.1").is_link_local_unicast());
  EXPECT_TRUE(ip("fe80::1").is_link_local_unicast());
  EXPECT_FALSE(ip("fd80::1").is_link_local_unicast());
  EXPECT_TRUE(ip("192.168.0.1").is_global_unicast());
  EXPECT_FALSE(ip("255.255.255.255").is_global_unicast());
  EXPECT_TRUE(ip("2001:db8::abcd").is_global_unicast());
  EXPECT_FALSE(ip("ff00::1").is_global_unicast());
}

TEST(CIDR, ParsesAndPrints) {
  EXPECT_EQ(cidr("192.168.0.0/24").str(), "192.168.0.0/24");
  EXPECT_EQ(cidr("2001:db8::/32").str(), "2001:db8::/32");
  EXPECT_EQ(cidr("2001:db8:1::/32").str(), "2001:db8:1::/32");
  EXPECT_EQ(cidr("2001:db8:1::/32").masked().str(), "2001:db8::/32");
  EXPECT_EQ(cidr("192.168.1.7/16").masked().str(), "192.168.0.0/16");
  EXPECT_EQ(cidr("2001:db8::/32").addr.str(), "2001:db8::");
  EXPECT_EQ(cidr("192.168.0.0/24").prefix, 24);
  auto bad = parse_cidr("192.168.0.0/");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().message,
            "network address parse error during conversion from string: "
            "netip.ParsePrefix(\"192.168.0.0/\"): bad bits after slash: \"\"");
  auto range = parse_cidr("10.0.0.0/33");
  ASSERT_FALSE(range.ok());
  EXPECT_EQ(range.error().message,
            "network address parse error during conversion from string: "
            "netip.ParsePrefix(\"10.0.0.0/33\"): prefix length out of range");
  EXPECT_FALSE(parse_cidr("10.0.0.0/024").ok());
  EXPECT_FALSE(parse_cidr("10.0.0.0").ok());
  EXPECT_FALSE(parse_cidr("::ffff:1.2.3.4/96").ok());
}

TEST(CIDR, Containment) {
  EXPECT_TRUE(cidr("192.168.0.0/24").contains_ip(ip("192.168.0.1")));
  EXPECT_FALSE(cidr("192.168.0.0/24").contains_ip(ip("192.168.1.1")));
  EXPECT_FALSE(cidr("192.168.0.0/24").contains_ip(ip("::1")));
  EXPECT_TRUE(cidr("2001:db8::/32").contains_ip(ip("2001:db8::1")));
  EXPECT_FALSE(cidr("2001:db8::/32").contains_ip(ip("2001:dc8::1")));
  EXPECT_FALSE(cidr("192.168.0.0/24").contains_cidr(cidr("192.168.0.0/23")));
  EXPECT_FALSE(cidr("192.168.0.0/24").contains_cidr(cidr("192.169.0.1/32")));
  EXPECT_TRUE(cidr("192.168.0.0/24").contains_cidr(cidr("192.168.0.0/25")));
  EXPECT_TRUE(cidr("2001:db8::/32").contains_cidr(cidr("2001:db8::/33")));
  EXPECT_FALSE(cidr("2001:db8::/32").contains_cidr(cidr("2001:db8::/31")));
}

// Kubernetes' containsCIDR is Prefix.Overlaps plus "no shorter than the receiver": host bits on
// either side do not matter, and a narrower prefix inside the range need not start at the
// range's first address (audited against k8s.io/apiserver v0.36.3).
TEST(CIDR, ContainsCIDRIgnoresHostBitsAndStartAddress) {
  EXPECT_TRUE(cidr("10.0.0.0/8").contains_cidr(cidr("10.1.0.0/16")));
  EXPECT_TRUE(cidr("0.0.0.0/0").contains_cidr(cidr("192.168.1.0/24")));
  EXPECT_TRUE(cidr("10.0.0.1/24").contains_cidr(cidr("10.0.0.0/24")));
  EXPECT_TRUE(cidr("10.0.0.0/24").contains_cidr(cidr("10.0.0.7/24")));
  EXPECT_TRUE(cidr("10.0.0.9/24").contains_cidr(cidr("10.0.0.7/30")));
  EXPECT_TRUE(cidr("2001:db8::1/32").contains_cidr(cidr("2001:db8:1::5/48")));
  EXPECT_FALSE(cidr("10.0.0.0/24").contains_cidr(cidr("10.0.1.0/24")));
  EXPECT_FALSE(cidr("10.0.0.0/24").contains_cidr(cidr("10.0.0.0/16")));
  EXPECT_FALSE(cidr("::/0").contains_cidr(cidr("10.0.0.0/8")));
  EXPECT_FALSE(cidr("0.0.0.0/0").contains_cidr(cidr("::/0")));
}

}  // namespace
}  // namespace kro::cel::k8s

// IP addresses and CIDR prefixes as the Kubernetes CEL IP and CIDR libraries define them: Go's
// net/netip parsing (no leading zeros in IPv4 octets, RFC 5952 output), with the Kubernetes
// restrictions on top (no zones, no IPv4-mapped IPv6 addresses). Error messages are the
// Kubernetes ones, which embed Go's ("ParseAddr(\"1.2.3\"): IPv4 address too short").
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "value/result.h"

namespace kro::cel::k8s {

struct IPAddr {
  bool v6 = false;
  // IPv4 uses the first four bytes.
  std::array<uint8_t, 16> bytes{};
  std::string zone;  // only ever set by parse_netip_addr

  int bits() const { return v6 ? 128 : 32; }
  bool is_4in6() const;
  bool operator==(const IPAddr& o) const = default;

  // netip.Addr.String(): dotted quad, or RFC 5952 IPv6 ("2001:db8::1").
  std::string str() const;

  bool is_unspecified() const;
  bool is_loopback() const;
  bool is_multicast() const;
  bool is_link_local_multicast() const;
  bool is_link_local_unicast() const;
  bool is_global_unicast() const;

  // The address with every bit past `bits` cleared.
  IPAddr masked(int prefix_bits) const;
};

// netip.ParseAddr, with Go's error text ("ParseAddr(...): ...").
Result<IPAddr> parse_netip_addr(std::string_view s);
// The Kubernetes parseIPAddr: netip.ParseAddr, rejecting zones and IPv4-mapped addresses.
Result<IPAddr> parse_ip(std::string_view s);
// ip.isCanonical: whether the text is exactly the canonical form (parse errors as parse_ip).
Result<bool> ip_is_canonical(std::string_view s);

struct CIDR {
  IPAddr addr;  // as written, not masked
  int prefix = 0;

  bool operator==(const CIDR& o) const = default;
  // netip.Prefix.String(): "addr/bits" with the address as written.
  std::string str() const;
  CIDR masked() const;
  // netip.Prefix.Contains.
  bool contains_ip(const IPAddr& ip) const;
  // The Kubernetes containsCIDR (netip.Prefix.Overlaps, and the other prefix is no shorter):
  // same family, other.prefix >= prefix, and both addresses agree on the first `prefix` bits.
  // Host bits on either side are ignored.
  bool contains_cidr(const CIDR& other) const;
};

// netip.ParsePrefix, with Go's error text ("netip.ParsePrefix(...): ...").
Result<CIDR> parse_netip_prefix(std::string_view s);
// The Kubernetes parseCIDR ("network address parse error during conversion from string: ...").
Result<CIDR> parse_cidr(std::string_view s);

}  // namespace kro::cel::k8s

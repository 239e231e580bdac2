#include "cel/lib/k8s/net.h"

#include <cstdio>

#include "value/result.h"
#include "value/strings.h"

namespace kro::cel::k8s {

namespace {

Error addr_error(std::string_view in, std::string_view msg, std::string_view at = {}) {
  std::string m = "ParseAddr(" + go_quote(in) + "): " + std::string(msg);
  if (!at.empty()) m += " (at " + go_quote(at) + ")";
  return Error(std::move(m));
}

// parseIPv4Fields: in[off:end] into four octets.
Result<void> parse_v4_fields(std::string_view in, size_t off, size_t end, uint8_t* fields) {
  const std::string_view s = in.substr(off, end - off);
  int val = 0;
  int pos = 0;
  int dig_len = 0;
  for (size_t i = 0; i < s.size(); i++) {
    const char c = s[i];
    if (c >= '0' && c <= '9') {
      if (dig_len == 1 && val == 0) {
        return addr_error(in, "IPv4 field has octet with leading zero");
      }
      val = val * 10 + (c - '0');
      dig_len++;
      if (val > 255) return addr_error(in, "IPv4 field has value >255");
    } else if (c == '.') {
      if (i == 0 || i == s.size() - 1 || s[i - 1] == '.') {
        return addr_error(in, "IPv4 field must have at least one digit", s.substr(i));
      }
      if (pos == 3) return addr_error(in, "IPv4 address too long");
      fields[pos++] = static_cast<uint8_t>(val);
      val = 0;
      dig_len = 0;
    } else {
      return addr_error(in, "unexpected character", s.substr(i));
    }
  }
  if (pos < 3) return addr_error(in, "IPv4 address too short");
  fields[3] = static_cast<uint8_t>(val);
  return {};
}

// Reads the hex group (1 to 4 digits, below 2^16) at the start of `s` into `acc`; returns the
// number of digits read. `in` is the whole address, for the error messages.
Result<size_t> read_hex_group(std::string_view in, std::string_view s, uint32_t& acc) {
  size_t off = 0;
  acc = 0;
  for (; off < s.size(); off++) {
    const char c = s[off];
    if (c >= '0' && c <= '9') {
      acc = (acc << 4) + static_cast<uint32_t>(c - '0');
    } else if (c >= 'a' && c <= 'f') {
      acc = (acc << 4) + static_cast<uint32_t>(c - 'a' + 10);
    } else if (c >= 'A' && c <= 'F') {
      acc = (acc << 4) + static_cast<uint32_t>(c - 'A' + 10);
    } else {
      break;
    }
    if (off > 3) return addr_error(in, "each group must have 4 or less digits", s);
    if (acc > 0xFFFF) return addr_error(in, "IPv6 field has value >=2^16", s);
  }
  if (off == 0) {
    return addr_error(in, "each colon-separated field must have at least one digit", s);
  }
  return off;
}

Result<IPAddr> parse_v6(std::string_view in) {
  std::string_view s = in;
  IPAddr out;
  out.v6 = true;
  const size_t pct = s.find('%');
  if (pct != std::string_view::npos) {
    out.zone = std::string(s.substr(pct + 1));
    s = s.substr(0, pct);
    if (out.zone.empty()) return addr_error(in, "zone must be a non-empty string");
  }
  auto& ip = out.bytes;
  int ellipsis = -1;
  if (s.size() >= 2 && s[0] == ':' && s[1] == ':') {
    ellipsis = 0;
    s.remove_prefix(2);
    if (s.empty()) return out;
  }
  int i = 0;
  while (i < 16) {
    uint32_t acc = 0;
    KRO_ASSIGN_OR_RETURN(const size_t off, read_hex_group(in, s, acc));
    if (off < s.size() && s[off] == '.') {
      if (ellipsis < 0 && i != 12) {
        return addr_error(
            in, "embedded IPv4 address must replace the final 2 fields of the address", s);
      }
      if (i + 4 > 16) {
        return addr_error(
            in, "too many hex fields to fit an embedded IPv4 at the end of the address", s);
      }
      size_t end = in.size();
      if (!out.zone.empty()) end -= out.zone.size() + 1;
      KRO_RETURN_IF_ERROR(parse_v4_fields(in, end - s.size(), end, &ip[static_cast<size_t>(i)]));
      s = {};
      i += 4;
      break;
    }
    ip[static_cast<size_t>(i)] = static_cast<uint8_t>(acc >> 8);
    ip[static_cast<size_t>(i) + 1] = static_cast<uint8_t>(acc);
    i += 2;
    s.remove_prefix(off);
    if (s.empty()) break;
    if (s[0] != ':') return addr_error(in, "unexpected character, want colon", s);
    if (s.size() == 1) return addr_error(in, "colon must be followed by more characters", s);
    s.remove_prefix(1);
    if (s[0] == ':') {
      if (ellipsis >= 0) return addr_error(in, "multiple :: in address", s);
      ellipsis = i;
      s.remove_prefix(1);
      if (s.empty()) break;
    }
  }
  if (!s.empty()) return addr_error(in, "trailing garbage after address", s);
  if (i < 16) {
    if (ellipsis < 0) return addr_error(in, "address string too short");
    const int n = 16 - i;
    for (int j = i - 1; j >= ellipsis; j--) {
      ip[static_cast<size_t>(j) + static_cast<size_t>(n)] = ip[static_cast<size_t>(j)];
    }
    for (int j = ellipsis; j < ellipsis + n; j++) ip[static_cast<size_t>(j)] = 0;
  } else if (ellipsis >= 0) {
    return addr_error(in, "the :: must expand to at least one field of zeros", s);
  }
  return out;
}

uint16_t group(const IPAddr& a, int i) {
  const auto at = 2 * static_cast<size_t>(i);
  return static_cast<uint16_t>((a.bytes[at] << 8) | a.bytes[at + 1]);
}

}  // namespace

Result<IPAddr> parse_netip_addr(std::string_view s) {
  for (char c : s) {
    if (c == '.') {
      IPAddr out;
      KRO_RETURN_IF_ERROR(parse_v4_fields(s, 0, s.size(), out.bytes.data()));
      return out;
    }
    if (c == ':') return parse_v6(s);
    if (c == '%') return addr_error(s, "missing IPv6 address");
  }
  return addr_error(s, "unable to parse IP");
}

Result<IPAddr> parse_ip(std::string_view s) {
  auto r = parse_netip_addr(s);
  if (!r.ok()) {
    return Error("IP Address " + go_quote(s) +
                 " parse error during conversion from string: " + r.error().message);
  }
  if (!r->zone.empty()) {
    return Error("IP address " + go_quote(s) + " with zone value is not allowed");
  }
  if (r->is_4in6()) return Error("IPv4-mapped IPv6 address " + go_quote(s) + " is not allowed");
  return r;
}

Result<bool> ip_is_canonical(std::string_view s) {
  KRO_ASSIGN_OR_RETURN(auto r, parse_ip(s));
  return r.str() == s;
}

bool IPAddr::is_4in6() const {
  if (!v6) return false;
  for (size_t i = 0; i < 10; i++) {
    if (bytes[i] != 0) return false;
  }
  return bytes[10] == 0xff && bytes[11] == 0xff;
}

std::string IPAddr::str() const {
  char buf[64];
  if (!v6) {
    std::snprintf(buf, sizeof buf, "%u.%u.%u.%u", bytes[0], bytes[1], bytes[2], bytes[3]);
    return buf;
  }
  std::string out;
  if (is_4in6()) {
    std::snprintf(buf, sizeof buf, "::ffff:%u.%u.%u.%u", bytes[12], bytes[13], bytes[14],
                  bytes[15]);
    out = buf;
  } else {
    // The first longest run of two or more zero groups becomes "::".
    int zero_start = -1;
    int zero_len = 0;
    for (int i = 0; i < 8; i++) {
      int j = i;
      while (j < 8 && group(*this, j) == 0) j++;
      if (j - i >= 2 && j - i > zero_len) {
        zero_start = i;
        zero_len = j - i;
      }
    }
    for (int i = 0; i < 8; i++) {
      if (i == zero_start) {
        out += "::";
        i = zero_start + zero_len;
        if (i >= 8) break;
      } else if (i > 0) {
        out += ":";
      }
      std::snprintf(buf, sizeof buf, "%x", group(*this, i));
      out += buf;
    }
  }
  if (!zone.empty()) out += "%" + zone;
  return out;
}

bool IPAddr::is_unspecified() const {
  for (int i = 0; i < bits() / 8; i++) {
    if (bytes[static_cast<size_t>(i)] != 0) return false;
  }
  return true;
}

bool IPAddr::is_loopback() const {
  if (!v6) return bytes[0] == 127;
  for (size_t i = 0; i < 15; i++) {
    if (bytes[i] != 0) return false;
  }
  return bytes[15] == 1;
}

bool IPAddr::is_multicast() const {
  if (!v6) return (bytes[0] & 0xF0) == 0xE0;
  return bytes[0] == 0xFF;
}

bool IPAddr::is_link_local_multicast() const {
  if (!v6) return bytes[0] == 224 && bytes[1] == 0 && bytes[2] == 0;
  return bytes[0] == 0xFF && (bytes[1] & 0x0F) == 0x02;
}

bool IPAddr::is_link_local_unicast() const {
  if (!v6) return bytes[0] == 169 && bytes[1] == 254;
  return bytes[0] == 0xFE && (bytes[1] & 0xC0) == 0x80;
}

bool IPAddr::is_global_unicast() const {
  if (!v6) {
    const bool broadcast = bytes[0] == 255 && bytes[1] == 255 && bytes[2] == 255 && bytes[3] == 255;
    if (is_unspecified() || broadcast) return false;
  }
  return !is_unspecified() && !is_loopback() && !is_multicast() && !is_link_local_unicast();
}

IPAddr IPAddr::masked(int prefix_bits) const {
  IPAddr out = *this;
  out.zone.clear();
  for (int i = 0; i < 16; i++) {
    const int keep = prefix_bits - i * 8;
    auto& b = out.bytes[static_cast<size_t>(i)];
    if (keep <= 0) {
      b = 0;
    } else if (keep < 8) {
      b = static_cast<uint8_t>(b & (0xFF << (8 - keep)));
    }
  }
  return out;
}

std::string CIDR::str() const { return addr.str() + "/" + std::to_string(prefix); }

CIDR CIDR::masked() const { return CIDR{addr.masked(prefix), prefix}; }

bool CIDR::contains_ip(const IPAddr& ip) const {
  if (ip.v6 != addr.v6 || !ip.zone.empty()) return false;
  return ip.masked(prefix) == addr.masked(prefix);
}

bool CIDR::contains_cidr(const CIDR& other) const {
  // Prefix.Overlaps compares both addresses at the shorter length, which is this one's.
  if (addr.v6 != other.addr.v6 || prefix > other.prefix) return false;
  return addr.masked(prefix) == other.addr.masked(prefix);
}

Result<CIDR> parse_netip_prefix(std::string_view s) {
  auto fail = [&](const std::string& msg) {
    return Error("netip.ParsePrefix(" + go_quote(s) + "): " + msg);
  };
  const size_t slash = s.rfind('/');
  if (slash == std::string_view::npos) return fail("no '/'");
  auto ip = parse_netip_addr(s.substr(0, slash));
  if (!ip.ok()) return fail(ip.error().message);
  if (ip->v6 && !ip->zone.empty()) return fail("IPv6 zones cannot be present in a prefix");
  const std::string_view bits_str = s.substr(slash + 1);
  const std::string bad = "bad bits after slash: " + go_quote(bits_str);
  if (bits_str.size() > 1 && (bits_str[0] < '1' || bits_str[0] > '9')) return fail(bad);
  // strconv.Atoi: an optional sign, then digits.
  std::string_view digits = bits_str;
  bool neg = false;
  if (!digits.empty() && (digits[0] == '+' || digits[0] == '-')) {
    neg = digits[0] == '-';
    digits.remove_prefix(1);
  }
  if (digits.empty() || digits.size() > 18) return fail(bad);
  int64_t bits = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return fail(bad);
    bits = bits * 10 + (c - '0');
  }
  if (neg) bits = -bits;
  if (bits < 0 || bits > ip->bits()) return fail("prefix length out of range");
  return CIDR{*ip, static_cast<int>(bits)};
}

Result<CIDR> parse_cidr(std::string_view s) {
  auto r = parse_netip_prefix(s);
  if (!r.ok()) {
    return Error("network address parse error during conversion from string: " + r.error().message);
  }
  if (r->addr.is_4in6()) {
    return Error("IPv4-mapped IPv6 address " + go_quote(s) + " is not allowed");
  }
  return r;
}

}  // namespace kro::cel::k8s

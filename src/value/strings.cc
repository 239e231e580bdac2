#include "value/strings.h"

#include <cstdio>

#include "value/utf8.h"

namespace kro {

namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

constexpr std::uint64_t kNanosPerSecond = 1'000'000'000;

// The nanoseconds in one unit; 0 for an unknown unit.
std::uint64_t unit_nanos(std::string_view unit) {
  if (unit == "ns") return 1;
  if (unit == "us" || unit == "\xc2\xb5s" || unit == "\xce\xbcs") return 1000;
  if (unit == "ms") return 1'000'000;
  if (unit == "s") return kNanosPerSecond;
  if (unit == "m") return 60 * kNanosPerSecond;
  if (unit == "h") return 3600 * kNanosPerSecond;
  return 0;
}

}  // namespace

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string ascii_upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

std::string_view go_escape(char32_t c) {
  switch (c) {
    case '\a':
      return "\\a";
    case '\b':
      return "\\b";
    case '\f':
      return "\\f";
    case '\n':
      return "\\n";
    case '\r':
      return "\\r";
    case '\t':
      return "\\t";
    case '\v':
      return "\\v";
    case '\\':
      return "\\\\";
    case '"':
      return "\\\"";
    default:
      return {};
  }
}

bool go_printable(char32_t c) {
  if (c < 0x20 || c == 0x7f) return false;
  if (c < 0x7f) return true;
  if (c < 0xa0 || c == 0xa0 || c == 0xad) return false;
  if ((c >= 0x600 && c <= 0x605) || c == 0x61c || c == 0x6dd || c == 0x70f) return false;
  if (c == 0x1680 || c == 0x180e) return false;
  if ((c >= 0x2000 && c <= 0x200f) || (c >= 0x2028 && c <= 0x202f)) return false;
  if ((c >= 0x205f && c <= 0x206f) || c == 0x3000) return false;
  if (c >= 0xd800 && c <= 0xf8ff) return false;  // surrogates and private use
  if (c == 0xfeff || (c >= 0xfff9 && c <= 0xfffb) || c == 0xfffe || c == 0xffff) return false;
  if (c >= 0xf0000) return false;  // supplementary private-use planes
  return true;
}

std::string go_quote(std::string_view s) {
  std::string out = "\"";
  char buf[16];
  for (std::size_t i = 0; i < s.size();) {
    char32_t cp = 0;
    const std::size_t len = utf8::decode(s, i, &cp);
    if (len == 0) {
      std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned char>(s[i]));
      out += buf;
      ++i;
      continue;
    }
    if (std::string_view esc = go_escape(cp); !esc.empty()) {
      out += esc;
    } else {
      const auto u = static_cast<unsigned>(cp);
      if (go_printable(cp)) {
        out.append(s.substr(i, len));
      } else if (cp < 0x80) {
        std::snprintf(buf, sizeof buf, "\\x%02x", u);
        out += buf;
      } else if (cp < 0x10000) {
        std::snprintf(buf, sizeof buf, "\\u%04x", u);
        out += buf;
      } else {
        std::snprintf(buf, sizeof buf, "\\U%08x", u);
        out += buf;
      }
    }
    i += len;
  }
  out += '"';
  return out;
}

Result<std::int64_t> parse_go_duration(std::string_view text) {
  auto bad = [&](std::string_view why) {
    return Error("invalid duration \"" + std::string(text) + "\": " + std::string(why));
  };
  std::string_view s = text;
  bool neg = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    neg = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s == "0") return std::int64_t{0};
  if (s.empty()) return bad("empty");
  // Accumulate in unsigned nanoseconds; Go allows up to 1<<63 for a negative duration.
  unsigned __int128 total = 0;
  const unsigned __int128 limit = static_cast<unsigned __int128>(1) << 63;
  while (!s.empty()) {
    unsigned __int128 whole = 0;
    std::size_t i = 0;
    bool any = false;
    for (; i < s.size() && is_digit(s[i]); ++i, any = true) {
      whole = whole * 10 + static_cast<unsigned>(s[i] - '0');
      if (whole > limit) return bad("out of range");
    }
    std::uint64_t frac = 0;
    std::uint64_t scale = 1;
    if (i < s.size() && s[i] == '.') {
      for (++i; i < s.size() && is_digit(s[i]); ++i, any = true) {
        if (scale < 1'000'000'000'000'000'000ULL) {
          frac = frac * 10 + static_cast<std::uint64_t>(s[i] - '0');
          scale *= 10;
        }
      }
    }
    if (!any) return bad("expected a number");
    std::size_t u = i;
    while (u < s.size() && s[u] != '.' && !is_digit(s[u])) ++u;
    std::string_view unit = s.substr(i, u - i);
    if (unit.empty()) return bad("missing unit (ns, us, ms, s, m, h)");
    const std::uint64_t mult = unit_nanos(unit);
    if (mult == 0) return bad("unknown unit \"" + std::string(unit) + "\"");
    unsigned __int128 part = whole * mult;
    if (frac != 0) {
      part += static_cast<unsigned __int128>(static_cast<long double>(frac) *
                                             static_cast<long double>(mult) /
                                             static_cast<long double>(scale));
    }
    total += part;
    if (total > limit) return bad("out of range");
    s.remove_prefix(u);
  }
  if (!neg && total > limit - 1) return bad("out of range");
  return static_cast<std::int64_t>(neg ? -static_cast<__int128>(total)
                                       : static_cast<__int128>(total));
}

}  // namespace kro

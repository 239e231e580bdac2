#include "cel/lib/ext/base64.h"

#include <array>

namespace kro::cel::ext {

namespace {

constexpr std::string_view kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int decode_char(char c) {
  const size_t i = kAlphabet.find(c);
  return i == std::string_view::npos ? -1 : static_cast<int>(i);
}

Error illegal(size_t at) {
  return Error("illegal base64 data at input byte " + std::to_string(at));
}

}  // namespace

std::string base64_encode(std::string_view in) {
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    const uint32_t v = static_cast<uint32_t>(static_cast<unsigned char>(in[i])) << 16 |
                       static_cast<uint32_t>(static_cast<unsigned char>(in[i + 1])) << 8 |
                       static_cast<unsigned char>(in[i + 2]);
    out.push_back(kAlphabet[v >> 18]);
    out.push_back(kAlphabet[(v >> 12) & 63]);
    out.push_back(kAlphabet[(v >> 6) & 63]);
    out.push_back(kAlphabet[v & 63]);
  }
  const size_t rest = in.size() - i;
  if (rest > 0) {
    uint32_t v = static_cast<uint32_t>(static_cast<unsigned char>(in[i])) << 16;
    if (rest == 2) v |= static_cast<uint32_t>(static_cast<unsigned char>(in[i + 1])) << 8;
    out.push_back(kAlphabet[v >> 18]);
    out.push_back(kAlphabet[(v >> 12) & 63]);
    out.push_back(rest == 2 ? kAlphabet[(v >> 6) & 63] : '=');
    out.push_back('=');
  }
  return out;
}

Result<std::string> base64_decode_strict(std::string_view text, bool padded) {
  // Positions refer to the input as given, newlines included, as Go reports them.
  std::string out;
  std::array<int, 4> quad{};
  std::array<size_t, 4> where{};
  size_t n = 0;
  size_t i = 0;
  auto flush = [&](size_t count) {
    const uint32_t v = static_cast<uint32_t>(quad[0]) << 18 | static_cast<uint32_t>(quad[1]) << 12 |
                       static_cast<uint32_t>(count > 2 ? quad[2] : 0) << 6 |
                       static_cast<uint32_t>(count > 3 ? quad[3] : 0);
    out.push_back(static_cast<char>(v >> 16));
    if (count > 2) out.push_back(static_cast<char>((v >> 8) & 0xFF));
    if (count > 3) out.push_back(static_cast<char>(v & 0xFF));
  };
  for (; i < text.size(); i++) {
    const char c = text[i];
    if (c == '\r' || c == '\n') continue;
    if (c == '=') {
      if (!padded || n < 2) return illegal(i);
      // "xx==" or "xxx=": the rest may only be the padding (and newlines).
      size_t need = 4 - n;
      size_t j = i;
      while (need > 0 && j < text.size()) {
        if (text[j] == '\r' || text[j] == '\n') {
          j++;
          continue;
        }
        if (text[j] != '=') return illegal(j);
        need--;
        j++;
      }
      if (need > 0) return illegal(text.size());
      while (j < text.size() && (text[j] == '\r' || text[j] == '\n')) j++;
      if (j < text.size()) return illegal(j);
      // The unused low bits must be zero (Go's strict check is off by default: accept).
      flush(n);
      return out;
    }
    const int d = decode_char(c);
    if (d < 0) return illegal(i);
    where[n] = i;
    quad[n++] = d;
    if (n == 4) {
      flush(4);
      n = 0;
    }
  }
  if (n == 0) return out;
  if (padded || n == 1) return illegal(n == 1 ? where[0] : text.size());
  flush(n);
  return out;
}

Result<std::string> base64_decode(std::string_view text) {
  auto r = base64_decode_strict(text, true);
  if (r.ok()) return r;
  auto raw = base64_decode_strict(text, false);
  if (raw.ok()) return raw;
  return r;
}

}  // namespace kro::cel::ext

// UTF-8 decoding and encoding, the one copy every layer uses. Decoding is strict, as Go's
// utf8.DecodeRune is: a sequence is invalid when its lead byte is not one, it is cut short, a
// continuation byte is missing, it is overlong, or it encodes a surrogate or a value above
// U+10FFFF. Callers decide what an invalid byte becomes (U+FFFD, an escape, an error).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace kro::utf8 {

inline constexpr char32_t kReplacement = 0xFFFD;

// The out-of-line part of decode() and append() for everything beyond ASCII (s[i] >= 0x80,
// cp >= 0x80); call decode() and append().
std::size_t decode_multibyte(std::string_view s, std::size_t i, char32_t* cp);
void append_multibyte(std::string& out, char32_t cp);

// Decodes the sequence that starts at s[i] (i < s.size()) into *cp; returns its length in bytes
// (1 to 4), or 0 when it is invalid (then *cp is left alone). Inline for ASCII: the CEL lexer
// decodes every character of every expression through it.
inline std::size_t decode(std::string_view s, std::size_t i, char32_t* cp) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) {
    *cp = b0;
    return 1;
  }
  return decode_multibyte(s, i, cp);
}

// The byte length of the sequence at s[i]: its length when valid, 1 for an invalid byte (so a
// loop that steps by it visits every byte of invalid input once, as Go's range over a string).
std::size_t step(std::string_view s, std::size_t i);

// Every code point of s; each byte of an invalid sequence becomes U+FFFD.
std::vector<char32_t> decode_all(std::string_view s);

// True when all of s is valid UTF-8.
bool valid(std::string_view s);

// The number of code points in valid UTF-8 (bytes that do not continue a sequence); on invalid
// input an estimate, which is what CEL's size() and the cost model want.
std::size_t count(std::string_view s);

// Appends the encoding of cp (which must be a scalar value, not a surrogate, <= U+10FFFF).
inline void append(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else {
    append_multibyte(out, cp);
  }
}

// The encoding of cps[from, to).
std::string encode(const std::vector<char32_t>& cps, std::size_t from, std::size_t to);
inline std::string encode(const std::vector<char32_t>& cps) { return encode(cps, 0, cps.size()); }

}  // namespace kro::utf8

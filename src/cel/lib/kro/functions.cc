#include "cel/lib/kro/functions.h"

#include <openssl/evp.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "cel/cost/cost_model.h"

namespace kro::cel::kro_lib {

namespace {

std::string digest(const EVP_MD* md, std::string_view s) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(s.data(), s.size(), out, &len, md, nullptr);
  return std::string(reinterpret_cast<const char*>(out), len);
}

void marshal_string(std::string_view s, std::string& out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  for (size_t i = 0; i < s.size(); i++) {
    const auto c = static_cast<unsigned char>(s[i]);
    switch (c) {
      case '"':
        out += "\\\"";
        continue;
      case '\\':
        out += "\\\\";
        continue;
      case '\n':
        out += "\\n";
        continue;
      case '\r':
        out += "\\r";
        continue;
      case '\t':
        out += "\\t";
        continue;
      case '\b':
        out += "\\b";
        continue;
      case '\f':
        out += "\\f";
        continue;
      default:
        break;
    }
    if (c < 0x20 || c == '<' || c == '>' || c == '&') {
      out += "\\u00";
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
      continue;
    }
    // U+2028 and U+2029 (E2 80 A8/A9) are escaped for JavaScript.
    if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
        (static_cast<unsigned char>(s[i + 2]) & 0xFE) == 0xA8) {
      out += static_cast<unsigned char>(s[i + 2]) == 0xA8 ? "\\u2028" : "\\u2029";
      i += 2;
      continue;
    }
    out.push_back(static_cast<char>(c));
  }
  out.push_back('"');
}

// encoding/json's float64 encoding: shortest digits; exponent form below 1e-6 and from 1e21,
// with a two-digit minimum exponent trimmed ("1e-07" becomes "1e-7").
std::string marshal_double(double d) {
  char buf[64];
  const double a = std::fabs(d);
  std::to_chars_result r{};
  if (a != 0 && (a < 1e-6 || a >= 1e21)) {
    r = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);
  } else {
    r = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::fixed);
  }
  std::string s(buf, r.ptr);
  // to_chars writes "1e-07" like Go's 'e' format; Go then drops the leading zero.
  const size_t e = s.find('e');
  if (e != std::string::npos && e + 3 < s.size() + 1 && s[e + 2] == '0' && s.size() - e == 4) {
    s.erase(e + 2, 1);
  }
  return s;
}

void marshal(const Json& v, std::string& out) {
  switch (v.kind()) {
    case json::kind::null:
      out += "null";
      break;
    case json::kind::bool_:
      out += v.get_bool() ? "true" : "false";
      break;
    case json::kind::int64:
      out += std::to_string(v.get_int64());
      break;
    case json::kind::uint64:
      out += std::to_string(v.get_uint64());
      break;
    case json::kind::double_:
      out += marshal_double(v.get_double());
      break;
    case json::kind::string:
      marshal_string(v.get_string(), out);
      break;
    case json::kind::array: {
      out.push_back('[');
      bool first = true;
      for (const auto& e : v.get_array()) {
        if (!first) out.push_back(',');
        first = false;
        marshal(e, out);
      }
      out.push_back(']');
      break;
    }
    case json::kind::object: {
      std::vector<const json::key_value_pair*> items;
      for (const auto& kv : v.get_object()) items.push_back(&kv);
      std::sort(items.begin(), items.end(),
                [](const auto* a, const auto* b) { return a->key() < b->key(); });
      out.push_back('{');
      bool first = true;
      for (const auto* kv : items) {
        if (!first) out.push_back(',');
        first = false;
        marshal_string(kv->key(), out);
        out.push_back(':');
        marshal(kv->value(), out);
      }
      out.push_back('}');
      break;
    }
  }
}

void numbers_to_double(Json& v) {
  switch (v.kind()) {
    case json::kind::int64:
      v = static_cast<double>(v.get_int64());
      break;
    case json::kind::uint64:
      v = static_cast<double>(v.get_uint64());
      break;
    case json::kind::array:
      for (auto& e : v.get_array()) numbers_to_double(e);
      break;
    case json::kind::object:
      for (auto& kv : v.get_object()) numbers_to_double(kv.value());
      break;
    default:
      break;
  }
}

}  // namespace

Result<std::string> seeded_string(int64_t length, std::string_view seed) {
  if (length <= 0) return Error("random.seededString length must be positive");
  if (length > cost::kMaxGeneratedSize) {
    return Error("random.seededString length " + std::to_string(length) +
                 " exceeds the evaluation cost limit (" + std::to_string(cost::kMaxGeneratedSize) +
                 ")");
  }
  static constexpr std::string_view kChars = "0123456789abcdefghijklmnopqrstuvwxyz";
  const std::string hash = sha256(seed);
  std::string out;
  out.reserve(static_cast<size_t>(length));
  for (int64_t i = 0; i < length; i++) {
    // Four bytes per character, cycling through the 32-byte digest (kro's rehash branch can
    // never trigger: 4*i mod 32 + 4 <= 32).
    const auto start = static_cast<size_t>((i * 4) % 32);
    uint32_t idx = 0;
    for (size_t k = 0; k < 4; k++) idx = idx << 8 | static_cast<unsigned char>(hash[start + k]);
    out.push_back(kChars[idx % kChars.size()]);
  }
  return out;
}

Result<int64_t> seeded_int(int64_t min, int64_t max, std::string_view seed) {
  if (min >= max) return Error("random.seededInt min must be less than max");
  const std::string hash = sha256(seed);
  uint64_t v = 0;
  for (size_t k = 0; k < 8; k++) v = v << 8 | static_cast<unsigned char>(hash[k]);
  const uint64_t range = static_cast<uint64_t>(max) - static_cast<uint64_t>(min);
  return static_cast<int64_t>(static_cast<uint64_t>(min) + v % range);
}

std::string fnv64a(std::string_view s) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  std::string out(8, '\0');
  for (int i = 7; i >= 0; i--) {
    out[static_cast<size_t>(i)] = static_cast<char>(h & 0xFF);
    h >>= 8;
  }
  return out;
}

std::string sha256(std::string_view s) { return digest(EVP_sha256(), s); }
std::string md5(std::string_view s) { return digest(EVP_md5(), s); }

std::string go_json_marshal(const Json& v) {
  std::string out;
  marshal(v, out);
  return out;
}

Result<Json> go_json_unmarshal(std::string_view text) {
  auto r = parse_json(text);
  if (!r.ok()) return Error("json.unmarshal failed to parse JSON: " + r.error().message);
  Json v = std::move(*r);
  numbers_to_double(v);
  return v;
}

}  // namespace kro::cel::kro_lib

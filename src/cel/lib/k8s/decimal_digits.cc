#include "cel/lib/k8s/decimal_digits.h"

#include <algorithm>
#include <limits>

namespace kro::cel::k8s::digits {

std::string strip(std::string_view s) {
  size_t i = 0;
  while (i + 1 < s.size() && s[i] == '0') i++;
  if (s.empty()) return "0";
  return std::string(s.substr(i));
}

std::string mul_pow2(std::string s, int n) {
  for (int k = 0; k < n; k++) s = add(s, s);
  return s;
}

std::string round_up_drop(const std::string& s, int64_t n) {
  if (n <= 0) return s;
  if (n >= static_cast<int64_t>(s.size())) return s == "0" ? "0" : "1";
  const size_t keep = s.size() - static_cast<size_t>(n);
  std::string head = s.substr(0, keep);
  const bool dropped_nonzero = s.find_first_not_of('0', keep) != std::string::npos;
  return dropped_nonzero ? add(head, "1") : strip(head);
}

int compare(const std::string& a0, int64_t ea, const std::string& b0, int64_t eb) {
  const std::string a = strip(a0);
  const std::string b = strip(b0);
  const bool za = a == "0";
  const bool zb = b == "0";
  if (za || zb) return za == zb ? 0 : (za ? -1 : 1);
  // Position of the most significant digit.
  const int64_t ta = static_cast<int64_t>(a.size()) + ea;
  const int64_t tb = static_cast<int64_t>(b.size()) + eb;
  if (ta != tb) return ta < tb ? -1 : 1;
  const size_t n = std::max(a.size(), b.size());
  for (size_t i = 0; i < n; i++) {
    const char ca = i < a.size() ? a[i] : '0';
    const char cb = i < b.size() ? b[i] : '0';
    if (ca != cb) return ca < cb ? -1 : 1;
  }
  return 0;
}

std::string add(const std::string& a, const std::string& b) {
  std::string r;
  r.reserve(std::max(a.size(), b.size()) + 1);
  int carry = 0;
  size_t i = a.size();
  size_t j = b.size();
  while (i > 0 || j > 0 || carry != 0) {
    int d = carry;
    if (i > 0) d += a[--i] - '0';
    if (j > 0) d += b[--j] - '0';
    r.push_back(static_cast<char>('0' + d % 10));
    carry = d / 10;
  }
  std::reverse(r.begin(), r.end());
  return strip(r);
}

std::string sub(const std::string& a, const std::string& b) {
  std::string r;
  r.reserve(a.size());
  int borrow = 0;
  size_t i = a.size();
  size_t j = b.size();
  while (i > 0) {
    int d = a[--i] - '0' - borrow;
    if (j > 0) d -= b[--j] - '0';
    borrow = d < 0 ? 1 : 0;
    if (d < 0) d += 10;
    r.push_back(static_cast<char>('0' + d));
  }
  std::reverse(r.begin(), r.end());
  return strip(r);
}

int64_t to_int64(const std::string& s, bool negative) {
  uint64_t v = 0;
  for (char c : s) v = v * 10 + static_cast<uint64_t>(c - '0');
  return negative ? static_cast<int64_t>(0 - v) : static_cast<int64_t>(v);
}

bool scale_int64(int64_t v, int64_t n, int64_t* out) {
  int64_t r = v;
  for (int64_t k = 0; k < n; k++) {
    if (r == 0) break;
    if (__builtin_mul_overflow(r, int64_t{10}, &r)) return false;
  }
  *out = r;
  return true;
}

std::string to_plain(const std::string& s, int64_t exp) {
  if (exp >= 0) return s == "0" ? s : s + std::string(static_cast<size_t>(exp), '0');
  const auto frac = static_cast<size_t>(-exp);
  std::string padded = s;
  if (padded.size() <= frac) padded.insert(0, frac + 1 - padded.size(), '0');
  std::string out =
      padded.substr(0, padded.size() - frac) + "." + padded.substr(padded.size() - frac);
  while (out.back() == '0') out.pop_back();
  if (out.back() == '.') out.pop_back();
  return out;
}

bool is_integral(const std::string& s, int64_t exp) {
  if (exp >= 0 || s == "0") return true;
  const auto frac = static_cast<size_t>(-exp);
  if (frac >= s.size()) return false;
  return s.find_first_not_of('0', s.size() - frac) == std::string::npos;
}

std::string to_integer(const std::string& s, int64_t exp) {
  if (s == "0") return s;
  if (exp >= 0) return s + std::string(static_cast<size_t>(exp), '0');
  return strip(s.substr(0, s.size() - static_cast<size_t>(-exp)));
}

bool divide_exact(const std::string& n, uint32_t d, std::string* quotient) {
  std::string q;
  uint64_t rem = 0;
  for (char c : n) {
    rem = rem * 10 + static_cast<uint64_t>(c - '0');
    q.push_back(static_cast<char>('0' + rem / d));
    rem %= d;
  }
  if (rem != 0) return false;
  *quotient = strip(q);
  return true;
}

}  // namespace kro::cel::k8s::digits

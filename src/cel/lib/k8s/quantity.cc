#include "cel/lib/k8s/quantity.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <limits>

#include "cel/lib/k8s/decimal_digits.h"
#include "value/result.h"

namespace kro::cel::k8s {

namespace {

constexpr int64_t kMaxDigits = 1000000;
// Go's maxInt64Factors: the number of decimal digits an int64 always holds.
constexpr int kMaxInt64Factors = 18;
constexpr int64_t kNanoExp = -9;

Error format_error() {
  return Error(std::string("quantities must match the regular expression '") +
               std::string(kQuantitySplitRE) + "'");
}

struct Split {
  bool positive = true;
  std::string_view value, num, denom, suffix;
};

// parseQuantityString: sign, numerator (leading zeros dropped), fraction and suffix.
Result<Split> split_quantity(std::string_view s) {
  Split out;
  size_t pos = 0;
  const size_t end = s.size();
  if (pos < end && (s[0] == '-' || s[0] == '+')) {
    out.positive = s[0] != '-';
    pos++;
  }
  while (true) {
    if (pos >= end) {
      out.num = "0";
      out.value = "0";
      return out;
    }
    if (s[pos] != '0') break;
    pos++;
  }
  size_t i = pos;
  while (i < end && s[i] >= '0' && s[i] <= '9') i++;
  if (i >= end) {
    out.num = s.substr(pos);
    out.value = s;
    return out;
  }
  out.num = s.substr(pos, i - pos);
  pos = i;
  if (out.num.empty()) out.num = "0";
  if (pos < end && s[pos] == '.') {
    pos++;
    i = pos;
    while (i < end && s[i] >= '0' && s[i] <= '9') i++;
    if (i >= end) {
      out.denom = s.substr(pos);
      out.value = s;
      return out;
    }
    out.denom = s.substr(pos, i - pos);
    pos = i;
  }
  out.value = s.substr(0, pos);
  const size_t suffix_start = pos;
  i = pos;
  while (i < end && std::string_view("eEinumkKMGTP").find(s[i]) != std::string_view::npos) i++;
  if (i >= end) {
    out.suffix = s.substr(suffix_start);
    return out;
  }
  pos = i;
  if (s[pos] == '-' || s[pos] == '+') pos++;
  while (pos < end && s[pos] >= '0' && s[pos] <= '9') pos++;
  if (pos >= end) {
    out.suffix = s.substr(suffix_start);
    return out;
  }
  return format_error();
}

struct SuffixMeaning {
  int base = 10;
  int64_t exponent = 0;
  QuantityFormat format = QuantityFormat::kDecimalSI;
};

bool interpret_suffix(std::string_view suf, SuffixMeaning* out) {
  static constexpr std::array<std::pair<std::string_view, int>, 10> kDecimal = {{
      {"n", -9},
      {"u", -6},
      {"m", -3},
      {"", 0},
      {"k", 3},
      {"M", 6},
      {"G", 9},
      {"T", 12},
      {"P", 15},
      {"E", 18},
  }};
  static constexpr std::array<std::pair<std::string_view, int>, 6> kBinary = {{
      {"Ki", 10},
      {"Mi", 20},
      {"Gi", 30},
      {"Ti", 40},
      {"Pi", 50},
      {"Ei", 60},
  }};
  for (const auto& [name, e] : kDecimal) {
    if (suf == name) {
      *out = {10, e, QuantityFormat::kDecimalSI};
      return true;
    }
  }
  for (const auto& [name, e] : kBinary) {
    if (suf == name) {
      *out = {2, e, QuantityFormat::kBinarySI};
      return true;
    }
  }
  if (suf.size() > 1 && (suf[0] == 'e' || suf[0] == 'E')) {
    // strconv.ParseInt(suffix[1:], 10, 64), then an int32 conversion.
    std::string_view rest = suf.substr(1);
    bool neg = false;
    if (rest[0] == '+' || rest[0] == '-') {
      neg = rest[0] == '-';
      rest.remove_prefix(1);
    }
    if (rest.empty()) return false;
    uint64_t mag = 0;
    for (char c : rest) {
      if (c < '0' || c > '9') return false;
      if (mag > (std::numeric_limits<uint64_t>::max() - 9) / 10) return false;
      mag = mag * 10 + static_cast<uint64_t>(c - '0');
    }
    const uint64_t limit = neg ? (uint64_t{1} << 63) : (uint64_t{1} << 63) - 1;
    if (mag > limit) return false;
    const int64_t parsed = neg ? static_cast<int64_t>(0 - mag) : static_cast<int64_t>(mag);
    *out = {10, static_cast<int32_t>(parsed), QuantityFormat::kDecimalExponent};
    return true;
  }
  return false;
}

// Go's math.Pow10, which multiplies two table entries rather than rounding 10^n once.
double go_pow10(int64_t n) {
  static constexpr std::array<double, 32> kTab = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                                  1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                                  1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22, 1e23,
                                                  1e24, 1e25, 1e26, 1e27, 1e28, 1e29, 1e30, 1e31};
  static constexpr std::array<double, 10> kPos32 = {1e0,   1e32,  1e64,  1e96,  1e128,
                                                    1e160, 1e192, 1e224, 1e256, 1e288};
  static constexpr std::array<double, 11> kNeg32 = {1e-0,   1e-32,  1e-64,  1e-96,  1e-128, 1e-160,
                                                    1e-192, 1e-224, 1e-256, 1e-288, 1e-320};
  if (n >= 0 && n <= 308) {
    return kPos32[static_cast<size_t>(n) / 32] * kTab[static_cast<size_t>(n) % 32];
  }
  if (n < 0 && n >= -323) {
    return kNeg32[static_cast<size_t>(-n) / 32] / kTab[static_cast<size_t>(-n) % 32];
  }
  return n > 0 ? std::numeric_limits<double>::infinity() : 0.0;
}

}  // namespace

Quantity Quantity::from_int(int64_t v, QuantityFormat format) {
  Quantity q;
  q.negative_ = v < 0;
  const uint64_t mag = v < 0 ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
  q.unscaled_ = std::to_string(mag);
  q.format_ = format;
  return q;
}

std::optional<Quantity> Quantity::parse_int64(std::string_view str, bool positive,
                                              std::string_view num, std::string_view denom,
                                              QuantityFormat format, int64_t exponent) {
  int64_t precision = 0;
  int64_t scale = 0;
  int mantissa_shift = 0;
  if (format == QuantityFormat::kBinarySI) {
    if (exponent >= 0 && denom.empty()) {
      mantissa_shift = static_cast<int>(exponent);
      precision = 15 - static_cast<int64_t>(num.size()) -
                  static_cast<int64_t>(static_cast<float>(exponent) * 3 / 10) - 1;
    } else {
      precision = -1;
    }
  } else {
    scale = exponent;
    precision = kMaxInt64Factors - static_cast<int64_t>(num.size() + denom.size());
  }
  if (precision >= 0) {
    scale -= static_cast<int64_t>(denom.size());
    if (scale >= kNanoExp) {
      const std::string shifted = std::string(num) + std::string(denom);
      // shifted has at most 18 digits here, so it always fits an int64.
      const int64_t value = std::strtoll(shifted.c_str(), nullptr, 10);
      const __int128 wide = static_cast<__int128>(value) << mantissa_shift;
      if (wide <= std::numeric_limits<int64_t>::max()) {
        Quantity q;
        q.negative_ = !positive;
        q.unscaled_ = digits::strip(std::to_string(static_cast<int64_t>(wide)));
        q.exp_ = scale;
        q.format_ = format;
        q.normalize_zero();
        bool keep = false;
        if (format == QuantityFormat::kBinarySI) {
          keep = exponent % 10 == 0 && (value & 0x07) != 0;
        } else {
          keep = scale % 3 == 0 && !shifted.ends_with("000") && shifted[0] != '0';
        }
        if (keep) q.original_ = std::string(str);
        return q;
      }
    }
  }
  return std::nullopt;
}

Result<Quantity> Quantity::parse(std::string_view str) {
  if (str.empty()) return format_error();
  if (str == "0") {
    Quantity q;
    q.original_ = "0";
    return q;
  }
  KRO_ASSIGN_OR_RETURN(auto split, split_quantity(str));
  const Split& sp = split;
  SuffixMeaning m;
  if (!interpret_suffix(sp.suffix, &m)) return Error("unable to parse quantity's suffix");

  // The int64 fast path, taken under the same conditions as Go's.
  if (auto q = parse_int64(str, sp.positive, sp.num, sp.denom, m.format, m.exponent)) return *q;

  // The inf.Dec path: exact value, rounded away from zero to a multiple of 10^-9.
  Quantity q;
  q.big_ = true;
  q.negative_ = !sp.positive;
  std::string digits_all = std::string(sp.num) + std::string(sp.denom);
  q.unscaled_ = digits::strip(digits_all);
  int64_t exp = -static_cast<int64_t>(sp.denom.size());
  if (m.base == 10) {
    exp += m.exponent;
  } else {
    q.unscaled_ = digits::mul_pow2(q.unscaled_, static_cast<int>(m.exponent));
  }
  if (q.unscaled_ != "0") {
    if (exp > kNanoExp) {
      if (exp - kNanoExp + static_cast<int64_t>(q.unscaled_.size()) > kMaxDigits) {
        return Error("quantity is too large: " + std::string(str));
      }
      q.unscaled_.append(static_cast<size_t>(exp - kNanoExp), '0');
    } else if (exp < kNanoExp) {
      q.unscaled_ = digits::round_up_drop(q.unscaled_, kNanoExp - exp);
    }
    exp = kNanoExp;
  }
  q.exp_ = exp;
  q.normalize_zero();
  if (m.format == QuantityFormat::kBinarySI) {
    static const Quantity kMax =
        from_int(std::numeric_limits<int64_t>::max(), QuantityFormat::kDecimalSI);
    Quantity mag = q;
    mag.negative_ = false;
    if (mag.compare(kMax) > 0) {
      q.unscaled_ = kMax.unscaled_;
      q.exp_ = 0;
    }
    static const Quantity k1024 = from_int(1024, QuantityFormat::kDecimalSI);
    mag = q;
    mag.negative_ = false;
    q.format_ = mag.compare(k1024) < 0 ? QuantityFormat::kDecimalSI : QuantityFormat::kBinarySI;
  } else {
    q.format_ = m.format;
  }
  return q;
}

void Quantity::normalize_zero() {
  if (unscaled_ == "0") negative_ = false;
}

int Quantity::sign() const {
  if (is_zero()) return 0;
  return negative_ ? -1 : 1;
}

int Quantity::compare(const Quantity& o) const {
  const int sa = sign();
  const int sb = o.sign();
  if (sa != sb) return sa < sb ? -1 : 1;
  if (sa == 0) return 0;
  const int mag = digits::compare(unscaled_, exp_, o.unscaled_, o.exp_);
  return sa > 0 ? mag : -mag;
}

Result<Quantity> Quantity::add(const Quantity& other) const { return add_signed(other, false); }
Result<Quantity> Quantity::sub(const Quantity& other) const { return add_signed(other, true); }

Result<Quantity> Quantity::add_signed(const Quantity& other, bool negate_other) const {
  Quantity y = other;
  if (negate_other) {
    y.negative_ = !y.negative_;
    y.normalize_zero();
  }
  Quantity r = *this;
  r.original_.clear();
  if (negate_other && is_zero()) {
    // Go's Sub on a zero receiver takes the other's format and switches to inf.Dec.
    r = y;
    r.original_.clear();
    r.big_ = true;
    return r;
  }
  if (!big_ && !y.big_) {
    if (is_zero() && !negate_other) r.format_ = y.format_;
    if (y.is_zero()) return r;
    if (is_zero()) {
      r.negative_ = y.negative_;
      r.unscaled_ = y.unscaled_;
      r.exp_ = y.exp_;
      return r;
    }
    // int64Amount.Add: scale the operand with the larger scale down to the smaller one.
    const int64_t a = digits::to_int64(unscaled_, negative_);
    const int64_t b = digits::to_int64(y.unscaled_, y.negative_);
    int64_t sa = a;
    int64_t sb = b;
    bool ok = true;
    if (exp_ > y.exp_) ok = digits::scale_int64(a, exp_ - y.exp_, &sa);
    if (y.exp_ > exp_) ok = digits::scale_int64(b, y.exp_ - exp_, &sb);
    int64_t sum = 0;
    if (ok && !__builtin_add_overflow(sa, sb, &sum)) {
      r.negative_ = sum < 0;
      const uint64_t mag = sum < 0 ? 0 - static_cast<uint64_t>(sum) : static_cast<uint64_t>(sum);
      r.unscaled_ = std::to_string(mag);
      r.exp_ = std::min(exp_, y.exp_);
      r.normalize_zero();
      return r;
    }
  } else if (is_zero()) {
    r.format_ = y.format_;
  }
  // inf.Dec addition: exact, at the smaller exponent.
  const int64_t e = std::min(exp_, y.exp_);
  if (std::max(exp_, y.exp_) - e +
          static_cast<int64_t>(std::max(unscaled_.size(), y.unscaled_.size())) >
      kMaxDigits) {
    return Error("quantity arithmetic result is too large");
  }
  std::string a = unscaled_ + std::string(static_cast<size_t>(exp_ - e), '0');
  std::string b = y.unscaled_ + std::string(static_cast<size_t>(y.exp_ - e), '0');
  if (negative_ == y.negative_) {
    r.unscaled_ = digits::add(a, b);
    r.negative_ = negative_;
  } else if (digits::compare(a, 0, b, 0) >= 0) {
    r.unscaled_ = digits::sub(a, b);
    r.negative_ = negative_;
  } else {
    r.unscaled_ = digits::sub(b, a);
    r.negative_ = y.negative_;
  }
  r.exp_ = e;
  r.big_ = true;
  r.normalize_zero();
  return r;
}

bool Quantity::as_int64(int64_t* out) const {
  if (big_ || exp_ < 0) return false;
  const int64_t v = digits::to_int64(unscaled_, negative_);
  return digits::scale_int64(v, exp_, out);
}

double Quantity::as_approximate_float() const {
  double base = std::strtod(unscaled_.c_str(), nullptr);
  if (negative_) base = -base;
  if (exp_ == 0) return base;
  return base * go_pow10(exp_);
}

std::string Quantity::decimal() const {
  return (negative_ ? "-" : "") + digits::to_plain(unscaled_, exp_);
}

std::string Quantity::str() const {
  if (!original_.empty()) return original_;
  if (is_zero()) return "0";
  QuantityFormat fmt = format_;
  std::string sign = negative_ ? "-" : "";
  if (fmt == QuantityFormat::kBinarySI) {
    static const Quantity k1024 = from_int(1024, QuantityFormat::kDecimalSI);
    Quantity mag = *this;
    mag.negative_ = false;
    if (mag.compare(k1024) < 0 || !digits::is_integral(unscaled_, exp_)) {
      fmt = QuantityFormat::kDecimalSI;
    } else {
      std::string n = digits::to_integer(unscaled_, exp_);
      int e = 0;
      while (e < 6) {
        std::string q;
        if (!digits::divide_exact(n, 1024, &q)) break;
        n = q;
        e++;
      }
      static constexpr std::array<std::string_view, 7> kBin = {"",   "Ki", "Mi", "Gi",
                                                               "Ti", "Pi", "Ei"};
      return sign + n + std::string(kBin[static_cast<size_t>(e)]);
    }
  }
  // Strip factors of ten into the exponent, then lower it to a multiple of three.
  std::string n = unscaled_;
  int64_t e = exp_;
  while (n.size() > 1 && n.back() == '0') {
    n.pop_back();
    e++;
  }
  while (e % 3 != 0) {
    n.push_back('0');
    e--;
  }
  if (fmt == QuantityFormat::kDecimalExponent) {
    return sign + n + (e == 0 ? "" : "e" + std::to_string(e));
  }
  static constexpr std::array<std::pair<int, std::string_view>, 10> kDec = {{
      {-9, "n"},
      {-6, "u"},
      {-3, "m"},
      {0, ""},
      {3, "k"},
      {6, "M"},
      {9, "G"},
      {12, "T"},
      {15, "P"},
      {18, "E"},
  }};
  for (const auto& [ex, name] : kDec) {
    if (ex == e) return sign + n + std::string(name);
  }
  // Beyond the SI table (>= 1000E): an exponent suffix keeps the value exact.
  return sign + n + "e" + std::to_string(e);
}

}  // namespace kro::cel::k8s

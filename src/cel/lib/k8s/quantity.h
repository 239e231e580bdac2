// Kubernetes resource quantities (k8s.io/apimachinery resource.Quantity), as the Kubernetes CEL
// Quantity library sees them: parsing of every suffix form ("1.5Gi", "250m", "1e3", "2E"),
// exact comparison and addition, the integer and float views, and the canonical string form.
//
// A Quantity keeps the same internal shape as the Go type, because several results depend on it
// rather than on the number alone: Go stores small values as an int64 with a decimal scale and
// falls back to an arbitrary-precision decimal otherwise, and `AsInt64` (CEL `asInteger`,
// `isInteger`) succeeds only for the int64 form with a scale >= 0. So `quantity("1.0")` is not an
// integer in Kubernetes while `quantity("1")` is; this type reproduces that.
//
// The value is `sign * unscaled * 10^exp`, with `unscaled` a decimal digit string (leading zeros
// are never stored, trailing zeros are kept: they are part of the representation).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "value/result.h"

namespace kro::cel::k8s {

enum class QuantityFormat { kDecimalExponent, kBinarySI, kDecimalSI };

class Quantity {
 public:
  // Zero, DecimalSI (what Go's zero Quantity prints as "0").
  Quantity() = default;

  // resource.ParseQuantity. Errors carry the Kubernetes messages ("quantities must match the
  // regular expression '...'", "unable to parse quantity's suffix", ...).
  static Result<Quantity> parse(std::string_view text);
  // resource.NewQuantity(v, format).
  static Quantity from_int(int64_t v, QuantityFormat format);

  QuantityFormat format() const { return format_; }
  bool negative() const { return negative_; }
  bool is_zero() const { return unscaled_ == "0"; }
  // -1, 0 or 1.
  int sign() const;

  // Exact numeric comparison: -1, 0, 1.
  int compare(const Quantity& other) const;
  bool operator==(const Quantity& other) const { return compare(other) == 0; }

  // Quantity.Add / Quantity.Sub: exact. The receiver's format is kept unless it is zero.
  // Fails only when the exact result would need more than a million digits.
  Result<Quantity> add(const Quantity& other) const;
  Result<Quantity> sub(const Quantity& other) const;

  // Quantity.AsInt64: the integer value when the quantity is held as an int64 with a
  // non-negative scale and the scaled value fits; nullopt-like false otherwise.
  bool as_int64(int64_t* out) const;
  // Quantity.AsApproximateFloat64: unscaled * math.Pow10(exp), as Go computes it.
  double as_approximate_float() const;

  // Quantity.String(): the canonical form ("1500m" -> "1500m", "1.5k" -> "1500", "2048Ki" ->
  // "2Mi"), or the input text when Go keeps it.
  std::string str() const;

  // The exact value as a plain decimal number ("-1.5", "1024"), for debugging and tests.
  std::string decimal() const;

 private:
  bool negative_ = false;
  std::string unscaled_ = "0";
  int64_t exp_ = 0;
  // True when Go would hold this value as an inf.Dec rather than an int64Amount.
  bool big_ = false;
  QuantityFormat format_ = QuantityFormat::kDecimalSI;
  // Set when Go keeps the parsed text as the canonical string.
  std::string original_;

  Result<Quantity> add_signed(const Quantity& other, bool negate_other) const;
  void normalize_zero();
  // parse()'s int64 fast path, taken under the same conditions as Go's (nullopt: it does not
  // apply, parse() takes the exact path). `num` and `denom` are the digits around the point.
  static std::optional<Quantity> parse_int64(std::string_view str, bool positive,
                                             std::string_view num, std::string_view denom,
                                             QuantityFormat format, int64_t exponent);
};

// The regular expression quoted in Kubernetes' format error.
inline constexpr std::string_view kQuantitySplitRE = "^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$";

}  // namespace kro::cel::k8s

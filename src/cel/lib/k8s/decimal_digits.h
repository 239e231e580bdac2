// Arithmetic on unsigned decimal digit strings ("0", "1024", never with leading zeros unless the
// value is zero), the arbitrary-precision part of Quantity. Values are small in practice, so
// plain schoolbook algorithms on text are enough and keep the code obvious.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace kro::cel::k8s::digits {

// Removes leading zeros; "" and "000" become "0".
std::string strip(std::string_view s);
// s * 2^n.
std::string mul_pow2(std::string s, int n);
// Drops the last n digits, adding one when any dropped digit is non-zero (rounding away from
// zero); when every digit is dropped a non-zero value becomes "1".
std::string round_up_drop(const std::string& s, int64_t n);
// Compares a*10^ea with b*10^eb (both non-negative): -1, 0, 1.
int compare(const std::string& a, int64_t ea, const std::string& b, int64_t eb);
std::string add(const std::string& a, const std::string& b);
// a - b, requires a >= b.
std::string sub(const std::string& a, const std::string& b);
// The value as a signed int64; the caller guarantees that it fits.
int64_t to_int64(const std::string& s, bool negative);
// v * 10^n with overflow detection (Go's positiveScaleInt64).
bool scale_int64(int64_t v, int64_t n, int64_t* out);
// "12" with exp -3 -> "0.012"; with exp 2 -> "1200".
std::string to_plain(const std::string& s, int64_t exp);
// Whether s*10^exp is an integer.
bool is_integral(const std::string& s, int64_t exp);
// s*10^exp as an integer digit string; requires is_integral.
std::string to_integer(const std::string& s, int64_t exp);
// n / d when d divides n exactly.
bool divide_exact(const std::string& n, uint32_t d, std::string* quotient);

}  // namespace kro::cel::k8s::digits

// Text forms of CEL numbers that must match cel-go byte for byte.
#pragma once

#include <string>

namespace kro::cel {

// string(double), as cel-go prints it (Go's fmt "%g"): the shortest digits that round-trip, in
// exponent form when the decimal exponent is below -4 or at least 6 ("1e+06", "1e-05",
// "1.234567e+06"), plain otherwise ("123.456", "-0.0045", "100000"); "NaN", "+Inf", "-Inf".
std::string format_double(double d);

}  // namespace kro::cel

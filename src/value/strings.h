// Small string primitives shared by every layer: ASCII trimming and case mapping, Go's
// strconv.Quote and Go's time.ParseDuration. One copy each, so their behaviour cannot drift.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "value/result.h"

namespace kro {

// s without leading and trailing ASCII whitespace (space, \t, \n, \v, \f, \r: C's isspace).
std::string_view trim(std::string_view s);

// s with ASCII letters mapped to lower (upper) case; other bytes, UTF-8 included, unchanged.
std::string ascii_lower(std::string_view s);
std::string ascii_upper(std::string_view s);

// A double-quoted literal with Go's strconv.Quote escaping: \a \b \f \n \r \t \v \\ \", \xNN for
// ASCII controls and for bytes that are not valid UTF-8, \uNNNN / \UNNNNNNNN for code points
// unicode.IsPrint rejects. The result is also a valid CEL string literal with the same value.
std::string go_quote(std::string_view s);

// The two-character escape strconv.Quote writes for c (\a \b \f \n \r \t \v \\ \"); empty
// when c has none.
std::string_view go_escape(char32_t c);

// Go's unicode.IsPrint, closely enough for quoting: letters, marks, numbers, punctuation,
// symbols and ASCII space are printable; other spaces, controls, format characters,
// surrogates, private-use code points and non-characters are not.
bool go_printable(char32_t cp);

// Go's time.ParseDuration: an optional sign, then one or more decimal numbers (with an
// optional fraction) each followed by a unit ns, us (or µs), ms, s, m, h; "0" alone needs no
// unit. Returns nanoseconds; an error (saying why) on bad syntax or outside the int64 range.
Result<std::int64_t> parse_go_duration(std::string_view text);

}  // namespace kro

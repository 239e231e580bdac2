// The string functions of cel-go's Strings extension (ext/strings.go, latest version), as plain
// functions on UTF-8 text. Indices are code-point indices, as in cel-go; errors carry cel-go's
// messages ("index out of range: 30", "invalid substring range. start: 4, end: 3").
// strings.format lives in format.h (it needs CEL values).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "value/result.h"

namespace kro::cel::ext {

Result<std::string> char_at(std::string_view s, int64_t i);
// indexOf(sub) / indexOf(sub, offset); -1 when absent.
Result<int64_t> index_of(std::string_view s, std::string_view sub, int64_t offset = 0);
// lastIndexOf(sub) / lastIndexOf(sub, offset): the last match starting at or before offset.
Result<int64_t> last_index_of(std::string_view s, std::string_view sub);
Result<int64_t> last_index_of(std::string_view s, std::string_view sub, int64_t offset);
std::string lower_ascii(std::string_view s);
std::string upper_ascii(std::string_view s);
// Go's strings.Replace: at most n replacements, n < 0 meaning all; an empty `from` inserts `to`
// around every code point.
std::string replace(std::string_view s, std::string_view from, std::string_view to, int64_t n = -1);
// Go's strings.SplitN: n == 0 gives no pieces, n < 0 all; an empty separator splits code points.
std::vector<std::string> split(std::string_view s, std::string_view sep, int64_t n = -1);
Result<std::string> substring(std::string_view s, int64_t start);
Result<std::string> substring(std::string_view s, int64_t start, int64_t end);
// Go's strings.TrimSpace (Unicode white space).
std::string trim(std::string_view s);
std::string join(const std::vector<std::string>& parts, std::string_view sep);
// Code points in reverse order.
std::string reverse(std::string_view s);
// strings.quote: double-quoted with C escapes; printable Unicode kept; invalid UTF-8 replaced by
// U+FFFD.
std::string quote(std::string_view s);

}  // namespace kro::cel::ext

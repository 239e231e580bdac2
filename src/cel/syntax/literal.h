// Decoding of CEL string and bytes literals as written in source (quotes, raw prefix and escapes
// included), with cel-go's rules and error messages: newlines normalised to '\n', raw literals
// taken verbatim, `\x`/octal escapes giving code points in strings and bytes in bytes literals,
// `\u`/`\U` allowed only in strings.
#pragma once

#include <string>
#include <string_view>

#include "value/result.h"

namespace kro::cel::syntax {

// `text` is the literal without the `b` prefix (a raw prefix `r` is kept), e.g. `r'\d'`.
Result<std::string> decode_quoted_literal(std::string_view text, bool is_bytes);

}  // namespace kro::cel::syntax

// Base64 as cel-go's Encoders extension uses it: Go's StdEncoding for encoding; for decoding,
// StdEncoding first and, when that fails, RawStdEncoding (no padding). As in Go, '\r' and '\n'
// are skipped and errors name the offending byte ("illegal base64 data at input byte 4").
#pragma once

#include <string>
#include <string_view>

#include "value/result.h"

namespace kro::cel::ext {

std::string base64_encode(std::string_view bytes);
// One encoding: padded (StdEncoding) or not (RawStdEncoding).
Result<std::string> base64_decode_strict(std::string_view text, bool padded);
// cel-go's base64.decode.
Result<std::string> base64_decode(std::string_view text);

}  // namespace kro::cel::ext

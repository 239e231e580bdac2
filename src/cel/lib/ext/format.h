// strings.format / "<fmt>".format(list) from cel-go's Strings extension (version 4+, the
// formatting_v2 rules): clauses %s %d %f %e %b %o %x %X with an optional precision (".3f"),
// `%%` for a percent sign. %s prints lists as "[a, b]" and maps as "{k: v}" sorted by the
// printed key, timestamps in RFC 3339, durations as seconds ("6347s"), doubles in shortest
// fixed notation with NaN/Infinity/-Infinity. Errors carry cel-go's messages.
#pragma once

#include <string>
#include <string_view>

#include "cel/common/value.h"
#include "value/result.h"

namespace kro::cel::ext {

Result<std::string> format(std::string_view fmt, const Value& args);

}  // namespace kro::cel::ext

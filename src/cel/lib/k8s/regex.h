// Regular expressions with Go's regexp semantics on RE2 (the same engine family): compilation
// with Go's error texts ("error parsing regexp: missing closing ): `(`"), and the Kubernetes
// Regex library's find / findAll, which follow Go's FindString / FindAllString (an empty match
// right after a previous match is skipped; a negative limit means all matches).
#pragma once

#include <re2/re2.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "value/result.h"

namespace kro::cel::k8s {

// regexp.Compile. The error message is Go's.
Result<std::shared_ptr<const RE2>> compile_go_regex(std::string_view pattern);

// Regexp.FindString: the leftmost match, "" when none.
std::string regex_find(const RE2& re, std::string_view text);
// Regexp.FindAllString(text, limit); limit < 0 means no limit, 0 gives none.
std::vector<std::string> regex_find_all(const RE2& re, std::string_view text, int64_t limit);

}  // namespace kro::cel::k8s

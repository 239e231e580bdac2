// How the commands print objects: YAML (kubectl's style) or indented JSON.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "value/json.h"
#include "value/result.h"

namespace kro::cli {

enum class Format { kYaml, kJson };

// "yaml" or "json"; anything else is an error naming the accepted values.
Result<Format> parse_format(std::string_view text);

// One object in the format, ending with a newline.
std::string emit(const Json& object, Format format);

// Several objects: a YAML stream ("---" between documents) or, in JSON, a kubectl-style
// `kind: List` holding them.
std::string emit_all(const std::vector<Json>& objects, Format format);

// Each line of text prefixed with "# " (blank lines become "#").
std::string yaml_comment(std::string_view text);

}  // namespace kro::cli

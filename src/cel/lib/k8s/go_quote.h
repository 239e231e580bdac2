// Go's strconv.Quote, which Kubernetes error messages use through %q: the text in double quotes
// with Go escapes for quotes, backslashes, control characters and invalid UTF-8.
#pragma once

#include <string>
#include <string_view>

namespace kro::cel::k8s {

std::string go_quote(std::string_view s);

}  // namespace kro::cel::k8s

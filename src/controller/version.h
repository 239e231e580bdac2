// The version kro-controller reports: the kro.run/kro-version label on CRDs and instances, the
// applyset tooling annotation and --version. It names the upstream release whose API and
// behaviour we follow.
#pragma once

#include <string_view>

namespace kro::controller {

inline constexpr std::string_view kKroVersion = "v0.9.4";

}  // namespace kro::controller

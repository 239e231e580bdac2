// The version kro-controller reports: the kro.run/kro-version label on CRDs and instances, the
// applyset tooling annotation, its user agent, kro_build_info and --version. It names the
// upstream release whose API and behaviour we follow.
#pragma once

#include <string>
#include <string_view>

namespace kro::controller {

inline constexpr std::string_view kKroVersion = "v0.9.4";

// kKroVersion, or the value of the environment variable KRO_CONTROLLER_VERSION when it is set
// and not empty. Upstream stamps its version at build time and reports "devel" when built
// without one, which is what its own integration suite expects of the controller it runs;
// dev/test-upstream sets KRO_CONTROLLER_VERSION=devel so that ours can stand in.
std::string reported_version();

}  // namespace kro::controller

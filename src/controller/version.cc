#include "controller/version.h"

#include <cstdlib>

namespace kro::controller {

std::string reported_version() {
  const char* v = std::getenv("KRO_CONTROLLER_VERSION");  // NOLINT(concurrency-mt-unsafe)
  return v != nullptr && *v != '\0' ? std::string(v) : std::string(kKroVersion);
}

}  // namespace kro::controller

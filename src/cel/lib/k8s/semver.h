// Semantic versions as the Kubernetes CEL Semver library sees them: github.com/blang/semver/v4
// parsing (strict: exactly MAJOR.MINOR.PATCH, no leading zeros, no "v"), its precedence rules,
// and Kubernetes' optional normalization (drop a leading "v", fill in missing minor and patch,
// strip leading zeros). Build metadata is kept but, as in semver, ignored by comparison.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "value/result.h"

namespace kro::cel::k8s {

struct Semver {
  struct Pre {
    bool numeric = false;
    uint64_t num = 0;
    std::string str;
  };
  uint64_t major = 0, minor = 0, patch = 0;
  std::vector<Pre> pre;
  std::vector<std::string> build;

  // blang semver.Parse, with its error messages.
  static Result<Semver> parse(std::string_view s);
  // The Kubernetes normalizeAndParse (semver(s, true)).
  static Result<Semver> parse_normalized(std::string_view s);

  // Version.Compare: -1, 0, 1 by semver precedence.
  int compare(const Semver& o) const;
  bool operator==(const Semver& o) const { return compare(o) == 0; }

  // Version.String(): "1.2.3-beta.1+build.5".
  std::string str() const;
};

}  // namespace kro::cel::k8s

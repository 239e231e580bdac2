#include "env.h"

#include "cel/lib/kro/library_sets.h"

namespace kro::cel::conformance {

Result<std::shared_ptr<const BaseEnv>> make_env() {
  return BaseEnv::make({"ext.strings", "ext.lists", "ext.encoders", "k8s.lists", "k8s.urls",
                        "k8s.regex", "k8s.quantity", "k8s.ip", "k8s.cidr", "k8s.semver"});
}

const syntax::Parser& parser(bool macros) {
  static const syntax::Parser with_macros{syntax::MacroRegistry(lib::kro_macros())};
  static const syntax::Parser without_macros{syntax::MacroRegistry{}};
  return macros ? with_macros : without_macros;
}

}  // namespace kro::cel::conformance

#include "env.h"

#include "cel/lib/std/std_lib.h"

// Extension libraries are written alongside (src/cel/lib/ext, src/cel/lib/k8s, src/cel/lib/kro);
// each is registered when its header is part of the tree.
#if __has_include("cel/lib/ext/ext_lib.h")
#include "cel/lib/ext/ext_lib.h"
#define KRO_CEL_HAVE_EXT 1
#endif
#if __has_include("cel/lib/k8s/k8s_lib.h")
#include "cel/lib/k8s/k8s_lib.h"
#define KRO_CEL_HAVE_K8S 1
#endif

namespace kro::cel::conformance {

Result<std::shared_ptr<const FunctionRegistry>> make_registry() {
  auto reg = std::make_shared<FunctionRegistry>();
  if (auto st = lib::register_standard_library(*reg); !st.ok()) return st.error();
#ifdef KRO_CEL_HAVE_EXT
  for (auto* add :
       {&lib::register_ext_strings, &lib::register_ext_lists, &lib::register_ext_encoders}) {
    if (auto st = add(*reg); !st.ok()) return st.error();
  }
#endif
#ifdef KRO_CEL_HAVE_K8S
  if (auto st = lib::register_k8s_libraries(*reg); !st.ok()) return st.error();
#endif
  return std::shared_ptr<const FunctionRegistry>(std::move(reg));
}

std::vector<std::string> extension_type_names() {
#ifdef KRO_CEL_HAVE_K8S
  return lib::k8s_type_names();
#else
  return {};
#endif
}

const syntax::Parser& parser(bool macros) {
  static const syntax::Parser with_macros;
  static const syntax::Parser without_macros{syntax::MacroRegistry{}};
  return macros ? with_macros : without_macros;
}

}  // namespace kro::cel::conformance

#include "cel/lib/kro/library_sets.h"

#include <functional>
#include <utility>

#include "cel/lib/ext/ext_lib.h"
#include "cel/lib/k8s/k8s_lib.h"
#include "cel/lib/kro/kro_lib.h"
#include "cel/lib/kro/runtime_lib.h"
#include "cel/lib/library.h"
#include "cel/lib/std/std_lib.h"
#include "value/result.h"

namespace kro::cel::lib {

Status register_library(FunctionRegistry& reg, std::string_view name) {
  const LibraryDefinition* l = find_library(name);
  if (l == nullptr) return Error("unknown CEL library '" + std::string(name) + "'");
  return l->register_functions(reg);
}

const std::vector<std::string>& kro_library_names() {
  static const std::vector<std::string> kNames = [] {
    std::vector<std::string> out;
    for (const auto& l : libraries()) {
      if (l.name != "std") out.emplace_back(l.name);
    }
    return out;
  }();
  return kNames;
}

Status register_kro_environment(FunctionRegistry& reg) {
  KRO_RETURN_IF_ERROR(register_standard_library(reg));
  for (const auto& name : kro_library_names()) {
    KRO_RETURN_IF_ERROR(register_library(reg, name));
  }
  return {};
}

std::vector<syntax::Macro> kro_macros() {
  std::vector<syntax::Macro> out = syntax::generic_macros();
  for (const auto& l : libraries()) {
    if (l.macros == nullptr) continue;
    for (auto& m : l.macros()) out.push_back(std::move(m));
  }
  return out;
}

std::vector<std::string> kro_type_names() {
  std::vector<std::string> out = k8s_type_names();
  out.emplace_back("kro.omit");
  out.emplace_back(kConditionTypeName);
  return out;
}

}  // namespace kro::cel::lib

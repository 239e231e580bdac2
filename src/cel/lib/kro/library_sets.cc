#include "cel/lib/kro/library_sets.h"

#include <functional>
#include <utility>

#include "cel/lib/ext/ext_lib.h"
#include "cel/lib/k8s/k8s_lib.h"
#include "cel/lib/kro/kro_lib.h"
#include "cel/lib/kro/runtime_lib.h"
#include "cel/lib/std/std_lib.h"

namespace kro::cel::lib {

namespace {

using RegisterFn = Status (*)(FunctionRegistry&);

const std::vector<std::pair<std::string, RegisterFn>>& table() {
  static const std::vector<std::pair<std::string, RegisterFn>> kTable = {
      {"ext.lists", register_ext_lists},       {"ext.strings", register_ext_strings},
      {"ext.encoders", register_ext_encoders}, {"k8s.lists", register_k8s_lists},
      {"k8s.urls", register_k8s_urls},         {"k8s.regex", register_k8s_regex},
      {"k8s.quantity", register_k8s_quantity}, {"k8s.ip", register_k8s_ip},
      {"k8s.cidr", register_k8s_cidr},         {"k8s.semver", register_k8s_semver},
      {"kro.random", register_kro_random},     {"kro.maps", register_kro_maps},
      {"kro.json", register_kro_json},         {"kro.hash", register_kro_hash},
      {"kro.lists", register_kro_lists},       {"kro.omit", register_kro_omit},
      {"kro.runtime", register_kro_runtime},
  };
  return kTable;
}

}  // namespace

Status register_library(FunctionRegistry& reg, std::string_view name) {
  if (name == "std") return register_standard_library(reg);
  for (const auto& [n, fn] : table()) {
    if (n == name) return fn(reg);
  }
  return Error("unknown CEL library '" + std::string(name) + "'");
}

const std::vector<std::string>& kro_library_names() {
  static const std::vector<std::string> kNames = [] {
    std::vector<std::string> out;
    for (const auto& entry : table()) out.push_back(entry.first);
    return out;
  }();
  return kNames;
}

Status register_kro_environment(FunctionRegistry& reg) {
  Status st = register_standard_library(reg);
  if (!st.ok()) return st;
  for (const auto& name : kro_library_names()) {
    st = register_library(reg, name);
    if (!st.ok()) return st;
  }
  return {};
}

std::vector<std::string> kro_type_names() {
  std::vector<std::string> out = k8s_type_names();
  out.emplace_back("kro.omit");
  out.emplace_back(kConditionTypeName);
  return out;
}

}  // namespace kro::cel::lib

#include "cel/lib/library.h"

#include "cel/lib/ext/ext_lib.h"
#include "cel/lib/k8s/k8s_lib.h"
#include "cel/lib/kro/kro_lib.h"
#include "cel/lib/kro/runtime_lib.h"
#include "cel/lib/std/std_lib.h"

namespace kro::cel::lib {

const std::vector<LibraryDefinition>& libraries() {
  static const std::vector<LibraryDefinition> kLibraries = {
      {"std", declare_standard_library, register_standard_library, nullptr,
       standard_library_call_costs},
      {"ext.lists", declare_ext_lists, register_ext_lists},
      {"ext.strings", declare_ext_strings, register_ext_strings, nullptr, ext_strings_call_costs},
      {"ext.encoders", declare_ext_encoders, register_ext_encoders},
      {"k8s.lists", declare_k8s_lists, register_k8s_lists, nullptr, k8s_lists_call_costs},
      {"k8s.urls", declare_k8s_urls, register_k8s_urls, nullptr, k8s_urls_call_costs},
      {"k8s.regex", declare_k8s_regex, register_k8s_regex, nullptr, k8s_regex_call_costs},
      {"k8s.quantity", declare_k8s_quantity, register_k8s_quantity, nullptr,
       k8s_quantity_call_costs},
      {"k8s.ip", declare_k8s_ip, register_k8s_ip, nullptr, k8s_ip_call_costs},
      {"k8s.cidr", declare_k8s_cidr, register_k8s_cidr, nullptr, k8s_cidr_call_costs},
      {"k8s.semver", declare_k8s_semver, register_k8s_semver},
      {"kro.random", declare_kro_random, register_kro_random},
      {"kro.maps", declare_kro_maps, register_kro_maps},
      {"kro.json", declare_kro_json, register_kro_json},
      {"kro.hash", declare_kro_hash, register_kro_hash},
      {"kro.lists", declare_kro_lists, register_kro_lists},
      {"kro.omit", declare_kro_omit, register_kro_omit},
      {"kro.runtime", declare_kro_runtime, register_kro_runtime, runtime_macros},
  };
  return kLibraries;
}

const LibraryDefinition* find_library(std::string_view name) {
  for (const auto& l : libraries()) {
    if (l.name == name) return &l;
  }
  return nullptr;
}

Status declare_library(check::Declarations& decls, std::string_view name) {
  const LibraryDefinition* l = find_library(name);
  if (l == nullptr) return Error("unknown CEL library '" + std::string(name) + "'");
  return l->declare(decls);
}

Status declare_kro_environment(check::Declarations& decls) {
  for (const auto& l : libraries()) KRO_RETURN_IF_ERROR(l.declare(decls));
  return {};
}

const std::vector<std::pair<std::string, std::string>>& comparable_element_types() {
  static const std::vector<std::pair<std::string, std::string>> kTypes = {
      {"int", "int"},
      {"uint", "uint"},
      {"double", "double"},
      {"bool", "bool"},
      {"duration", "google.protobuf.Duration"},
      {"timestamp", "google.protobuf.Timestamp"},
      {"string", "string"},
      {"bytes", "bytes"}};
  return kTypes;
}

}  // namespace kro::cel::lib

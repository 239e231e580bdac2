// Checker signatures of the Kubernetes CEL libraries kro enables (lists, urls, regex, quantity,
// ip, cidr, semver), with the upstream overload ids that register_k8s_* registers, and the opaque
// type names they define.
#include <string>
#include <vector>

#include "cel/check/decls.h"
#include "cel/internal/decl_shorthands.h"
#include "cel/lib/k8s/k8s_lib.h"
#include "cel/lib/library.h"
#include "cel/syntax/strcat.h"
#include "value/result.h"

namespace kro::cel::lib {

namespace {

std::vector<Sig> k8s_lists() {
  std::vector<Sig> out = {
      {"indexOf", "list_a_index_of_int", kReceiver, "list(A), A -> int"},
      {"lastIndexOf", "list_a_last_index_of_int", kReceiver, "list(A), A -> int"},
  };
  for (const auto& [t, name] : comparable_element_types()) {
    out.push_back({"isSorted", cat("list_", name, "_is_sorted_bool"), kReceiver,
                   cat("list(", t, ") -> bool")});
    out.push_back(
        {"min", cat("list_", name, "_min_", name), kReceiver, cat("list(", t, ") -> ", t)});
    out.push_back(
        {"max", cat("list_", name, "_max_", name), kReceiver, cat("list(", t, ") -> ", t)});
  }
  for (const auto& [t, name] :
       std::vector<std::pair<std::string, std::string>>{{"int", "int"},
                                                        {"uint", "uint"},
                                                        {"double", "double"},
                                                        {"duration", "google.protobuf.Duration"}}) {
    out.push_back(
        {"sum", cat("list_", name, "_sum_", name), kReceiver, cat("list(", t, ") -> ", t)});
  }
  return out;
}

std::vector<Sig> k8s_urls() {
  const std::string U = "kubernetes.URL";
  return {{"url", "string_to_url", kGlobal, "string -> " + U},
          {"isURL", "is_url_string", kGlobal, "string -> bool"},
          {"getScheme", "url_get_scheme", kReceiver, U + " -> string"},
          {"getHost", "url_get_host", kReceiver, U + " -> string"},
          {"getHostname", "url_get_hostname", kReceiver, U + " -> string"},
          {"getPort", "url_get_port", kReceiver, U + " -> string"},
          {"getEscapedPath", "url_get_escaped_path", kReceiver, U + " -> string"},
          {"getQuery", "url_get_query", kReceiver, U + " -> map(string, list(string))"}};
}

std::vector<Sig> k8s_regex() {
  return {
      {"find", "string_find_string", kReceiver, "string, string -> string"},
      {"findAll", "string_find_all_string", kReceiver, "string, string -> list(string)"},
      {"findAll", "string_find_all_string_int", kReceiver, "string, string, int -> list(string)"}};
}

std::vector<Sig> k8s_quantity() {
  const std::string Q = "kubernetes.Quantity";
  return {{"quantity", "string_to_quantity", kGlobal, "string -> " + Q},
          {"isQuantity", "is_quantity_string", kGlobal, "string -> bool"},
          {"sign", "quantity_sign", kGlobal, Q + " -> int"},
          {"isGreaterThan", "quantity_is_greater_than", kReceiver, Q + ", " + Q + " -> bool"},
          {"isLessThan", "quantity_is_less_than", kReceiver, Q + ", " + Q + " -> bool"},
          {"compareTo", "quantity_compare_to", kReceiver, Q + ", " + Q + " -> int"},
          {"asApproximateFloat", "quantity_get_float", kReceiver, Q + " -> double"},
          {"asInteger", "quantity_get_int", kReceiver, Q + " -> int"},
          {"isInteger", "quantity_is_integer", kReceiver, Q + " -> bool"},
          {"add", "quantity_add", kReceiver, Q + ", " + Q + " -> " + Q},
          {"add", "quantity_add_int", kReceiver, Q + ", int -> " + Q},
          {"sub", "quantity_sub", kReceiver, Q + ", " + Q + " -> " + Q},
          {"sub", "quantity_sub_int", kReceiver, Q + ", int -> " + Q}};
}

std::vector<Sig> k8s_ip() {
  const std::string I = "net.IP";
  return {{"ip", "string_to_ip", kGlobal, "string -> " + I},
          {"isIP", "is_ip", kGlobal, "string -> bool"},
          {"ip.isCanonical", "ip_is_canonical", kGlobal, "string -> bool"},
          {"family", "ip_family", kReceiver, I + " -> int"},
          {"isUnspecified", "ip_is_unspecified", kReceiver, I + " -> bool"},
          {"isLoopback", "ip_is_loopback", kReceiver, I + " -> bool"},
          {"isLinkLocalMulticast", "ip_is_link_local_multicast", kReceiver, I + " -> bool"},
          {"isLinkLocalUnicast", "ip_is_link_local_unicast", kReceiver, I + " -> bool"},
          {"isGlobalUnicast", "ip_is_global_unicast", kReceiver, I + " -> bool"},
          {"string", "ip_to_string", kGlobal, I + " -> string"}};
}

std::vector<Sig> k8s_cidr() {
  const std::string C = "net.CIDR";
  return {{"cidr", "string_to_cidr", kGlobal, "string -> " + C},
          {"isCIDR", "is_cidr", kGlobal, "string -> bool"},
          {"containsIP", "cidr_contains_ip_string", kReceiver, C + ", string -> bool"},
          {"containsIP", "cidr_contains_ip_ip", kReceiver, C + ", net.IP -> bool"},
          {"containsCIDR", "cidr_contains_cidr_string", kReceiver, C + ", string -> bool"},
          {"containsCIDR", "cidr_contains_cidr", kReceiver, C + ", " + C + " -> bool"},
          {"ip", "cidr_ip", kReceiver, C + " -> net.IP"},
          {"prefixLength", "cidr_prefix_length", kReceiver, C + " -> int"},
          {"masked", "cidr_masked", kReceiver, C + " -> " + C},
          {"string", "cidr_to_string", kGlobal, C + " -> string"}};
}

std::vector<Sig> k8s_semver() {
  const std::string S = "kubernetes.Semver";
  return {{"semver", "string_to_semver", kGlobal, "string -> " + S},
          {"semver", "string_bool_to_semver", kGlobal, "string, bool -> " + S},
          {"isSemver", "is_semver_string", kGlobal, "string -> bool"},
          {"isSemver", "is_semver_string_bool", kGlobal, "string, bool -> bool"},
          {"isGreaterThan", "semver_is_greater_than", kReceiver, S + ", " + S + " -> bool"},
          {"isLessThan", "semver_is_less_than", kReceiver, S + ", " + S + " -> bool"},
          {"compareTo", "semver_compare_to", kReceiver, S + ", " + S + " -> int"},
          {"major", "semver_major", kReceiver, S + " -> int"},
          {"minor", "semver_minor", kReceiver, S + " -> int"},
          {"patch", "semver_patch", kReceiver, S + " -> int"}};
}

// The signatures, then the library's opaque type (if any) as a type identifier.
Status declare(check::Declarations& decls, const std::vector<Sig>& sigs,
               const std::string& type_name) {
  KRO_RETURN_IF_ERROR(check::add_signatures(decls, sigs));
  if (!type_name.empty()) {
    decls.add_type_name(type_name, types::Type::opaque(type_name));
  }
  return {};
}

}  // namespace

Status declare_k8s_lists(check::Declarations& decls) { return declare(decls, k8s_lists(), ""); }
Status declare_k8s_urls(check::Declarations& decls) {
  return declare(decls, k8s_urls(), "kubernetes.URL");
}
Status declare_k8s_regex(check::Declarations& decls) { return declare(decls, k8s_regex(), ""); }
Status declare_k8s_quantity(check::Declarations& decls) {
  return declare(decls, k8s_quantity(), "kubernetes.Quantity");
}
Status declare_k8s_ip(check::Declarations& decls) { return declare(decls, k8s_ip(), "net.IP"); }
Status declare_k8s_cidr(check::Declarations& decls) {
  return declare(decls, k8s_cidr(), "net.CIDR");
}
Status declare_k8s_semver(check::Declarations& decls) {
  return declare(decls, k8s_semver(), "kubernetes.Semver");
}

}  // namespace kro::cel::lib

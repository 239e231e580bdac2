// Checker signatures of the extension libraries kro enables: cel-go ext (strings, lists,
// encoders), Kubernetes (lists, urls, regex, quantity, ip, cidr, semver) and kro's own. Overload
// ids are the upstream ones, which src/cel/lib registers (element-typed families such as
// list_int_sort are registered once at run time; the checker declares every member).
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "cel/check/library_decls.h"
#include "cel/lib/kro/library_sets.h"
#include "cel/syntax/strcat.h"

namespace kro::cel::check {

namespace {

using syntax::cat;

struct Sig {
  std::string function;
  std::string id;
  bool receiver;
  std::string signature;
};

constexpr bool G = false;
constexpr bool R = true;

// Comparable element types of the list libraries: (signature text, name in overload ids).
const std::vector<std::pair<std::string, std::string>>& comparable() {
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

std::vector<Sig> ext_strings() {
  return {
      {"charAt", "string_char_at_int", R, "string, int -> string"},
      {"format", "string_format", R, "string, list(dyn) -> string"},
      {"indexOf", "string_index_of_string", R, "string, string -> int"},
      {"indexOf", "string_index_of_string_int", R, "string, string, int -> int"},
      {"join", "list_join", R, "list(string) -> string"},
      {"join", "list_join_string", R, "list(string), string -> string"},
      {"lastIndexOf", "string_last_index_of_string", R, "string, string -> int"},
      {"lastIndexOf", "string_last_index_of_string_int", R, "string, string, int -> int"},
      {"lowerAscii", "string_lower_ascii", R, "string -> string"},
      {"replace", "string_replace_string_string", R, "string, string, string -> string"},
      {"replace", "string_replace_string_string_int", R, "string, string, string, int -> string"},
      {"reverse", "string_reverse", R, "string -> string"},
      {"split", "string_split_string", R, "string, string -> list(string)"},
      {"split", "string_split_string_int", R, "string, string, int -> list(string)"},
      {"strings.quote", "strings_quote", G, "string -> string"},
      {"substring", "string_substring_int", R, "string, int -> string"},
      {"substring", "string_substring_int_int", R, "string, int, int -> string"},
      {"trim", "string_trim", R, "string -> string"},
      {"upperAscii", "string_upper_ascii", R, "string -> string"},
  };
}

std::vector<Sig> ext_lists() {
  std::vector<Sig> out = {
      {"distinct", "list_distinct", R, "list(T) -> list(T)"},
      {"flatten", "list_flatten", R, "list(list(T)) -> list(T)"},
      {"flatten", "list_flatten_int", R, "list(dyn), int -> list(dyn)"},
      {"lists.range", "lists_range", G, "int -> list(int)"},
      {"reverse", "list_reverse", R, "list(T) -> list(T)"},
      {"slice", "list_slice", R, "list(T), int, int -> list(T)"},
  };
  for (const auto& [t, name] : comparable()) {
    out.push_back({"sort", cat("list_", name, "_sort"), R, cat("list(", t, ") -> list(", t, ")")});
    out.push_back({"@sortByAssociatedKeys", cat("list_", name, "_sortByAssociatedKeys"), R,
                   cat("list(T), list(", t, ") -> list(T)")});
  }
  return out;
}

std::vector<Sig> ext_encoders() {
  return {{"base64.decode", "base64_decode_string", G, "string -> bytes"},
          {"base64.encode", "base64_encode_bytes", G, "bytes -> string"}};
}

std::vector<Sig> k8s_lists() {
  std::vector<Sig> out = {
      {"indexOf", "list_a_index_of_int", R, "list(A), A -> int"},
      {"lastIndexOf", "list_a_last_index_of_int", R, "list(A), A -> int"},
  };
  for (const auto& [t, name] : comparable()) {
    out.push_back(
        {"isSorted", cat("list_", name, "_is_sorted_bool"), R, cat("list(", t, ") -> bool")});
    out.push_back({"min", cat("list_", name, "_min_", name), R, cat("list(", t, ") -> ", t)});
    out.push_back({"max", cat("list_", name, "_max_", name), R, cat("list(", t, ") -> ", t)});
  }
  for (const auto& [t, name] :
       std::vector<std::pair<std::string, std::string>>{{"int", "int"},
                                                        {"uint", "uint"},
                                                        {"double", "double"},
                                                        {"duration", "google.protobuf.Duration"}}) {
    out.push_back({"sum", cat("list_", name, "_sum_", name), R, cat("list(", t, ") -> ", t)});
  }
  return out;
}

std::vector<Sig> k8s_urls() {
  const std::string U = "kubernetes.URL";
  return {{"url", "string_to_url", G, "string -> " + U},
          {"isURL", "is_url_string", G, "string -> bool"},
          {"getScheme", "url_get_scheme", R, U + " -> string"},
          {"getHost", "url_get_host", R, U + " -> string"},
          {"getHostname", "url_get_hostname", R, U + " -> string"},
          {"getPort", "url_get_port", R, U + " -> string"},
          {"getEscapedPath", "url_get_escaped_path", R, U + " -> string"},
          {"getQuery", "url_get_query", R, U + " -> map(string, list(string))"}};
}

std::vector<Sig> k8s_regex() {
  return {{"find", "string_find_string", R, "string, string -> string"},
          {"findAll", "string_find_all_string", R, "string, string -> list(string)"},
          {"findAll", "string_find_all_string_int", R, "string, string, int -> list(string)"}};
}

std::vector<Sig> k8s_quantity() {
  const std::string Q = "kubernetes.Quantity";
  return {{"quantity", "string_to_quantity", G, "string -> " + Q},
          {"isQuantity", "is_quantity_string", G, "string -> bool"},
          {"sign", "quantity_sign", G, Q + " -> int"},
          {"isGreaterThan", "quantity_is_greater_than", R, Q + ", " + Q + " -> bool"},
          {"isLessThan", "quantity_is_less_than", R, Q + ", " + Q + " -> bool"},
          {"compareTo", "quantity_compare_to", R, Q + ", " + Q + " -> int"},
          {"asApproximateFloat", "quantity_get_float", R, Q + " -> double"},
          {"asInteger", "quantity_get_int", R, Q + " -> int"},
          {"isInteger", "quantity_is_integer", R, Q + " -> bool"},
          {"add", "quantity_add", R, Q + ", " + Q + " -> " + Q},
          {"add", "quantity_add_int", R, Q + ", int -> " + Q},
          {"sub", "quantity_sub", R, Q + ", " + Q + " -> " + Q},
          {"sub", "quantity_sub_int", R, Q + ", int -> " + Q}};
}

std::vector<Sig> k8s_ip() {
  const std::string I = "net.IP";
  return {{"ip", "string_to_ip", G, "string -> " + I},
          {"isIP", "is_ip", G, "string -> bool"},
          {"ip.isCanonical", "ip_is_canonical", G, "string -> bool"},
          {"family", "ip_family", R, I + " -> int"},
          {"isUnspecified", "ip_is_unspecified", R, I + " -> bool"},
          {"isLoopback", "ip_is_loopback", R, I + " -> bool"},
          {"isLinkLocalMulticast", "ip_is_link_local_multicast", R, I + " -> bool"},
          {"isLinkLocalUnicast", "ip_is_link_local_unicast", R, I + " -> bool"},
          {"isGlobalUnicast", "ip_is_global_unicast", R, I + " -> bool"},
          {"string", "ip_to_string", G, I + " -> string"}};
}

std::vector<Sig> k8s_cidr() {
  const std::string C = "net.CIDR";
  return {{"cidr", "string_to_cidr", G, "string -> " + C},
          {"isCIDR", "is_cidr", G, "string -> bool"},
          {"containsIP", "cidr_contains_ip_string", R, C + ", string -> bool"},
          {"containsIP", "cidr_contains_ip_ip", R, C + ", net.IP -> bool"},
          {"containsCIDR", "cidr_contains_cidr_string", R, C + ", string -> bool"},
          {"containsCIDR", "cidr_contains_cidr", R, C + ", " + C + " -> bool"},
          {"ip", "cidr_ip", R, C + " -> net.IP"},
          {"prefixLength", "cidr_prefix_length", R, C + " -> int"},
          {"masked", "cidr_masked", R, C + " -> " + C},
          {"string", "cidr_to_string", G, C + " -> string"}};
}

std::vector<Sig> k8s_semver() {
  const std::string S = "kubernetes.Semver";
  return {{"semver", "string_to_semver", G, "string -> " + S},
          {"semver", "string_bool_to_semver", G, "string, bool -> " + S},
          {"isSemver", "is_semver_string", G, "string -> bool"},
          {"isSemver", "is_semver_string_bool", G, "string, bool -> bool"},
          {"isGreaterThan", "semver_is_greater_than", R, S + ", " + S + " -> bool"},
          {"isLessThan", "semver_is_less_than", R, S + ", " + S + " -> bool"},
          {"compareTo", "semver_compare_to", R, S + ", " + S + " -> int"},
          {"major", "semver_major", R, S + " -> int"},
          {"minor", "semver_minor", R, S + " -> int"},
          {"patch", "semver_patch", R, S + " -> int"}};
}

std::vector<Sig> kro_random() {
  return {{"random.seededString", "random.seededString_int_string", G, "int, string -> string"},
          {"random.seededInt", "random.seededInt_int_int_string", G, "int, int, string -> int"}};
}

std::vector<Sig> kro_maps() {
  return {{"merge", "map_merge", R, "map(K, V), map(K, V) -> map(K, V)"},
          {"deepMerge", "dyn_deep_merge", R, "dyn, dyn -> dyn"}};
}

std::vector<Sig> kro_json() {
  return {{"json.unmarshal", "json.unmarshal_string", G, "string -> dyn"},
          {"json.marshal", "json.marshal_dyn", G, "dyn -> string"}};
}

std::vector<Sig> kro_hash() {
  return {{"hash.fnv64a", "hash.fnv64a_string", G, "string -> bytes"},
          {"hash.sha256", "hash.sha256_string", G, "string -> bytes"},
          {"hash.md5", "hash.md5_string", G, "string -> bytes"}};
}

std::vector<Sig> kro_lists() {
  return {
      {"lists.setAtIndex", "lists.setAtIndex_list_int_T", G, "list(T), int, T -> list(T)"},
      {"lists.insertAtIndex", "lists.insertAtIndex_list_int_T", G, "list(T), int, T -> list(T)"},
      {"lists.removeAtIndex", "lists.removeAtIndex_list_int", G, "list(T), int -> list(T)"}};
}

std::vector<Sig> kro_omit() { return {{"omit", "omit_void", G, "-> dyn"}}; }

// kro's Runtime library: its functions return kro.run.Condition, a record whose string fields
// can be selected (`runtime.condition(schema, "Ready").status`), so it is declared as an object
// type rather than by signature text. The receiver is the `runtime` variable (declared only for
// schema.status.conditions); the newCondition macro has already turned the identifier keys into
// strings.
std::vector<Sig> kro_runtime() { return {}; }

types::Type condition_type() {
  static const types::Type kType = types::Type::object(std::make_shared<const types::ObjectType>(
      "kro.run.Condition", std::vector<types::Field>{{"type", types::Type::string(), true},
                                                     {"status", types::Type::string(), true},
                                                     {"reason", types::Type::string(), false},
                                                     {"message", types::Type::string(), false}}));
  return kType;
}

Status declare_kro_runtime(Declarations& decls) {
  const types::Type condition = condition_type();
  OverloadDecl make{
      "runtime_new_condition",
      true,
      {types::Type::dyn(), types::Type::map(types::Type::string(), types::Type::string())},
      condition,
      {}};
  if (auto st = decls.add_overload("newCondition", std::move(make)); !st) return st;
  OverloadDecl read{"runtime_condition",
                    true,
                    {types::Type::dyn(), types::Type::dyn(), types::Type::string()},
                    condition,
                    {}};
  if (auto st = decls.add_overload("condition", std::move(read)); !st) return st;
  decls.add_type_name("kro.run.Condition", condition);
  return {};
}

using Table = std::vector<Sig> (*)();

const std::map<std::string, Table, std::less<>>& tables() {
  static const std::map<std::string, Table, std::less<>> kTables = {
      {"ext.strings", ext_strings},   {"ext.lists", ext_lists},     {"ext.encoders", ext_encoders},
      {"k8s.lists", k8s_lists},       {"k8s.urls", k8s_urls},       {"k8s.regex", k8s_regex},
      {"k8s.quantity", k8s_quantity}, {"k8s.ip", k8s_ip},           {"k8s.cidr", k8s_cidr},
      {"k8s.semver", k8s_semver},     {"kro.random", kro_random},   {"kro.maps", kro_maps},
      {"kro.json", kro_json},         {"kro.hash", kro_hash},       {"kro.lists", kro_lists},
      {"kro.omit", kro_omit},         {"kro.runtime", kro_runtime},
  };
  return kTables;
}

// Opaque types a library defines; their names are type identifiers.
const std::map<std::string, std::string, std::less<>>& type_names() {
  static const std::map<std::string, std::string, std::less<>> kNames = {
      {"k8s.urls", "kubernetes.URL"},
      {"k8s.quantity", "kubernetes.Quantity"},
      {"k8s.ip", "net.IP"},
      {"k8s.cidr", "net.CIDR"},
      {"k8s.semver", "kubernetes.Semver"},
      {"kro.omit", "kro.omit"},
  };
  return kNames;
}

}  // namespace

bool is_known_extension(std::string_view name) { return tables().count(name) != 0; }

Status declare_extension(Declarations& decls, std::string_view name) {
  auto it = tables().find(name);
  if (it == tables().end()) return Error("unknown CEL library '" + std::string(name) + "'");
  for (const Sig& s : it->second()) {
    if (auto st = decls.add_overload(s.function, s.id, s.receiver, s.signature); !st) return st;
  }
  if (auto t = type_names().find(name); t != type_names().end()) {
    decls.add_type_name(t->second, types::Type::opaque(t->second));
  }
  if (name == "kro.runtime") return declare_kro_runtime(decls);
  return {};
}

Status declare_library(Declarations& decls, std::string_view name) {
  if (name == "std") return declare_std(decls);
  return declare_extension(decls, name);
}

Status declare_kro_environment(Declarations& decls) {
  if (auto st = declare_std(decls); !st) return st;
  for (const auto& name : lib::kro_library_names()) {
    if (auto st = declare_extension(decls, name); !st) return st;
  }
  return {};
}

}  // namespace kro::cel::check

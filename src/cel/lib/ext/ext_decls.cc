// Checker signatures of cel-go's extension libraries kro enables (strings, lists, encoders),
// with the upstream overload ids that register_ext_* registers (element-typed families such as
// list_int_sort are registered once at run time; the checker declares every member).
#include <string>
#include <vector>

#include "cel/check/decls.h"
#include "cel/internal/decl_shorthands.h"
#include "cel/lib/ext/ext_lib.h"
#include "cel/lib/library.h"
#include "cel/syntax/strcat.h"

namespace kro::cel::lib {

namespace {

std::vector<Sig> ext_strings() {
  return {
      {"charAt", "string_char_at_int", kReceiver, "string, int -> string"},
      {"format", "string_format", kReceiver, "string, list(dyn) -> string"},
      {"indexOf", "string_index_of_string", kReceiver, "string, string -> int"},
      {"indexOf", "string_index_of_string_int", kReceiver, "string, string, int -> int"},
      {"join", "list_join", kReceiver, "list(string) -> string"},
      {"join", "list_join_string", kReceiver, "list(string), string -> string"},
      {"lastIndexOf", "string_last_index_of_string", kReceiver, "string, string -> int"},
      {"lastIndexOf", "string_last_index_of_string_int", kReceiver, "string, string, int -> int"},
      {"lowerAscii", "string_lower_ascii", kReceiver, "string -> string"},
      {"replace", "string_replace_string_string", kReceiver, "string, string, string -> string"},
      {"replace", "string_replace_string_string_int", kReceiver,
       "string, string, string, int -> string"},
      {"reverse", "string_reverse", kReceiver, "string -> string"},
      {"split", "string_split_string", kReceiver, "string, string -> list(string)"},
      {"split", "string_split_string_int", kReceiver, "string, string, int -> list(string)"},
      {"strings.quote", "strings_quote", kGlobal, "string -> string"},
      {"substring", "string_substring_int", kReceiver, "string, int -> string"},
      {"substring", "string_substring_int_int", kReceiver, "string, int, int -> string"},
      {"trim", "string_trim", kReceiver, "string -> string"},
      {"upperAscii", "string_upper_ascii", kReceiver, "string -> string"},
  };
}

std::vector<Sig> ext_lists() {
  std::vector<Sig> out = {
      {"distinct", "list_distinct", kReceiver, "list(T) -> list(T)"},
      {"flatten", "list_flatten", kReceiver, "list(list(T)) -> list(T)"},
      {"flatten", "list_flatten_int", kReceiver, "list(dyn), int -> list(dyn)"},
      {"lists.range", "lists_range", kGlobal, "int -> list(int)"},
      {"reverse", "list_reverse", kReceiver, "list(T) -> list(T)"},
      {"slice", "list_slice", kReceiver, "list(T), int, int -> list(T)"},
  };
  for (const auto& [t, name] : comparable_element_types()) {
    out.push_back(
        {"sort", cat("list_", name, "_sort"), kReceiver, cat("list(", t, ") -> list(", t, ")")});
    out.push_back({"@sortByAssociatedKeys", cat("list_", name, "_sortByAssociatedKeys"), kReceiver,
                   cat("list(T), list(", t, ") -> list(T)")});
  }
  return out;
}

std::vector<Sig> ext_encoders() {
  return {{"base64.decode", "base64_decode_string", kGlobal, "string -> bytes"},
          {"base64.encode", "base64_encode_bytes", kGlobal, "bytes -> string"}};
}

}  // namespace

Status declare_ext_strings(check::Declarations& decls) {
  return check::add_signatures(decls, ext_strings());
}
Status declare_ext_lists(check::Declarations& decls) {
  return check::add_signatures(decls, ext_lists());
}
Status declare_ext_encoders(check::Declarations& decls) {
  return check::add_signatures(decls, ext_encoders());
}

}  // namespace kro::cel::lib

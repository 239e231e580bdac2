// Checker declarations: the static half of a CEL environment. Functions with typed overloads
// (keyed by the same overload ids the runtime FunctionRegistry uses) and identifiers (variables
// and type names) with their types.
//
// Signatures are written in a small text form, e.g.
//   decls.add_overload("_+_", "add_list", false, "list(A), list(A) -> list(A)");
// where single upper-case letters (and names starting with an upper-case letter followed only by
// letters/digits, e.g. "K", "V", "T1") are type parameters. The grammar of a type:
//   int uint double bool string bytes null_type dyn timestamp duration type
//   list(T) map(K, V) optional_type(T) type(T) any.other.Name[(T, ...)]  (an opaque type)
#pragma once

#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "cel/types/type.h"
#include "value/result.h"

namespace kro::cel::check {

struct OverloadDecl {
  std::string id;
  bool receiver = false;            // x.f(y): params[0] is the receiver
  std::vector<types::Type> params;  // including the receiver
  types::Type result;
  std::vector<std::string> type_params;  // the type parameters the signature mentions
};

struct FunctionDecl {
  std::string name;
  std::vector<OverloadDecl> overloads;
};

// Parses one type of the text form above; errors name the offending text.
Result<types::Type> parse_type(std::string_view text);

// Parses "T1, T2 -> R" into params and result (the overload's id/receiver are left as given).
Result<OverloadDecl> parse_signature(std::string_view id, bool receiver, std::string_view sig);

class Declarations {
 public:
  // Adds an overload; an error when the id is already declared for this function with another
  // signature, or the signature does not parse.
  Status add_overload(std::string_view function, OverloadDecl overload);
  Status add_overload(std::string_view function, std::string_view id, bool receiver,
                      std::string_view signature);
  // A variable (or constant) identifier; redeclaring replaces the type.
  void add_variable(std::string name, types::Type type);
  // A type name denoting a type value: the identifier `name` has type type(t).
  void add_type_name(std::string name, types::Type t);

  const FunctionDecl* find_function(std::string_view name) const;
  const types::Type* find_variable(std::string_view name) const;

  const std::map<std::string, FunctionDecl, std::less<>>& functions() const { return functions_; }
  const std::map<std::string, types::Type, std::less<>>& variables() const { return variables_; }

 private:
  std::map<std::string, FunctionDecl, std::less<>> functions_;
  std::map<std::string, types::Type, std::less<>> variables_;
};

// One overload in the signature text form add_overload parses: how the libraries (lib/) write
// their declaration tables.
struct SignatureDecl {
  std::string function;
  std::string id;
  bool receiver = false;
  std::string signature;
};

// Adds every signature, stopping at the first malformed one.
Status add_signatures(Declarations& decls, std::span<const SignatureDecl> signatures);

// cel-go's cross-type numeric comparison overloads (less_int64_double, ...), which the checker
// leaves out unless CheckEnv::cross_type_numeric_comparisons is set.
bool is_cross_type_numeric_comparison(std::string_view overload_id);

}  // namespace kro::cel::check

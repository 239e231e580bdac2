// The CEL type checker (cel-go checker semantics): resolves identifiers against the container
// and the declarations, picks function overloads, infers types with type parameters and
// unification (dyn, null assignability, optional types), types comprehensions and field
// selection on object types (OpenAPI-derived, see cel/types/openapi_types.h).
//
//   check::CheckEnv env(base_decls);            // shared, immutable library declarations
//   env.container = "com.example";
//   env.add_variable("schema", schema_type);
//   Result<CheckedExpr> r = check::check(std::move(parsed), env);
//   r->result_type.to_string()                   // "map(string, int)"
//
// Errors use cel-go's wording and rendering (one "ERROR: <input>:1:5: ..." block per issue,
// with the source line and a caret), e.g.
//   found no matching overload for '_+_' applied to '(int, string)'
//   undeclared reference to 'x' (in container '')
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "cel/check/decls.h"
#include "cel/syntax/ast.h"
#include "cel/syntax/parser.h"
#include "cel/types/type.h"
#include "value/result.h"

namespace kro::cel::check {

// What an identifier or call resolved to.
struct Reference {
  // Identifiers: the declared (container-qualified) name. Calls: the function name as declared
  // (a namespaced function written `ns.f(x)` resolves to "ns.f").
  std::string name;
  // Calls only: every overload whose signature matched the argument types.
  std::vector<std::string> overload_ids;
};

struct CheckedExpr {
  syntax::ParsedExpr parsed;
  // Every node's type after substitution (unresolved type parameters become dyn).
  std::unordered_map<int64_t, types::Type> types;
  // Identifier / qualified-name nodes and call nodes.
  std::unordered_map<int64_t, Reference> references;
  types::Type result_type;

  // The type of a node; dyn when the node has none.
  types::Type type_of(int64_t id) const;
  // Call node id -> overload ids, the shape eval::PlanOptions::overload_ids takes.
  std::unordered_map<int64_t, std::vector<std::string>> overload_ids() const;
};

// The checker's environment: shared library declarations plus per-use variables, functions and
// container. Extending never copies the shared declarations.
class CheckEnv {
 public:
  explicit CheckEnv(std::shared_ptr<const Declarations> base);

  std::string container;
  // Settings cel-go has (kro uses neither; the Kubernetes CRD environment uses both).
  bool cross_type_numeric_comparisons = false;
  bool homogeneous_aggregate_literals = false;

  void add_variable(std::string name, types::Type type) {
    locals_.add_variable(std::move(name), std::move(type));
  }
  Status add_overload(std::string_view function, OverloadDecl overload) {
    return locals_.add_overload(function, std::move(overload));
  }
  Status add_overload(std::string_view function, std::string_view id, bool receiver,
                      std::string_view signature) {
    return locals_.add_overload(function, id, receiver, signature);
  }

  const Declarations& base() const { return *base_; }
  const Declarations& locals() const { return locals_; }
  // Variable lookup by exact name: per-use declarations first, then the base.
  const types::Type* find_variable(std::string_view name) const;
  // Every declaration of a function name (per-use then base); empty when undeclared.
  std::vector<const FunctionDecl*> find_function(std::string_view name) const;

 private:
  std::shared_ptr<const Declarations> base_;
  Declarations locals_;
};

// How much work a check did, so tests can assert that checking stays linear in the size of the
// tree without timing it.
struct CheckStats {
  uint64_t nodes_visited = 0;     // Check() calls: one per node of the tree
  uint64_t unification_work = 0;  // type-parameter bindings made and undone
  uint64_t bindings = 0;          // type parameters bound at the end
};

struct CheckOutcome {
  CheckedExpr checked;
  std::vector<syntax::ParseIssue> issues;  // empty on success
  CheckStats stats;
};

// Checks a parsed expression, collecting every issue.
CheckOutcome check_with_issues(syntax::ParsedExpr parsed, const CheckEnv& env);

// Checks a parsed expression; the Error's message renders every issue the way cel-go does, and
// its pos is the first issue's position (file = the source description).
Result<CheckedExpr> check(syntax::ParsedExpr parsed, const CheckEnv& env);

}  // namespace kro::cel::check

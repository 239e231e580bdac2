// The identifiers an expression reads from outside itself — resource ids, `schema`, forEach
// iterators, `each` — found by walking its CEL AST (cel/syntax/ast.h). Variables the
// expression binds itself (comprehension iterators and accumulators, `cel.bind` names) are
// not references inside their scope; a name is looked up as written, a leading dot (".x", the
// root-container spelling) removed.
//
// This is the part of upstream's expression inspector (pkg/cel/ast/inspector.go) that the
// dependency graph needs; function names are not looked at here (the checker reports unknown
// functions).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "cel/syntax/ast.h"

namespace kro::graph {

struct Reference {
  std::string name;     // the identifier: "deployment"
  std::string path;     // the longest field selection on it: "deployment.spec.replicas"
  int64_t expr_id = 0;  // the Ident node (for the source position)
  // The identifier (or a selection on it) is the target of a call: `json.marshal(x)` parses as
  // Call{target Ident json, "marshal"}, so such an identifier is either a variable with a
  // method or the namespace of a qualified function; only declarations can tell which.
  bool call_target = false;
};

// Every free identifier use, in source (pre-)order.
std::vector<Reference> find_references(const cel::syntax::Expr& root);

// The distinct names of find_references(), first occurrence first.
std::vector<std::string> referenced_names(const cel::syntax::Expr& root);

}  // namespace kro::graph

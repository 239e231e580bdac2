// AST → CEL source text, and a compact debug rendering of the tree.
//
// Unparse prints what the user could have written: operators with the fewest parentheses that
// keep the tree's shape, macros as their original calls (from SourceInfo::macro_calls), strings
// double-quoted with escapes, doubles in shortest round-trip form. Parsing the output again gives
// a structurally equal tree (ids aside). A Comprehension with no recorded macro call has no
// source form and makes Unparse fail.
#pragma once

#include <string>

#include "cel/syntax/ast.h"
#include "value/result.h"

namespace kro::cel::syntax {

Result<std::string> unparse(const Expr& expr, const SourceInfo* info = nullptr);
inline Result<std::string> unparse(const ParsedExpr& p) { return unparse(*p.expr, &p.source_info); }

// A one-line rendering of the tree for tests and logs, e.g.
//   _+_(a.b, 1)   x.f~test-only   __comprehension__(v, range, @result, init, cond, step, result)
// Strings are double-quoted, uints end in "u", bytes are b"..".
std::string debug_string(const Expr& expr);

// A CEL string literal (double quotes) whose value is `s`.
std::string quote_string(std::string_view s);
// A CEL bytes literal b"..." whose value is `b`.
std::string quote_bytes(std::string_view b);

}  // namespace kro::cel::syntax

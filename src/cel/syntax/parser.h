// The CEL parser: source text → ParsedExpr (AST + SourceInfo), macros expanded.
//
//   Parser parser;                                  // the generic macros, cel-go limits
//   Result<ParsedExpr> r = parser.parse("a.b + 1");
//   if (!r.ok()) print(r.error().message);          // cel-go style, with a caret (see below)
//
// Grammar and precedence are cel-spec's (lowest first): `?:` (right-assoc), `||`, `&&`,
// relations `< <= >= > == != in`, `+ -`, `* / %`, unary `! -`, member `.f .?f f() [i] [?i]`.
// Chains of `&&`/`||` become balanced trees as in cel-go; `--x` and `!!x` cancel out; a `-`
// directly before a number literal gives a negative literal.
//
// Errors: every problem found is an issue with a 1-based line and code-point column. The
// Result's Error carries, as message, all issues rendered as cel-go prints them:
//   ERROR: <input>:1:3: Syntax error: missing ')' at '<EOF>'
//    | (a
//    | ..^
// and, as pos, the first issue's position (file = the description). Syntax errors use the
// wording of cel-go's ANTLR parser for the common cases: "missing 'x' at '<EOF>'", "extraneous
// input 'x' expecting ...", "mismatched input 'x' expecting {<the tokens that may start an
// operand>}"; its recovery, and so later errors of one expression, may differ.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "cel/syntax/ast.h"
#include "cel/syntax/macros.h"
#include "value/result.h"

namespace kro::cel::syntax {

struct ParserOptions {
  // cel-go defaults.
  int max_recursion_depth = 250;
  int expression_size_code_point_limit = 100000;
  int error_recovery_limit = 30;
  int error_reporting_limit = 100;
  // Bounds the height of the tree that long operator/selection chains build (`a+a+...`), so
  // that nothing walking the AST recursively can exhaust the stack. Not a cel-go limit.
  int max_nesting_depth = 1000;
  bool enable_optional_syntax = true;      // `.?f`, `[?i]`, `[?e]`, `{?k: v}`
  bool enable_ident_escape_syntax = true;  // backtick-quoted field names
  bool populate_macro_calls = true;        // fill SourceInfo::macro_calls
};

struct ParseIssue {
  std::string message;
  Location location;  // {0,0}: no location (limits)
};

// cel-go's rendering of issues, sorted by position, one "ERROR: ..." block each.
std::string format_issues(const std::vector<ParseIssue>& issues, const SourceInfo& source,
                          int reporting_limit = 100);

class Parser {
 public:
  Parser();  // generic_macros(), default options (kro's set: lib::kro_macros())
  explicit Parser(MacroRegistry macros, ParserOptions options = {});

  Result<ParsedExpr> parse(std::string_view text, std::string_view description = "<input>") const;

  // The tree (expr null when there are issues), its source info and every issue.
  struct Outcome {
    ParsedExpr parsed;
    std::vector<ParseIssue> issues;
    // A limit issue has no location (cel-go reports it at `<input>:-1:0`); this is the token
    // at which the parser hit it, for callers that want to show the spot. {0,0} otherwise.
    Location stopped_at;
  };
  Outcome parse_with_issues(std::string_view text, std::string_view description = "<input>") const;

  const ParserOptions& options() const { return options_; }

 private:
  MacroRegistry macros_;
  ParserOptions options_;
};

}  // namespace kro::cel::syntax

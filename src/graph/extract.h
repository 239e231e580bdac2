// `${…}` extraction, with the exact scanning rules of upstream kro (pkg/graph/parser/cel.go):
//
// - An expression starts at `${` and ends at the matching `}`. Braces are counted, so map
//   literals work (`${ {"a": 1} }`); braces inside double-quoted string literals are not counted,
//   and a backslash inside a double-quoted literal escapes the next character. Single quotes are
//   not string delimiters for the scanner (braces inside '...' are counted).
// - A `${` inside an expression is an error ("nested expressions are not allowed unless inside
//   string literals") unless it sits inside a double-quoted literal or right after a `"`; so the
//   way to write a literal `${VAR}` is `${"${VAR}"}`.
// - A `${` with no matching `}` is plain text (kro accepts it silently; we report it as a
//   warning so a typo does not go unnoticed).
// - A string that is exactly one `${…}` is *standalone*: the field takes the expression's typed
//   value. Any other string holding expressions is a *string template*, compiled to one CEL
//   concatenation: "a-${x}-${y}" → "a-" + (x) + "-" + (y), literal parts quoted like Go's
//   strconv.Quote; every part must then be a string.
// - Only values are scanned, never map keys.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "value/json.h"
#include "value/result.h"
#include "value/yaml.h"

namespace kro::graph {

inline constexpr std::string_view kNestedExpressionError =
    "nested expressions are not allowed unless inside string literals";
inline constexpr std::string_view kOnlyStandaloneError = "only standalone expressions are allowed";

enum class ExpressionKind { kStandalone, kTemplate };

// The typing phase's result for one expression (defined by the later type-checking round); the
// graph layer carries it so that a CompiledGraph holds checked programs next to their sources.
struct CheckedExpression;

// One CEL expression of the RGD, as the later phases need it.
struct Expression {
  ExpressionKind kind = ExpressionKind::kStandalone;
  std::string cel;                 // the text to compile (a template's concatenation)
  std::string original;            // the user's string, "${...}" included
  std::vector<std::string> parts;  // the text inside each ${...}, in order
  std::string pointer;             // JSON pointer of the field in the RGD document
  SourcePos pos;                   // where the field was written
  // Identifiers the expression reads (resource ids, schema, iterators), filled by the reference
  // phase (references.h), first occurrence first.
  std::vector<std::string> references;
  // Whether it calls kro's omit() (filled with `references`): allowed only in templates, and
  // never on a field that identifies the object.
  bool uses_omit = false;
  // Identifiers whose metadata.managedFields the expression may read (filled with
  // `references`): it selects them, or reads the whole object or its whole metadata.
  std::vector<std::string> managed_fields_reads;
  std::shared_ptr<const CheckedExpression> checked;  // filled by the typing phase
};

// A field of a template (or of schema.status) whose value holds expressions.
struct FieldExpression {
  std::string path;  // upstream spelling, relative to the walked object: "spec.replicas"
  Expression expr;
};

// One `${…}` found in a string: [begin, end) covers `${` through `}`.
struct ExpressionSpan {
  std::size_t begin = 0;
  std::size_t end = 0;
  // The expression text between `${` and `}`.
  std::string_view inner(std::string_view s) const { return s.substr(begin + 2, end - begin - 3); }
};

// Scans a string. `unterminated`, when given, receives the offsets of `${` that had no
// matching `}` (and were therefore kept as text).
Result<std::vector<ExpressionSpan>> scan_expressions(
    std::string_view s, std::vector<std::size_t>* unterminated = nullptr);

// True when s is exactly one `${…}`.
Result<bool> is_standalone_expression(std::string_view s);

// The expression of a standalone string (readyWhen, includeWhen, forEach, conditions), or
// "only standalone expressions are allowed".
Result<std::string> parse_standalone(std::string_view s);

// The CEL concatenation of a string template.
std::string build_string_template(std::string_view s, const std::vector<ExpressionSpan>& spans);

// Turns one string into an Expression, or nothing when it holds no expression.
Result<std::optional<Expression>> expression_from_string(std::string_view s);

// Options and outputs of a schemaless walk.
struct ExtractOptions {
  std::string base_path;                 // path prefix ("" for a template root)
  std::string base_pointer;              // JSON pointer of the walked node in the document
  const SourceMap* positions = nullptr;  // to give each expression and error its position
  std::vector<std::string>* plain_paths = nullptr;  // leaves without expressions, when wanted
  std::vector<Error>* warnings = nullptr;           // unterminated `${`
  // When given, a field that cannot be scanned is reported here and the walk goes on (the
  // result then holds the other fields); otherwise the walk stops with that error.
  std::vector<Error>* errors = nullptr;
};

// Walks a JSON tree in document order and returns every field holding expressions (upstream's
// ParseSchemalessResource). Errors name the field path and its position.
Result<std::vector<FieldExpression>> extract_schemaless(const Json& root,
                                                        const ExtractOptions& options);

}  // namespace kro::graph

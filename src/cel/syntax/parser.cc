#include "cel/syntax/parser.h"

#include <algorithm>

#include "cel/internal/parser_worker.h"
#include "cel/syntax/strcat.h"

namespace kro::cel::syntax {

Parser::Parser() : Parser(MacroRegistry(generic_macros())) {}
Parser::Parser(MacroRegistry macros, ParserOptions options)
    : macros_(std::move(macros)), options_(options) {}

Parser::Outcome Parser::parse_with_issues(std::string_view text,
                                          std::string_view description) const {
  Outcome out;
  SourceInfo& info = out.parsed.source_info;
  info.description = std::string(description);
  info.text = std::string(text);
  SourceText src = SourceText::decode(text);
  info.line_offsets = src.line_offsets;
  if (static_cast<int64_t>(src.chars.size()) > options_.expression_size_code_point_limit) {
    out.issues.push_back(
        {cat("expression code point size exceeds limit: size: ", std::to_string(src.chars.size()),
             ", limit ", std::to_string(options_.expression_size_code_point_limit)),
         {}});
    return out;
  }
  // Roughly one node per two code points; reserving avoids rehashing while ids are handed out.
  info.positions.reserve(src.chars.size() / 2 + 8);
  internal::Worker w(macros_, options_, src, info);
  ExprPtr e = w.run();
  out.issues = std::move(w.issues());
  out.stopped_at = w.stopped_at();
  out.parsed.max_id = w.max_id();
  if (out.issues.empty()) out.parsed.expr = std::move(e);
  return out;
}

Result<ParsedExpr> Parser::parse(std::string_view text, std::string_view description) const {
  Outcome o = parse_with_issues(text, description);
  if (o.issues.empty()) return std::move(o.parsed);
  const SourceInfo& info = o.parsed.source_info;
  std::vector<ParseIssue> sorted = o.issues;
  std::stable_sort(sorted.begin(), sorted.end(), [](const ParseIssue& a, const ParseIssue& b) {
    return a.location.line != b.location.line ? a.location.line < b.location.line
                                              : a.location.column < b.location.column;
  });
  Error err(format_issues(o.issues, info, options_.error_reporting_limit));
  err.pos.file = info.description;
  err.pos.line = sorted.front().location.line;
  err.pos.column = sorted.front().location.column;
  return err;
}

}  // namespace kro::cel::syntax

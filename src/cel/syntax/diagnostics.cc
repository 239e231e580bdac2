// format_issues: cel-go's error rendering (common/errors.go ToDisplayString), so that messages
// users see from kro-cpp read like the ones upstream kro prints.
#include <algorithm>

#include "cel/syntax/lexer.h"
#include "cel/syntax/parser.h"
#include "cel/syntax/strcat.h"
#include "value/utf8.h"

namespace kro::cel::syntax {
namespace {

// The code-point range [start, end) of 1-based line `line`, without its newline.
bool line_range(const SourceText& src, int line, int32_t& start, int32_t& end) {
  if (line < 1 || line > static_cast<int>(src.line_offsets.size()) + 1) return false;
  start = line == 1 ? 0 : src.line_offsets[line - 2];
  end = line - 1 < static_cast<int>(src.line_offsets.size())
            ? src.line_offsets[line - 1] - 1
            : static_cast<int32_t>(src.chars.size());
  return true;
}

std::string render_one(const ParseIssue& issue, const SourceInfo& info, const SourceText& src) {
  const Location& loc = issue.location;
  bool known = loc.line > 0;
  std::string out = cat("ERROR: ", info.description, ":", std::to_string(known ? loc.line : -1),
                        ":", std::to_string(known ? loc.column : 0), ": ", issue.message);
  int32_t start = 0, end = 0;
  if (!known || !line_range(src, loc.line, start, end)) return out;
  out.append("\n | ");
  for (int32_t i = start; i < end; ++i)
    utf8::append(out, src.chars[i] == '\t' ? U' ' : src.chars[i]);
  out.append("\n | ");
  // Code points wider than one byte in UTF-8 get full-width markers, as cel-go does.
  int32_t caret = start + loc.column - 1;
  for (int32_t i = start; i < caret && i < end; ++i) {
    out.append(src.chars[i] < 0x80 ? "." : "\xEF\xBC\x8E");  // U+FF0E
  }
  bool wide = caret < end && src.chars[caret] >= 0x80;
  out.append(wide ? "\xEF\xBC\xBE" : "^");  // U+FF3E
  return out;
}

}  // namespace

std::string format_issues(const std::vector<ParseIssue>& issues, const SourceInfo& source,
                          int reporting_limit) {
  SourceText src = SourceText::decode(source.text);
  std::vector<ParseIssue> sorted = issues;
  std::stable_sort(sorted.begin(), sorted.end(), [](const ParseIssue& a, const ParseIssue& b) {
    return a.location.line != b.location.line ? a.location.line < b.location.line
                                              : a.location.column < b.location.column;
  });
  std::string out;
  int n = 0;
  for (const auto& issue : sorted) {
    if (n == reporting_limit) break;
    if (n++ > 0) out += "\n";
    out += render_one(issue, source, src);
  }
  if (static_cast<int>(sorted.size()) > reporting_limit) {
    out.append("\n")
        .append(std::to_string(sorted.size() - reporting_limit))
        .append(" more errors were truncated");
  }
  return out;
}

}  // namespace kro::cel::syntax

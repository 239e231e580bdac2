#include "cel/lib/k8s/regex.h"

#include "value/utf8.h"

namespace kro::cel::k8s {

namespace {

std::string_view go_error_code(RE2::ErrorCode code) {
  switch (code) {
    case RE2::ErrorBadEscape:
      return "invalid escape sequence";
    case RE2::ErrorBadCharClass:
      return "invalid character class";
    case RE2::ErrorBadCharRange:
      return "invalid character class range";
    case RE2::ErrorMissingBracket:
      return "missing closing ]";
    case RE2::ErrorMissingParen:
      return "missing closing )";
    case RE2::ErrorUnexpectedParen:
      return "unexpected )";
    case RE2::ErrorTrailingBackslash:
      return "trailing backslash at end of expression";
    case RE2::ErrorRepeatArgument:
      return "missing argument to repetition operator";
    case RE2::ErrorRepeatSize:
      return "invalid repeat count";
    case RE2::ErrorRepeatOp:
      return "invalid nested repetition operator";
    case RE2::ErrorBadPerlOp:
      return "invalid or unsupported Perl syntax";
    case RE2::ErrorBadUTF8:
      return "invalid UTF-8";
    case RE2::ErrorBadNamedCapture:
      return "invalid named capture";
    case RE2::ErrorPatternTooLarge:
      return "expression too large";
    default:
      return "internal error";
  }
}

}  // namespace

Result<std::shared_ptr<const RE2>> compile_go_regex(std::string_view pattern) {
  RE2::Options opts;
  opts.set_log_errors(false);
  opts.set_encoding(RE2::Options::EncodingUTF8);
  auto re = std::make_shared<const RE2>(re2::StringPiece(pattern.data(), pattern.size()), opts);
  if (!re->ok()) {
    return Error("error parsing regexp: " + std::string(go_error_code(re->error_code())) + ": `" +
                 re->error_arg() + "`");
  }
  return std::shared_ptr<const RE2>(re);
}

std::string regex_find(const RE2& re, std::string_view text) {
  re2::StringPiece m;
  if (!re.Match(re2::StringPiece(text.data(), text.size()), 0, text.size(), RE2::UNANCHORED, &m,
                1)) {
    return "";
  }
  return std::string(m.data(), m.size());
}

std::vector<std::string> regex_find_all(const RE2& re, std::string_view text, int64_t limit) {
  std::vector<std::string> out;
  if (limit < 0) limit = static_cast<int64_t>(text.size()) + 1;
  const re2::StringPiece input(text.data(), text.size());
  size_t pos = 0;
  int64_t prev_end = -1;
  while (static_cast<int64_t>(out.size()) < limit && pos <= text.size()) {
    re2::StringPiece m;
    if (!re.Match(input, pos, text.size(), RE2::UNANCHORED, &m, 1)) break;
    const auto start = static_cast<size_t>(m.data() - text.data());
    const size_t end = start + m.size();
    bool accept = true;
    if (end == pos) {
      if (static_cast<int64_t>(start) == prev_end) accept = false;
      pos += pos < text.size() ? utf8::step(text, pos) : 1;
    } else {
      pos = end;
    }
    prev_end = static_cast<int64_t>(end);
    if (accept) out.emplace_back(m.data(), m.size());
  }
  return out;
}

}  // namespace kro::cel::k8s

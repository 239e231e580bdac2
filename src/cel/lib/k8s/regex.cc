#include "cel/lib/k8s/regex.h"

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

// Advances past one UTF-8 sequence (one byte when the input is not valid UTF-8), as Go's
// inputString.step does for the empty-match case.
size_t rune_width(std::string_view s, size_t pos) {
  const auto b = static_cast<unsigned char>(s[pos]);
  size_t n = 1;
  if (b >= 0xF0 && b < 0xF8) {
    n = 4;
  } else if (b >= 0xE0) {
    n = 3;
  } else if (b >= 0xC0) {
    n = 2;
  }
  if (pos + n > s.size()) return 1;
  for (size_t k = 1; k < n; k++) {
    if ((static_cast<unsigned char>(s[pos + k]) & 0xC0) != 0x80) return 1;
  }
  return n;
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
      pos += pos < text.size() ? rune_width(text, pos) : 1;
    } else {
      pos = end;
    }
    prev_end = static_cast<int64_t>(end);
    if (accept) out.emplace_back(m.data(), m.size());
  }
  return out;
}

}  // namespace kro::cel::k8s

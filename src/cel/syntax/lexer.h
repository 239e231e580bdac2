// The CEL lexer: turns source text into tokens over Unicode code points (positions in CEL
// diagnostics count code points, not bytes). Whitespace and `//` comments are skipped.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kro::cel::syntax {

enum class TokenKind {
  kEnd,
  kError,
  kIdent,  // plain names, reserved words (`as`, `if` ...) and `backtick` quoted names
  kInt,
  kUint,
  kFloat,
  kString,
  kBytes,
  kTrue,
  kFalse,
  kNull,
  kIn,
  kLParen,
  kRParen,
  kLBracket,
  kRBracket,
  kLBrace,
  kRBrace,
  kDot,
  kComma,
  kColon,
  kQuestion,
  kPlus,
  kMinus,
  kStar,
  kSlash,
  kPercent,
  kBang,
  kEq,
  kNe,
  kLt,
  kLe,
  kGt,
  kGe,
  kAnd,
  kOr,
};

// How a token kind is spelled in messages ("')'", "<EOF>", ...).
std::string_view TokenKindSpelling(TokenKind k);

struct Token {
  TokenKind kind = TokenKind::kEnd;
  int32_t start = 0;  // code-point offsets, [start, end)
  int32_t end = 0;
};

// Decoded source: code points (invalid UTF-8 bytes become U+FFFD, as Go does) and line starts.
struct SourceText {
  std::u32string chars;
  std::vector<int32_t> line_offsets;  // code-point offset just after each '\n'

  static SourceText Decode(std::string_view utf8);
  // UTF-8 of chars[start, end).
  std::string Slice(int32_t start, int32_t end) const;
};

class Lexer {
 public:
  explicit Lexer(const SourceText& src) : src_(src) {}

  // The next significant token; kEnd forever at the end. For kError, error() says why.
  Token Next();
  const std::string& error() const { return error_; }

  int32_t position() const { return pos_; }
  void set_position(int32_t pos) { pos_ = pos; }

 private:
  char32_t At(int32_t i) const {
    return i < static_cast<int32_t>(src_.chars.size()) ? src_.chars[i] : 0;
  }
  bool AtEnd(int32_t i) const { return i >= static_cast<int32_t>(src_.chars.size()); }
  Token Make(TokenKind k, int32_t start) const { return Token{k, start, pos_}; }
  Token Fail(int32_t start, std::string msg);
  Token LexNumber(int32_t start);
  Token LexQuoted(int32_t start, int32_t quote_pos, bool raw, TokenKind kind);
  Token LexBacktick(int32_t start);

  const SourceText& src_;
  int32_t pos_ = 0;
  std::string error_;
};

// Appends the UTF-8 encoding of a code point.
void AppendUtf8(std::string& out, char32_t c);

}  // namespace kro::cel::syntax

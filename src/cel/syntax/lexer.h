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
std::string_view token_kind_spelling(TokenKind k);

struct Token {
  TokenKind kind = TokenKind::kEnd;
  int32_t start = 0;  // code-point offsets, [start, end)
  int32_t end = 0;
};

// Decoded source: code points (invalid UTF-8 bytes become U+FFFD, as Go does) and line starts.
struct SourceText {
  std::u32string chars;
  std::vector<int32_t> line_offsets;  // code-point offset just after each '\n'

  static SourceText decode(std::string_view utf8);
  // UTF-8 of chars[start, end).
  std::string slice(int32_t start, int32_t end) const;
};

class Lexer {
 public:
  explicit Lexer(const SourceText& src) : src_(src) {}

  // The next significant token; kEnd forever at the end. For kError, error() says why.
  Token next();
  const std::string& error() const { return error_; }

  int32_t position() const { return pos_; }
  void set_position(int32_t pos) { pos_ = pos; }

 private:
  char32_t at(int32_t i) const {
    return i < static_cast<int32_t>(src_.chars.size()) ? src_.chars[i] : 0;
  }
  bool at_end(int32_t i) const { return i >= static_cast<int32_t>(src_.chars.size()); }
  Token make(TokenKind k, int32_t start) const { return Token{k, start, pos_}; }
  Token fail(int32_t start, std::string msg);
  void skip_space_and_comments();
  Token lex_word(int32_t start);
  Token lex_number(int32_t start);
  Token lex_quoted(int32_t start, int32_t quote_pos, bool raw, TokenKind kind);
  Token lex_backtick(int32_t start);

  const SourceText& src_;
  int32_t pos_ = 0;
  std::string error_;
};

}  // namespace kro::cel::syntax

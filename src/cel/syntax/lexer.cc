#include "cel/syntax/lexer.h"

#include "cel/syntax/strcat.h"
#include "value/utf8.h"

namespace kro::cel::syntax {

std::string_view token_kind_spelling(TokenKind k) {
  switch (k) {
    case TokenKind::kEnd:
      return "<EOF>";
    case TokenKind::kError:
      return "<error>";
    case TokenKind::kIdent:
      return "IDENTIFIER";
    case TokenKind::kInt:
      return "NUM_INT";
    case TokenKind::kUint:
      return "NUM_UINT";
    case TokenKind::kFloat:
      return "NUM_FLOAT";
    case TokenKind::kString:
      return "STRING";
    case TokenKind::kBytes:
      return "BYTES";
    case TokenKind::kTrue:
      return "true";
    case TokenKind::kFalse:
      return "false";
    case TokenKind::kNull:
      return "null";
    case TokenKind::kIn:
      return "in";
    case TokenKind::kLParen:
      return "(";
    case TokenKind::kRParen:
      return ")";
    case TokenKind::kLBracket:
      return "[";
    case TokenKind::kRBracket:
      return "]";
    case TokenKind::kLBrace:
      return "{";
    case TokenKind::kRBrace:
      return "}";
    case TokenKind::kDot:
      return ".";
    case TokenKind::kComma:
      return ",";
    case TokenKind::kColon:
      return ":";
    case TokenKind::kQuestion:
      return "?";
    case TokenKind::kPlus:
      return "+";
    case TokenKind::kMinus:
      return "-";
    case TokenKind::kStar:
      return "*";
    case TokenKind::kSlash:
      return "/";
    case TokenKind::kPercent:
      return "%";
    case TokenKind::kBang:
      return "!";
    case TokenKind::kEq:
      return "==";
    case TokenKind::kNe:
      return "!=";
    case TokenKind::kLt:
      return "<";
    case TokenKind::kLe:
      return "<=";
    case TokenKind::kGt:
      return ">";
    case TokenKind::kGe:
      return ">=";
    case TokenKind::kAnd:
      return "&&";
    case TokenKind::kOr:
      return "||";
  }
  return "?";
}

SourceText SourceText::decode(std::string_view s) {
  SourceText out;
  out.chars.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    char32_t c = utf8::kReplacement;
    size_t n = utf8::decode(s, i, &c);
    if (n == 0) n = 1;
    if (c == '\n') out.line_offsets.push_back(static_cast<int32_t>(out.chars.size() + 1));
    out.chars.push_back(c);
    i += n;
  }
  return out;
}

std::string SourceText::slice(int32_t start, int32_t end) const {
  std::string out;
  int32_t n = static_cast<int32_t>(chars.size());
  if (start < 0) start = 0;
  if (end > n) end = n;
  for (int32_t i = start; i < end; ++i) utf8::append(out, chars[i]);
  return out;
}

namespace {
bool is_digit(char32_t c) { return c >= '0' && c <= '9'; }
bool is_hex(char32_t c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
bool is_letter(char32_t c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_ident_start(char32_t c) { return is_letter(c) || c == '_'; }
bool is_ident_char(char32_t c) { return is_ident_start(c) || is_digit(c); }
bool is_space(char32_t c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }
}  // namespace

Token Lexer::fail(int32_t start, std::string msg) {
  error_ = std::move(msg);
  return Token{TokenKind::kError, start, pos_};
}

void Lexer::skip_space_and_comments() {
  for (;;) {
    while (!at_end(pos_) && is_space(at(pos_))) ++pos_;
    if (at(pos_) == '/' && at(pos_ + 1) == '/' && !at_end(pos_ + 1)) {
      while (!at_end(pos_) && at(pos_) != '\n') ++pos_;
      continue;
    }
    break;
  }
}

Token Lexer::next() {
  skip_space_and_comments();
  int32_t start = pos_;
  if (at_end(pos_)) return Token{TokenKind::kEnd, start, start};
  char32_t c = at(pos_);
  char32_t n = at_end(pos_ + 1) ? 0 : at(pos_ + 1);
  auto one = [&](TokenKind k) {
    ++pos_;
    return make(k, start);
  };
  auto two = [&](TokenKind k) {
    pos_ += 2;
    return make(k, start);
  };
  switch (c) {
    case '(':
      return one(TokenKind::kLParen);
    case ')':
      return one(TokenKind::kRParen);
    case '[':
      return one(TokenKind::kLBracket);
    case ']':
      return one(TokenKind::kRBracket);
    case '{':
      return one(TokenKind::kLBrace);
    case '}':
      return one(TokenKind::kRBrace);
    case ',':
      return one(TokenKind::kComma);
    case ':':
      return one(TokenKind::kColon);
    case '?':
      return one(TokenKind::kQuestion);
    case '+':
      return one(TokenKind::kPlus);
    case '-':
      return one(TokenKind::kMinus);
    case '*':
      return one(TokenKind::kStar);
    case '/':
      return one(TokenKind::kSlash);
    case '%':
      return one(TokenKind::kPercent);
    case '!':
      return n == '=' ? two(TokenKind::kNe) : one(TokenKind::kBang);
    case '=':
      if (n == '=') return two(TokenKind::kEq);
      ++pos_;
      return fail(start, "token recognition error at: '='");
    case '<':
      return n == '=' ? two(TokenKind::kLe) : one(TokenKind::kLt);
    case '>':
      return n == '=' ? two(TokenKind::kGe) : one(TokenKind::kGt);
    case '&':
      if (n == '&') return two(TokenKind::kAnd);
      ++pos_;
      return fail(start, "token recognition error at: '&'");
    case '|':
      if (n == '|') return two(TokenKind::kOr);
      ++pos_;
      return fail(start, "token recognition error at: '|'");
    case '.':
      if (is_digit(n)) return lex_number(start);
      return one(TokenKind::kDot);
    case '"':
    case '\'':
      return lex_quoted(start, pos_, false, TokenKind::kString);
    case '`':
      return lex_backtick(start);
    default:
      break;
  }
  if (is_digit(c)) return lex_number(start);
  if (is_ident_start(c)) return lex_word(start);
  ++pos_;
  return fail(start, cat("token recognition error at: '", src_.slice(start, pos_), "'"));
}

// An identifier, a keyword (true, false, null, in), or a string with an r / b / br / rb prefix.
Token Lexer::lex_word(int32_t start) {
  char32_t c = at(pos_);
  char32_t n = at_end(pos_ + 1) ? 0 : at(pos_ + 1);
  // String prefixes: r"..", b"..", br"..", rb"..".
  char32_t n2 = at_end(pos_ + 2) ? 0 : at(pos_ + 2);
  bool is_r = c == 'r' || c == 'R';
  bool is_b = c == 'b' || c == 'B';
  if ((is_r || is_b) && (n == '"' || n == '\'')) {
    return lex_quoted(start, pos_ + 1, is_r, is_b ? TokenKind::kBytes : TokenKind::kString);
  }
  if (is_b && (n == 'r' || n == 'R') && (n2 == '"' || n2 == '\'')) {
    return lex_quoted(start, pos_ + 2, true, TokenKind::kBytes);
  }
  while (!at_end(pos_) && is_ident_char(at(pos_))) ++pos_;
  std::u32string_view word(src_.chars.data() + start, pos_ - start);
  if (word == U"true") return make(TokenKind::kTrue, start);
  if (word == U"false") return make(TokenKind::kFalse, start);
  if (word == U"null") return make(TokenKind::kNull, start);
  if (word == U"in") return make(TokenKind::kIn, start);
  return make(TokenKind::kIdent, start);
}

Token Lexer::lex_number(int32_t start) {
  if (at(pos_) == '0' && (at(pos_ + 1) == 'x' || at(pos_ + 1) == 'X') && is_hex(at(pos_ + 2))) {
    pos_ += 2;
    while (is_hex(at(pos_)) && !at_end(pos_)) ++pos_;
    if (at(pos_) == 'u' || at(pos_) == 'U') {
      ++pos_;
      return make(TokenKind::kUint, start);
    }
    return make(TokenKind::kInt, start);
  }
  bool is_float = false;
  while (!at_end(pos_) && is_digit(at(pos_))) ++pos_;
  if (at(pos_) == '.' && is_digit(at(pos_ + 1))) {
    is_float = true;
    ++pos_;
    while (!at_end(pos_) && is_digit(at(pos_))) ++pos_;
  }
  if (at(pos_) == 'e' || at(pos_) == 'E') {
    int32_t p = pos_ + 1;
    if (at(p) == '+' || at(p) == '-') ++p;
    if (is_digit(at(p))) {
      is_float = true;
      pos_ = p;
      while (!at_end(pos_) && is_digit(at(pos_))) ++pos_;
    }
  }
  if (is_float) return make(TokenKind::kFloat, start);
  if (at(pos_) == 'u' || at(pos_) == 'U') {
    ++pos_;
    return make(TokenKind::kUint, start);
  }
  return make(TokenKind::kInt, start);
}

Token Lexer::lex_quoted(int32_t start, int32_t quote_pos, bool raw, TokenKind kind) {
  char32_t q = at(quote_pos);
  bool triple = at(quote_pos + 1) == q && at(quote_pos + 2) == q && !at_end(quote_pos + 2);
  pos_ = quote_pos + (triple ? 3 : 1);
  for (;;) {
    if (at_end(pos_))
      return fail(start, cat("token recognition error at: '", src_.slice(start, pos_), "'"));
    char32_t c = at(pos_);
    if (triple) {
      if (c == q && at(pos_ + 1) == q && at(pos_ + 2) == q && !at_end(pos_ + 2)) {
        pos_ += 3;
        return make(kind, start);
      }
    } else {
      if (c == '\n' || c == '\r') {
        return fail(start, cat("token recognition error at: '", src_.slice(start, pos_ + 1), "'"));
      }
      if (c == q) {
        ++pos_;
        return make(kind, start);
      }
    }
    if (c == '\\' && !raw) {
      pos_ += 2;  // the escape is validated when the literal is decoded
      continue;
    }
    ++pos_;
  }
}

Token Lexer::lex_backtick(int32_t start) {
  ++pos_;
  while (!at_end(pos_) && at(pos_) != '`' && at(pos_) != '\n') ++pos_;
  if (at(pos_) != '`' || at_end(pos_)) {
    return fail(start, cat("token recognition error at: '", src_.slice(start, pos_), "'"));
  }
  ++pos_;
  return make(TokenKind::kIdent, start);
}

}  // namespace kro::cel::syntax

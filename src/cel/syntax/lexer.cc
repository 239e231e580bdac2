#include "cel/syntax/lexer.h"

#include "cel/syntax/strcat.h"
#include "value/utf8.h"

namespace kro::cel::syntax {

std::string_view TokenKindSpelling(TokenKind k) {
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

void AppendUtf8(std::string& out, char32_t c) { utf8::append(out, c); }

SourceText SourceText::Decode(std::string_view s) {
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

std::string SourceText::Slice(int32_t start, int32_t end) const {
  std::string out;
  int32_t n = static_cast<int32_t>(chars.size());
  if (start < 0) start = 0;
  if (end > n) end = n;
  for (int32_t i = start; i < end; ++i) AppendUtf8(out, chars[i]);
  return out;
}

namespace {
bool IsDigit(char32_t c) { return c >= '0' && c <= '9'; }
bool IsHex(char32_t c) { return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
bool IsLetter(char32_t c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsIdentStart(char32_t c) { return IsLetter(c) || c == '_'; }
bool IsIdentChar(char32_t c) { return IsIdentStart(c) || IsDigit(c); }
bool IsSpace(char32_t c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }
}  // namespace

Token Lexer::Fail(int32_t start, std::string msg) {
  error_ = std::move(msg);
  return Token{TokenKind::kError, start, pos_};
}

Token Lexer::Next() {
  for (;;) {
    while (!AtEnd(pos_) && IsSpace(At(pos_))) ++pos_;
    if (At(pos_) == '/' && At(pos_ + 1) == '/' && !AtEnd(pos_ + 1)) {
      while (!AtEnd(pos_) && At(pos_) != '\n') ++pos_;
      continue;
    }
    break;
  }
  int32_t start = pos_;
  if (AtEnd(pos_)) return Token{TokenKind::kEnd, start, start};
  char32_t c = At(pos_);
  char32_t n = AtEnd(pos_ + 1) ? 0 : At(pos_ + 1);
  auto one = [&](TokenKind k) {
    ++pos_;
    return Make(k, start);
  };
  auto two = [&](TokenKind k) {
    pos_ += 2;
    return Make(k, start);
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
      return Fail(start, "token recognition error at: '='");
    case '<':
      return n == '=' ? two(TokenKind::kLe) : one(TokenKind::kLt);
    case '>':
      return n == '=' ? two(TokenKind::kGe) : one(TokenKind::kGt);
    case '&':
      if (n == '&') return two(TokenKind::kAnd);
      ++pos_;
      return Fail(start, "token recognition error at: '&'");
    case '|':
      if (n == '|') return two(TokenKind::kOr);
      ++pos_;
      return Fail(start, "token recognition error at: '|'");
    case '.':
      if (IsDigit(n)) return LexNumber(start);
      return one(TokenKind::kDot);
    case '"':
    case '\'':
      return LexQuoted(start, pos_, false, TokenKind::kString);
    case '`':
      return LexBacktick(start);
    default:
      break;
  }
  if (IsDigit(c)) return LexNumber(start);
  if (IsIdentStart(c)) {
    // String prefixes: r"..", b"..", br"..", rb"..".
    char32_t n2 = AtEnd(pos_ + 2) ? 0 : At(pos_ + 2);
    bool is_r = c == 'r' || c == 'R';
    bool is_b = c == 'b' || c == 'B';
    if ((is_r || is_b) && (n == '"' || n == '\'')) {
      return LexQuoted(start, pos_ + 1, is_r, is_b ? TokenKind::kBytes : TokenKind::kString);
    }
    if (is_b && (n == 'r' || n == 'R') && (n2 == '"' || n2 == '\'')) {
      return LexQuoted(start, pos_ + 2, true, TokenKind::kBytes);
    }
    while (!AtEnd(pos_) && IsIdentChar(At(pos_))) ++pos_;
    std::u32string_view word(src_.chars.data() + start, pos_ - start);
    if (word == U"true") return Make(TokenKind::kTrue, start);
    if (word == U"false") return Make(TokenKind::kFalse, start);
    if (word == U"null") return Make(TokenKind::kNull, start);
    if (word == U"in") return Make(TokenKind::kIn, start);
    return Make(TokenKind::kIdent, start);
  }
  ++pos_;
  return Fail(start, Cat("token recognition error at: '", src_.Slice(start, pos_), "'"));
}

Token Lexer::LexNumber(int32_t start) {
  if (At(pos_) == '0' && (At(pos_ + 1) == 'x' || At(pos_ + 1) == 'X') && IsHex(At(pos_ + 2))) {
    pos_ += 2;
    while (IsHex(At(pos_)) && !AtEnd(pos_)) ++pos_;
    if (At(pos_) == 'u' || At(pos_) == 'U') {
      ++pos_;
      return Make(TokenKind::kUint, start);
    }
    return Make(TokenKind::kInt, start);
  }
  bool is_float = false;
  while (!AtEnd(pos_) && IsDigit(At(pos_))) ++pos_;
  if (At(pos_) == '.' && IsDigit(At(pos_ + 1))) {
    is_float = true;
    ++pos_;
    while (!AtEnd(pos_) && IsDigit(At(pos_))) ++pos_;
  }
  if (At(pos_) == 'e' || At(pos_) == 'E') {
    int32_t p = pos_ + 1;
    if (At(p) == '+' || At(p) == '-') ++p;
    if (IsDigit(At(p))) {
      is_float = true;
      pos_ = p;
      while (!AtEnd(pos_) && IsDigit(At(pos_))) ++pos_;
    }
  }
  if (is_float) return Make(TokenKind::kFloat, start);
  if (At(pos_) == 'u' || At(pos_) == 'U') {
    ++pos_;
    return Make(TokenKind::kUint, start);
  }
  return Make(TokenKind::kInt, start);
}

Token Lexer::LexQuoted(int32_t start, int32_t quote_pos, bool raw, TokenKind kind) {
  char32_t q = At(quote_pos);
  bool triple = At(quote_pos + 1) == q && At(quote_pos + 2) == q && !AtEnd(quote_pos + 2);
  pos_ = quote_pos + (triple ? 3 : 1);
  for (;;) {
    if (AtEnd(pos_))
      return Fail(start, Cat("token recognition error at: '", src_.Slice(start, pos_), "'"));
    char32_t c = At(pos_);
    if (triple) {
      if (c == q && At(pos_ + 1) == q && At(pos_ + 2) == q && !AtEnd(pos_ + 2)) {
        pos_ += 3;
        return Make(kind, start);
      }
    } else {
      if (c == '\n' || c == '\r') {
        return Fail(start, Cat("token recognition error at: '", src_.Slice(start, pos_ + 1), "'"));
      }
      if (c == q) {
        ++pos_;
        return Make(kind, start);
      }
    }
    if (c == '\\' && !raw) {
      pos_ += 2;  // the escape is validated when the literal is decoded
      continue;
    }
    ++pos_;
  }
}

Token Lexer::LexBacktick(int32_t start) {
  ++pos_;
  while (!AtEnd(pos_) && At(pos_) != '`' && At(pos_) != '\n') ++pos_;
  if (At(pos_) != '`' || AtEnd(pos_)) {
    return Fail(start, Cat("token recognition error at: '", src_.Slice(start, pos_), "'"));
  }
  ++pos_;
  return Make(TokenKind::kIdent, start);
}

}  // namespace kro::cel::syntax

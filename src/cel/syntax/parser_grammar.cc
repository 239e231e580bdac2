// The CEL grammar, one method per rule (see parser.h for precedence and cel-go's quirks).
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <unordered_set>

#include "cel/syntax/literal.h"
#include "cel/syntax/parser_worker.h"
#include "cel/syntax/strcat.h"

namespace kro::cel::syntax::internal {
namespace {
bool IsReservedIdent(std::string_view s) {
  static const std::unordered_set<std::string_view> kReserved = {
      "as",  "break", "const",   "continue",  "else",   "for", "function", "if",   "import",
      "let", "loop",  "package", "namespace", "return", "var", "void",     "while"};
  return kReserved.count(s) > 0;
}

int Precedence(TokenKind k) {
  switch (k) {
    case TokenKind::kOr:
      return 1;
    case TokenKind::kAnd:
      return 2;
    case TokenKind::kLt:
    case TokenKind::kLe:
    case TokenKind::kGt:
    case TokenKind::kGe:
    case TokenKind::kEq:
    case TokenKind::kNe:
    case TokenKind::kIn:
      return 3;
    case TokenKind::kPlus:
    case TokenKind::kMinus:
      return 4;
    case TokenKind::kStar:
    case TokenKind::kSlash:
    case TokenKind::kPercent:
      return 5;
    default:
      return 0;
  }
}

std::string_view OperatorName(TokenKind k) {
  switch (k) {
    case TokenKind::kOr:
      return op::kLogicalOr;
    case TokenKind::kAnd:
      return op::kLogicalAnd;
    case TokenKind::kLt:
      return op::kLess;
    case TokenKind::kLe:
      return op::kLessEquals;
    case TokenKind::kGt:
      return op::kGreater;
    case TokenKind::kGe:
      return op::kGreaterEquals;
    case TokenKind::kEq:
      return op::kEquals;
    case TokenKind::kNe:
      return op::kNotEquals;
    case TokenKind::kIn:
      return op::kIn;
    case TokenKind::kPlus:
      return op::kAdd;
    case TokenKind::kMinus:
      return op::kSubtract;
    case TokenKind::kStar:
      return op::kMultiply;
    case TokenKind::kSlash:
      return op::kDivide;
    case TokenKind::kPercent:
      return op::kModulo;
    default:
      return "";
  }
}

// Parses an integer literal body in base 10 or 16 (text without sign, prefix or suffix).
template <typename T>
bool ParseInteger(std::string_view text, bool negative, T& out) {
  int base = 10;
  if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
    base = 16;
    text.remove_prefix(2);
  }
  uint64_t mag = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), mag, base);
  if (ec != std::errc() || p != text.data() + text.size()) return false;
  if constexpr (std::is_same_v<T, uint64_t>) {
    out = mag;
    return !negative;
  } else {
    constexpr uint64_t kMaxPos = static_cast<uint64_t>(INT64_MAX);
    if (negative) {
      if (mag > kMaxPos + 1) return false;
      out = mag == kMaxPos + 1 ? INT64_MIN : -static_cast<int64_t>(mag);
    } else {
      if (mag > kMaxPos) return false;
      out = static_cast<int64_t>(mag);
    }
    return true;
  }
}

bool ParseDouble(const std::string& text, double& out) {
  // strtod follows the C locale's decimal point, which is "." unless a program changes it.
  char* end = nullptr;
  errno = 0;
  out = std::strtod(text.c_str(), &end);
  // Out of range is an error (as Go's ParseFloat); underflow to zero or a subnormal is not.
  return end == text.c_str() + text.size() && !std::isinf(out);
}

}  // namespace

ExprPtr Worker::ParseExpr() {
  if (aborted_ || RecoveryExceeded()) return MakeErrorNode(peek_.start);
  if (depth_ >= opts_.max_recursion_depth) {
    InternalError(
        Cat("expression recursion limit exceeded: ", std::to_string(opts_.max_recursion_depth)));
    return MakeErrorNode(peek_.start);
  }
  ++depth_;
  int saved = nesting_;
  ExprPtr e = Nest() ? ParseBinary(0) : MakeErrorNode(peek_.start);
  nesting_ = saved;
  --depth_;
  return e;
}

ExprPtr Worker::ParseBinary(int min_prec) {
  int saved = nesting_;
  ExprPtr lhs = ParseSelectorChain();
  for (;;) {
    if (aborted_) break;
    TokenKind k = peek_.kind;
    if (k == TokenKind::kQuestion && min_prec <= 0) {
      if (!Nest()) break;
      lhs = ParseTernary(std::move(lhs));
      continue;
    }
    int prec = Precedence(k);
    if (prec == 0 || prec < min_prec) break;
    if (k == TokenKind::kAnd || k == TokenKind::kOr) {
      if (!Nest()) break;
      lhs = ParseLogicalChain(std::move(lhs), k, prec);
      continue;
    }
    if (!Nest()) break;
    Token op_tok = Advance();
    int64_t id = NewId(op_tok.start);
    ExprPtr rhs = ParseBinary(prec + 1);
    std::vector<ExprPtr> args;
    args.push_back(std::move(lhs));
    args.push_back(std::move(rhs));
    lhs = MakeCall(id, std::string(OperatorName(k)), std::move(args));
  }
  nesting_ = saved;
  return lhs;
}

ExprPtr Worker::ParseTernary(ExprPtr cond) {
  Token q = Advance();
  int64_t id = NewId(q.start);
  ExprPtr if_true = ParseBinary(1);
  if (!Expect(TokenKind::kColon, "expected ':' in conditional expression")) return cond;
  ExprPtr if_false = ParseBinary(0);
  std::vector<ExprPtr> args;
  args.push_back(std::move(cond));
  args.push_back(std::move(if_true));
  args.push_back(std::move(if_false));
  return MakeCall(id, std::string(op::kConditional), std::move(args));
}

ExprPtr Worker::ParseLogicalChain(ExprPtr first, TokenKind k, int prec) {
  std::vector<ExprPtr> terms;
  std::vector<int64_t> ops;
  terms.push_back(std::move(first));
  while (peek_.kind == k && !aborted_) {
    Token t = Advance();
    ExprPtr rhs = ParseBinary(prec + 1);
    ops.push_back(NewId(t.start));
    terms.push_back(std::move(rhs));
  }
  if (ops.empty()) return std::move(terms[0]);
  return Balance(terms, ops, 0, static_cast<int>(ops.size()) - 1, OperatorName(k));
}

ExprPtr Worker::Balance(std::vector<ExprPtr>& terms, const std::vector<int64_t>& ops, int lo,
                        int hi, std::string_view fn) {
  int mid = (lo + hi + 1) / 2;
  ExprPtr left = mid == lo ? std::move(terms[mid]) : Balance(terms, ops, lo, mid - 1, fn);
  ExprPtr right = mid == hi ? std::move(terms[mid + 1]) : Balance(terms, ops, mid + 1, hi, fn);
  std::vector<ExprPtr> args;
  args.push_back(std::move(left));
  args.push_back(std::move(right));
  return MakeCall(ops[mid], std::string(fn), std::move(args));
}

std::string Worker::NormalizeIdent(const Token& t, bool allow_quoted) {
  std::string text = Text(t);
  if (text.empty() || text[0] != '`') return text;
  if (!allow_quoted) {
    ErrorAt(t.start, "unexpected quoted identifier");
    return "";
  }
  if (!opts_.enable_ident_escape_syntax) ErrorAt(t.start, "unsupported syntax: '`'");
  std::string inner = text.substr(1, text.size() - 2);
  bool ok = !inner.empty();
  for (char c : inner) {
    bool good = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                c == '_' || c == '.' || c == '-' || c == '/' || c == ' ';
    if (!good) ok = false;
  }
  if (!ok) {
    ErrorAt(t.start, "unexpected quoted identifier");
    return "";
  }
  return inner;
}

ExprPtr Worker::ParseSelectorTail(ExprPtr lhs) {
  int saved = nesting_;
  for (; !aborted_;) {
    TokenKind k = peek_.kind;
    if (k == TokenKind::kDot) {
      if (!Nest()) break;
      Token dot = Advance();
      bool optional = false;
      if (peek_.kind == TokenKind::kQuestion) {
        Advance();
        optional = true;
        if (!opts_.enable_optional_syntax) ErrorAt(dot.start, "unsupported syntax '.?'");
      }
      Token field_tok = Advance();
      if (field_tok.kind != TokenKind::kIdent) {
        if (field_tok.kind != TokenKind::kError) {
          SyntaxError(field_tok, field_tok.kind == TokenKind::kEnd
                                     ? "mismatched input '<EOF>' expecting IDENTIFIER"
                                     : "expected identifier after '.'");
        }
        SynchronizeOnDelimiter();
        break;
      }
      bool is_call = peek_.kind == TokenKind::kLParen;
      std::string field = NormalizeIdent(field_tok, !is_call);
      if (optional) {
        int64_t id = NewId(dot.start);
        ExprPtr name = MakeConstant(NewId(field_tok.start), Constant::String(std::move(field)));
        std::vector<ExprPtr> args;
        args.push_back(std::move(lhs));
        args.push_back(std::move(name));
        lhs = MakeCall(id, std::string(op::kOptSelect), std::move(args));
      } else if (is_call) {
        Token lp = Advance();
        int64_t id = NewId(lp.start);
        std::vector<ExprPtr> args = ParseArguments();
        lhs = ReceiverCallOrMacro(id, std::move(field), std::move(lhs), std::move(args));
      } else {
        lhs = MakeSelect(NewId(dot.start), std::move(lhs), std::move(field));
      }
    } else if (k == TokenKind::kLBracket) {
      if (!Nest()) break;
      Token lb = Advance();
      int64_t id = NewId(lb.start);
      bool optional = false;
      if (peek_.kind == TokenKind::kQuestion) {
        Advance();
        optional = true;
        if (!opts_.enable_optional_syntax) ErrorAt(lb.start, "unsupported syntax '?'");
      }
      ExprPtr index = ParseExpr();
      Expect(TokenKind::kRBracket, "expected ']'");
      std::vector<ExprPtr> args;
      args.push_back(std::move(lhs));
      args.push_back(std::move(index));
      lhs = MakeCall(id, std::string(optional ? op::kOptIndex : op::kIndex), std::move(args));
    } else if (k == TokenKind::kLBrace) {
      std::string name;
      if (!StructName(*lhs, name)) break;
      if (!Nest()) break;
      int64_t id = NewId(OffsetOfId(lhs->id));
      // The name's nodes disappear into the message name.
      Walk(*lhs, [&](const Expr& n) {
        info_.positions.erase(n.id);
        return true;
      });
      lhs = ParseStruct(id, std::move(name));
    } else {
      break;
    }
  }
  nesting_ = saved;
  return lhs;
}

bool Worker::StructName(const Expr& e, std::string& out) {
  if (e.is(ExprKind::kIdent)) {
    out = e.ident().name;
    return true;
  }
  if (e.is(ExprKind::kSelect) && !e.select().test_only && e.select().operand) {
    if (!StructName(*e.select().operand, out)) return false;
    out += ".";
    out += e.select().field;
    return true;
  }
  return false;
}

ExprPtr Worker::ParseStruct(int64_t id, std::string name) {
  Advance();  // {
  std::vector<StructField> fields;
  while (peek_.kind != TokenKind::kRBrace && peek_.kind != TokenKind::kEnd && !aborted_) {
    bool optional = false;
    if (peek_.kind == TokenKind::kQuestion) {
      Token q = Advance();
      optional = true;
      if (!opts_.enable_optional_syntax) ErrorAt(q.start, "unsupported syntax '?'");
    }
    Token field_tok = Advance();
    if (field_tok.kind != TokenKind::kIdent) {
      if (field_tok.kind != TokenKind::kError) {
        SyntaxError(field_tok, "expected struct field name");
      }
      SynchronizeOnDelimiter();
      break;
    }
    std::string field = NormalizeIdent(field_tok, true);
    Token colon = peek_;
    if (!Expect(TokenKind::kColon, "expected ':' in struct field")) break;
    int64_t fid = NewId(colon.start);
    ExprPtr value = ParseExpr();
    fields.push_back(StructField{fid, std::move(field), std::move(value), optional});
    if (peek_.kind != TokenKind::kComma) break;
    Advance();
  }
  Expect(TokenKind::kRBrace, "expected '}'");
  return MakeStruct(id, std::move(name), std::move(fields));
}

ExprPtr Worker::ParseUnary() {
  if (peek_.kind != TokenKind::kBang && peek_.kind != TokenKind::kMinus) return ParsePrimary();
  std::vector<Token> ops;
  while (peek_.kind == TokenKind::kBang || peek_.kind == TokenKind::kMinus) {
    ops.push_back(Advance());
  }
  // A lone '-' (not part of a '--' run) right before a number literal makes it negative.
  bool solitary_minus = ops.back().kind == TokenKind::kMinus &&
                        (ops.size() == 1 || ops[ops.size() - 2].kind != TokenKind::kMinus);
  // Runs of the same operator cancel in pairs.
  std::vector<Token> kept;
  for (size_t i = 0; i < ops.size();) {
    size_t j = i;
    while (j < ops.size() && ops[j].kind == ops[i].kind) ++j;
    if ((j - i) % 2 != 0) kept.push_back(ops[i]);
    i = j;
  }
  std::vector<int64_t> ids;
  ids.reserve(kept.size());
  for (const auto& t : kept) ids.push_back(NewId(t.start));
  ExprPtr operand;
  if (solitary_minus && (peek_.kind == TokenKind::kInt || peek_.kind == TokenKind::kFloat)) {
    int64_t lit_id = ids.back();
    kept.pop_back();
    ids.pop_back();
    operand = ParseSelectorTail(ParseNumber(lit_id, /*negative=*/true));
  } else {
    operand = ParseSelectorChain();
  }
  for (size_t i = kept.size(); i-- > 0;) {
    std::string_view fn = kept[i].kind == TokenKind::kMinus ? op::kNegate : op::kLogicalNot;
    std::vector<ExprPtr> args;
    args.push_back(std::move(operand));
    operand = MakeCall(ids[i], std::string(fn), std::move(args));
  }
  return operand;
}

ExprPtr Worker::ParseNumber(int64_t id, bool negative) {
  Token t = Advance();
  std::string text = Text(t);
  switch (t.kind) {
    case TokenKind::kInt: {
      int64_t v = 0;
      if (!ParseInteger(text, negative, v)) return SyntaxError(t, "invalid int literal");
      return MakeConstant(id, Constant::Int(v));
    }
    case TokenKind::kUint: {
      uint64_t v = 0;
      text.pop_back();
      if (!ParseInteger(text, false, v)) return SyntaxError(t, "invalid uint literal");
      return MakeConstant(id, Constant::Uint(v));
    }
    default: {
      double v = 0;
      if (!ParseDouble(text, v)) return SyntaxError(t, "invalid double literal");
      return MakeConstant(id, Constant::Double(negative ? -v : v));
    }
  }
}

ExprPtr Worker::ParsePrimary() {
  switch (peek_.kind) {
    case TokenKind::kLParen: {
      Advance();
      ExprPtr e = ParseExpr();
      Expect(TokenKind::kRParen, "expected ')'");
      return e;
    }
    case TokenKind::kNull: {
      Token t = Advance();
      return MakeConstant(NewId(t.start), Constant::Null());
    }
    case TokenKind::kTrue:
    case TokenKind::kFalse: {
      Token t = Advance();
      return MakeConstant(NewId(t.start), Constant::Bool(t.kind == TokenKind::kTrue));
    }
    case TokenKind::kInt:
    case TokenKind::kUint:
    case TokenKind::kFloat:
      return ParseNumber(NewId(peek_.start), false);
    case TokenKind::kString:
    case TokenKind::kBytes: {
      Token t = Advance();
      bool bytes = t.kind == TokenKind::kBytes;
      std::string text = Text(t);
      if (bytes) text.erase(0, 1);
      Result<std::string> v = DecodeQuotedLiteral(text, bytes);
      if (!v.ok()) return ErrorAt(t.start, v.error().message);
      return MakeConstant(NewId(t.start),
                          bytes ? Constant::Bytes(std::move(*v)) : Constant::String(std::move(*v)));
    }
    case TokenKind::kLBracket:
      return ParseList();
    case TokenKind::kLBrace:
      return ParseMap();
    case TokenKind::kDot:
    case TokenKind::kIdent:
      return ParseIdentOrCall();
    case TokenKind::kEnd:
      return SyntaxError(peek_, "mismatched input '<EOF>' expecting expression");
    case TokenKind::kComma:
    case TokenKind::kRParen:
    case TokenKind::kRBracket:
    case TokenKind::kRBrace:
      // Left in place: the enclosing list, call or group resynchronises on it.
      return SyntaxError(peek_, Cat("mismatched input '", Text(peek_), "' expecting expression"));
    default: {
      Token bad = Advance();
      if (bad.kind == TokenKind::kError) return MakeErrorNode(bad.start);
      return SyntaxError(bad, Cat("mismatched input '", Text(bad), "' expecting expression"));
    }
  }
}

ExprPtr Worker::ParseList() {
  Token open = Advance();
  int64_t id = NewId(open.start);
  std::vector<ExprPtr> elems;
  std::vector<int32_t> optionals;
  while (peek_.kind != TokenKind::kRBracket && peek_.kind != TokenKind::kEnd && !aborted_) {
    if (peek_.kind == TokenKind::kQuestion) {
      Token q = Advance();
      if (!opts_.enable_optional_syntax) ErrorAt(q.start, "unsupported syntax '?'");
      optionals.push_back(static_cast<int32_t>(elems.size()));
    }
    elems.push_back(ParseExpr());
    if (peek_.kind != TokenKind::kComma) break;
    Advance();
  }
  Expect(TokenKind::kRBracket, "expected ']'");
  return MakeList(id, std::move(elems), std::move(optionals));
}

ExprPtr Worker::ParseMap() {
  Token open = Advance();
  int64_t id = NewId(open.start);
  std::vector<MapEntry> entries;
  while (peek_.kind != TokenKind::kRBrace && peek_.kind != TokenKind::kEnd && !aborted_) {
    bool optional = false;
    if (peek_.kind == TokenKind::kQuestion) {
      Token q = Advance();
      optional = true;
      if (!opts_.enable_optional_syntax) ErrorAt(q.start, "unsupported syntax '?'");
    }
    ExprPtr key = ParseExpr();
    Token colon = peek_;
    if (!Expect(TokenKind::kColon, "expected ':' in map entry")) break;
    int64_t eid = NewId(colon.start);
    ExprPtr value = ParseExpr();
    entries.push_back(MapEntry{eid, std::move(key), std::move(value), optional});
    if (peek_.kind != TokenKind::kComma) break;
    Advance();
  }
  Expect(TokenKind::kRBrace, "expected '}'");
  return MakeMap(id, std::move(entries));
}

ExprPtr Worker::ParseIdentOrCall() {
  Token first = peek_;
  bool leading_dot = false;
  if (peek_.kind == TokenKind::kDot) {
    Advance();
    leading_dot = true;
  }
  Token id_tok = Advance();
  if (id_tok.kind != TokenKind::kIdent) {
    if (id_tok.kind == TokenKind::kError) return MakeErrorNode(id_tok.start);
    return SyntaxError(id_tok, id_tok.kind == TokenKind::kEnd
                                   ? "mismatched input '<EOF>' expecting IDENTIFIER"
                                   : "expected identifier");
  }
  std::string name = NormalizeIdent(id_tok, false);
  if (IsReservedIdent(name)) return ErrorAt(id_tok.start, Cat("reserved identifier: ", name));
  if (leading_dot) name = Cat(".", name);
  if (peek_.kind == TokenKind::kLParen) {
    Token lp = Advance();
    int64_t id = NewId(lp.start);
    std::vector<ExprPtr> args = ParseArguments();
    return GlobalCallOrMacro(id, std::move(name), std::move(args));
  }
  return MakeIdent(NewId(leading_dot ? first.start : id_tok.start), std::move(name));
}

std::vector<ExprPtr> Worker::ParseArguments() {
  std::vector<ExprPtr> args;
  if (peek_.kind != TokenKind::kRParen && peek_.kind != TokenKind::kEnd) {
    for (;;) {
      args.push_back(ParseExpr());
      if (peek_.kind != TokenKind::kComma || aborted_) break;
      Advance();
      if (peek_.kind == TokenKind::kRParen) {
        SyntaxError(peek_, "unexpected token ')'");
        break;
      }
    }
  }
  Expect(TokenKind::kRParen, "");
  return args;
}

}  // namespace kro::cel::syntax::internal

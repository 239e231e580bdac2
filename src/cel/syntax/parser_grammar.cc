// The CEL grammar, one method per rule (see parser.h for precedence and cel-go's quirks).
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <unordered_set>

#include "cel/internal/parser_worker.h"
#include "cel/syntax/literal.h"
#include "cel/syntax/strcat.h"

namespace kro::cel::syntax::internal {
namespace {

// The tokens that may start an operand, as cel-go's ANTLR grammar lists them in "expecting"
// messages, plus the variants where a closing token or `?` may come instead.
constexpr std::string_view kExpressionStart =
    "{'[', '{', '(', '.', '-', '!', 'true', 'false', 'null', NUM_FLOAT, NUM_INT, NUM_UINT, "
    "STRING, BYTES, IDENTIFIER}";
constexpr std::string_view kArgumentsStart =
    "{'[', '{', '(', ')', '.', '-', '!', 'true', 'false', 'null', NUM_FLOAT, NUM_INT, NUM_UINT, "
    "STRING, BYTES, IDENTIFIER}";
constexpr std::string_view kIndexStart =
    "{'[', '{', '(', '.', '-', '!', '?', 'true', 'false', 'null', NUM_FLOAT, NUM_INT, NUM_UINT, "
    "STRING, BYTES, IDENTIFIER}";
constexpr std::string_view kListStart =
    "{'[', ']', '{', '(', '.', ',', '-', '!', '?', 'true', 'false', 'null', NUM_FLOAT, NUM_INT, "
    "NUM_UINT, STRING, BYTES, IDENTIFIER}";
constexpr std::string_view kMapStart =
    "{'[', '{', '}', '(', '.', ',', '-', '!', '?', 'true', 'false', 'null', NUM_FLOAT, NUM_INT, "
    "NUM_UINT, STRING, BYTES, IDENTIFIER}";

bool starts_expression(TokenKind k) {
  switch (k) {
    case TokenKind::kLBracket:
    case TokenKind::kLBrace:
    case TokenKind::kLParen:
    case TokenKind::kDot:
    case TokenKind::kMinus:
    case TokenKind::kBang:
    case TokenKind::kTrue:
    case TokenKind::kFalse:
    case TokenKind::kNull:
    case TokenKind::kFloat:
    case TokenKind::kInt:
    case TokenKind::kUint:
    case TokenKind::kString:
    case TokenKind::kBytes:
    case TokenKind::kIdent:
      return true;
    default:
      return false;
  }
}

bool is_reserved_ident(std::string_view s) {
  static const std::unordered_set<std::string_view> kReserved = {
      "as",  "break", "const",   "continue",  "else",   "for", "function", "if",   "import",
      "let", "loop",  "package", "namespace", "return", "var", "void",     "while"};
  return kReserved.count(s) > 0;
}

int precedence(TokenKind k) {
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

std::string_view operator_name(TokenKind k) {
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
bool parse_integer(std::string_view text, bool negative, T& out) {
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

bool parse_double(const std::string& text, double& out) {
  // strtod follows the C locale's decimal point, which is "." unless a program changes it.
  char* end = nullptr;
  errno = 0;
  out = std::strtod(text.c_str(), &end);
  // Out of range is an error (as Go's ParseFloat); underflow to zero or a subnormal is not.
  return end == text.c_str() + text.size() && !std::isinf(out);
}

}  // namespace

ExprPtr Worker::parse_expr() {
  if (aborted_ || recovery_exceeded()) return make_error_node(peek_.start);
  if (depth_ >= opts_.max_recursion_depth) {
    internal_error(
        cat("expression recursion limit exceeded: ", std::to_string(opts_.max_recursion_depth)));
    return make_error_node(peek_.start);
  }
  ++depth_;
  int saved = nesting_;
  ExprPtr e = nest() ? parse_binary(0) : make_error_node(peek_.start);
  nesting_ = saved;
  --depth_;
  return e;
}

ExprPtr Worker::parse_binary(int min_prec) {
  int saved = nesting_;
  ExprPtr lhs = parse_selector_chain();
  for (;;) {
    if (aborted_) break;
    TokenKind k = peek_.kind;
    if (k == TokenKind::kQuestion && min_prec <= 0) {
      if (!nest()) break;
      lhs = parse_ternary(std::move(lhs));
      continue;
    }
    int prec = precedence(k);
    if (prec == 0 || prec < min_prec) break;
    if (k == TokenKind::kAnd || k == TokenKind::kOr) {
      if (!nest()) break;
      lhs = parse_logical_chain(std::move(lhs), k, prec);
      continue;
    }
    if (!nest()) break;
    Token op_tok = advance();
    int64_t id = new_id(op_tok.start);
    ExprPtr rhs = parse_binary(prec + 1);
    std::vector<ExprPtr> args;
    args.push_back(std::move(lhs));
    args.push_back(std::move(rhs));
    lhs = make_call(id, std::string(operator_name(k)), std::move(args));
  }
  nesting_ = saved;
  return lhs;
}

ExprPtr Worker::parse_ternary(ExprPtr cond) {
  Token q = advance();
  int64_t id = new_id(q.start);
  ExprPtr if_true = parse_binary(1);
  if (!expect(TokenKind::kColon)) return cond;
  ExprPtr if_false = parse_binary(0);
  std::vector<ExprPtr> args;
  args.push_back(std::move(cond));
  args.push_back(std::move(if_true));
  args.push_back(std::move(if_false));
  return make_call(id, std::string(op::kConditional), std::move(args));
}

ExprPtr Worker::parse_logical_chain(ExprPtr first, TokenKind k, int prec) {
  std::vector<ExprPtr> terms;
  std::vector<int64_t> ops;
  terms.push_back(std::move(first));
  while (peek_.kind == k && !aborted_) {
    Token t = advance();
    ExprPtr rhs = parse_binary(prec + 1);
    ops.push_back(new_id(t.start));
    terms.push_back(std::move(rhs));
  }
  if (ops.empty()) return std::move(terms[0]);
  return balance(terms, ops, 0, static_cast<int>(ops.size()) - 1, operator_name(k));
}

ExprPtr Worker::balance(std::vector<ExprPtr>& terms, const std::vector<int64_t>& ops, int lo,
                        int hi, std::string_view fn) {
  int mid = (lo + hi + 1) / 2;
  ExprPtr left = mid == lo ? std::move(terms[mid]) : balance(terms, ops, lo, mid - 1, fn);
  ExprPtr right = mid == hi ? std::move(terms[mid + 1]) : balance(terms, ops, mid + 1, hi, fn);
  std::vector<ExprPtr> args;
  args.push_back(std::move(left));
  args.push_back(std::move(right));
  return make_call(ops[mid], std::string(fn), std::move(args));
}

std::string Worker::normalize_ident(const Token& t, bool allow_quoted) {
  std::string text = token_text(t);
  if (text.empty() || text[0] != '`') return text;
  if (!allow_quoted) {
    error_at(t.start, "unexpected quoted identifier");
    return "";
  }
  if (!opts_.enable_ident_escape_syntax) error_at(t.start, "unsupported syntax: '`'");
  std::string inner = text.substr(1, text.size() - 2);
  bool ok = !inner.empty();
  for (char c : inner) {
    bool good = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                c == '_' || c == '.' || c == '-' || c == '/' || c == ' ';
    if (!good) ok = false;
  }
  if (!ok) {
    error_at(t.start, "unexpected quoted identifier");
    return "";
  }
  return inner;
}

ExprPtr Worker::parse_selector_tail(ExprPtr lhs) {
  int saved = nesting_;
  for (; !aborted_;) {
    TokenKind k = peek_.kind;
    if (k == TokenKind::kDot) {
      if (!nest()) break;
      Token dot = advance();
      bool optional = false;
      if (peek_.kind == TokenKind::kQuestion) {
        advance();
        optional = true;
        if (!opts_.enable_optional_syntax) error_at(dot.start, "unsupported syntax '.?'");
      }
      Token field_tok = advance();
      if (field_tok.kind != TokenKind::kIdent) {
        if (field_tok.kind != TokenKind::kError) {
          const char* m = "expected identifier after '.'";
          if (field_tok.kind == TokenKind::kEnd) {
            m = optional ? "mismatched input '<EOF>' expecting {IDENTIFIER, ESC_IDENTIFIER}"
                         : "no viable alternative at input '.'";
          }
          syntax_error(field_tok, m);
        }
        synchronize_on_delimiter();
        break;
      }
      bool is_call = peek_.kind == TokenKind::kLParen;
      std::string field = normalize_ident(field_tok, !is_call);
      if (optional) {
        int64_t id = new_id(dot.start);
        ExprPtr name = make_constant(new_id(field_tok.start), Constant::string(std::move(field)));
        std::vector<ExprPtr> args;
        args.push_back(std::move(lhs));
        args.push_back(std::move(name));
        lhs = make_call(id, std::string(op::kOptSelect), std::move(args));
      } else if (is_call) {
        Token lp = advance();
        int64_t id = new_id(lp.start);
        std::vector<ExprPtr> args = parse_arguments();
        lhs = receiver_call_or_macro(id, std::move(field), std::move(lhs), std::move(args));
      } else {
        lhs = make_select(new_id(dot.start), std::move(lhs), std::move(field));
      }
    } else if (k == TokenKind::kLBracket) {
      if (!nest()) break;
      Token lb = advance();
      int64_t id = new_id(lb.start);
      bool optional = false;
      if (peek_.kind == TokenKind::kQuestion) {
        advance();
        optional = true;
        if (!opts_.enable_optional_syntax) error_at(lb.start, "unsupported syntax '?'");
      }
      if (peek_.kind == TokenKind::kEnd) {
        syntax_error(peek_, cat("mismatched input '<EOF>' expecting ", kIndexStart));
        break;
      }
      ExprPtr index = parse_expr();
      expect(TokenKind::kRBracket);
      std::vector<ExprPtr> args;
      args.push_back(std::move(lhs));
      args.push_back(std::move(index));
      lhs = make_call(id, std::string(optional ? op::kOptIndex : op::kIndex), std::move(args));
    } else if (k == TokenKind::kLBrace) {
      std::string name;
      if (!struct_name(*lhs, name)) break;
      if (!nest()) break;
      int64_t id = new_id(offset_of_id(lhs->id));
      // The name's nodes disappear into the message name.
      walk(*lhs, [&](const Expr& n) {
        info_.positions.erase(n.id);
        return true;
      });
      lhs = parse_struct(id, std::move(name));
    } else {
      break;
    }
  }
  nesting_ = saved;
  return lhs;
}

bool Worker::struct_name(const Expr& e, std::string& out) {
  if (e.is(ExprKind::kIdent)) {
    out = e.ident().name;
    return true;
  }
  if (e.is(ExprKind::kSelect) && !e.select().test_only && e.select().operand) {
    if (!struct_name(*e.select().operand, out)) return false;
    out += ".";
    out += e.select().field;
    return true;
  }
  return false;
}

ExprPtr Worker::parse_struct(int64_t id, std::string name) {
  advance();  // {
  std::vector<StructField> fields;
  while (more_elements(TokenKind::kRBrace)) {
    bool optional = accept_optional_marker();
    Token field_tok = advance();
    if (field_tok.kind != TokenKind::kIdent) {
      if (field_tok.kind != TokenKind::kError) {
        syntax_error(field_tok, "expected struct field name");
      }
      synchronize_on_delimiter();
      break;
    }
    std::string field = normalize_ident(field_tok, true);
    Token colon = peek_;
    if (!expect(TokenKind::kColon)) break;
    int64_t fid = new_id(colon.start);
    ExprPtr value = parse_expr();
    fields.push_back(StructField{fid, std::move(field), std::move(value), optional});
    if (peek_.kind != TokenKind::kComma) break;
    advance();
  }
  expect(TokenKind::kRBrace);
  return make_struct(id, std::move(name), std::move(fields));
}

ExprPtr Worker::parse_unary() {
  if (peek_.kind != TokenKind::kBang && peek_.kind != TokenKind::kMinus) return parse_primary();
  std::vector<Token> ops;
  while (peek_.kind == TokenKind::kBang || peek_.kind == TokenKind::kMinus) {
    ops.push_back(advance());
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
  for (const auto& t : kept) ids.push_back(new_id(t.start));
  ExprPtr operand;
  if (solitary_minus && (peek_.kind == TokenKind::kInt || peek_.kind == TokenKind::kFloat)) {
    int64_t lit_id = ids.back();
    kept.pop_back();
    ids.pop_back();
    operand = parse_selector_tail(parse_number(lit_id, /*negative=*/true));
  } else {
    operand = parse_selector_chain();
  }
  for (size_t i = kept.size(); i-- > 0;) {
    std::string_view fn = kept[i].kind == TokenKind::kMinus ? op::kNegate : op::kLogicalNot;
    std::vector<ExprPtr> args;
    args.push_back(std::move(operand));
    operand = make_call(ids[i], std::string(fn), std::move(args));
  }
  return operand;
}

ExprPtr Worker::parse_number(int64_t id, bool negative) {
  Token t = advance();
  std::string text = token_text(t);
  switch (t.kind) {
    case TokenKind::kInt: {
      int64_t v = 0;
      if (!parse_integer(text, negative, v)) return syntax_error(t, "invalid int literal");
      return make_constant(id, Constant::integer(v));
    }
    case TokenKind::kUint: {
      uint64_t v = 0;
      text.pop_back();
      if (!parse_integer(text, false, v)) return syntax_error(t, "invalid uint literal");
      return make_constant(id, Constant::uinteger(v));
    }
    default: {
      double v = 0;
      if (!parse_double(text, v)) return syntax_error(t, "invalid double literal");
      return make_constant(id, Constant::dbl(negative ? -v : v));
    }
  }
}

ExprPtr Worker::parse_primary() {
  switch (peek_.kind) {
    case TokenKind::kLParen: {
      advance();
      ExprPtr e = parse_expr();
      expect(TokenKind::kRParen);
      return e;
    }
    case TokenKind::kNull: {
      Token t = advance();
      return make_constant(new_id(t.start), Constant::null());
    }
    case TokenKind::kTrue:
    case TokenKind::kFalse: {
      Token t = advance();
      return make_constant(new_id(t.start), Constant::boolean(t.kind == TokenKind::kTrue));
    }
    case TokenKind::kInt:
    case TokenKind::kUint:
    case TokenKind::kFloat:
      return parse_number(new_id(peek_.start), false);
    case TokenKind::kString:
    case TokenKind::kBytes: {
      Token t = advance();
      bool bytes = t.kind == TokenKind::kBytes;
      std::string text = token_text(t);
      if (bytes) text.erase(0, 1);
      Result<std::string> v = decode_quoted_literal(text, bytes);
      if (!v.ok()) return error_at(t.start, v.error().message);
      return make_constant(new_id(t.start), bytes ? Constant::bytes(std::move(*v))
                                                  : Constant::string(std::move(*v)));
    }
    case TokenKind::kLBracket:
      return parse_list();
    case TokenKind::kLBrace:
      return parse_map();
    case TokenKind::kDot:
    case TokenKind::kIdent:
      return parse_ident_or_call();
    case TokenKind::kEnd:
      return syntax_error(peek_, cat("mismatched input '<EOF>' expecting ", kExpressionStart));
    case TokenKind::kComma:
    case TokenKind::kRParen:
    case TokenKind::kRBracket:
    case TokenKind::kRBrace:
      // Left in place: the enclosing list, call or group resynchronises on it.
      return syntax_error(
          peek_, cat("mismatched input '", token_text(peek_), "' expecting ", kExpressionStart));
    default: {
      if (peek_.kind != TokenKind::kError && starts_expression(peek_second().kind)) {
        // ANTLR deletes one stray token when the next one can start the operand.
        syntax_error(
            peek_, cat("extraneous input '", token_text(peek_), "' expecting ", kExpressionStart));
        advance();
        return parse_unary();  // the operand may be `-x` or `!x`
      }
      Token bad = advance();
      if (bad.kind == TokenKind::kError) return make_error_node(bad.start);
      return syntax_error(
          bad, cat("mismatched input '", token_text(bad), "' expecting ", kExpressionStart));
    }
  }
}

bool Worker::accept_optional_marker() {
  if (peek_.kind != TokenKind::kQuestion) return false;
  Token q = advance();
  if (!opts_.enable_optional_syntax) error_at(q.start, "unsupported syntax '?'");
  return true;
}

ExprPtr Worker::parse_list() {
  Token open = advance();
  int64_t id = new_id(open.start);
  std::vector<ExprPtr> elems;
  std::vector<int32_t> optionals;
  if (peek_.kind == TokenKind::kEnd) {
    syntax_error(peek_, cat("mismatched input '<EOF>' expecting ", kListStart));
    return make_list(id, std::move(elems), std::move(optionals));
  }
  bool after_element = false;
  while (more_elements(TokenKind::kRBracket)) {
    if (accept_optional_marker()) optionals.push_back(static_cast<int32_t>(elems.size()));
    elems.push_back(parse_expr());
    after_element = peek_.kind != TokenKind::kComma;
    if (after_element) break;
    advance();
  }
  expect(TokenKind::kRBracket, after_element ? "{']', ','}" : "");
  return make_list(id, std::move(elems), std::move(optionals));
}

ExprPtr Worker::parse_map() {
  Token open = advance();
  int64_t id = new_id(open.start);
  std::vector<MapEntry> entries;
  if (peek_.kind == TokenKind::kEnd) {
    syntax_error(peek_, cat("mismatched input '<EOF>' expecting ", kMapStart));
    return make_map(id, std::move(entries));
  }
  bool after_entry = false;
  while (more_elements(TokenKind::kRBrace)) {
    bool optional = accept_optional_marker();
    ExprPtr key = parse_expr();
    Token colon = peek_;
    if (!expect(TokenKind::kColon)) break;
    int64_t eid = new_id(colon.start);
    ExprPtr value = parse_expr();
    entries.push_back(MapEntry{eid, std::move(key), std::move(value), optional});
    after_entry = peek_.kind != TokenKind::kComma;
    if (after_entry) break;
    advance();
  }
  expect(TokenKind::kRBrace, after_entry ? "{'}', ','}" : "");
  return make_map(id, std::move(entries));
}

ExprPtr Worker::parse_ident_or_call() {
  Token first = peek_;
  bool leading_dot = false;
  if (peek_.kind == TokenKind::kDot) {
    advance();
    leading_dot = true;
  }
  Token id_tok = advance();
  if (id_tok.kind != TokenKind::kIdent) {
    if (id_tok.kind == TokenKind::kError) return make_error_node(id_tok.start);
    return syntax_error(id_tok, id_tok.kind == TokenKind::kEnd
                                    ? "mismatched input '<EOF>' expecting IDENTIFIER"
                                    : "expected identifier");
  }
  std::string name = normalize_ident(id_tok, false);
  if (is_reserved_ident(name)) return error_at(id_tok.start, cat("reserved identifier: ", name));
  if (leading_dot) name = cat(".", name);
  if (peek_.kind == TokenKind::kLParen) {
    Token lp = advance();
    int64_t id = new_id(lp.start);
    std::vector<ExprPtr> args = parse_arguments();
    return global_call_or_macro(id, std::move(name), std::move(args));
  }
  return make_ident(new_id(leading_dot ? first.start : id_tok.start), std::move(name));
}

std::vector<ExprPtr> Worker::parse_arguments() {
  std::vector<ExprPtr> args;
  if (peek_.kind == TokenKind::kEnd) {
    syntax_error(peek_, cat("mismatched input '<EOF>' expecting ", kArgumentsStart));
    return args;
  }
  if (peek_.kind != TokenKind::kRParen) {
    for (;;) {
      args.push_back(parse_expr());
      if (peek_.kind != TokenKind::kComma || aborted_) break;
      advance();
      if (peek_.kind == TokenKind::kRParen) {
        syntax_error(peek_, "unexpected token ')'");
        break;
      }
    }
  }
  expect(TokenKind::kRParen);
  return args;
}

}  // namespace kro::cel::syntax::internal

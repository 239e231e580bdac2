#include "cel/syntax/unparser.h"

#include <charconv>
#include <cmath>

#include "cel/syntax/strcat.h"

namespace kro::cel::syntax {
namespace {

bool is_plain_ident(std::string_view s) {
  if (s.empty()) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    if (!letter && !(i > 0 && c >= '0' && c <= '9')) return false;
  }
  return s != "true" && s != "false" && s != "null" && s != "in";
}

std::string field_name(const std::string& f) { return is_plain_ident(f) ? f : cat("`", f, "`"); }

void append_hex_byte(std::string& out, unsigned char c) {
  static const char* kHex = "0123456789abcdef";
  out.append("\\x");
  out.push_back(kHex[c >> 4]);
  out.push_back(kHex[c & 15]);
}

std::string format_double(double d) {
  if (std::isnan(d)) return "double(\"NaN\")";
  if (std::isinf(d)) return d > 0 ? "double(\"Infinity\")" : "double(\"-Infinity\")";
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, d);
  std::string s(buf, res.ptr);
  if (s.find_first_of(".eEn") == std::string::npos) s.append(".0");
  return s;
}

void append_constant(const Constant& c, std::string& out) {
  switch (c.kind) {
    case Constant::Kind::kNull:
      out.append("null");
      return;
    case Constant::Kind::kBool:
      out.append(c.bool_value ? "true" : "false");
      return;
    case Constant::Kind::kInt:
      out.append(std::to_string(c.int_value));
      return;
    case Constant::Kind::kUint:
      out.append(std::to_string(c.uint_value)).append("u");
      return;
    case Constant::Kind::kDouble:
      out.append(format_double(c.double_value));
      return;
    case Constant::Kind::kString:
      out.append(quote_string(c.string_value));
      return;
    case Constant::Kind::kBytes:
      out.append(quote_bytes(c.string_value));
      return;
  }
}

// List, map and struct literals print alike in the source and the debug form; `elem` prints
// one operand (a missing one is the caller's concern) and returns false to stop.
template <typename Elem>
bool append_list(const List& l, std::string& out, Elem elem) {
  out.append("[");
  for (size_t i = 0; i < l.elements.size(); ++i) {
    if (i > 0) out.append(", ");
    for (int32_t oi : l.optional_indices) {
      if (oi == static_cast<int32_t>(i)) out.append("?");
    }
    if (!elem(l.elements[i])) return false;
  }
  out.append("]");
  return true;
}

template <typename Elem>
bool append_map(const Map& m, std::string& out, Elem elem) {
  out.append("{");
  bool first = true;
  for (const auto& en : m.entries) {
    if (!first) out.append(", ");
    first = false;
    if (en.optional) out.append("?");
    if (!elem(en.key)) return false;
    out.append(": ");
    if (!elem(en.value)) return false;
  }
  out.append("}");
  return true;
}

// `quote_names`: back-quote field names that are not plain identifiers (the source form).
template <typename Elem>
bool append_struct(const Struct& st, bool quote_names, std::string& out, Elem elem) {
  out.append(st.message_name).append("{");
  bool first = true;
  for (const auto& f : st.fields) {
    if (!first) out.append(", ");
    first = false;
    if (f.optional) out.append("?");
    out.append(quote_names ? field_name(f.name) : f.name).append(": ");
    if (!elem(f.value)) return false;
  }
  out.append("}");
  return true;
}

// Binding strength of a node's printed form; higher binds tighter.
enum Prec { kTernary = 1, kOr, kAnd, kRelation, kAdditive, kMultiplicative, kUnary, kPrimary };

int binary_prec(std::string_view fn) {
  if (fn == op::kLogicalOr) return kOr;
  if (fn == op::kLogicalAnd) return kAnd;
  if (fn == op::kEquals || fn == op::kNotEquals || fn == op::kLess || fn == op::kLessEquals ||
      fn == op::kGreater || fn == op::kGreaterEquals || fn == op::kIn) {
    return kRelation;
  }
  if (fn == op::kAdd || fn == op::kSubtract) return kAdditive;
  if (fn == op::kMultiply || fn == op::kDivide || fn == op::kModulo) return kMultiplicative;
  return 0;
}

std::string_view binary_symbol(std::string_view fn) {
  if (fn == op::kLogicalOr) return "||";
  if (fn == op::kLogicalAnd) return "&&";
  if (fn == op::kEquals) return "==";
  if (fn == op::kNotEquals) return "!=";
  if (fn == op::kLess) return "<";
  if (fn == op::kLessEquals) return "<=";
  if (fn == op::kGreater) return ">";
  if (fn == op::kGreaterEquals) return ">=";
  if (fn == op::kIn) return "in";
  if (fn == op::kAdd) return "+";
  if (fn == op::kSubtract) return "-";
  if (fn == op::kMultiply) return "*";
  if (fn == op::kDivide) return "/";
  return "%";
}

class Unparser {
 public:
  explicit Unparser(const SourceInfo* info) : info_(info) {}

  bool print(const Expr& e, std::string& out) {
    if (info_) {
      auto it = info_->macro_calls.find(e.id);
      if (it != info_->macro_calls.end() && it->second) return print(*it->second, out);
    }
    // A missing element fails the unparse.
    auto element = [&](const ExprPtr& p) { return p && print(*p, out); };
    switch (e.expr_kind()) {
      case ExprKind::kUnspecified:
        return fail(out, "unspecified expression");
      case ExprKind::kConstant:
        append_constant(e.constant(), out);
        return true;
      case ExprKind::kIdent:
        out.append(e.ident().name);
        return true;
      case ExprKind::kSelect: {
        const Select& s = e.select();
        if (!s.operand) return fail(out, "select without operand");
        if (s.test_only) out.append("has(");
        if (!operand(*s.operand, kPrimary, out)) return false;
        out.append(".").append(field_name(s.field));
        if (s.test_only) out.append(")");
        return true;
      }
      case ExprKind::kCall:
        return print_call(e.call(), out);
      case ExprKind::kList:
        return append_list(e.list(), out, element);
      case ExprKind::kMap:
        return append_map(e.map(), out, element);
      case ExprKind::kStruct:
        return append_struct(e.strct(), true, out, element);
      case ExprKind::kComprehension:
        return fail(out, "comprehension without a recorded macro call has no source form");
    }
    return false;
  }

  const std::string& error() const { return error_; }

 private:
  bool fail(std::string&, std::string msg) {
    error_ = std::move(msg);
    return false;
  }

  // How tightly the printed form of `e` binds.
  int prec_of(const Expr& e) const {
    if (info_ && info_->macro_calls.count(e.id)) return kPrimary;
    if (!e.is(ExprKind::kCall)) {
      if (e.is(ExprKind::kConstant)) {
        const Constant& c = e.constant();
        // A negative literal prints with a leading '-'.
        if ((c.kind == Constant::Kind::kInt && c.int_value < 0) ||
            (c.kind == Constant::Kind::kDouble && std::signbit(c.double_value))) {
          return kUnary;
        }
      }
      return kPrimary;
    }
    const Call& c = e.call();
    if (c.target) return kPrimary;
    if (c.function == op::kConditional && c.args.size() == 3) return kTernary;
    if ((c.function == op::kLogicalNot || c.function == op::kNegate) && c.args.size() == 1) {
      return kUnary;
    }
    if (c.args.size() == 2) {
      if (int p = binary_prec(c.function)) return p;
    }
    return kPrimary;
  }

  // Prints `e` in a position that needs binding strength `min`, parenthesised if weaker.
  bool operand(const Expr& e, int min, std::string& out) {
    bool paren = prec_of(e) < min;
    if (paren) out.append("(");
    if (!print(e, out)) return false;
    if (paren) out.append(")");
    return true;
  }

  bool print_call(const Call& c, std::string& out) {
    for (const auto& a : c.args) {
      if (!a) return fail(out, "call with a missing argument");
    }
    const std::string& fn = c.function;
    if (!c.target) {
      if (fn == op::kConditional && c.args.size() == 3) {
        return operand(*c.args[0], kTernary + 1, out) && (out.append(" ? "), true) &&
               operand(*c.args[1], kTernary + 1, out) && (out.append(" : "), true) &&
               operand(*c.args[2], kTernary, out);
      }
      if ((fn == op::kLogicalNot || fn == op::kNegate) && c.args.size() == 1) {
        out.append(fn == op::kNegate ? "-" : "!");
        const Expr& arg = *c.args[0];
        // `!!x`, `--x` and `-5` would collapse when parsed again; parenthesise those operands.
        bool paren = prec_of(arg) < kPrimary || arg.is(ExprKind::kConstant) ||
                     (fn == op::kNegate && arg.is(ExprKind::kCall)) ||
                     (fn == op::kNegate && arg.is(ExprKind::kSelect));
        if (paren) out.append("(");
        if (!print(arg, out)) return false;
        if (paren) out.append(")");
        return true;
      }
      if ((fn == op::kIndex || fn == op::kOptIndex) && c.args.size() == 2) {
        return operand(*c.args[0], kPrimary, out) &&
               (out.append(fn == op::kIndex ? "[" : "[?"), true) && print(*c.args[1], out) &&
               (out.append("]"), true);
      }
      if (fn == op::kOptSelect && c.args.size() == 2 && c.args[1]->is(ExprKind::kConstant) &&
          c.args[1]->constant().kind == Constant::Kind::kString) {
        return operand(*c.args[0], kPrimary, out) &&
               (out.append(".?").append(field_name(c.args[1]->constant().string_value)), true);
      }
      if (int p = c.args.size() == 2 ? binary_prec(fn) : 0) {
        // Left-associative: an equal-strength left operand needs no parentheses, a right one
        // does. `&&`/`||` chains are balanced trees, so both sides keep their parentheses.
        bool logical = p == kOr || p == kAnd;
        return operand(*c.args[0], logical ? p + 1 : p, out) &&
               (out.append(" ").append(binary_symbol(fn)).append(" "), true) &&
               operand(*c.args[1], p + 1, out);
      }
      out.append(fn);
    } else {
      if (!operand(*c.target, kPrimary, out)) return false;
      out.append(".").append(fn);
    }
    out.append("(");
    for (size_t i = 0; i < c.args.size(); ++i) {
      if (i > 0) out.append(", ");
      if (!print(*c.args[i], out)) return false;
    }
    out.append(")");
    return true;
  }

  const SourceInfo* info_;
  std::string error_;
};

void append_escaped(std::string& out, char c, bool bytes) {
  auto u = static_cast<unsigned char>(c);
  switch (c) {
    case '\\':
      out.append("\\\\");
      return;
    case '"':
      out.append("\\\"");
      return;
    case '\n':
      out.append("\\n");
      return;
    case '\r':
      out.append("\\r");
      return;
    case '\t':
      out.append("\\t");
      return;
    default:
      break;
  }
  if (u < 0x20 || u == 0x7f || (bytes && u >= 0x80)) {
    append_hex_byte(out, u);
  } else {
    out.push_back(c);
  }
}

}  // namespace

std::string quote_string(std::string_view s) {
  std::string out = "\"";
  for (char c : s) append_escaped(out, c, false);
  out.push_back('"');
  return out;
}

std::string quote_bytes(std::string_view b) {
  std::string out = "b\"";
  for (char c : b) append_escaped(out, c, true);
  out.push_back('"');
  return out;
}

Result<std::string> unparse(const Expr& expr, const SourceInfo* info) {
  Unparser u(info);
  std::string out;
  if (!u.print(expr, out)) return Error(cat("cannot unparse: ", u.error()));
  return out;
}

namespace {

void debug(const Expr& e, std::string& out);

void debug_ptr(const ExprPtr& e, std::string& out) {
  if (e) {
    debug(*e, out);
  } else {
    out.append("<null>");
  }
}

void debug_comprehension(const Comprehension& c, std::string& out) {
  out.append("__comprehension__(").append(c.iter_var);
  if (!c.iter_var2.empty()) out.append(", ").append(c.iter_var2);
  out.append(", ");
  debug_ptr(c.iter_range, out);
  out.append(", ").append(c.accu_var).append(", ");
  debug_ptr(c.accu_init, out);
  out.append(", ");
  debug_ptr(c.loop_condition, out);
  out.append(", ");
  debug_ptr(c.loop_step, out);
  out.append(", ");
  debug_ptr(c.result, out);
  out.append(")");
}

void debug(const Expr& e, std::string& out) {
  auto element = [&](const ExprPtr& p) {
    debug_ptr(p, out);
    return true;
  };
  switch (e.expr_kind()) {
    case ExprKind::kUnspecified:
      out.append("<unspecified#").append(std::to_string(e.id)).append(">");
      return;
    case ExprKind::kConstant:
      append_constant(e.constant(), out);
      return;
    case ExprKind::kIdent:
      out.append(e.ident().name);
      return;
    case ExprKind::kSelect:
      debug_ptr(e.select().operand, out);
      out.append(".").append(e.select().field);
      if (e.select().test_only) out.append("~test-only");
      return;
    case ExprKind::kCall: {
      const Call& c = e.call();
      if (c.target) {
        debug(*c.target, out);
        out.append(".");
      }
      out.append(c.function).append("(");
      for (size_t i = 0; i < c.args.size(); ++i) {
        if (i > 0) out.append(", ");
        debug_ptr(c.args[i], out);
      }
      out.append(")");
      return;
    }
    case ExprKind::kList:
      append_list(e.list(), out, element);
      return;
    case ExprKind::kMap:
      append_map(e.map(), out, element);
      return;
    case ExprKind::kStruct:
      append_struct(e.strct(), false, out, element);
      return;
    case ExprKind::kComprehension:
      debug_comprehension(e.comprehension(), out);
      return;
  }
}

}  // namespace

std::string debug_string(const Expr& expr) {
  std::string out;
  debug(expr, out);
  return out;
}

}  // namespace kro::cel::syntax

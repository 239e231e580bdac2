#include "cel/syntax/parser_worker.h"

#include <utility>

#include "cel/syntax/strcat.h"

namespace kro::cel::syntax::internal {

ExprPtr Worker::Run() {
  ExprPtr e = ParseExpr();
  if (aborted_ || RecoveryExceeded()) return e;
  if (peek_.kind != TokenKind::kEnd) {
    if (peek_.kind != TokenKind::kError && peek_.start != last_error_offset_) {
      SyntaxError(peek_, Cat("mismatched input '", Text(peek_), "' expecting <EOF>"));
    }
    while (peek_.kind != TokenKind::kEnd && !RecoveryExceeded()) Advance();
  }
  return e;
}

int64_t Worker::NewId(int32_t offset) {
  int64_t id = next_id_++;
  info_.positions[id] = offset;
  return id;
}

ExprPtr Worker::ErrorAt(int32_t offset, std::string message) {
  if (RecoveryExceeded()) return MakeErrorNode(offset);
  ++error_count_;
  last_error_offset_ = offset;
  if (error_count_ <= opts_.error_reporting_limit) {
    issues_.push_back({std::move(message), info_.LocationOf(offset)});
  }
  if (RecoveryExceeded()) peek_ = EndToken();
  return MakeErrorNode(offset);
}

ExprPtr Worker::ErrorAtId(int64_t id, std::string message) {
  return ErrorAt(OffsetOfId(id), std::move(message));
}

ExprPtr Worker::CopyWithNewIds(const Expr& e, int64_t fallback_id) {
  ExprPtr out = Clone(e);
  Walk(*out, [&](const Expr& n) {
    auto& node = const_cast<Expr&>(n);  // the clone is ours to renumber
    int32_t off = OffsetOfId(node.id);
    node.id = NewId(off >= 0 ? off : OffsetOfId(fallback_id));
    if (node.is(ExprKind::kMap)) {
      for (auto& en : node.map().entries) en.id = NewId(OffsetOfId(en.id));
    } else if (node.is(ExprKind::kStruct)) {
      for (auto& f : node.strct().fields) f.id = NewId(OffsetOfId(f.id));
    }
    return true;
  });
  return out;
}

ExprPtr Worker::MakeErrorNode(int32_t offset) {
  auto e = std::make_unique<Expr>();
  e->id = NewId(offset < 0 ? 0 : offset);
  return e;
}

ExprPtr Worker::SyntaxError(const Token& t, const std::string& msg) {
  return ErrorAt(t.start, Cat("Syntax error: ", msg));
}

void Worker::InternalError(std::string message) {
  aborted_ = true;
  stopped_at_ = info_.LocationOf(peek_.start);
  issues_.push_back({std::move(message), {}});
  peek_ = EndToken();
}

Token Worker::NextSignificant() {
  if (RecoveryExceeded()) return EndToken();
  Token t = lexer_.Next();
  if (t.kind == TokenKind::kError) {
    SyntaxError(t, lexer_.error());
    if (RecoveryExceeded()) return EndToken();
  }
  return t;
}

Token Worker::Advance() {
  cur_ = peek_;
  if (RecoveryExceeded() || aborted_) {
    peek_ = EndToken();
    return cur_;
  }
  if (peek_.kind != TokenKind::kEnd) peek_ = NextSignificant();
  return cur_;
}

bool Worker::Expect(TokenKind k, const std::string& msg) {
  if (peek_.kind == k) {
    Advance();
    return true;
  }
  if (RecoveryExceeded() || aborted_) return false;
  if (peek_.kind != TokenKind::kError) {
    std::string m = msg;
    if (m.empty()) {
      std::string tok =
          peek_.kind == TokenKind::kEnd ? std::string("<EOF>") : Cat("'", Text(peek_), "'");
      m = Cat("mismatched input ", tok, " expecting '", TokenKindSpelling(k), "'");
    }
    SyntaxError(peek_, m);
  }
  SynchronizeOnDelimiter();
  return false;
}

void Worker::SynchronizeOnDelimiter() {
  while (peek_.kind != TokenKind::kEnd && peek_.kind != TokenKind::kComma &&
         peek_.kind != TokenKind::kRParen && peek_.kind != TokenKind::kRBracket &&
         peek_.kind != TokenKind::kRBrace) {
    Advance();
  }
}

bool Worker::Nest() {
  if (++nesting_ > opts_.max_nesting_depth) {
    if (!aborted_) {
      InternalError(
          Cat("expression nesting exceeds limit: ", std::to_string(opts_.max_nesting_depth)));
    }
    return false;
  }
  return true;
}

ExprPtr Worker::GlobalCallOrMacro(int64_t id, std::string fn, std::vector<ExprPtr> args) {
  ExprPtr target;
  if (ExprPtr m = ExpandMacro(id, fn, target, args)) return m;
  return MakeCall(id, std::move(fn), std::move(args));
}

ExprPtr Worker::ReceiverCallOrMacro(int64_t id, std::string fn, ExprPtr target,
                                    std::vector<ExprPtr> args) {
  if (ExprPtr m = ExpandMacro(id, fn, target, args)) return m;
  return MakeMemberCall(id, std::move(fn), std::move(target), std::move(args));
}

ExprPtr Worker::ExpandMacro(int64_t id, const std::string& fn, ExprPtr& target,
                            std::vector<ExprPtr>& args) {
  const Macro* m = macros_.Find(fn, args.size(), target != nullptr);
  if (!m) return nullptr;
  // Placeholders from earlier errors cannot be expanded meaningfully.
  for (const auto& a : args) {
    if (!a || a->is(ExprKind::kUnspecified)) return nullptr;
  }
  ExprPtr call_record;
  if (opts_.populate_macro_calls) call_record = RecordCall(id, fn, target, args);
  size_t issues_before = issues_.size();
  int errors_before = error_count_;
  WorkerMacroContext ctx(*this, id);
  ExprPtr out = m->expand(ctx, target, args);
  if (!out) return nullptr;
  if (error_count_ == errors_before && issues_.size() == issues_before && call_record) {
    info_.macro_calls[out->id] = std::move(call_record);
  }
  return out;
}

ExprPtr Worker::RecordCall(int64_t id, const std::string& fn, const ExprPtr& target,
                           const std::vector<ExprPtr>& args) {
  auto arg_copy = [&](const ExprPtr& a) -> ExprPtr {
    if (info_.macro_calls.count(a->id)) {
      auto e = std::make_unique<Expr>();
      e->id = a->id;
      return e;
    }
    return Clone(*a);
  };
  std::vector<ExprPtr> copies;
  copies.reserve(args.size());
  for (const auto& a : args) copies.push_back(arg_copy(a));
  if (target) return MakeMemberCall(id, fn, arg_copy(target), std::move(copies));
  return MakeCall(id, fn, std::move(copies));
}

int64_t WorkerMacroContext::NextId() { return w_.NewId(w_.OffsetOfId(call_id_)); }
ExprPtr WorkerMacroContext::Copy(const Expr& e) { return w_.CopyWithNewIds(e, call_id_); }
ExprPtr WorkerMacroContext::ReportError(int64_t id, std::string message) {
  return w_.ErrorAtId(id, std::move(message));
}

}  // namespace kro::cel::syntax::internal

#include "cel/internal/parser_worker.h"

#include <utility>

#include "cel/syntax/strcat.h"

namespace kro::cel::syntax::internal {

ExprPtr Worker::run() {
  ExprPtr e = parse_expr();
  if (aborted_ || recovery_exceeded()) return e;
  if (peek_.kind != TokenKind::kEnd) {
    if (peek_.kind != TokenKind::kError && peek_.start != last_error_offset_) {
      // ANTLR deletes a single stray token before the end ("extraneous").
      const char* how = peek_second().kind == TokenKind::kEnd ? "extraneous" : "mismatched";
      syntax_error(peek_, cat(how, " input '", token_text(peek_), "' expecting <EOF>"));
    }
    while (peek_.kind != TokenKind::kEnd && !recovery_exceeded()) advance();
  }
  return e;
}

int64_t Worker::new_id(int32_t offset) {
  int64_t id = next_id_++;
  info_.positions[id] = offset;
  return id;
}

ExprPtr Worker::error_at(int32_t offset, std::string message) {
  if (recovery_exceeded()) return make_error_node(offset);
  ++error_count_;
  last_error_offset_ = offset;
  if (error_count_ <= opts_.error_reporting_limit) {
    issues_.push_back({std::move(message), info_.location_of(offset)});
  }
  if (recovery_exceeded()) peek_ = end_token();
  return make_error_node(offset);
}

ExprPtr Worker::error_at_id(int64_t id, std::string message) {
  return error_at(offset_of_id(id), std::move(message));
}

ExprPtr Worker::copy_with_new_ids(const Expr& e, int64_t fallback_id) {
  ExprPtr out = clone(e);
  walk(*out, [&](const Expr& n) {
    auto& node = const_cast<Expr&>(n);  // the clone is ours to renumber
    int32_t off = offset_of_id(node.id);
    node.id = new_id(off >= 0 ? off : offset_of_id(fallback_id));
    if (node.is(ExprKind::kMap)) {
      for (auto& en : node.map().entries) en.id = new_id(offset_of_id(en.id));
    } else if (node.is(ExprKind::kStruct)) {
      for (auto& f : node.strct().fields) f.id = new_id(offset_of_id(f.id));
    }
    return true;
  });
  return out;
}

ExprPtr Worker::make_error_node(int32_t offset) {
  auto e = std::make_unique<Expr>();
  e->id = new_id(offset < 0 ? 0 : offset);
  return e;
}

ExprPtr Worker::syntax_error(const Token& t, const std::string& msg) {
  return error_at(t.start, cat("Syntax error: ", msg));
}

void Worker::internal_error(std::string message) {
  aborted_ = true;
  stopped_at_ = info_.location_of(peek_.start);
  issues_.push_back({std::move(message), {}});
  peek_ = end_token();
}

Token Worker::next_significant() {
  if (recovery_exceeded()) return end_token();
  Token t = lexer_.next();
  if (t.kind == TokenKind::kError) {
    syntax_error(t, lexer_.error());
    if (recovery_exceeded()) return end_token();
  }
  return t;
}

Token Worker::advance() {
  cur_ = peek_;
  if (recovery_exceeded() || aborted_) {
    peek_ = end_token();
    return cur_;
  }
  if (peek_.kind != TokenKind::kEnd) peek_ = next_significant();
  return cur_;
}

std::string Worker::quoted(const Token& t) const {
  return t.kind == TokenKind::kEnd ? std::string("'<EOF>'") : cat("'", token_text(t), "'");
}

bool Worker::expect(TokenKind k, std::string_view expecting) {
  if (peek_.kind == k) {
    advance();
    return true;
  }
  if (recovery_exceeded() || aborted_) return false;
  std::string want =
      expecting.empty() ? cat("'", token_kind_spelling(k), "'") : std::string(expecting);
  if (peek_.kind != TokenKind::kError) {
    const bool closer =
        k == TokenKind::kRParen || k == TokenKind::kRBracket || k == TokenKind::kRBrace;
    if (peek_.kind != TokenKind::kEnd && peek_second().kind == k) {
      syntax_error(peek_, cat("extraneous input ", quoted(peek_), " expecting ", want));
      advance();
      advance();
      return true;
    }
    if (closer && expecting.empty() && peek_.kind == TokenKind::kEnd) {
      syntax_error(peek_, cat("missing '", token_kind_spelling(k), "' at '<EOF>'"));
    } else {
      syntax_error(peek_, cat("mismatched input ", quoted(peek_), " expecting ", want));
    }
  }
  synchronize_on_delimiter();
  return false;
}

void Worker::synchronize_on_delimiter() {
  while (peek_.kind != TokenKind::kEnd && peek_.kind != TokenKind::kComma &&
         peek_.kind != TokenKind::kRParen && peek_.kind != TokenKind::kRBracket &&
         peek_.kind != TokenKind::kRBrace) {
    advance();
  }
}

bool Worker::nest() {
  if (++nesting_ > opts_.max_nesting_depth) {
    if (!aborted_) {
      internal_error(
          cat("expression nesting exceeds limit: ", std::to_string(opts_.max_nesting_depth)));
    }
    return false;
  }
  return true;
}

ExprPtr Worker::global_call_or_macro(int64_t id, std::string fn, std::vector<ExprPtr> args) {
  ExprPtr target;
  if (ExprPtr m = expand_macro(id, fn, target, args)) return m;
  return make_call(id, std::move(fn), std::move(args));
}

ExprPtr Worker::receiver_call_or_macro(int64_t id, std::string fn, ExprPtr target,
                                       std::vector<ExprPtr> args) {
  if (ExprPtr m = expand_macro(id, fn, target, args)) return m;
  return make_member_call(id, std::move(fn), std::move(target), std::move(args));
}

ExprPtr Worker::expand_macro(int64_t id, const std::string& fn, ExprPtr& target,
                             std::vector<ExprPtr>& args) {
  const Macro* m = macros_.find(fn, args.size(), target != nullptr);
  if (!m) return nullptr;
  // Placeholders from earlier errors cannot be expanded meaningfully.
  for (const auto& a : args) {
    if (!a || a->is(ExprKind::kUnspecified)) return nullptr;
  }
  ExprPtr call_record;
  if (opts_.populate_macro_calls) call_record = record_call(id, fn, target, args);
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

ExprPtr Worker::record_call(int64_t id, const std::string& fn, const ExprPtr& target,
                            const std::vector<ExprPtr>& args) {
  auto arg_copy = [&](const ExprPtr& a) -> ExprPtr {
    if (info_.macro_calls.count(a->id)) {
      auto e = std::make_unique<Expr>();
      e->id = a->id;
      return e;
    }
    return clone(*a);
  };
  std::vector<ExprPtr> copies;
  copies.reserve(args.size());
  for (const auto& a : args) copies.push_back(arg_copy(a));
  if (target) return make_member_call(id, fn, arg_copy(target), std::move(copies));
  return make_call(id, fn, std::move(copies));
}

int64_t WorkerMacroContext::next_id() { return w_.new_id(w_.offset_of_id(call_id_)); }
ExprPtr WorkerMacroContext::copy(const Expr& e) { return w_.copy_with_new_ids(e, call_id_); }
ExprPtr WorkerMacroContext::report_error(int64_t id, std::string message) {
  return w_.error_at_id(id, std::move(message));
}

}  // namespace kro::cel::syntax::internal

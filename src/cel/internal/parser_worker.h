// Internal to the parser (not API): the state of one parse. parser_worker.cc holds token
// handling, ids, errors and macro expansion; parser_grammar.cc the grammar, one method per rule.
#pragma once

#include <string>
#include <vector>

#include "cel/syntax/ast.h"
#include "cel/syntax/lexer.h"
#include "cel/syntax/macros.h"
#include "cel/syntax/parser.h"

namespace kro::cel::syntax::internal {

class Worker;

class WorkerMacroContext : public MacroContext {
 public:
  WorkerMacroContext(Worker& w, int64_t call_id) : w_(w), call_id_(call_id) {}
  int64_t next_id() override;
  ExprPtr copy(const Expr& e) override;
  ExprPtr report_error(int64_t id, std::string message) override;
  std::string_view accumulator_name() const override { return kAccumulatorName; }

 private:
  Worker& w_;
  int64_t call_id_;
};

class Worker {
 public:
  Worker(const MacroRegistry& macros, const ParserOptions& opts, const SourceText& src,
         SourceInfo& info)
      : macros_(macros), opts_(opts), src_(src), info_(info), lexer_(src) {
    length_ = static_cast<int32_t>(src.chars.size());
    peek_ = next_significant();
  }

  ExprPtr run();

  std::vector<ParseIssue>& issues() { return issues_; }
  // Where an internal limit stopped the parse ({0,0} when none did).
  Location stopped_at() const { return stopped_at_; }
  int64_t max_id() const { return next_id_ - 1; }

  // --- ids, positions and errors (also used by the macro context) ---
  int64_t new_id(int32_t offset);
  int32_t offset_of_id(int64_t id) const { return info_.offset_of(id); }

  ExprPtr error_at(int32_t offset, std::string message);
  ExprPtr error_at_id(int64_t id, std::string message);
  ExprPtr copy_with_new_ids(const Expr& e, int64_t fallback_id);

 private:
  Token end_token() const { return Token{TokenKind::kEnd, length_, length_}; }
  bool recovery_exceeded() const { return error_count_ > opts_.error_recovery_limit; }
  std::string token_text(const Token& t) const { return src_.slice(t.start, t.end); }

  ExprPtr make_error_node(int32_t offset);
  ExprPtr syntax_error(const Token& t, const std::string& msg);
  void internal_error(std::string message);

  Token next_significant();
  Token advance();
  // The token after peek_, without consuming anything (ANTLR's LA(2)).
  Token peek_second() const {
    Lexer probe(lexer_);
    return probe.next();
  }
  // A token as ANTLR's messages show it: '<EOF>' or the text in single quotes.
  std::string quoted(const Token& t) const;
  // Consumes a token of kind k or reports it with ANTLR's recovery wording (cel-go prints ANTLR's
  // messages): "extraneous input 'x' expecting 'k'" when the token after the stray one is k (both
  // are consumed), "missing 'k' at '<EOF>'" for a closing token at the end, else "mismatched
  // input 'x' expecting 'k'". `expecting` replaces 'k' in the message when not empty.
  bool expect(TokenKind k, std::string_view expecting = {});
  void synchronize_on_delimiter();

  // Counts a level of tree height; false (and the parse aborted) past the limit.
  bool nest();

  ExprPtr parse_expr();

  ExprPtr parse_binary(int min_prec);

  ExprPtr parse_ternary(ExprPtr cond);

  // `a && b && c && d` → balanced tree, each node with the id of one operator, as cel-go does.
  ExprPtr parse_logical_chain(ExprPtr first, TokenKind k, int prec);
  ExprPtr balance(std::vector<ExprPtr>& terms, const std::vector<int64_t>& ops, int lo, int hi,
                  std::string_view fn);

  ExprPtr parse_selector_chain() { return parse_selector_tail(parse_unary()); }

  std::string normalize_ident(const Token& t, bool allow_quoted);

  ExprPtr parse_selector_tail(ExprPtr lhs);

  // `a.b.C` as a message name when the selection chain is made of plain names only.
  static bool struct_name(const Expr& e, std::string& out);

  ExprPtr parse_struct(int64_t id, std::string name);

  ExprPtr parse_unary();

  ExprPtr parse_number(int64_t id, bool negative);

  ExprPtr parse_primary();

  ExprPtr parse_list();
  // Inside a list, map or struct literal: true while an element may follow before `close`.
  bool more_elements(TokenKind close) const {
    return peek_.kind != close && peek_.kind != TokenKind::kEnd && !aborted_;
  }
  // Consumes the `?` that marks an optional element or entry; reports it when optional syntax
  // is off. True when there was one.
  bool accept_optional_marker();

  ExprPtr parse_map();

  ExprPtr parse_ident_or_call();

  std::vector<ExprPtr> parse_arguments();

  ExprPtr global_call_or_macro(int64_t id, std::string fn, std::vector<ExprPtr> args);
  ExprPtr receiver_call_or_macro(int64_t id, std::string fn, ExprPtr target,
                                 std::vector<ExprPtr> args);

  ExprPtr expand_macro(int64_t id, const std::string& fn, ExprPtr& target,
                       std::vector<ExprPtr>& args);

  // The call as written, for SourceInfo::macro_calls; already-expanded arguments become id-only
  // placeholders, as in cel-go.
  ExprPtr record_call(int64_t id, const std::string& fn, const ExprPtr& target,
                      const std::vector<ExprPtr>& args);

  const MacroRegistry& macros_;
  const ParserOptions& opts_;
  const SourceText& src_;
  SourceInfo& info_;
  Lexer lexer_;
  int32_t length_ = 0;
  Token cur_, peek_;
  int64_t next_id_ = 1;
  int depth_ = 0;
  int nesting_ = 0;
  int error_count_ = 0;
  int32_t last_error_offset_ = -1;
  bool aborted_ = false;
  std::vector<ParseIssue> issues_;
  Location stopped_at_;
};

}  // namespace kro::cel::syntax::internal

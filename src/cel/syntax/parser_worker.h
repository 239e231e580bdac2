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
  int64_t NextId() override;
  ExprPtr Copy(const Expr& e) override;
  ExprPtr ReportError(int64_t id, std::string message) override;
  std::string_view AccumulatorName() const override { return kAccumulatorName; }

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
    peek_ = NextSignificant();
  }

  ExprPtr Run();

  std::vector<ParseIssue>& issues() { return issues_; }
  // Where an internal limit stopped the parse ({0,0} when none did).
  Location stopped_at() const { return stopped_at_; }
  int64_t max_id() const { return next_id_ - 1; }

  // --- ids, positions and errors (also used by the macro context) ---
  int64_t NewId(int32_t offset);
  int32_t OffsetOfId(int64_t id) const { return info_.OffsetOf(id); }

  ExprPtr ErrorAt(int32_t offset, std::string message);
  ExprPtr ErrorAtId(int64_t id, std::string message);
  ExprPtr CopyWithNewIds(const Expr& e, int64_t fallback_id);

 private:
  Token EndToken() const { return Token{TokenKind::kEnd, length_, length_}; }
  bool RecoveryExceeded() const { return error_count_ > opts_.error_recovery_limit; }
  std::string Text(const Token& t) const { return src_.Slice(t.start, t.end); }

  ExprPtr MakeErrorNode(int32_t offset);
  ExprPtr SyntaxError(const Token& t, const std::string& msg);
  void InternalError(std::string message);

  Token NextSignificant();
  Token Advance();
  bool Expect(TokenKind k, const std::string& msg);
  void SynchronizeOnDelimiter();

  // Counts a level of tree height; false (and the parse aborted) past the limit.
  bool Nest();

  ExprPtr ParseExpr();

  ExprPtr ParseBinary(int min_prec);

  ExprPtr ParseTernary(ExprPtr cond);

  // `a && b && c && d` → balanced tree, each node with the id of one operator, as cel-go does.
  ExprPtr ParseLogicalChain(ExprPtr first, TokenKind k, int prec);
  ExprPtr Balance(std::vector<ExprPtr>& terms, const std::vector<int64_t>& ops, int lo, int hi,
                  std::string_view fn);

  ExprPtr ParseSelectorChain() { return ParseSelectorTail(ParseUnary()); }

  std::string NormalizeIdent(const Token& t, bool allow_quoted);

  ExprPtr ParseSelectorTail(ExprPtr lhs);

  // `a.b.C` as a message name when the selection chain is made of plain names only.
  static bool StructName(const Expr& e, std::string& out);

  ExprPtr ParseStruct(int64_t id, std::string name);

  ExprPtr ParseUnary();

  ExprPtr ParseNumber(int64_t id, bool negative);

  ExprPtr ParsePrimary();

  ExprPtr ParseList();

  ExprPtr ParseMap();

  ExprPtr ParseIdentOrCall();

  std::vector<ExprPtr> ParseArguments();

  ExprPtr GlobalCallOrMacro(int64_t id, std::string fn, std::vector<ExprPtr> args);
  ExprPtr ReceiverCallOrMacro(int64_t id, std::string fn, ExprPtr target,
                              std::vector<ExprPtr> args);

  ExprPtr ExpandMacro(int64_t id, const std::string& fn, ExprPtr& target,
                      std::vector<ExprPtr>& args);

  // The call as written, for SourceInfo::macro_calls; already-expanded arguments become id-only
  // placeholders, as in cel-go.
  ExprPtr RecordCall(int64_t id, const std::string& fn, const ExprPtr& target,
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

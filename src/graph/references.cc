#include "graph/references.h"

#include <algorithm>
#include <string_view>

namespace kro::graph {

namespace syntax = cel::syntax;

namespace {

class Finder {
 public:
  std::vector<Reference> refs;

  void visit(const syntax::Expr& e) {
    switch (e.expr_kind()) {
      case syntax::ExprKind::kIdent:
        add(e.ident().name, e.id, "", false);
        return;
      case syntax::ExprKind::kSelect:
        select(e, false);
        return;
      case syntax::ExprKind::kCall: {
        const auto& c = e.call();
        if (c.target) {
          if (c.target->is(syntax::ExprKind::kIdent)) {
            add(c.target->ident().name, c.target->id, "", true);
          } else if (c.target->is(syntax::ExprKind::kSelect)) {
            select(*c.target, true);
          } else {
            visit(*c.target);
          }
        }
        for (const auto& a : c.args)
          if (a) visit(*a);
        return;
      }
      case syntax::ExprKind::kList:
        for (const auto& el : e.list().elements)
          if (el) visit(*el);
        return;
      case syntax::ExprKind::kMap:
        for (const auto& entry : e.map().entries) {
          if (entry.key) visit(*entry.key);
          if (entry.value) visit(*entry.value);
        }
        return;
      case syntax::ExprKind::kStruct:
        for (const auto& f : e.strct().fields)
          if (f.value) visit(*f.value);
        return;
      case syntax::ExprKind::kComprehension:
        comprehension(e.comprehension());
        return;
      case syntax::ExprKind::kUnspecified:
      case syntax::ExprKind::kConstant:
        return;
    }
  }

 private:
  // a.b.c: the reference is `a`, its path "a.b.c".
  void select(const syntax::Expr& e, bool call_target) {
    std::vector<std::string_view> fields;
    const syntax::Expr* cur = &e;
    while (cur->is(syntax::ExprKind::kSelect) && cur->select().operand) {
      fields.push_back(cur->select().field);
      cur = cur->select().operand.get();
    }
    if (!cur->is(syntax::ExprKind::kIdent)) {
      visit(*cur);
      return;
    }
    std::string path;
    for (auto it = fields.rbegin(); it != fields.rend(); ++it) {
      path += '.';
      path += *it;
    }
    add(cur->ident().name, cur->id, path, call_target);
  }

  void comprehension(const syntax::Comprehension& c) {
    // iter_range and accu_init are evaluated outside the loop's scope; the loop sees the
    // iteration variables and the accumulator, the result only the accumulator.
    if (c.iter_range) visit(*c.iter_range);
    if (c.accu_init) visit(*c.accu_init);
    std::size_t depth = scope_.size();
    scope_.push_back(c.accu_var);
    scope_.push_back(c.iter_var);
    if (!c.iter_var2.empty()) scope_.push_back(c.iter_var2);
    if (c.loop_condition) visit(*c.loop_condition);
    if (c.loop_step) visit(*c.loop_step);
    scope_.resize(depth + 1);
    if (c.result) visit(*c.result);
    scope_.resize(depth);
  }

  void add(std::string_view name, int64_t id, const std::string& suffix, bool call_target) {
    if (!name.empty() && name[0] == '.') name.remove_prefix(1);
    if (std::find(scope_.begin(), scope_.end(), name) != scope_.end()) return;
    refs.push_back(Reference{std::string(name), std::string(name) + suffix, id, call_target});
  }

  std::vector<std::string> scope_;
};

}  // namespace

std::vector<Reference> find_references(const syntax::Expr& root) {
  Finder f;
  f.visit(root);
  return std::move(f.refs);
}

std::vector<std::string> referenced_names(const syntax::Expr& root) {
  std::vector<std::string> names;
  for (auto& r : find_references(root)) {
    if (std::find(names.begin(), names.end(), r.name) == names.end()) {
      names.push_back(std::move(r.name));
    }
  }
  return names;
}

}  // namespace kro::graph

#include "cel/eval/accumulate.h"

namespace kro::cel::eval {

namespace {

using syntax::Expr;
using syntax::ExprKind;

bool is_ident(const Expr& e, std::string_view name) {
  return e.is(ExprKind::kIdent) && e.ident().name == name;
}

// `accu + [e...]` with no optional elements and no other use of the accumulator, or a
// conditional whose branches are such appends or the accumulator itself.
bool appends_only(const Expr& step, std::string_view accu) {
  if (!step.is(ExprKind::kCall) || step.call().target) return false;
  const auto& call = step.call();
  if (call.function == syntax::op::kAdd && call.args.size() == 2) {
    const Expr& lhs = *call.args[0];
    const Expr& rhs = *call.args[1];
    if (!is_ident(lhs, accu) || !rhs.is(ExprKind::kList)) return false;
    if (!rhs.list().optional_indices.empty()) return false;
    for (const auto& el : rhs.list().elements) {
      if (!el || mentions(*el, accu)) return false;
    }
    return true;
  }
  if (call.function == syntax::op::kConditional && call.args.size() == 3) {
    if (mentions(*call.args[0], accu)) return false;
    for (int i = 1; i <= 2; ++i) {
      const Expr& branch = *call.args[static_cast<std::size_t>(i)];
      if (!is_ident(branch, accu) && !appends_only(branch, accu)) return false;
    }
    return true;
  }
  return false;
}

}  // namespace

bool mentions(const Expr& e, std::string_view name) {
  switch (e.expr_kind()) {
    case ExprKind::kIdent:
      return e.ident().name == name;
    case ExprKind::kSelect:
      return e.select().operand && mentions(*e.select().operand, name);
    case ExprKind::kCall: {
      const auto& c = e.call();
      if (c.target && mentions(*c.target, name)) return true;
      for (const auto& a : c.args) {
        if (a && mentions(*a, name)) return true;
      }
      return false;
    }
    case ExprKind::kList:
      for (const auto& el : e.list().elements) {
        if (el && mentions(*el, name)) return true;
      }
      return false;
    case ExprKind::kMap:
      for (const auto& me : e.map().entries) {
        if ((me.key && mentions(*me.key, name)) || (me.value && mentions(*me.value, name))) {
          return true;
        }
      }
      return false;
    case ExprKind::kStruct:
      for (const auto& f : e.strct().fields) {
        if (f.value && mentions(*f.value, name)) return true;
      }
      return false;
    case ExprKind::kComprehension: {
      const auto& c = e.comprehension();
      auto in = [&](const syntax::ExprPtr& p) { return p && mentions(*p, name); };
      if (in(c.iter_range) || in(c.accu_init)) return true;
      const bool accu_shadows = c.accu_var == name;
      const bool iter_shadows = c.iter_var == name || c.iter_var2 == name;
      if (!accu_shadows && !iter_shadows && (in(c.loop_condition) || in(c.loop_step))) {
        return true;
      }
      return !accu_shadows && in(c.result);
    }
    case ExprKind::kConstant:
    case ExprKind::kUnspecified:
      break;
  }
  return false;
}

bool is_list_append_comprehension(const syntax::Comprehension& c) {
  if (!c.iter_range || !c.accu_init || !c.loop_condition || !c.loop_step || !c.result) {
    return false;
  }
  const std::string_view accu = c.accu_var;
  if (c.iter_var == accu || c.iter_var2 == accu) return false;
  if (!c.accu_init->is(ExprKind::kList) || !c.accu_init->list().elements.empty()) return false;
  if (!is_ident(*c.result, accu)) return false;
  if (mentions(*c.loop_condition, accu)) return false;
  return appends_only(*c.loop_step, accu);
}

}  // namespace kro::cel::eval

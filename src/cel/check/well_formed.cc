#include "cel/internal/well_formed.h"

#include <algorithm>
#include <vector>

namespace kro::cel::check {

using syntax::Expr;
using syntax::ExprKind;

int64_t first_malformed(const Expr& root) {
  int64_t bad = 0;
  syntax::walk(root, [&](const Expr& e) {
    if (bad != 0) return false;
    bool ok = true;
    auto all = [](const std::vector<syntax::ExprPtr>& v) {
      return std::all_of(v.begin(), v.end(), [](const syntax::ExprPtr& p) { return p != nullptr; });
    };
    switch (e.expr_kind()) {
      case ExprKind::kSelect:
        ok = e.select().operand != nullptr;
        break;
      case ExprKind::kCall:
        ok = all(e.call().args);
        break;
      case ExprKind::kList:
        ok = all(e.list().elements);
        break;
      case ExprKind::kMap:
        for (const auto& m : e.map().entries) ok = ok && m.key && m.value;
        break;
      case ExprKind::kStruct:
        for (const auto& f : e.strct().fields) ok = ok && f.value;
        break;
      case ExprKind::kComprehension: {
        const auto& c = e.comprehension();
        ok = c.iter_range && c.accu_init && c.loop_condition && c.loop_step && c.result;
        break;
      }
      default:
        break;
    }
    if (!ok) bad = e.id == 0 ? -1 : e.id;
    return ok;
  });
  return bad;
}

}  // namespace kro::cel::check

#include "runtime/internal/eval_support.h"

namespace kro::runtime::detail {

Outcome run(const PlannedExpr& pe, const cel::eval::Activation& scope, Memo* memo) {
  if (memo != nullptr && pe.slot != kNoSlot && (*memo)[pe.slot].has_value()) {
    return Outcome{Outcome::Kind::kValue, *(*memo)[pe.slot], {}};
  }
  cel::Value v = pe.program->eval(scope);
  if (v.is_error()) {
    const std::string& msg = v.error_message();
    return Outcome{
        is_data_pending_message(msg) ? Outcome::Kind::kPending : Outcome::Kind::kError, {}, msg};
  }
  if (v.is_unknown()) return Outcome{Outcome::Kind::kPending, {}, "unknown value"};
  if (memo != nullptr && pe.slot != kNoSlot) (*memo)[pe.slot] = v;
  return Outcome{Outcome::Kind::kValue, std::move(v), {}};
}

const std::string& user_text(const graph::Expression& expr) {
  return expr.original.empty() ? expr.cel : expr.original;
}

Error expression_error(const graph::Expression& expr, std::string path, const std::string& context,
                       const std::string& message) {
  Error e(context + ": expression \"" + user_text(expr) + "\": " + message, expr.pos);
  e.path = std::move(path);
  return e;
}

}  // namespace kro::runtime::detail

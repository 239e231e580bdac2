// kro's Runtime library macro: `runtime.newCondition({type: "Ready", status: "True"})`. In plain
// CEL the map keys would be expressions (identifiers `type`, `status`); kro's macro reads bare
// identifier keys as the field names and requires `type` and `status`. Literal values are checked
// when the RGD is built (graph/typing_conditions.h), computed ones at evaluation, as upstream does.
#include <set>
#include <string>

#include "cel/lib/kro/runtime_lib.h"
#include "cel/syntax/ast.h"
#include "cel/syntax/macros.h"
#include "value/strings.h"

namespace kro::cel::lib {

namespace {

using syntax::Constant;
using syntax::Expr;
using syntax::ExprKind;
using syntax::ExprPtr;
using syntax::MacroContext;
using syntax::make_constant;
using syntax::MapEntry;

constexpr std::string_view kNewCondition = "runtime.newCondition";

ExprPtr expand_new_condition(MacroContext& ctx, ExprPtr& target, std::vector<ExprPtr>& args) {
  // Only `runtime.newCondition(...)`: any other receiver is an ordinary call.
  if (!target || !target->is(ExprKind::kIdent) || target->ident().name != "runtime") {
    return nullptr;
  }
  Expr& arg = *args[0];
  if (!arg.is(ExprKind::kMap)) {
    return ctx.report_error(arg.id,
                            std::string(kNewCondition) + ": argument must be a map literal");
  }
  static const std::set<std::string, std::less<>> kFields = {"type", "status", "reason", "message"};
  std::set<std::string, std::less<>> seen;
  for (MapEntry& entry : arg.map().entries) {
    if (!entry.key || !entry.key->is(ExprKind::kIdent)) {
      const int64_t id = entry.key ? entry.key->id : arg.id;
      return ctx.report_error(
          id, std::string(kNewCondition) +
                  ": keys must be bare identifiers (type, status, reason, message); quoted or "
                  "computed keys are not allowed");
    }
    std::string name = entry.key->ident().name;
    if (kFields.count(name) == 0) {
      return ctx.report_error(entry.key->id, std::string(kNewCondition) + ": unknown key " +
                                                 go_quote(name) +
                                                 " (allowed: type, status, reason, message)");
    }
    if (!seen.insert(name).second) {
      return ctx.report_error(entry.key->id,
                              std::string(kNewCondition) + ": duplicate key " + go_quote(name));
    }
    const int64_t key_id = entry.key->id;
    entry.key = make_constant(key_id, Constant::string(std::move(name)));
  }
  for (std::string_view required : {"type", "status"}) {
    if (seen.count(required) == 0) {
      return ctx.report_error(
          arg.id, std::string(kNewCondition) + ": '" + std::string(required) + "' is required");
    }
  }
  std::vector<ExprPtr> call_args;
  call_args.push_back(std::move(args[0]));
  return ctx.member_call("newCondition", std::move(target), std::move(call_args));
}

}  // namespace

std::vector<syntax::Macro> runtime_macros() {
  return {{"newCondition", 1, true, expand_new_condition}};
}

}  // namespace kro::cel::lib

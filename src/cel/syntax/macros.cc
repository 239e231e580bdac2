#include "cel/syntax/macros.h"

#include "cel/syntax/strcat.h"

namespace kro::cel::syntax {

ExprPtr MacroContext::ident(std::string_view name) {
  return make_ident(next_id(), std::string(name));
}
ExprPtr MacroContext::boolean(bool v) { return make_constant(next_id(), Constant::boolean(v)); }
ExprPtr MacroContext::integer(int64_t v) { return make_constant(next_id(), Constant::integer(v)); }
ExprPtr MacroContext::list(std::vector<ExprPtr> elems) {
  return make_list(next_id(), std::move(elems), {});
}
ExprPtr MacroContext::map() { return make_map(next_id(), {}); }
ExprPtr MacroContext::call(std::string_view fn, std::vector<ExprPtr> args) {
  return make_call(next_id(), std::string(fn), std::move(args));
}
ExprPtr MacroContext::member_call(std::string_view fn, ExprPtr target, std::vector<ExprPtr> args) {
  return make_member_call(next_id(), std::string(fn), std::move(target), std::move(args));
}
ExprPtr MacroContext::comprehension(std::string iter_var, std::string iter_var2, ExprPtr range,
                                    std::string accu_var, ExprPtr init, ExprPtr cond, ExprPtr step,
                                    ExprPtr result) {
  return make_comprehension(next_id(), std::move(iter_var), std::move(iter_var2), std::move(range),
                            std::move(accu_var), std::move(init), std::move(cond), std::move(step),
                            std::move(result));
}

void MacroRegistry::add(const Macro& m) {
  auto& list = macros_[m.function];
  for (auto& existing : list) {
    if (existing.arg_count == m.arg_count && existing.receiver == m.receiver) {
      existing = m;
      return;
    }
  }
  list.push_back(m);
}

const Macro* MacroRegistry::find(std::string_view function, size_t arg_count, bool receiver) const {
  if (macros_.empty()) return nullptr;
  auto it = macros_.find(function);
  if (it == macros_.end()) return nullptr;
  const Macro* var_arg = nullptr;
  for (const auto& m : it->second) {
    if (m.receiver != receiver) continue;
    if (m.arg_count == static_cast<int>(arg_count)) return &m;
    if (m.arg_count < 0) var_arg = &m;
  }
  return var_arg;
}

namespace {

// A vector of move-only nodes (an initializer_list cannot move).
template <typename... T>
std::vector<ExprPtr> vec(T&&... xs) {
  std::vector<ExprPtr> v;
  v.reserve(sizeof...(xs));
  (v.push_back(std::forward<T>(xs)), ...);
  return v;
}

// The name of a bare identifier, or nullptr.
const std::string* simple_name(const ExprPtr& e) {
  if (!e || !e->is(ExprKind::kIdent)) return nullptr;
  return &e->ident().name;
}

inline constexpr std::string_view kUnusedIterVar = "#unused";
inline constexpr std::string_view kMapInsert = "cel.@mapInsert";
// optMap/optFlatMap bind a target that is not a plain name to this variable.
inline constexpr std::string_view kOptMapTarget = "@__optMap_target__";

// An identifier or a chain of field selections on one (`a`, `a.b.c`): cheap to copy, and holds no
// macro expansion that copying could multiply.
bool is_plain_name(const Expr& e) {
  const Expr* n = &e;
  while (n->is(ExprKind::kSelect) && !n->select().test_only && n->select().operand) {
    n = n->select().operand.get();
  }
  return n->is(ExprKind::kIdent);
}

enum class Quantifier { kAll, kExists, kExistsOne };

// The loop parts shared by the one- and two-variable quantifiers; `pred` is the predicate.
ExprPtr quantify(MacroContext& ctx, Quantifier q, std::string v1, std::string v2, ExprPtr range,
                 ExprPtr pred) {
  ExprPtr init, cond, step, result;
  switch (q) {
    case Quantifier::kAll:
      init = ctx.boolean(true);
      cond = ctx.call(op::kNotStrictlyFalse, vec(ctx.accu_ident()));
      step = ctx.call(op::kLogicalAnd, vec(ctx.accu_ident(), std::move(pred)));
      result = ctx.accu_ident();
      break;
    case Quantifier::kExists:
      init = ctx.boolean(false);
      cond = ctx.call(op::kNotStrictlyFalse, vec(ctx.call(op::kLogicalNot, vec(ctx.accu_ident()))));
      step = ctx.call(op::kLogicalOr, vec(ctx.accu_ident(), std::move(pred)));
      result = ctx.accu_ident();
      break;
    case Quantifier::kExistsOne:
      init = ctx.integer(0);
      cond = ctx.boolean(true);
      step =
          ctx.call(op::kConditional,
                   vec(std::move(pred), ctx.call(op::kAdd, vec(ctx.accu_ident(), ctx.integer(1))),
                       ctx.accu_ident()));
      result = ctx.call(op::kEquals, vec(ctx.accu_ident(), ctx.integer(1)));
      break;
  }
  return ctx.comprehension(std::move(v1), std::move(v2), std::move(range),
                           std::string(ctx.accumulator_name()), std::move(init), std::move(cond),
                           std::move(step), std::move(result));
}

MacroExpander one_var_quantifier(Quantifier q) {
  return [q](MacroContext& ctx, ExprPtr& target, std::vector<ExprPtr>& args) -> ExprPtr {
    const std::string* v = simple_name(args[0]);
    if (!v) return ctx.report_error(args[0]->id, "argument must be a simple name");
    return quantify(ctx, q, *v, "", std::move(target), std::move(args[1]));
  };
}

// Checks the two iteration variables of a two-variable macro; on success fills v1/v2.
ExprPtr two_vars(MacroContext& ctx, std::vector<ExprPtr>& args, std::string& v1, std::string& v2) {
  const std::string* a = simple_name(args[0]);
  if (!a) return ctx.report_error(args[0]->id, "iteration variable must be a simple name");
  const std::string* b = simple_name(args[1]);
  if (!b) return ctx.report_error(args[1]->id, "iteration variable must be a simple name");
  if (*a == *b) return ctx.report_error(args[1]->id, cat("duplicate variable name: ", *a));
  v1 = *a;
  v2 = *b;
  return nullptr;
}

MacroExpander two_var_quantifier(Quantifier q) {
  return [q](MacroContext& ctx, ExprPtr& target, std::vector<ExprPtr>& args) -> ExprPtr {
    std::string v1, v2;
    if (ExprPtr err = two_vars(ctx, args, v1, v2)) return err;
    return quantify(ctx, q, std::move(v1), std::move(v2), std::move(target), std::move(args[2]));
  };
}

enum class Transform { kList, kMap, kMapEntry };

MacroExpander two_var_transform(Transform t) {
  return [t](MacroContext& ctx, ExprPtr& target, std::vector<ExprPtr>& args) -> ExprPtr {
    std::string v1, v2;
    if (ExprPtr err = two_vars(ctx, args, v1, v2)) return err;
    ExprPtr filter = args.size() == 4 ? std::move(args[2]) : nullptr;
    ExprPtr transform = std::move(args.back());
    ExprPtr step, init;
    switch (t) {
      case Transform::kList:
        init = ctx.list();
        step = ctx.call(op::kAdd, vec(ctx.accu_ident(), ctx.list(vec(std::move(transform)))));
        break;
      case Transform::kMap:
        init = ctx.map();
        step = ctx.call(kMapInsert, vec(ctx.accu_ident(), ctx.ident(v1), std::move(transform)));
        break;
      case Transform::kMapEntry:
        init = ctx.map();
        step = ctx.call(kMapInsert, vec(ctx.accu_ident(), std::move(transform)));
        break;
    }
    if (filter) {
      step = ctx.call(op::kConditional, vec(std::move(filter), std::move(step), ctx.accu_ident()));
    }
    return ctx.comprehension(std::move(v1), std::move(v2), std::move(target),
                             std::string(ctx.accumulator_name()), std::move(init),
                             ctx.boolean(true), std::move(step), ctx.accu_ident());
  };
}

ExprPtr expand_has(MacroContext& ctx, ExprPtr&, std::vector<ExprPtr>& args) {
  ExprPtr& arg = args[0];
  if (!arg->is(ExprKind::kSelect))
    return ctx.report_error(arg->id, "invalid argument to has() macro");
  Select& s = arg->select();
  return make_select(ctx.next_id(), std::move(s.operand), std::move(s.field), true);
}

ExprPtr expand_map(MacroContext& ctx, ExprPtr& target, std::vector<ExprPtr>& args) {
  const std::string* v = simple_name(args[0]);
  if (!v) return ctx.report_error(args[0]->id, "argument is not an identifier");
  ExprPtr filter = args.size() == 3 ? std::move(args[1]) : nullptr;
  ExprPtr fn = std::move(args.back());
  ExprPtr step = ctx.call(op::kAdd, vec(ctx.accu_ident(), ctx.list(vec(std::move(fn)))));
  if (filter) {
    step = ctx.call(op::kConditional, vec(std::move(filter), std::move(step), ctx.accu_ident()));
  }
  return ctx.comprehension(*v, "", std::move(target), std::string(ctx.accumulator_name()),
                           ctx.list(), ctx.boolean(true), std::move(step), ctx.accu_ident());
}

ExprPtr expand_filter(MacroContext& ctx, ExprPtr& target, std::vector<ExprPtr>& args) {
  const std::string* v = simple_name(args[0]);
  if (!v) return ctx.report_error(args[0]->id, "argument is not an identifier");
  std::string name = *v;
  // The element pushed is the iteration variable node itself, as cel-go does.
  ExprPtr step = ctx.call(op::kAdd, vec(ctx.accu_ident(), ctx.list(vec(std::move(args[0])))));
  step = ctx.call(op::kConditional, vec(std::move(args[1]), std::move(step), ctx.accu_ident()));
  return ctx.comprehension(std::move(name), "", std::move(target),
                           std::string(ctx.accumulator_name()), ctx.list(), ctx.boolean(true),
                           std::move(step), ctx.accu_ident());
}

ExprPtr expand_bind(MacroContext& ctx, ExprPtr& target, std::vector<ExprPtr>& args) {
  const std::string* ns = simple_name(target);
  if (!ns || *ns != "cel") return nullptr;  // some other `x.bind(a, b, c)`: an ordinary call
  const std::string* v = simple_name(args[0]);
  if (!v) {
    return ctx.report_error(args[0]->id, "cel.bind() variable names must be simple identifiers");
  }
  std::string name = *v;
  return ctx.comprehension(std::string(kUnusedIterVar), "", ctx.list(), name, std::move(args[1]),
                           ctx.boolean(false), ctx.ident(name), std::move(args[2]));
}

ExprPtr expand_opt_map(MacroContext& ctx, ExprPtr& target, std::vector<ExprPtr>& args, bool flat) {
  const std::string* v = simple_name(args[0]);
  if (!v) {
    return ctx.report_error(args[0]->id,
                            flat ? "optFlatMap() variable name must be a simple identifier"
                                 : "optMap() variable name must be a simple identifier");
  }
  std::string name = *v;
  // cel-go writes the target twice (`t.hasValue() ? optional.of(... t.value() ...) : ...`). A
  // copied target that itself holds an optMap doubles again, so a chain of n optMaps would
  // expand to 2^n copies (a 520-byte input gave 650,000 nodes). Only a plain name is copied, as
  // cel-go does; any other target is evaluated once and bound, as sortBy binds its input.
  bool bind = !is_plain_name(*target);
  ExprPtr bound = bind ? std::move(target) : nullptr;
  if (bind) target = ctx.ident(kOptMapTarget);
  ExprPtr has_value = ctx.member_call("hasValue", std::move(target), {});
  ExprPtr value = ctx.member_call("value", ctx.copy(*has_value->call().target), {});
  ExprPtr body =
      ctx.comprehension(std::string(kUnusedIterVar), "", ctx.list(), name, std::move(value),
                        ctx.boolean(false), ctx.ident(name), std::move(args[1]));
  if (!flat) body = ctx.call("optional.of", vec(std::move(body)));
  ExprPtr out = ctx.call(op::kConditional,
                         vec(std::move(has_value), std::move(body), ctx.call("optional.none", {})));
  if (!bind) return out;
  return ctx.comprehension(std::string(kUnusedIterVar), "", ctx.list(), std::string(kOptMapTarget),
                           std::move(bound), ctx.boolean(false), ctx.ident(kOptMapTarget),
                           std::move(out));
}

// cel-go ext.Lists `list.sortBy(v, key)`: binds the list once, then sorts it by the keys the
// map macro computes for its elements:
//   cel.bind(@__sortBy_input__, list,
//            @__sortBy_input__.@sortByAssociatedKeys(@__sortBy_input__.map(v, key)))
ExprPtr expand_sort_by(MacroContext& ctx, ExprPtr& target, std::vector<ExprPtr>& args) {
  static constexpr std::string_view kInput = "@__sortBy_input__";
  switch (target->expr_kind()) {
    case ExprKind::kList:
    case ExprKind::kSelect:
    case ExprKind::kIdent:
    case ExprKind::kComprehension:
    case ExprKind::kCall:
      break;
    default:
      return ctx.report_error(target->id,
                              "sortBy can only be applied to a list, identifier, comprehension, "
                              "call or select expression");
  }
  ExprPtr input = ctx.ident(kInput);
  ExprPtr keys = expand_map(ctx, input, args);
  ExprPtr sorted =
      ctx.member_call("@sortByAssociatedKeys", ctx.ident(kInput), vec(std::move(keys)));
  return ctx.comprehension(std::string(kUnusedIterVar), "", ctx.list(), std::string(kInput),
                           std::move(target), ctx.boolean(false), ctx.ident(kInput),
                           std::move(sorted));
}

}  // namespace

std::vector<Macro> lists_macros() { return {{"sortBy", 2, true, expand_sort_by}}; }

std::vector<Macro> standard_macros() {
  return {
      {"has", 1, false, expand_has},
      {"all", 2, true, one_var_quantifier(Quantifier::kAll)},
      {"exists", 2, true, one_var_quantifier(Quantifier::kExists)},
      {"exists_one", 2, true, one_var_quantifier(Quantifier::kExistsOne)},
      {"map", 2, true, expand_map},
      {"map", 3, true, expand_map},
      {"filter", 2, true, expand_filter},
  };
}

std::vector<Macro> two_var_comprehension_macros() {
  return {
      {"all", 3, true, two_var_quantifier(Quantifier::kAll)},
      {"exists", 3, true, two_var_quantifier(Quantifier::kExists)},
      {"existsOne", 3, true, two_var_quantifier(Quantifier::kExistsOne)},
      {"exists_one", 3, true, two_var_quantifier(Quantifier::kExistsOne)},
      {"transformList", 3, true, two_var_transform(Transform::kList)},
      {"transformList", 4, true, two_var_transform(Transform::kList)},
      {"transformMap", 3, true, two_var_transform(Transform::kMap)},
      {"transformMap", 4, true, two_var_transform(Transform::kMap)},
      {"transformMapEntry", 3, true, two_var_transform(Transform::kMapEntry)},
      {"transformMapEntry", 4, true, two_var_transform(Transform::kMapEntry)},
  };
}

std::vector<Macro> bindings_macros() { return {{"bind", 3, true, expand_bind}}; }

std::vector<Macro> optional_macros() {
  return {
      {"optMap", 2, true,
       [](MacroContext& c, ExprPtr& t, std::vector<ExprPtr>& a) {
         return expand_opt_map(c, t, a, false);
       }},
      {"optFlatMap", 2, true,
       [](MacroContext& c, ExprPtr& t, std::vector<ExprPtr>& a) {
         return expand_opt_map(c, t, a, true);
       }},
  };
}

std::vector<Macro> generic_macros() {
  std::vector<Macro> out = standard_macros();
  for (auto* lib :
       {&two_var_comprehension_macros, &bindings_macros, &optional_macros, &lists_macros}) {
    auto more = (*lib)();
    out.insert(out.end(), more.begin(), more.end());
  }
  return out;
}

}  // namespace kro::cel::syntax

#include "cel/syntax/macros.h"

#include "cel/syntax/strcat.h"

namespace kro::cel::syntax {

ExprPtr MacroContext::Ident(std::string_view name) {
  return MakeIdent(NextId(), std::string(name));
}
ExprPtr MacroContext::Bool(bool v) { return MakeConstant(NextId(), Constant::Bool(v)); }
ExprPtr MacroContext::Int(int64_t v) { return MakeConstant(NextId(), Constant::Int(v)); }
ExprPtr MacroContext::List(std::vector<ExprPtr> elems) {
  return MakeList(NextId(), std::move(elems), {});
}
ExprPtr MacroContext::Map() { return MakeMap(NextId(), {}); }
ExprPtr MacroContext::Call(std::string_view fn, std::vector<ExprPtr> args) {
  return MakeCall(NextId(), std::string(fn), std::move(args));
}
ExprPtr MacroContext::MemberCall(std::string_view fn, ExprPtr target, std::vector<ExprPtr> args) {
  return MakeMemberCall(NextId(), std::string(fn), std::move(target), std::move(args));
}
ExprPtr MacroContext::Comprehension(std::string iter_var, std::string iter_var2, ExprPtr range,
                                    std::string accu_var, ExprPtr init, ExprPtr cond, ExprPtr step,
                                    ExprPtr result) {
  return MakeComprehension(NextId(), std::move(iter_var), std::move(iter_var2), std::move(range),
                           std::move(accu_var), std::move(init), std::move(cond), std::move(step),
                           std::move(result));
}

void MacroRegistry::Add(const Macro& m) {
  auto& list = macros_[m.function];
  for (auto& existing : list) {
    if (existing.arg_count == m.arg_count && existing.receiver == m.receiver) {
      existing = m;
      return;
    }
  }
  list.push_back(m);
}

const Macro* MacroRegistry::Find(std::string_view function, size_t arg_count, bool receiver) const {
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
std::vector<ExprPtr> Vec(T&&... xs) {
  std::vector<ExprPtr> v;
  v.reserve(sizeof...(xs));
  (v.push_back(std::forward<T>(xs)), ...);
  return v;
}

// The name of a bare identifier, or nullptr.
const std::string* SimpleName(const ExprPtr& e) {
  if (!e || !e->is(ExprKind::kIdent)) return nullptr;
  return &e->ident().name;
}

inline constexpr std::string_view kUnusedIterVar = "#unused";
inline constexpr std::string_view kMapInsert = "cel.@mapInsert";
// optMap/optFlatMap bind a target that is not a plain name to this variable.
inline constexpr std::string_view kOptMapTarget = "@__optMap_target__";

// An identifier or a chain of field selections on one (`a`, `a.b.c`): cheap to copy, and holds no
// macro expansion that copying could multiply.
bool IsPlainName(const Expr& e) {
  const Expr* n = &e;
  while (n->is(ExprKind::kSelect) && !n->select().test_only && n->select().operand) {
    n = n->select().operand.get();
  }
  return n->is(ExprKind::kIdent);
}

enum class Quantifier { kAll, kExists, kExistsOne };

// The loop parts shared by the one- and two-variable quantifiers; `pred` is the predicate.
ExprPtr Quantify(MacroContext& ctx, Quantifier q, std::string v1, std::string v2, ExprPtr range,
                 ExprPtr pred) {
  ExprPtr init, cond, step, result;
  switch (q) {
    case Quantifier::kAll:
      init = ctx.Bool(true);
      cond = ctx.Call(op::kNotStrictlyFalse, Vec(ctx.AccuIdent()));
      step = ctx.Call(op::kLogicalAnd, Vec(ctx.AccuIdent(), std::move(pred)));
      result = ctx.AccuIdent();
      break;
    case Quantifier::kExists:
      init = ctx.Bool(false);
      cond = ctx.Call(op::kNotStrictlyFalse, Vec(ctx.Call(op::kLogicalNot, Vec(ctx.AccuIdent()))));
      step = ctx.Call(op::kLogicalOr, Vec(ctx.AccuIdent(), std::move(pred)));
      result = ctx.AccuIdent();
      break;
    case Quantifier::kExistsOne:
      init = ctx.Int(0);
      cond = ctx.Bool(true);
      step = ctx.Call(op::kConditional,
                      Vec(std::move(pred), ctx.Call(op::kAdd, Vec(ctx.AccuIdent(), ctx.Int(1))),
                          ctx.AccuIdent()));
      result = ctx.Call(op::kEquals, Vec(ctx.AccuIdent(), ctx.Int(1)));
      break;
  }
  return ctx.Comprehension(std::move(v1), std::move(v2), std::move(range),
                           std::string(ctx.AccumulatorName()), std::move(init), std::move(cond),
                           std::move(step), std::move(result));
}

MacroExpander OneVarQuantifier(Quantifier q) {
  return [q](MacroContext& ctx, ExprPtr& target, std::vector<ExprPtr>& args) -> ExprPtr {
    const std::string* v = SimpleName(args[0]);
    if (!v) return ctx.ReportError(args[0]->id, "argument must be a simple name");
    return Quantify(ctx, q, *v, "", std::move(target), std::move(args[1]));
  };
}

// Checks the two iteration variables of a two-variable macro; on success fills v1/v2.
ExprPtr TwoVars(MacroContext& ctx, std::vector<ExprPtr>& args, std::string& v1, std::string& v2) {
  const std::string* a = SimpleName(args[0]);
  if (!a) return ctx.ReportError(args[0]->id, "iteration variable must be a simple name");
  const std::string* b = SimpleName(args[1]);
  if (!b) return ctx.ReportError(args[1]->id, "iteration variable must be a simple name");
  if (*a == *b) return ctx.ReportError(args[1]->id, Cat("duplicate variable name: ", *a));
  v1 = *a;
  v2 = *b;
  return nullptr;
}

MacroExpander TwoVarQuantifier(Quantifier q) {
  return [q](MacroContext& ctx, ExprPtr& target, std::vector<ExprPtr>& args) -> ExprPtr {
    std::string v1, v2;
    if (ExprPtr err = TwoVars(ctx, args, v1, v2)) return err;
    return Quantify(ctx, q, std::move(v1), std::move(v2), std::move(target), std::move(args[2]));
  };
}

enum class Transform { kList, kMap, kMapEntry };

MacroExpander TwoVarTransform(Transform t) {
  return [t](MacroContext& ctx, ExprPtr& target, std::vector<ExprPtr>& args) -> ExprPtr {
    std::string v1, v2;
    if (ExprPtr err = TwoVars(ctx, args, v1, v2)) return err;
    ExprPtr filter = args.size() == 4 ? std::move(args[2]) : nullptr;
    ExprPtr transform = std::move(args.back());
    ExprPtr step, init;
    switch (t) {
      case Transform::kList:
        init = ctx.List();
        step = ctx.Call(op::kAdd, Vec(ctx.AccuIdent(), ctx.List(Vec(std::move(transform)))));
        break;
      case Transform::kMap:
        init = ctx.Map();
        step = ctx.Call(kMapInsert, Vec(ctx.AccuIdent(), ctx.Ident(v1), std::move(transform)));
        break;
      case Transform::kMapEntry:
        init = ctx.Map();
        step = ctx.Call(kMapInsert, Vec(ctx.AccuIdent(), std::move(transform)));
        break;
    }
    if (filter) {
      step = ctx.Call(op::kConditional, Vec(std::move(filter), std::move(step), ctx.AccuIdent()));
    }
    return ctx.Comprehension(std::move(v1), std::move(v2), std::move(target),
                             std::string(ctx.AccumulatorName()), std::move(init), ctx.Bool(true),
                             std::move(step), ctx.AccuIdent());
  };
}

ExprPtr ExpandHas(MacroContext& ctx, ExprPtr&, std::vector<ExprPtr>& args) {
  ExprPtr& arg = args[0];
  if (!arg->is(ExprKind::kSelect))
    return ctx.ReportError(arg->id, "invalid argument to has() macro");
  Select& s = arg->select();
  return MakeSelect(ctx.NextId(), std::move(s.operand), std::move(s.field), true);
}

ExprPtr ExpandMap(MacroContext& ctx, ExprPtr& target, std::vector<ExprPtr>& args) {
  const std::string* v = SimpleName(args[0]);
  if (!v) return ctx.ReportError(args[0]->id, "argument is not an identifier");
  ExprPtr filter = args.size() == 3 ? std::move(args[1]) : nullptr;
  ExprPtr fn = std::move(args.back());
  ExprPtr step = ctx.Call(op::kAdd, Vec(ctx.AccuIdent(), ctx.List(Vec(std::move(fn)))));
  if (filter) {
    step = ctx.Call(op::kConditional, Vec(std::move(filter), std::move(step), ctx.AccuIdent()));
  }
  return ctx.Comprehension(*v, "", std::move(target), std::string(ctx.AccumulatorName()),
                           ctx.List(), ctx.Bool(true), std::move(step), ctx.AccuIdent());
}

ExprPtr ExpandFilter(MacroContext& ctx, ExprPtr& target, std::vector<ExprPtr>& args) {
  const std::string* v = SimpleName(args[0]);
  if (!v) return ctx.ReportError(args[0]->id, "argument is not an identifier");
  std::string name = *v;
  // The element pushed is the iteration variable node itself, as cel-go does.
  ExprPtr step = ctx.Call(op::kAdd, Vec(ctx.AccuIdent(), ctx.List(Vec(std::move(args[0])))));
  step = ctx.Call(op::kConditional, Vec(std::move(args[1]), std::move(step), ctx.AccuIdent()));
  return ctx.Comprehension(std::move(name), "", std::move(target),
                           std::string(ctx.AccumulatorName()), ctx.List(), ctx.Bool(true),
                           std::move(step), ctx.AccuIdent());
}

ExprPtr ExpandBind(MacroContext& ctx, ExprPtr& target, std::vector<ExprPtr>& args) {
  const std::string* ns = SimpleName(target);
  if (!ns || *ns != "cel") return nullptr;  // some other `x.bind(a, b, c)`: an ordinary call
  const std::string* v = SimpleName(args[0]);
  if (!v) {
    return ctx.ReportError(args[0]->id, "cel.bind() variable names must be simple identifiers");
  }
  std::string name = *v;
  return ctx.Comprehension(std::string(kUnusedIterVar), "", ctx.List(), name, std::move(args[1]),
                           ctx.Bool(false), ctx.Ident(name), std::move(args[2]));
}

ExprPtr ExpandOptMap(MacroContext& ctx, ExprPtr& target, std::vector<ExprPtr>& args, bool flat) {
  const std::string* v = SimpleName(args[0]);
  if (!v) {
    return ctx.ReportError(args[0]->id,
                           flat ? "optFlatMap() variable name must be a simple identifier"
                                : "optMap() variable name must be a simple identifier");
  }
  std::string name = *v;
  // cel-go writes the target twice (`t.hasValue() ? optional.of(... t.value() ...) : ...`). A
  // copied target that itself holds an optMap doubles again, so a chain of n optMaps would
  // expand to 2^n copies (a 520-byte input gave 650,000 nodes). Only a plain name is copied, as
  // cel-go does; any other target is evaluated once and bound, as sortBy binds its input.
  bool bind = !IsPlainName(*target);
  ExprPtr bound = bind ? std::move(target) : nullptr;
  if (bind) target = ctx.Ident(kOptMapTarget);
  ExprPtr has_value = ctx.MemberCall("hasValue", std::move(target), {});
  ExprPtr value = ctx.MemberCall("value", ctx.Copy(*has_value->call().target), {});
  ExprPtr body =
      ctx.Comprehension(std::string(kUnusedIterVar), "", ctx.List(), name, std::move(value),
                        ctx.Bool(false), ctx.Ident(name), std::move(args[1]));
  if (!flat) body = ctx.Call("optional.of", Vec(std::move(body)));
  ExprPtr out = ctx.Call(op::kConditional,
                         Vec(std::move(has_value), std::move(body), ctx.Call("optional.none", {})));
  if (!bind) return out;
  return ctx.Comprehension(std::string(kUnusedIterVar), "", ctx.List(), std::string(kOptMapTarget),
                           std::move(bound), ctx.Bool(false), ctx.Ident(kOptMapTarget),
                           std::move(out));
}

// cel-go ext.Lists `list.sortBy(v, key)`: binds the list once, then sorts it by the keys the
// map macro computes for its elements:
//   cel.bind(@__sortBy_input__, list,
//            @__sortBy_input__.@sortByAssociatedKeys(@__sortBy_input__.map(v, key)))
ExprPtr ExpandSortBy(MacroContext& ctx, ExprPtr& target, std::vector<ExprPtr>& args) {
  static constexpr std::string_view kInput = "@__sortBy_input__";
  switch (target->expr_kind()) {
    case ExprKind::kList:
    case ExprKind::kSelect:
    case ExprKind::kIdent:
    case ExprKind::kComprehension:
    case ExprKind::kCall:
      break;
    default:
      return ctx.ReportError(target->id,
                             "sortBy can only be applied to a list, identifier, comprehension, "
                             "call or select expression");
  }
  ExprPtr input = ctx.Ident(kInput);
  ExprPtr keys = ExpandMap(ctx, input, args);
  ExprPtr sorted = ctx.MemberCall("@sortByAssociatedKeys", ctx.Ident(kInput), Vec(std::move(keys)));
  return ctx.Comprehension(std::string(kUnusedIterVar), "", ctx.List(), std::string(kInput),
                           std::move(target), ctx.Bool(false), ctx.Ident(kInput),
                           std::move(sorted));
}

}  // namespace

std::vector<Macro> ListsMacros() { return {{"sortBy", 2, true, ExpandSortBy}}; }

std::vector<Macro> StandardMacros() {
  return {
      {"has", 1, false, ExpandHas},
      {"all", 2, true, OneVarQuantifier(Quantifier::kAll)},
      {"exists", 2, true, OneVarQuantifier(Quantifier::kExists)},
      {"exists_one", 2, true, OneVarQuantifier(Quantifier::kExistsOne)},
      {"map", 2, true, ExpandMap},
      {"map", 3, true, ExpandMap},
      {"filter", 2, true, ExpandFilter},
  };
}

std::vector<Macro> TwoVarComprehensionMacros() {
  return {
      {"all", 3, true, TwoVarQuantifier(Quantifier::kAll)},
      {"exists", 3, true, TwoVarQuantifier(Quantifier::kExists)},
      {"existsOne", 3, true, TwoVarQuantifier(Quantifier::kExistsOne)},
      {"exists_one", 3, true, TwoVarQuantifier(Quantifier::kExistsOne)},
      {"transformList", 3, true, TwoVarTransform(Transform::kList)},
      {"transformList", 4, true, TwoVarTransform(Transform::kList)},
      {"transformMap", 3, true, TwoVarTransform(Transform::kMap)},
      {"transformMap", 4, true, TwoVarTransform(Transform::kMap)},
      {"transformMapEntry", 3, true, TwoVarTransform(Transform::kMapEntry)},
      {"transformMapEntry", 4, true, TwoVarTransform(Transform::kMapEntry)},
  };
}

std::vector<Macro> BindingsMacros() { return {{"bind", 3, true, ExpandBind}}; }

std::vector<Macro> OptionalMacros() {
  return {
      {"optMap", 2, true,
       [](MacroContext& c, ExprPtr& t, std::vector<ExprPtr>& a) {
         return ExpandOptMap(c, t, a, false);
       }},
      {"optFlatMap", 2, true,
       [](MacroContext& c, ExprPtr& t, std::vector<ExprPtr>& a) {
         return ExpandOptMap(c, t, a, true);
       }},
  };
}

std::vector<Macro> AllMacros() {
  std::vector<Macro> out = StandardMacros();
  for (auto* lib : {&TwoVarComprehensionMacros, &BindingsMacros, &OptionalMacros, &ListsMacros,
                    &RuntimeMacros}) {
    auto more = (*lib)();
    out.insert(out.end(), more.begin(), more.end());
  }
  return out;
}

}  // namespace kro::cel::syntax

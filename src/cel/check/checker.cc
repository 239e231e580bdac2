// The checker walk, following cel-go's checker/checker.go: every node gets a type, identifiers and
// calls get references, type parameters are unified in one substitution for the whole
// expression, and a final pass replaces what is still unbound with dyn.
#include "cel/check/checker.h"

#include <algorithm>
#include <optional>

#include "cel/check/library_decls.h"
#include "cel/check/unify.h"

namespace kro::cel::check {

using syntax::Expr;
using syntax::ExprKind;
using types::Type;
using types::TypeKind;

types::Type CheckedExpr::type_of(int64_t id) const {
  auto it = types.find(id);
  return it == types.end() ? Type::Dyn() : it->second;
}

std::unordered_map<int64_t, std::vector<std::string>> CheckedExpr::overload_ids() const {
  std::unordered_map<int64_t, std::vector<std::string>> out;
  for (const auto& [id, ref] : references) {
    if (!ref.overload_ids.empty()) out.emplace(id, ref.overload_ids);
  }
  return out;
}

CheckEnv::CheckEnv(std::shared_ptr<const Declarations> base) : base_(std::move(base)) {
  if (!base_) base_ = std::make_shared<const Declarations>();
}

const types::Type* CheckEnv::find_variable(std::string_view name) const {
  if (const Type* t = locals_.find_variable(name)) return t;
  return base_->find_variable(name);
}

std::vector<const FunctionDecl*> CheckEnv::find_function(std::string_view name) const {
  std::vector<const FunctionDecl*> out;
  if (const FunctionDecl* f = base_->find_function(name)) out.push_back(f);
  if (const FunctionDecl* f = locals_.find_function(name)) out.push_back(f);
  return out;
}

namespace {

// "a.b.c" for a chain of plain selections rooted at an identifier.
std::optional<std::string> QualifiedName(const Expr& e) {
  if (e.is(ExprKind::kIdent)) return e.ident().name;
  if (e.is(ExprKind::kSelect) && !e.select().test_only && e.select().operand) {
    auto prefix = QualifiedName(*e.select().operand);
    if (!prefix) return std::nullopt;
    return *prefix + "." + e.select().field;
  }
  return std::nullopt;
}

// cel-go's FormatCELType for error messages.
std::string Format(const Type& t) { return t.ToString(); }

std::string FormatArgs(const std::vector<Type>& args, bool receiver) {
  std::string out;
  size_t i = 0;
  if (receiver && !args.empty()) {
    out += Format(args[0]) + ".";
    i = 1;
  }
  out += "(";
  for (size_t k = i; k < args.size(); ++k) {
    if (k > i) out += ", ";
    out += Format(args[k]);
  }
  out += ")";
  return out;
}

class Checker {
 public:
  Checker(const CheckEnv& env, CheckedExpr& out) : env_(env), out_(out) {}

  void Run() {
    const Expr& root = *out_.parsed.expr;
    Check(root);
    Substitution::Memo memo;
    for (auto& [id, t] : out_.types) t = subs_.ApplyFinal(t, true, memo);
    out_.result_type = out_.type_of(root.id);
  }

  std::vector<syntax::ParseIssue> TakeIssues() { return std::move(issues_); }
  CheckStats Stats() const {
    return CheckStats{nodes_visited_, subs_.work(), static_cast<uint64_t>(subs_.size())};
  }

 private:
  // --- bookkeeping ---

  void SetType(const Expr& e, Type t) { out_.types.insert_or_assign(e.id, std::move(t)); }
  Type GetType(const Expr& e) const { return out_.type_of(e.id); }
  void Report(int64_t id, std::string message) {
    issues_.push_back({std::move(message), out_.parsed.source_info.LocationOfId(id)});
  }
  bool IsAssignable(const Type& from, const Type& to) { return Assign(subs_, from, to); }

  Type NewTypeVar() { return Type::Param("_var" + std::to_string(next_var_++)); }

  void UndeclaredReference(int64_t id, const std::string& name) {
    Report(id, "undeclared reference to '" + name + "' (in container '" + env_.container + "')");
  }
  void TypeMismatch(int64_t id, const Type& expected, const Type& found) {
    Report(id, "expected type '" + Format(subs_.Apply(expected, true)) + "' but found '" +
                   Format(subs_.Apply(found, true)) + "'");
  }

  // --- names ---

  // cel-go ResolveCandidateNames: "x.y.a", "x.a", "a" for "a" in container "x.y".
  std::vector<std::string> Candidates(const std::string& name) const {
    if (!name.empty() && name[0] == '.') return {name.substr(1)};
    std::vector<std::string> out;
    std::string_view c = env_.container;
    while (!c.empty()) {
      out.push_back(std::string(c) + "." + name);
      auto dot = c.rfind('.');
      c = dot == std::string_view::npos ? std::string_view() : c.substr(0, dot);
    }
    out.push_back(name);
    return out;
  }

  const Type* FindLocal(std::string_view name) const {
    for (auto it = scopes_.rbegin(); it != scopes_.rend(); ++it) {
      for (auto v = it->rbegin(); v != it->rend(); ++v) {
        if (v->first == name) return &v->second;
      }
    }
    return nullptr;
  }

  struct Ident {
    std::string name;
    Type type;
  };

  // Comprehension variables first (they shadow globals, as the planner does), then declared
  // variables and type names, most-qualified candidate first.
  std::optional<Ident> LookupIdent(const std::string& name) const {
    if (name.find('.') == std::string::npos) {
      if (const Type* t = FindLocal(name)) return Ident{name, *t};
    }
    for (const auto& c : Candidates(name)) {
      if (const Type* t = env_.find_variable(c)) return Ident{c, *t};
    }
    return std::nullopt;
  }

  std::optional<std::pair<std::string, std::vector<const FunctionDecl*>>> LookupFunction(
      const std::string& name) const {
    for (const auto& c : Candidates(name)) {
      auto decls = env_.find_function(c);
      if (!decls.empty()) return std::make_pair(c, std::move(decls));
    }
    return std::nullopt;
  }

  // --- nodes ---

  void Check(const Expr& e) {
    ++nodes_visited_;
    switch (e.expr_kind()) {
      case ExprKind::kConstant:
        CheckConstant(e);
        return;
      case ExprKind::kIdent:
        CheckIdent(e);
        return;
      case ExprKind::kSelect:
        CheckSelect(e);
        return;
      case ExprKind::kCall:
        CheckCall(e);
        return;
      case ExprKind::kList:
        CheckList(e);
        return;
      case ExprKind::kMap:
        CheckMap(e);
        return;
      case ExprKind::kStruct:
        CheckStruct(e);
        return;
      case ExprKind::kComprehension:
        CheckComprehension(e);
        return;
      case ExprKind::kUnspecified:
        Report(e.id, "unexpected expression kind: unspecified");
        SetType(e, Type::Error());
        return;
    }
  }

  void CheckConstant(const Expr& e) {
    using K = syntax::Constant::Kind;
    switch (e.constant().kind) {
      case K::kNull:
        SetType(e, Type::Null());
        return;
      case K::kBool:
        SetType(e, Type::Bool());
        return;
      case K::kInt:
        SetType(e, Type::Int());
        return;
      case K::kUint:
        SetType(e, Type::Uint());
        return;
      case K::kDouble:
        SetType(e, Type::Double());
        return;
      case K::kString:
        SetType(e, Type::String());
        return;
      case K::kBytes:
        SetType(e, Type::Bytes());
        return;
    }
  }

  void CheckIdent(const Expr& e) {
    const std::string& name = e.ident().name;
    if (auto id = LookupIdent(name)) {
      SetType(e, id->type);
      out_.references[e.id] = Reference{id->name, {}};
      return;
    }
    SetType(e, Type::Error());
    UndeclaredReference(e.id, name);
  }

  void CheckSelect(const Expr& e) {
    const auto& sel = e.select();
    // A qualified name that denotes a declared variable wins over field selection.
    if (!sel.test_only) {
      if (auto q = QualifiedName(e)) {
        // Only names whose root is not a comprehension variable may be qualified.
        std::string root = q->substr(0, q->find('.'));
        if (FindLocal(root) == nullptr) {
          if (auto id = LookupIdent(*q)) {
            SetType(e, id->type);
            out_.references[e.id] = Reference{id->name, {}};
            return;
          }
        }
      }
    }
    if (!sel.operand) {
      Report(e.id, "malformed select: no operand");
      SetType(e, Type::Error());
      return;
    }
    Type result = CheckSelectField(e, *sel.operand, sel.field, false);
    if (sel.test_only) result = Type::Bool();
    SetType(e, subs_.Apply(result, false));
  }

  Type CheckSelectField(const Expr& e, const Expr& operand, const std::string& field,
                        bool optional) {
    Check(operand);
    Type operand_type = subs_.Apply(GetType(operand), false);
    bool was_optional = operand_type.is(TypeKind::kOptional);
    Type target = was_optional ? operand_type.elem() : operand_type;
    Type result = Type::Error();
    switch (target.kind()) {
      case TypeKind::kMap:
        result = target.elem();
        break;
      case TypeKind::kObject: {
        const types::Field* f = target.object() ? target.object()->FindField(field) : nullptr;
        if (f != nullptr) {
          result = f->type;
        } else {
          Report(e.id, "undefined field '" + field + "'");
        }
        break;
      }
      case TypeKind::kTypeParam:
        IsAssignable(Type::Dyn(), target);
        result = Type::Dyn();
        break;
      default:
        if (!IsDynOrError(target)) {
          Report(e.id, "type '" + Format(target) + "' does not support field selection");
        }
        result = Type::Dyn();
        break;
    }
    if (was_optional || optional) return Type::Optional(result);
    return result;
  }

  void CheckOptSelect(const Expr& e) {
    const auto& call = e.call();
    if (call.args.size() != 2 || !call.args[1]->is(ExprKind::kConstant) ||
        call.args[1]->constant().kind != syntax::Constant::Kind::kString) {
      int64_t id = call.args.size() == 2 ? call.args[1]->id : e.id;
      Report(id, "unsupported optional field selection");
      SetType(e, Type::Error());
      return;
    }
    Type result = CheckSelectField(e, *call.args[0], call.args[1]->constant().string_value, true);
    SetType(e, subs_.Apply(result, false));
    out_.references[e.id] = Reference{"_?._", {"select_optional_field"}};
  }

  void CheckCall(const Expr& e) {
    const auto& call = e.call();
    const std::string& fn = call.function;
    if (fn == syntax::op::kOptSelect) {
      CheckOptSelect(e);
      return;
    }
    for (const auto& a : call.args) Check(*a);
    if (!call.target) {
      auto decl = LookupFunction(fn);
      if (!decl) {
        UndeclaredReference(e.id, fn);
        SetType(e, Type::Error());
        return;
      }
      ResolveOverload(e, decl->first, decl->second, nullptr);
      return;
    }
    // `ns.f(x)`: a namespaced global function when `ns.f` is declared.
    if (auto q = QualifiedName(*call.target)) {
      std::string root = q->substr(0, q->find('.'));
      if (FindLocal(root) == nullptr) {
        if (auto decl = LookupFunction(*q + "." + fn)) {
          ResolveOverload(e, decl->first, decl->second, nullptr);
          return;
        }
      }
    }
    Check(*call.target);
    auto decls = env_.find_function(fn);
    if (decls.empty()) {
      SetType(e, Type::Error());
      UndeclaredReference(e.id, fn);
      return;
    }
    ResolveOverload(e, fn, decls, call.target.get());
  }

  bool OverloadDisabled(const std::string& function, const OverloadDecl& o) const {
    bool ordering = function.size() > 2 && (function[1] == '<' || function[1] == '>');
    return ordering && !env_.cross_type_numeric_comparisons && IsCrossTypeNumericComparison(o.id);
  }

  // Instantiates the overload's type parameters with fresh type variables.
  void Instantiate(const OverloadDecl& o, std::vector<Type>& params, Type& result) {
    params = o.params;
    result = o.result;
    if (o.type_params.empty()) return;
    Substitution fresh;
    for (const auto& p : o.type_params) fresh.bind(Type::Param(p), NewTypeVar());
    for (auto& p : params) p = fresh.Apply(p, false);
    result = fresh.Apply(result, false);
  }

  void ResolveOverload(const Expr& e, const std::string& name,
                       const std::vector<const FunctionDecl*>& decls, const Expr* target) {
    const auto& call = e.call();
    std::vector<Type> arg_types;
    std::vector<const Expr*> arg_exprs;
    if (target != nullptr) {
      arg_types.push_back(GetType(*target));
      arg_exprs.push_back(target);
    }
    for (const auto& a : call.args) {
      arg_types.push_back(GetType(*a));
      arg_exprs.push_back(a.get());
    }
    bool receiver = target != nullptr;
    std::optional<Type> result;
    Reference ref{name, {}};
    for (const FunctionDecl* decl : decls) {
      for (const OverloadDecl& o : decl->overloads) {
        if (o.receiver != receiver || OverloadDisabled(name, o)) continue;
        if (name == syntax::op::kLogicalAnd || name == syntax::op::kLogicalOr) {
          bool ok = true;
          for (size_t i = 0; i < arg_types.size(); ++i) {
            if (!IsAssignable(arg_types[i], Type::Bool())) {
              TypeMismatch(arg_exprs[i]->id, Type::Bool(), arg_types[i]);
              ok = false;
            }
          }
          if (!ok) {
            SetType(e, Type::Error());
            return;
          }
          SetType(e, Type::Bool());
          out_.references[e.id] = Reference{name, {o.id}};
          return;
        }
        // Overloads without type parameters are matched against their declaration directly.
        std::vector<Type> fresh_params;
        Type ret = o.result;
        if (!o.type_params.empty()) Instantiate(o, fresh_params, ret);
        const std::vector<Type>& params = o.type_params.empty() ? o.params : fresh_params;
        if (!AssignList(subs_, arg_types, params)) continue;
        ref.overload_ids.push_back(o.id);
        Type fn_result = subs_.Apply(ret, false);
        if (!result) {
          result = fn_result;
        } else if (!result->is(TypeKind::kDyn) && !(fn_result == *result)) {
          result = Type::Dyn();
        }
      }
    }
    if (!result) {
      for (auto& t : arg_types) t = subs_.Apply(t, true);
      Report(e.id, "found no matching overload for '" + name + "' applied to '" +
                       FormatArgs(arg_types, receiver) + "'");
      SetType(e, Type::Error());
      return;
    }
    SetType(e, *result);
    out_.references[e.id] = std::move(ref);
  }

  Type JoinTypes(const Expr& e, const std::optional<Type>& previous, const Type& current) {
    if (!previous) return current;
    if (IsAssignable(*previous, current)) return MostGeneral(*previous, current);
    if (!env_.homogeneous_aggregate_literals) return Type::Dyn();
    TypeMismatch(e.id, *previous, current);
    return Type::Error();
  }

  // `[?x]` / `{?k: x}`: the element is an optional whose value goes into the aggregate.
  Type UnwrapOptionalElement(const Expr& e, const Type& t) {
    if (t.is(TypeKind::kOptional)) return t.elem();
    if (!t.is(TypeKind::kDyn)) TypeMismatch(e.id, Type::Optional(t), t);
    return t;
  }

  void CheckList(const Expr& e) {
    const auto& l = e.list();
    std::optional<Type> elems;
    for (size_t i = 0; i < l.elements.size(); ++i) {
      const Expr& el = *l.elements[i];
      Check(el);
      Type t = GetType(el);
      if (std::find(l.optional_indices.begin(), l.optional_indices.end(),
                    static_cast<int32_t>(i)) != l.optional_indices.end()) {
        t = UnwrapOptionalElement(el, t);
      }
      elems = JoinTypes(el, elems, t);
    }
    SetType(e, Type::List(elems ? *elems : NewTypeVar()));
  }

  void CheckMap(const Expr& e) {
    std::optional<Type> key;
    std::optional<Type> value;
    for (const auto& entry : e.map().entries) {
      Check(*entry.key);
      key = JoinTypes(*entry.key, key, GetType(*entry.key));
      Check(*entry.value);
      Type v = GetType(*entry.value);
      if (entry.optional) v = UnwrapOptionalElement(*entry.value, v);
      value = JoinTypes(*entry.value, value, v);
    }
    if (!key) {
      SetType(e, Type::Map(NewTypeVar(), NewTypeVar()));
      return;
    }
    SetType(e, Type::Map(*key, *value));
  }

  void CheckStruct(const Expr& e) {
    const auto& s = e.strct();
    Type result = Type::Error();
    auto id = LookupIdent(s.message_name);
    if (!id) {
      UndeclaredReference(e.id, s.message_name);
    } else {
      out_.references[e.id] = Reference{id->name, {}};
      if (!id->type.is(TypeKind::kType)) {
        if (!id->type.is(TypeKind::kError)) Report(e.id, "'" + id->name + "' is not a type");
      } else if (id->type.elem().is(TypeKind::kObject)) {
        result = id->type.elem();
      } else {
        Report(e.id, "'" + Format(id->type.elem()) + "' is not a message type");
      }
    }
    for (const auto& f : s.fields) {
      Check(*f.value);
      if (!result.is(TypeKind::kObject)) continue;
      const types::Field* field = result.object()->FindField(f.name);
      if (field == nullptr) {
        Report(f.id, "undefined field '" + f.name + "'");
        continue;
      }
      Type want = f.optional ? Type::Optional(field->type) : field->type;
      Type got = GetType(*f.value);
      if (!IsAssignable(got, want)) {
        Report(f.id, "expected type of field '" + f.name + "' is '" + Format(want) +
                         "' but provided type is '" + Format(got) + "'");
      }
    }
    SetType(e, result);
  }

  void CheckComprehension(const Expr& e) {
    const auto& c = e.comprehension();
    if (!c.iter_range || !c.accu_init || !c.loop_condition || !c.loop_step || !c.result) {
      Report(e.id, "malformed comprehension");
      SetType(e, Type::Error());
      return;
    }
    Check(*c.iter_range);
    Check(*c.accu_init);
    Type range = subs_.Apply(GetType(*c.iter_range), false);
    Type accu = GetType(*c.accu_init);
    scopes_.emplace_back();
    scopes_.back().emplace_back(c.accu_var, accu);
    bool two = !c.iter_var2.empty();
    Type var = Type::Dyn();
    Type var2 = Type::Dyn();
    switch (range.kind()) {
      case TypeKind::kList:
        var = range.elem();
        if (two) {
          var2 = var;
          var = Type::Int();
        }
        break;
      case TypeKind::kMap:
        var = range.key();
        var2 = range.elem();
        break;
      case TypeKind::kDyn:
      case TypeKind::kError:
      case TypeKind::kTypeParam:
        IsAssignable(Type::Dyn(), range);
        break;
      default:
        Report(c.iter_range->id, "expression of type '" + Format(range) +
                                     "' cannot be range of a comprehension (must be list, map, "
                                     "or dynamic)");
        var = Type::Error();
        var2 = Type::Error();
        break;
    }
    scopes_.emplace_back();
    scopes_.back().emplace_back(c.iter_var, var);
    if (two) scopes_.back().emplace_back(c.iter_var2, var2);
    Check(*c.loop_condition);
    AssertType(*c.loop_condition, Type::Bool());
    Check(*c.loop_step);
    AssertType(*c.loop_step, accu);
    scopes_.pop_back();
    Check(*c.result);
    scopes_.pop_back();
    SetType(e, subs_.Apply(GetType(*c.result), false));
  }

  void AssertType(const Expr& e, const Type& t) {
    Type got = GetType(e);
    if (!IsAssignable(t, got)) TypeMismatch(e.id, t, got);
  }

  const CheckEnv& env_;
  CheckedExpr& out_;
  Substitution subs_;
  int next_var_ = 0;
  uint64_t nodes_visited_ = 0;
  std::vector<std::vector<std::pair<std::string, Type>>> scopes_;
  std::vector<syntax::ParseIssue> issues_;
};

// The id of the first node missing a required child (trees built by hand, not by the parser),
// or 0 when the tree is complete.
int64_t FirstMalformed(const Expr& root) {
  int64_t bad = 0;
  syntax::Walk(root, [&](const Expr& e) {
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

}  // namespace

CheckOutcome CheckWithIssues(syntax::ParsedExpr parsed, const CheckEnv& env) {
  CheckOutcome out;
  out.checked.parsed = std::move(parsed);
  if (!out.checked.parsed.expr) {
    out.issues.push_back({"no expression to check", {}});
    return out;
  }
  if (int64_t bad = FirstMalformed(*out.checked.parsed.expr); bad != 0) {
    out.issues.push_back({"malformed expression: a node is missing a required child",
                          out.checked.parsed.source_info.LocationOfId(bad)});
    return out;
  }
  Checker checker(env, out.checked);
  checker.Run();
  out.issues = checker.TakeIssues();
  out.stats = checker.Stats();
  return out;
}

Result<CheckedExpr> Check(syntax::ParsedExpr parsed, const CheckEnv& env) {
  CheckOutcome out = CheckWithIssues(std::move(parsed), env);
  if (out.issues.empty()) return std::move(out.checked);
  const auto& info = out.checked.parsed.source_info;
  const auto& first =
      *std::min_element(out.issues.begin(), out.issues.end(), [](const auto& a, const auto& b) {
        return a.location.line != b.location.line ? a.location.line < b.location.line
                                                  : a.location.column < b.location.column;
      });
  Error err(syntax::FormatIssues(out.issues, info),
            SourcePos{info.description, first.location.line, first.location.column});
  return err;
}

}  // namespace kro::cel::check

// The checker walk, following cel-go's checker/checker.go: every node gets a type, identifiers and
// calls get references, type parameters are unified in one substitution for the whole
// expression, and a final pass replaces what is still unbound with dyn.
#include "cel/check/checker.h"

#include <algorithm>
#include <optional>

#include "cel/check/unify.h"
#include "cel/internal/well_formed.h"

namespace kro::cel::check {

using syntax::Expr;
using syntax::ExprKind;
using types::Type;
using types::TypeKind;

namespace {

// "a.b.c" for a chain of plain selections rooted at an identifier.
std::optional<std::string> qualified_name(const Expr& e) {
  if (e.is(ExprKind::kIdent)) return e.ident().name;
  if (e.is(ExprKind::kSelect) && !e.select().test_only && e.select().operand) {
    auto prefix = qualified_name(*e.select().operand);
    if (!prefix) return std::nullopt;
    return *prefix + "." + e.select().field;
  }
  return std::nullopt;
}

// cel-go's FormatCELType for error messages.
std::string format_type(const Type& t) { return t.to_string(); }

std::string format_args(const std::vector<Type>& args, bool receiver) {
  std::string out;
  size_t i = 0;
  if (receiver && !args.empty()) {
    out += format_type(args[0]) + ".";
    i = 1;
  }
  out += "(";
  for (size_t k = i; k < args.size(); ++k) {
    if (k > i) out += ", ";
    out += format_type(args[k]);
  }
  out += ")";
  return out;
}

class Checker {
 public:
  Checker(const CheckEnv& env, CheckedExpr& out) : env_(env), out_(out) {}

  void run() {
    const Expr& root = *out_.parsed.expr;
    check(root);
    Substitution::Memo memo;
    for (auto& [id, t] : out_.types) t = subs_.apply_final(t, true, memo);
    out_.result_type = out_.type_of(root.id);
  }

  std::vector<syntax::ParseIssue> take_issues() { return std::move(issues_); }
  CheckStats stats() const {
    return CheckStats{nodes_visited_, subs_.work(), static_cast<uint64_t>(subs_.size())};
  }

 private:
  // --- bookkeeping ---

  void set_type(const Expr& e, Type t) { out_.types.insert_or_assign(e.id, std::move(t)); }
  Type get_type(const Expr& e) const { return out_.type_of(e.id); }
  void report(int64_t id, std::string message) {
    issues_.push_back({std::move(message), out_.parsed.source_info.location_of_id(id)});
  }
  bool is_assignable(const Type& from, const Type& to) { return assign(subs_, from, to); }

  Type new_type_var() { return Type::param("_var" + std::to_string(next_var_++)); }

  void undeclared_reference(int64_t id, const std::string& name) {
    report(id, "undeclared reference to '" + name + "' (in container '" + env_.container + "')");
  }
  void type_mismatch(int64_t id, const Type& expected, const Type& found) {
    report(id, "expected type '" + format_type(subs_.apply(expected, true)) + "' but found '" +
                   format_type(subs_.apply(found, true)) + "'");
  }

  // --- names ---

  // cel-go ResolveCandidateNames: "x.y.a", "x.a", "a" for "a" in container "x.y".
  std::vector<std::string> candidates(const std::string& name) const {
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

  const Type* find_local(std::string_view name) const {
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
  std::optional<Ident> lookup_ident(const std::string& name) const {
    if (name.find('.') == std::string::npos) {
      if (const Type* t = find_local(name)) return Ident{name, *t};
    }
    for (const auto& c : candidates(name)) {
      if (const Type* t = env_.find_variable(c)) return Ident{c, *t};
    }
    return std::nullopt;
  }

  std::optional<std::pair<std::string, std::vector<const FunctionDecl*>>> lookup_function(
      const std::string& name) const {
    for (const auto& c : candidates(name)) {
      auto decls = env_.find_function(c);
      if (!decls.empty()) return std::make_pair(c, std::move(decls));
    }
    return std::nullopt;
  }

  // --- nodes ---

  void check(const Expr& e) {
    ++nodes_visited_;
    switch (e.expr_kind()) {
      case ExprKind::kConstant:
        check_constant(e);
        return;
      case ExprKind::kIdent:
        check_ident(e);
        return;
      case ExprKind::kSelect:
        check_select(e);
        return;
      case ExprKind::kCall:
        check_call(e);
        return;
      case ExprKind::kList:
        check_list(e);
        return;
      case ExprKind::kMap:
        check_map(e);
        return;
      case ExprKind::kStruct:
        check_struct(e);
        return;
      case ExprKind::kComprehension:
        check_comprehension(e);
        return;
      case ExprKind::kUnspecified:
        report(e.id, "unexpected expression kind: unspecified");
        set_type(e, Type::error());
        return;
    }
  }

  void check_constant(const Expr& e) {
    using K = syntax::Constant::Kind;
    switch (e.constant().kind) {
      case K::kNull:
        set_type(e, Type::null());
        return;
      case K::kBool:
        set_type(e, Type::boolean());
        return;
      case K::kInt:
        set_type(e, Type::integer());
        return;
      case K::kUint:
        set_type(e, Type::uinteger());
        return;
      case K::kDouble:
        set_type(e, Type::dbl());
        return;
      case K::kString:
        set_type(e, Type::string());
        return;
      case K::kBytes:
        set_type(e, Type::bytes());
        return;
    }
  }

  void check_ident(const Expr& e) {
    const std::string& name = e.ident().name;
    if (auto id = lookup_ident(name)) {
      set_type(e, id->type);
      out_.references[e.id] = Reference{id->name, {}};
      return;
    }
    set_type(e, Type::error());
    undeclared_reference(e.id, name);
  }

  void check_select(const Expr& e) {
    const auto& sel = e.select();
    // A qualified name that denotes a declared variable wins over field selection.
    if (!sel.test_only) {
      if (auto q = qualified_name(e)) {
        // Only names whose root is not a comprehension variable may be qualified.
        std::string root = q->substr(0, q->find('.'));
        if (find_local(root) == nullptr) {
          if (auto id = lookup_ident(*q)) {
            set_type(e, id->type);
            out_.references[e.id] = Reference{id->name, {}};
            return;
          }
        }
      }
    }
    if (!sel.operand) {
      report(e.id, "malformed select: no operand");
      set_type(e, Type::error());
      return;
    }
    Type result = check_select_field(e, *sel.operand, sel.field, false);
    if (sel.test_only) result = Type::boolean();
    set_type(e, subs_.apply(result, false));
  }

  Type check_select_field(const Expr& e, const Expr& operand, const std::string& field,
                          bool optional) {
    check(operand);
    Type operand_type = subs_.apply(get_type(operand), false);
    bool was_optional = operand_type.is(TypeKind::kOptional);
    Type target = was_optional ? operand_type.elem() : operand_type;
    Type result = Type::error();
    switch (target.kind()) {
      case TypeKind::kMap:
        result = target.elem();
        break;
      case TypeKind::kObject: {
        const types::Field* f = target.object() ? target.object()->find_field(field) : nullptr;
        if (f != nullptr) {
          result = f->type;
        } else {
          report(e.id, "undefined field '" + field + "'");
        }
        break;
      }
      case TypeKind::kTypeParam:
        is_assignable(Type::dyn(), target);
        result = Type::dyn();
        break;
      default:
        if (!is_dyn_or_error(target)) {
          report(e.id, "type '" + format_type(target) + "' does not support field selection");
        }
        result = Type::dyn();
        break;
    }
    if (was_optional || optional) return Type::optional(result);
    return result;
  }

  void check_opt_select(const Expr& e) {
    const auto& call = e.call();
    if (call.args.size() != 2 || !call.args[1]->is(ExprKind::kConstant) ||
        call.args[1]->constant().kind != syntax::Constant::Kind::kString) {
      int64_t id = call.args.size() == 2 ? call.args[1]->id : e.id;
      report(id, "unsupported optional field selection");
      set_type(e, Type::error());
      return;
    }
    Type result = check_select_field(e, *call.args[0], call.args[1]->constant().string_value, true);
    set_type(e, subs_.apply(result, false));
    out_.references[e.id] = Reference{"_?._", {"select_optional_field"}};
  }

  void check_call(const Expr& e) {
    const auto& call = e.call();
    const std::string& fn = call.function;
    if (fn == syntax::op::kOptSelect) {
      check_opt_select(e);
      return;
    }
    for (const auto& a : call.args) check(*a);
    if (!call.target) {
      auto decl = lookup_function(fn);
      if (!decl) {
        undeclared_reference(e.id, fn);
        set_type(e, Type::error());
        return;
      }
      resolve_overload(e, decl->first, decl->second, nullptr);
      return;
    }
    // `ns.f(x)`: a namespaced global function when `ns.f` is declared.
    if (auto q = qualified_name(*call.target)) {
      std::string root = q->substr(0, q->find('.'));
      if (find_local(root) == nullptr) {
        if (auto decl = lookup_function(*q + "." + fn)) {
          resolve_overload(e, decl->first, decl->second, nullptr);
          return;
        }
      }
    }
    check(*call.target);
    auto decls = env_.find_function(fn);
    if (decls.empty()) {
      set_type(e, Type::error());
      undeclared_reference(e.id, fn);
      return;
    }
    resolve_overload(e, fn, decls, call.target.get());
  }

  bool overload_disabled(const std::string& function, const OverloadDecl& o) const {
    bool ordering = function.size() > 2 && (function[1] == '<' || function[1] == '>');
    return ordering && !env_.cross_type_numeric_comparisons &&
           is_cross_type_numeric_comparison(o.id);
  }

  // Instantiates the overload's type parameters with fresh type variables.
  void instantiate(const OverloadDecl& o, std::vector<Type>& params, Type& result) {
    params = o.params;
    result = o.result;
    if (o.type_params.empty()) return;
    Substitution fresh;
    for (const auto& p : o.type_params) fresh.bind(Type::param(p), new_type_var());
    for (auto& p : params) p = fresh.apply(p, false);
    result = fresh.apply(result, false);
  }

  void resolve_overload(const Expr& e, const std::string& name,
                        const std::vector<const FunctionDecl*>& decls, const Expr* target) {
    const auto& call = e.call();
    std::vector<Type> arg_types;
    std::vector<const Expr*> arg_exprs;
    if (target != nullptr) {
      arg_types.push_back(get_type(*target));
      arg_exprs.push_back(target);
    }
    for (const auto& a : call.args) {
      arg_types.push_back(get_type(*a));
      arg_exprs.push_back(a.get());
    }
    bool receiver = target != nullptr;
    std::optional<Type> result;
    Reference ref{name, {}};
    for (const FunctionDecl* decl : decls) {
      for (const OverloadDecl& o : decl->overloads) {
        if (o.receiver != receiver || overload_disabled(name, o)) continue;
        if (name == syntax::op::kLogicalAnd || name == syntax::op::kLogicalOr) {
          bool ok = true;
          for (size_t i = 0; i < arg_types.size(); ++i) {
            if (!is_assignable(arg_types[i], Type::boolean())) {
              type_mismatch(arg_exprs[i]->id, Type::boolean(), arg_types[i]);
              ok = false;
            }
          }
          if (!ok) {
            set_type(e, Type::error());
            return;
          }
          set_type(e, Type::boolean());
          out_.references[e.id] = Reference{name, {o.id}};
          return;
        }
        // Overloads without type parameters are matched against their declaration directly.
        std::vector<Type> fresh_params;
        Type ret = o.result;
        if (!o.type_params.empty()) instantiate(o, fresh_params, ret);
        const std::vector<Type>& params = o.type_params.empty() ? o.params : fresh_params;
        if (!assign_list(subs_, arg_types, params)) continue;
        ref.overload_ids.push_back(o.id);
        Type fn_result = subs_.apply(ret, false);
        if (!result) {
          result = fn_result;
        } else if (!result->is(TypeKind::kDyn) && !(fn_result == *result)) {
          result = Type::dyn();
        }
      }
    }
    if (!result) {
      for (auto& t : arg_types) t = subs_.apply(t, true);
      report(e.id, "found no matching overload for '" + name + "' applied to '" +
                       format_args(arg_types, receiver) + "'");
      set_type(e, Type::error());
      return;
    }
    set_type(e, *result);
    out_.references[e.id] = std::move(ref);
  }

  Type join_types(const Expr& e, const std::optional<Type>& previous, const Type& current) {
    if (!previous) return current;
    if (is_assignable(*previous, current)) return most_general(*previous, current);
    if (!env_.homogeneous_aggregate_literals) return Type::dyn();
    type_mismatch(e.id, *previous, current);
    return Type::error();
  }

  // `[?x]` / `{?k: x}`: the element is an optional whose value goes into the aggregate.
  Type unwrap_optional_element(const Expr& e, const Type& t) {
    if (t.is(TypeKind::kOptional)) return t.elem();
    if (!t.is(TypeKind::kDyn)) type_mismatch(e.id, Type::optional(t), t);
    return t;
  }

  void check_list(const Expr& e) {
    const auto& l = e.list();
    std::optional<Type> elems;
    for (size_t i = 0; i < l.elements.size(); ++i) {
      const Expr& el = *l.elements[i];
      check(el);
      Type t = get_type(el);
      if (std::find(l.optional_indices.begin(), l.optional_indices.end(),
                    static_cast<int32_t>(i)) != l.optional_indices.end()) {
        t = unwrap_optional_element(el, t);
      }
      elems = join_types(el, elems, t);
    }
    set_type(e, Type::list(elems ? *elems : new_type_var()));
  }

  void check_map(const Expr& e) {
    std::optional<Type> key;
    std::optional<Type> value;
    for (const auto& entry : e.map().entries) {
      check(*entry.key);
      key = join_types(*entry.key, key, get_type(*entry.key));
      check(*entry.value);
      Type v = get_type(*entry.value);
      if (entry.optional) v = unwrap_optional_element(*entry.value, v);
      value = join_types(*entry.value, value, v);
    }
    if (!key) {
      set_type(e, Type::map(new_type_var(), new_type_var()));
      return;
    }
    set_type(e, Type::map(*key, *value));
  }

  void check_struct(const Expr& e) {
    const auto& s = e.strct();
    Type result = Type::error();
    auto id = lookup_ident(s.message_name);
    if (!id) {
      undeclared_reference(e.id, s.message_name);
    } else {
      out_.references[e.id] = Reference{id->name, {}};
      if (!id->type.is(TypeKind::kType)) {
        if (!id->type.is(TypeKind::kError)) report(e.id, "'" + id->name + "' is not a type");
      } else if (id->type.elem().is(TypeKind::kObject)) {
        result = id->type.elem();
      } else {
        report(e.id, "'" + format_type(id->type.elem()) + "' is not a message type");
      }
    }
    for (const auto& f : s.fields) {
      check(*f.value);
      if (!result.is(TypeKind::kObject)) continue;
      const types::Field* field = result.object()->find_field(f.name);
      if (field == nullptr) {
        report(f.id, "undefined field '" + f.name + "'");
        continue;
      }
      Type want = f.optional ? Type::optional(field->type) : field->type;
      Type got = get_type(*f.value);
      if (!is_assignable(got, want)) {
        report(f.id, "expected type of field '" + f.name + "' is '" + format_type(want) +
                         "' but provided type is '" + format_type(got) + "'");
      }
    }
    set_type(e, result);
  }

  void check_comprehension(const Expr& e) {
    const auto& c = e.comprehension();
    if (!c.iter_range || !c.accu_init || !c.loop_condition || !c.loop_step || !c.result) {
      report(e.id, "malformed comprehension");
      set_type(e, Type::error());
      return;
    }
    check(*c.iter_range);
    check(*c.accu_init);
    Type range = subs_.apply(get_type(*c.iter_range), false);
    Type accu = get_type(*c.accu_init);
    scopes_.emplace_back();
    scopes_.back().emplace_back(c.accu_var, accu);
    bool two = !c.iter_var2.empty();
    Type var = Type::dyn();
    Type var2 = Type::dyn();
    switch (range.kind()) {
      case TypeKind::kList:
        var = range.elem();
        if (two) {
          var2 = var;
          var = Type::integer();
        }
        break;
      case TypeKind::kMap:
        var = range.key();
        var2 = range.elem();
        break;
      case TypeKind::kDyn:
      case TypeKind::kError:
      case TypeKind::kTypeParam:
        is_assignable(Type::dyn(), range);
        break;
      default:
        report(c.iter_range->id, "expression of type '" + format_type(range) +
                                     "' cannot be range of a comprehension (must be list, map, "
                                     "or dynamic)");
        var = Type::error();
        var2 = Type::error();
        break;
    }
    scopes_.emplace_back();
    scopes_.back().emplace_back(c.iter_var, var);
    if (two) scopes_.back().emplace_back(c.iter_var2, var2);
    check(*c.loop_condition);
    assert_type(*c.loop_condition, Type::boolean());
    check(*c.loop_step);
    assert_type(*c.loop_step, accu);
    scopes_.pop_back();
    check(*c.result);
    scopes_.pop_back();
    set_type(e, subs_.apply(get_type(*c.result), false));
  }

  void assert_type(const Expr& e, const Type& t) {
    Type got = get_type(e);
    if (!is_assignable(t, got)) type_mismatch(e.id, t, got);
  }

  const CheckEnv& env_;
  CheckedExpr& out_;
  Substitution subs_;
  int next_var_ = 0;
  uint64_t nodes_visited_ = 0;
  std::vector<std::vector<std::pair<std::string, Type>>> scopes_;
  std::vector<syntax::ParseIssue> issues_;
};

}  // namespace

CheckOutcome check_with_issues(syntax::ParsedExpr parsed, const CheckEnv& env) {
  CheckOutcome out;
  out.checked.parsed = std::move(parsed);
  if (!out.checked.parsed.expr) {
    out.issues.push_back({"no expression to check", {}});
    return out;
  }
  if (int64_t bad = first_malformed(*out.checked.parsed.expr); bad != 0) {
    out.issues.push_back({"malformed expression: a node is missing a required child",
                          out.checked.parsed.source_info.location_of_id(bad)});
    return out;
  }
  Checker checker(env, out.checked);
  checker.run();
  out.issues = checker.take_issues();
  out.stats = checker.stats();
  return out;
}

Result<CheckedExpr> check(syntax::ParsedExpr parsed, const CheckEnv& env) {
  CheckOutcome out = check_with_issues(std::move(parsed), env);
  if (out.issues.empty()) return std::move(out.checked);
  const auto& info = out.checked.parsed.source_info;
  const auto& first =
      *std::min_element(out.issues.begin(), out.issues.end(), [](const auto& a, const auto& b) {
        return a.location.line != b.location.line ? a.location.line < b.location.line
                                                  : a.location.column < b.location.column;
      });
  Error err(syntax::format_issues(out.issues, info),
            SourcePos{info.description, first.location.line, first.location.column});
  return err;
}

}  // namespace kro::cel::check

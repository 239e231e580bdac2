#include "cel/compiler.h"

#include <stdexcept>

#include "cel/lib/k8s/regex.h"
#include "cel/lib/kro/library_sets.h"
#include "cel/lib/library.h"
#include "cel/types/type.h"
#include "value/result.h"

namespace kro::cel {

namespace {

bool has_dynamic_parts(const types::Type& t) {
  if (t.is(types::TypeKind::kDyn) || t.is(types::TypeKind::kTypeParam) ||
      t.is(types::TypeKind::kError)) {
    return true;
  }
  for (const auto& p : t.params()) {
    if (has_dynamic_parts(p)) return true;
  }
  return false;
}

// Overload choices the planner may rely on: calls whose argument types are fully known.
// With a dyn argument the value's run-time kind decides (cel-go dispatches dynamically there
// too), so the planner keeps every candidate.
std::unordered_map<int64_t, std::vector<std::string>> plannable_overloads(
    const check::CheckedExpr& checked) {
  std::unordered_map<int64_t, std::vector<std::string>> out;
  syntax::walk(*checked.parsed.expr, [&](const syntax::Expr& e) {
    if (!e.is(syntax::ExprKind::kCall)) return true;
    auto ref = checked.references.find(e.id);
    if (ref == checked.references.end() || ref->second.overload_ids.empty()) return true;
    const auto& call = e.call();
    bool concrete = !call.target || !has_dynamic_parts(checked.type_of(call.target->id));
    for (const auto& a : call.args) {
      if (has_dynamic_parts(checked.type_of(a->id))) concrete = false;
    }
    if (concrete) out.emplace(e.id, ref->second.overload_ids);
    return true;
  });
  return out;
}

// The Kubernetes Regex library compiles constant patterns of find/findAll when the program is
// built (cel-go OptimizeRegex), so a bad literal is a compile error, not an evaluation error.
Status validate_regex_literals(const check::CheckedExpr& checked) {
  Status status;
  syntax::walk(*checked.parsed.expr, [&](const syntax::Expr& e) {
    if (!status.ok()) return false;
    if (!e.is(syntax::ExprKind::kCall)) return true;
    const auto& call = e.call();
    if (!call.target || call.args.empty() ||
        (call.function != "find" && call.function != "findAll")) {
      return true;
    }
    auto ref = checked.references.find(e.id);
    if (ref == checked.references.end()) return true;
    bool regex_overload = false;
    for (const auto& id : ref->second.overload_ids) {
      if (id.rfind("string_find", 0) == 0) regex_overload = true;
    }
    const syntax::Expr& pattern = *call.args[0];
    if (!regex_overload || !pattern.is(syntax::ExprKind::kConstant) ||
        pattern.constant().kind != syntax::Constant::Kind::kString) {
      return true;
    }
    auto re = k8s::compile_go_regex(pattern.constant().string_value);
    if (!re) {
      const auto& info = checked.parsed.source_info;
      syntax::Location loc = info.location_of_id(pattern.id);
      status = Error("program instantiation failed: " + re.error().message,
                     SourcePos{info.description, loc.line, loc.column});
    }
    return true;
  });
  return status;
}

Result<syntax::ParsedExpr> parse(const BaseEnv& base, const CompileEnv& env,
                                 std::string_view source) {
  const CompileLimits defaults;
  if (env.limits.max_recursion_depth == defaults.max_recursion_depth &&
      env.limits.expression_size_code_point_limit == defaults.expression_size_code_point_limit) {
    return base.parser().parse(source, env.description);
  }
  syntax::ParserOptions opts;
  opts.max_recursion_depth = env.limits.max_recursion_depth;
  opts.expression_size_code_point_limit = env.limits.expression_size_code_point_limit;
  return syntax::Parser(base.macros(), opts).parse(source, env.description);
}

}  // namespace

Result<std::shared_ptr<const BaseEnv>> BaseEnv::make(const std::vector<std::string>& libraries,
                                                     syntax::MacroRegistry macros) {
  auto reg = std::make_shared<FunctionRegistry>();
  auto decls = std::make_shared<check::Declarations>();
  std::vector<std::string> names = {"std"};
  for (const auto& l : libraries) {
    if (l != "std") names.push_back(l);
  }
  for (const auto& n : names) {
    KRO_RETURN_IF_ERROR(lib::register_library(*reg, n));
    KRO_RETURN_IF_ERROR(lib::declare_library(*decls, n));
  }
  std::shared_ptr<BaseEnv> env(new BaseEnv());
  env->registry_ = std::move(reg);
  env->decls_ = std::move(decls);
  env->macros_ = std::move(macros);
  env->parser_ = std::make_shared<const syntax::Parser>(env->macros_);
  // Type identifiers beyond the built-in ones, as declared for the checker.
  for (const auto& [name, type] : env->decls_->variables()) {
    if (type.is(types::TypeKind::kType) && type.elem().is(types::TypeKind::kOpaque)) {
      env->type_names_.push_back(name);
    }
  }
  return std::shared_ptr<const BaseEnv>(std::move(env));
}

std::shared_ptr<const BaseEnv> BaseEnv::kro() {
  static const std::shared_ptr<const BaseEnv> kEnv = [] {
    auto env = make(lib::kro_library_names());
    // The library tables are compiled in; failing to build them is a programming error.
    if (!env) throw std::logic_error("kro CEL environment: " + env.error().message);
    return *env;
  }();
  return kEnv;
}

Result<check::CheckedExpr> check_source(std::string_view source, const CompileEnv& env) {
  std::shared_ptr<const BaseEnv> base = env.base ? env.base : BaseEnv::kro();
  KRO_ASSIGN_OR_RETURN(auto parsed, parse(*base, env, source));
  check::CheckEnv cenv(base->declarations());
  cenv.container = env.container;
  for (const auto& [name, type] : env.variables) cenv.add_variable(name, type);
  return check::check(std::move(parsed), cenv);
}

Result<eval::Program> plan_checked(const check::CheckedExpr& checked, const BaseEnv& base,
                                   const std::string& container) {
  KRO_RETURN_IF_ERROR(validate_regex_literals(checked));
  auto overloads = plannable_overloads(checked);
  eval::PlanOptions opts;
  opts.container = container;
  opts.overload_ids = &overloads;
  opts.type_names = base.type_names();
  return eval::plan(*checked.parsed.expr, base.registry(), opts);
}

Result<CompiledExpr> compile(std::string_view source, const CompileEnv& env) {
  std::shared_ptr<const BaseEnv> base = env.base ? env.base : BaseEnv::kro();
  KRO_ASSIGN_OR_RETURN(auto checked, check_source(source, env));
  auto shared = std::make_shared<const check::CheckedExpr>(std::move(checked));
  KRO_ASSIGN_OR_RETURN(auto program, plan_checked(*shared, *base, env.container));
  return CompiledExpr{shared, shared->result_type, std::move(program)};
}

}  // namespace kro::cel

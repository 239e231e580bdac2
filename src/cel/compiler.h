// One-call CEL compilation: parse + type-check + plan, the way kro compiles every expression of
// a ResourceGraphDefinition.
//
//   CompileEnv env;                                   // kro's full library set, no variables
//   env.variables["schema"] = schema_type;            // cel::types::Type, e.g. from OpenAPI
//   env.variables["deployment"] = types::Type::dyn();
//   Result<CompiledExpr> c = compile("schema.spec.replicas + 1", env);
//   if (!c) report(c.error());                        // cel-go wording, caret rendering
//   c->output_type.to_string();                        // "int"
//   Value v = c->program.eval(activation);
//
// The libraries (function implementations, their checker declarations, type names, macros) live
// in a BaseEnv that is built once and shared: a CompileEnv only adds its container and
// variables on top, so per-expression environments are cheap and never copy function tables.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "cel/check/checker.h"
#include "cel/check/decls.h"
#include "cel/common/function_registry.h"
#include "cel/eval/program.h"
#include "cel/lib/kro/library_sets.h"
#include "cel/syntax/parser.h"
#include "cel/types/type.h"
#include "value/result.h"

namespace kro::cel {

// The shared, immutable part of an environment. Thread-safe to share.
class BaseEnv {
 public:
  // kro's environment: "std" plus lib::kro_library_names(), every macro kro enables. Built on
  // first use (thread-safe) and cached.
  static std::shared_ptr<const BaseEnv> kro();
  // An environment of exactly the named libraries (lib::register_library names); "std" is
  // always included. Errors name an unknown library.
  static Result<std::shared_ptr<const BaseEnv>> make(
      const std::vector<std::string>& libraries,
      syntax::MacroRegistry macros = syntax::MacroRegistry(lib::kro_macros()));

  const std::shared_ptr<const FunctionRegistry>& registry() const { return registry_; }
  const std::shared_ptr<const check::Declarations>& declarations() const { return decls_; }
  const syntax::MacroRegistry& macros() const { return macros_; }
  // A parser with these macros and the default limits (shared; Parser is immutable).
  const syntax::Parser& parser() const { return *parser_; }
  // Type names identifiers may denote beyond CEL's built-in ones (net.IP, kubernetes.Quantity).
  const std::vector<std::string>& type_names() const { return type_names_; }

 private:
  BaseEnv() = default;
  std::shared_ptr<const FunctionRegistry> registry_;
  std::shared_ptr<const check::Declarations> decls_;
  syntax::MacroRegistry macros_;
  std::shared_ptr<const syntax::Parser> parser_;
  std::vector<std::string> type_names_;
};

struct CompileLimits {
  // cel-go parser defaults.
  int max_recursion_depth = 250;
  int expression_size_code_point_limit = 100000;
};

struct CompileEnv {
  std::shared_ptr<const BaseEnv> base;  // null: BaseEnv::kro()
  std::string container;                // name-resolution namespace, e.g. "com.example"
  std::map<std::string, types::Type, std::less<>> variables;  // name -> declared type
  CompileLimits limits;
  std::string description = "<input>";  // shown in error messages ("<input>:1:5: ...")
};

struct CompiledExpr {
  // The checked AST with per-node types and references (identifiers -> resolved names,
  // calls -> overload ids). Shared so that copies of a CompiledExpr stay cheap.
  std::shared_ptr<const check::CheckedExpr> checked;
  types::Type output_type;
  eval::Program program;

  const syntax::Expr& ast() const { return *checked->parsed.expr; }
  const std::unordered_map<int64_t, check::Reference>& references() const {
    return checked->references;
  }
};

// Parse, check and plan `source`. The error message renders every parse or check issue as
// cel-go does; Error::pos is the first issue's line:column (file = env.description).
Result<CompiledExpr> compile(std::string_view source, const CompileEnv& env);

// Parse and check only (no program), e.g. for validation that wants the types.
Result<check::CheckedExpr> check_source(std::string_view source, const CompileEnv& env);

// Plans an already checked expression against `base`'s functions. The planner is told the
// checker's overload choice for calls whose argument types are fully known (no dyn, no type
// parameter); other calls dispatch on the run-time argument kinds, as cel-go's do.
Result<eval::Program> plan_checked(const check::CheckedExpr& checked, const BaseEnv& base,
                                   const std::string& container);

}  // namespace kro::cel

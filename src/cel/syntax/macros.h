// Parse-time macros. A macro is matched by function name, argument count and call style
// (global `f(x)` or receiver `x.f(y)`); its expander rewrites the call into plain AST (usually a
// Comprehension). Macros come in libraries that an environment switches on or off by choosing
// which ones go into the MacroRegistry handed to the parser:
//   standard_macros()              has, all, exists, exists_one, map (2 and 3 args), filter
//   two_var_comprehension_macros() all/exists/existsOne/exists_one with two variables,
//                                  transformList, transformMap, transformMapEntry (cel-go ext)
//   bindings_macros()              cel.bind (cel-go ext.Bindings)
//   optional_macros()              optMap, optFlatMap (cel-go OptionalTypes)
//   lists_macros()                 sortBy (cel-go ext.Lists, over `@sortByAssociatedKeys`)
// This file is the generic mechanism; a library's own macros live with the library (kro's
// runtime.newCondition: lib/kro/runtime_macros.cc).
// Expansions and error messages follow cel-go exactly (accumulator `@result`).
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "cel/syntax/ast.h"

namespace kro::cel::syntax {

// What an expander may ask of the parser.
class MacroContext {
 public:
  virtual ~MacroContext() = default;
  // A fresh node id, positioned at the macro call.
  virtual int64_t next_id() = 0;
  // A deep copy with fresh ids (positions copied from the originals).
  virtual ExprPtr copy(const Expr& e) = 0;
  // Records an error located at node `id`; returns a placeholder to return from the expander.
  virtual ExprPtr report_error(int64_t id, std::string message) = 0;
  // The accumulator variable name ("@result").
  virtual std::string_view accumulator_name() const = 0;

  // Builders; every node gets NextId().
  ExprPtr ident(std::string_view name);
  ExprPtr accu_ident() { return ident(accumulator_name()); }
  ExprPtr boolean(bool v);
  ExprPtr integer(int64_t v);
  ExprPtr list(std::vector<ExprPtr> elems = {});
  ExprPtr map();
  ExprPtr call(std::string_view fn, std::vector<ExprPtr> args);
  ExprPtr member_call(std::string_view fn, ExprPtr target, std::vector<ExprPtr> args);
  ExprPtr comprehension(std::string iter_var, std::string iter_var2, ExprPtr range,
                        std::string accu_var, ExprPtr init, ExprPtr cond, ExprPtr step,
                        ExprPtr result);
};

// Returns the expansion, or null to leave the call as an ordinary call (then `target` and `args`
// must be left untouched). On a usage error, return ctx.ReportError(...).
using MacroExpander =
    std::function<ExprPtr(MacroContext& ctx, ExprPtr& target, std::vector<ExprPtr>& args)>;

struct Macro {
  std::string function;
  int arg_count = 0;  // -1: any number of arguments
  bool receiver = false;
  MacroExpander expand;
};

class MacroRegistry {
 public:
  MacroRegistry() = default;
  explicit MacroRegistry(const std::vector<Macro>& macros) { add(macros); }
  void add(const Macro& m);
  void add(const std::vector<Macro>& macros) {
    for (const auto& m : macros) add(m);
  }
  // The macro for a call, or nullptr; an exact argument count wins over a var-arg macro.
  const Macro* find(std::string_view function, size_t arg_count, bool receiver) const;
  bool empty() const { return macros_.empty(); }

 private:
  struct NameHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
  };
  // By function name; the few overloads of one name are scanned.
  std::unordered_map<std::string, std::vector<Macro>, NameHash, std::equal_to<>> macros_;
};

std::vector<Macro> standard_macros();
std::vector<Macro> two_var_comprehension_macros();
std::vector<Macro> bindings_macros();
std::vector<Macro> optional_macros();
std::vector<Macro> lists_macros();
// Every macro above (CEL's and its extensions'). Library-specific macros such as kro's
// runtime.newCondition live with their library (lib::kro_macros() is kro's whole set).
std::vector<Macro> generic_macros();

}  // namespace kro::cel::syntax

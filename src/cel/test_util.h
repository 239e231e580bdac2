// Helpers shared by the cel tests: kro's CEL environment (declarations for the checker,
// functions for evaluation), each built once per test binary.
#pragma once

#include <gtest/gtest.h>

#include <memory>

#include "cel/check/decls.h"
#include "cel/common/function_registry.h"
#include "cel/eval/program.h"
#include "cel/lib/kro/library_sets.h"
#include "cel/lib/library.h"
#include "cel/syntax/parser.h"

namespace kro::cel::testing {

// The declarations of kro's environment (what the controller's checker sees).
inline std::shared_ptr<const check::Declarations> kro_decls() {
  static const std::shared_ptr<const check::Declarations> kDecls = [] {
    auto d = std::make_shared<check::Declarations>();
    auto st = lib::declare_kro_environment(*d);
    EXPECT_TRUE(st.ok()) << (st.ok() ? "" : st.error().message);
    return std::shared_ptr<const check::Declarations>(d);
  }();
  return kDecls;
}

// The functions of kro's environment (what the controller's programs run with).
inline std::shared_ptr<const FunctionRegistry> kro_registry() {
  static const std::shared_ptr<const FunctionRegistry> kRegistry = [] {
    auto r = std::make_shared<FunctionRegistry>();
    EXPECT_TRUE(lib::register_kro_environment(*r).ok());
    return std::shared_ptr<const FunctionRegistry>(r);
  }();
  return kRegistry;
}

// expr parsed, planned with kro's registry and type names, and evaluated against act; a parse or
// plan failure comes back as an error value carrying its message (as conformance cases expect).
inline Value parse_plan_eval(std::string_view expr, const eval::Activation& act) {
  static const syntax::Parser parser;
  auto parsed = parser.parse(expr);
  if (!parsed.ok()) return Value::error(parsed.error().message);
  eval::PlanOptions opts;
  opts.type_names = lib::kro_type_names();
  auto program = eval::plan(*parsed->expr, kro_registry(), opts);
  if (!program.ok()) return Value::error(program.error().message);
  return program->eval(act);
}

}  // namespace kro::cel::testing

// One CEL library in one place. A library (lib/<family>/) exports everything an environment needs
// from it together, as cel-cpp's extensions do: its name, its checker declarations, its runtime
// overloads, its parser macros and the cost rules of its overloads. The environment (compiler.cc,
// library_sets.h) enables libraries by name from libraries(); check/, eval/, syntax/ and cost/
// hold only the mechanisms.
//
// Cost: a call costs one unit unless its library says otherwise. Each library states the rule for
// its own overloads (as the Kubernetes API server and cel-go charge them), and the planner and the
// estimator find it through cost::classify_call, which reads every library's table. Where two
// libraries declare a function of the same name (indexOf in ext.strings and k8s.lists), each rule
// names its own overload ids.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cel/check/decls.h"
#include "cel/common/function_registry.h"
#include "cel/cost/cost_model.h"
#include "cel/syntax/macros.h"
#include "value/result.h"

namespace kro::cel::lib {

struct LibraryDefinition {
  std::string_view name;  // "std", "ext.strings", "k8s.quantity", "kro.runtime", ...
  // Checker declarations: overloads (cel-go / Kubernetes / kro overload ids) and type names.
  Status (*declare)(check::Declarations& decls) = nullptr;
  // Runtime overloads, under the same overload ids.
  Status (*register_functions)(FunctionRegistry& reg) = nullptr;
  // Parser macros of the library (nullptr: none). Macros of cel-go's own libraries are in
  // syntax::generic_macros().
  std::vector<syntax::Macro> (*macros)() = nullptr;
  // Run-time cost rules of the overloads not charged one unit, first match wins (nullptr: every
  // call costs one unit). See cost::CallCostRule.
  std::span<const cost::CallCostRule> (*call_costs)() = nullptr;
};

// Every library, "std" first, then the others in the order kro's environment enables them.
const std::vector<LibraryDefinition>& libraries();

// The library named `name`, or nullptr.
const LibraryDefinition* find_library(std::string_view name);

// Declares one library's checker signatures, by name; an error for an unknown name.
Status declare_library(check::Declarations& decls, std::string_view name);

// "std" and every library kro enables: the checker half of kro's environment.
Status declare_kro_environment(check::Declarations& decls);

// Comparable element types of the list libraries (sort, isSorted, min, max): (signature text,
// name in overload ids), e.g. ("duration", "google.protobuf.Duration").
const std::vector<std::pair<std::string, std::string>>& comparable_element_types();

}  // namespace kro::cel::lib

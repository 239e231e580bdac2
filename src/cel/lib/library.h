// One CEL library in one place. A library (lib/<family>/) exports everything an environment needs
// from it together, as cel-cpp's extensions do: its name, its checker declarations, its runtime
// overloads and its parser macros. The environment (compiler.cc, library_sets.h) enables
// libraries by name from libraries(); check/, eval/ and syntax/ hold only the mechanisms.
//
// Cost: the estimator (cost/) charges calls by function name and overload id as the Kubernetes
// API server does; its name-based rules span libraries (indexOf is charged the same in ext.strings
// and k8s.lists), so they stay in cost/cost_model.cc.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cel/check/decls.h"
#include "cel/common/function_registry.h"
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

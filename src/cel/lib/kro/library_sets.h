// kro's CEL environment as named library sets. Each library registers its functions into a
// FunctionRegistry under cel-go's (or Kubernetes', or kro's) names and overload ids; an
// environment enables exactly the set it needs, by name.
//
// Names: "std" (cel-go StdLib and OptionalTypes, celeval's), "ext.strings", "ext.lists",
// "ext.encoders", "k8s.lists", "k8s.urls", "k8s.regex", "k8s.quantity", "k8s.ip", "k8s.cidr",
// "k8s.semver", "kro.random", "kro.maps", "kro.json", "kro.hash", "kro.lists", "kro.omit".
// Macro-only libraries (ext.Bindings, ext.TwoVarComprehensions, the optMap macros) live in the
// parser's generic macro table and have no runtime functions; kro.runtime's macro lives with it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "cel/common/function_registry.h"
#include "cel/syntax/macros.h"
#include "value/result.h"

namespace kro::cel::lib {

// Registers one named library; an error for an unknown name.
Status register_library(FunctionRegistry& reg, std::string_view name);

// The libraries kro's BaseDeclarations enables, in its order (without "std").
const std::vector<std::string>& kro_library_names();

// "std" plus every library kro enables: the runtime half of kro's environment.
Status register_kro_environment(FunctionRegistry& reg);

// Every parser macro kro's environment enables: the generic ones (syntax::generic_macros()) and
// the libraries' own (runtime.newCondition).
std::vector<syntax::Macro> kro_macros();

// Type names that identifiers may denote in kro's environment (net.IP, kubernetes.Quantity, ...).
std::vector<std::string> kro_type_names();

}  // namespace kro::cel::lib

// cel-go's extension libraries that kro enables, at their latest versions, registered into a
// FunctionRegistry under cel-go's names and overload ids: Strings (ext/strings.go), Lists
// (ext/lists.go) and Encoders (ext/encoders.go). Bindings and TwoVarComprehensions are macros
// (the parser's); `sortBy` is a macro over `@sortByAssociatedKeys`, registered here.
//
// The element-typed sort overloads (list_int_sort, list_string_sort, ...) all take a list at run
// time; the family is registered once with an implementation for every comparable kind.
#pragma once

#include <span>

#include "cel/check/decls.h"
#include "cel/common/function_registry.h"
#include "cel/cost/cost_model.h"
#include "value/result.h"

namespace kro::cel::lib {

Status register_ext_strings(FunctionRegistry& reg);
Status register_ext_lists(FunctionRegistry& reg);
Status register_ext_encoders(FunctionRegistry& reg);

// Their checker declarations (ext_decls.cc).
Status declare_ext_strings(check::Declarations& decls);
Status declare_ext_lists(check::Declarations& decls);
Status declare_ext_encoders(check::Declarations& decls);
// The cost rules of Strings (strings_costs.cc); Lists and Encoders charge one unit per call.
std::span<const cost::CallCostRule> ext_strings_call_costs();

}  // namespace kro::cel::lib

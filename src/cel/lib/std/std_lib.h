// The CEL standard library (cel-spec "List of Standard Definitions", cel-go StdLib) and cel-go's
// OptionalTypes functions, registered into a FunctionRegistry under cel-go's names and overload
// ids.
//
// What is not here: `&&`, `||`, `_?_:_`, `_[_]`, `_[?_]`, `_?._` and field selection are
// evaluated by the interpreter itself (they need short-circuiting or error absorption); the
// macros belong to the parser.
#pragma once

#include <span>

#include "cel/check/decls.h"
#include "cel/common/function_registry.h"
#include "cel/cost/cost_model.h"
#include "value/result.h"

namespace kro::cel::lib {

// Everything below.
Status register_standard_library(FunctionRegistry& reg);
// Its checker declarations (std_decls.cc), with the standard type identifiers (int, list,
// google.protobuf.Timestamp, ...).
Status declare_standard_library(check::Declarations& decls);
// Its cost rules (std_costs.cc): cel-go's defaults, by overload id, for the calls that traverse
// strings, bytes or lists.
std::span<const cost::CallCostRule> standard_library_call_costs();

// `_+_ _-_ _*_ _/_ _%_ -_` with int64/uint64 overflow errors, string/bytes/list concatenation,
// timestamp and duration arithmetic.
Status register_arithmetic(FunctionRegistry& reg);
// `_==_ _!=_ _<_ _<=_ _>_ _>=_`, heterogeneous numeric comparison at run time.
Status register_comparisons(FunctionRegistry& reg);
// `!_`, `@not_strictly_false`, `@in`, size().
Status register_logic_and_containers(FunctionRegistry& reg);
// contains, startsWith, endsWith, matches (RE2).
Status register_string_functions(FunctionRegistry& reg);
// int() uint() double() string() bytes() bool() timestamp() duration() dyn() type().
Status register_conversions(FunctionRegistry& reg);
// Timestamp and duration accessors getFullYear() ... getMilliseconds(), with time zones.
Status register_time_functions(FunctionRegistry& reg);
// cel-go OptionalTypes (latest version): optional.of/ofNonZeroValue/none, value(), hasValue(),
// or(), orValue(), optional.unwrap(), unwrapOpt(), first(), last().
Status register_optional_functions(FunctionRegistry& reg);

}  // namespace kro::cel::lib

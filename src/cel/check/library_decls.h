// Internal to src/cel/check: the per-library declaration tables behind DeclareLibrary().
#pragma once

#include <string_view>

#include "cel/check/decls.h"
#include "value/result.h"

namespace kro::cel::check {

Status declare_std(Declarations& decls);
// ext.strings, ext.lists, ext.encoders, k8s.*, kro.*: one table per library name.
Status declare_extension(Declarations& decls, std::string_view name);
// The library names DeclareExtension knows.
bool is_known_extension(std::string_view name);

// cel-go's cross-type numeric comparison overloads (less_int64_double, ...), which the checker
// leaves out unless CheckEnv::cross_type_numeric_comparisons is set.
bool is_cross_type_numeric_comparison(std::string_view overload_id);

}  // namespace kro::cel::check

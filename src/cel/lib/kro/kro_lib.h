// kro's own CEL libraries (kro pkg/cel/library), registered under kro's names and overload ids:
// Random, Maps, JSON, Hash, Lists and Omit. The Runtime conditions library is in runtime_lib.h.
#pragma once

#include "cel/check/decls.h"
#include "cel/common/function_registry.h"
#include "cel/common/value.h"
#include "value/result.h"

namespace kro::cel::lib {

Status register_kro_random(FunctionRegistry& reg);
Status register_kro_maps(FunctionRegistry& reg);
Status register_kro_json(FunctionRegistry& reg);
Status register_kro_hash(FunctionRegistry& reg);
Status register_kro_lists(FunctionRegistry& reg);
Status register_kro_omit(FunctionRegistry& reg);

// Their checker declarations (kro_decls.cc).
Status declare_kro_random(check::Declarations& decls);
Status declare_kro_maps(check::Declarations& decls);
Status declare_kro_json(check::Declarations& decls);
Status declare_kro_hash(check::Declarations& decls);
Status declare_kro_lists(check::Declarations& decls);
Status declare_kro_omit(check::Declarations& decls);

// The omit() sentinel (type kro.omit) and its test: kro's resolver removes a field whose value
// is this sentinel.
Value omit_value();
bool is_omit(const Value& v);

}  // namespace kro::cel::lib

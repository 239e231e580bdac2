// kro's own CEL libraries (kro pkg/cel/library), registered under kro's names and overload ids:
// Random, Maps, JSON, Hash, Lists and Omit. The Runtime conditions library is in runtime_lib.h.
#pragma once

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

// The omit() sentinel (type kro.omit) and its test: kro's resolver removes a field whose value
// is this sentinel.
Value omit_value();
bool is_omit(const Value& v);

}  // namespace kro::cel::lib

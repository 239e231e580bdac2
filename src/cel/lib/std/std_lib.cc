#include "cel/lib/std/std_lib.h"

#include "cel/internal/std_lib_shorthands.h"
#include "value/result.h"

namespace kro::cel::lib {

Status register_standard_library(FunctionRegistry& reg) {
  KRO_RETURN_IF_ERROR(register_arithmetic(reg));
  KRO_RETURN_IF_ERROR(register_comparisons(reg));
  KRO_RETURN_IF_ERROR(register_logic_and_containers(reg));
  KRO_RETURN_IF_ERROR(register_string_functions(reg));
  KRO_RETURN_IF_ERROR(register_conversions(reg));
  KRO_RETURN_IF_ERROR(register_time_functions(reg));
  KRO_RETURN_IF_ERROR(register_optional_functions(reg));
  return {};
}

}  // namespace kro::cel::lib

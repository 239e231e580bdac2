#include "cel/lib/std/std_lib.h"

#include "cel/lib/std/internal.h"

namespace kro::cel::lib {

Status register_standard_library(FunctionRegistry& reg) {
  KRO_CEL_TRY(register_arithmetic(reg));
  KRO_CEL_TRY(register_comparisons(reg));
  KRO_CEL_TRY(register_logic_and_containers(reg));
  KRO_CEL_TRY(register_string_functions(reg));
  KRO_CEL_TRY(register_conversions(reg));
  KRO_CEL_TRY(register_time_functions(reg));
  KRO_CEL_TRY(register_optional_functions(reg));
  return {};
}

}  // namespace kro::cel::lib

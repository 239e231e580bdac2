// The standard library's cost rules: cel-go's run-time defaults (interpreter/runtimecost.go),
// which go by overload id. Overload ids are unique in an environment (FunctionRegistry::add
// refuses a second one), so these rules match the id alone.
#include <array>
#include <span>

#include "cel/cost/cost_model.h"
#include "cel/lib/std/std_lib.h"

namespace kro::cel::lib {

std::span<const cost::CallCostRule> standard_library_call_costs() {
  using cost::CallCost;
  static constexpr auto kRules = std::to_array<cost::CallCostRule>({
      // One pass over the receiver: the prefix or suffix test, the conversion.
      {"", "starts_with_string", CallCost::kTraverseFirst},
      {"", "ends_with_string", CallCost::kTraverseFirst},
      {"", "string_to_bytes", CallCost::kTraverseFirst},
      {"", "bytes_to_string", CallCost::kTraverseFirst},
      // `x in list` compares x with every element.
      {"", "in_list", CallCost::kInList},
      // Comparisons stop at the end of the shorter operand.
      {"", "less_string", CallCost::kCompareMin},
      {"", "greater_string", CallCost::kCompareMin},
      {"", "less_equals_string", CallCost::kCompareMin},
      {"", "greater_equals_string", CallCost::kCompareMin},
      {"", "less_bytes", CallCost::kCompareMin},
      {"", "greater_bytes", CallCost::kCompareMin},
      {"", "less_equals_bytes", CallCost::kCompareMin},
      {"", "greater_equals_bytes", CallCost::kCompareMin},
      {"", "equals", CallCost::kCompareMin},
      {"", "not_equals", CallCost::kCompareMin},
      // Concatenation copies both operands.
      {"", "add_string", CallCost::kConcat},
      {"", "add_bytes", CallCost::kConcat},
      {"", "matches_string", CallCost::kRegex},
      {"", "contains_string", CallCost::kContains},
  });
  return kRules;
}

}  // namespace kro::cel::lib

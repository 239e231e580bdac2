// The cost rules of cel-go's Strings extension, as the Kubernetes API server charges them: its
// library estimator (apiserver pkg/cel/library/cost.go) goes by function name and so covers these
// functions too. indexOf and lastIndexOf are also k8s.lists functions, with the same charge; the
// rules name the string overloads so that they stay this library's.
#include <array>
#include <span>

#include "cel/cost/cost_model.h"
#include "cel/lib/ext/ext_lib.h"

namespace kro::cel::lib {

std::span<const cost::CallCostRule> ext_strings_call_costs() {
  using cost::CallCost;
  static constexpr auto kRules = std::to_array<cost::CallCostRule>({
      // The API server charges them as a traversal of the receiver (0.1 per byte, truncated).
      {"indexOf", "string_index_of_string", CallCost::kTraverseTree},
      {"indexOf", "string_index_of_string_int", CallCost::kTraverseTree},
      {"lastIndexOf", "string_last_index_of_string", CallCost::kTraverseTree},
      {"lastIndexOf", "string_last_index_of_string_int", CallCost::kTraverseTree},
      {"lowerAscii", "", CallCost::kTraverseFirst},
      {"upperAscii", "", CallCost::kTraverseFirst},
      {"substring", "", CallCost::kTraverseFirst},
      {"trim", "", CallCost::kTraverseFirst},
      // They read the receiver and write about as much again.
      {"replace", "", CallCost::kTraverseFirst2x},
      {"split", "", CallCost::kTraverseFirst2x},
      // By the size of the string it builds.
      {"join", "", CallCost::kJoin},
  });
  return kRules;
}

}  // namespace kro::cel::lib

// The cost rules of the Kubernetes libraries: the API server's library estimator
// (pkg/cel/library/cost.go), which goes by function name. A rule names overload ids only where
// another library declares the same function name: indexOf and lastIndexOf (ext.strings), ip
// (k8s.ip's string_to_ip, k8s.cidr's cidr_ip).
#include <array>
#include <span>

#include "cel/cost/cost_model.h"
#include "cel/lib/k8s/k8s_lib.h"

namespace kro::cel::lib {

using cost::CallCost;
using cost::CallCostRule;

std::span<const CallCostRule> k8s_lists_call_costs() {
  // A walk over the list's data tree (every element, every character of string elements).
  static constexpr auto kRules = std::to_array<CallCostRule>({
      {"isSorted", "", CallCost::kTraverseTree},
      {"sum", "", CallCost::kTraverseTree},
      {"max", "", CallCost::kTraverseTree},
      {"min", "", CallCost::kTraverseTree},
      {"indexOf", "list_a_index_of_int", CallCost::kTraverseTree},
      {"lastIndexOf", "list_a_last_index_of_int", CallCost::kTraverseTree},
  });
  return kRules;
}

std::span<const CallCostRule> k8s_urls_call_costs() {
  static constexpr auto kRules = std::to_array<CallCostRule>({
      {"url", "", CallCost::kTraverseFirst},
  });
  return kRules;
}

std::span<const CallCostRule> k8s_regex_call_costs() {
  static constexpr auto kRules = std::to_array<CallCostRule>({
      {"find", "", CallCost::kRegex},
      {"findAll", "", CallCost::kRegex},
  });
  return kRules;
}

std::span<const CallCostRule> k8s_quantity_call_costs() {
  // Parsing the string; the other quantity functions work on the parsed value.
  static constexpr auto kRules = std::to_array<CallCostRule>({
      {"quantity", "", CallCost::kTraverseFirst},
      {"isQuantity", "", CallCost::kTraverseFirst},
  });
  return kRules;
}

std::span<const CallCostRule> k8s_ip_call_costs() {
  static constexpr auto kRules = std::to_array<CallCostRule>({
      {"ip", "string_to_ip", CallCost::kTraverseFirst},
      {"isIP", "", CallCost::kTraverseFirst},
      // Parses the string, then compares it with the address's canonical form.
      {"ip.isCanonical", "", CallCost::kTraverseFirst2x},
  });
  return kRules;
}

std::span<const CallCostRule> k8s_cidr_call_costs() {
  static constexpr auto kRules = std::to_array<CallCostRule>({
      // CIDR.ip() reads the parsed prefix: one unit, unlike the ip(string) parser.
      {"ip", "cidr_ip", CallCost::kUnit},
      {"cidr", "", CallCost::kTraverseFirst},
      {"isCIDR", "", CallCost::kTraverseFirst},
      // A string argument is parsed first: its own charge on top.
      {"containsIP", "cidr_contains_ip_string", CallCost::kContainsIPString},
      {"containsIP", "", CallCost::kContainsIP},
      {"containsCIDR", "cidr_contains_cidr_string", CallCost::kContainsCIDRString},
      {"containsCIDR", "", CallCost::kContainsCIDR},
  });
  return kRules;
}

}  // namespace kro::cel::lib

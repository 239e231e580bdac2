// The Kubernetes CEL libraries kro enables (k8s.io/apiserver/pkg/cel/library v0.36.3, latest
// versions), registered into a FunctionRegistry under the Kubernetes function names and
// overload ids: Lists, URLs, Regex, Quantity, IP, CIDR and SemverLib.
//
// The element-typed list overloads (list_int_min_int, list_double_min_double, ...) all take a
// list at run time, which the registry cannot tell apart; each family is registered once, under
// its first id, with an implementation that handles every element kind.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "cel/check/decls.h"
#include "cel/common/function_registry.h"
#include "cel/cost/cost_model.h"
#include "value/result.h"

namespace kro::cel::lib {

Status register_k8s_lists(FunctionRegistry& reg);
Status register_k8s_urls(FunctionRegistry& reg);
Status register_k8s_regex(FunctionRegistry& reg);
Status register_k8s_quantity(FunctionRegistry& reg);
Status register_k8s_ip(FunctionRegistry& reg);
Status register_k8s_cidr(FunctionRegistry& reg);
Status register_k8s_semver(FunctionRegistry& reg);

// Their checker declarations (k8s_decls.cc), with the opaque type names they define.
Status declare_k8s_lists(check::Declarations& decls);
Status declare_k8s_urls(check::Declarations& decls);
Status declare_k8s_regex(check::Declarations& decls);
Status declare_k8s_quantity(check::Declarations& decls);
Status declare_k8s_ip(check::Declarations& decls);
Status declare_k8s_cidr(check::Declarations& decls);
Status declare_k8s_semver(check::Declarations& decls);
// Their cost rules (k8s_costs.cc): the API server's library estimator (pkg/cel/library/cost.go).
// SemverLib charges one unit per call.
std::span<const cost::CallCostRule> k8s_lists_call_costs();
std::span<const cost::CallCostRule> k8s_urls_call_costs();
std::span<const cost::CallCostRule> k8s_regex_call_costs();
std::span<const cost::CallCostRule> k8s_quantity_call_costs();
std::span<const cost::CallCostRule> k8s_ip_call_costs();
std::span<const cost::CallCostRule> k8s_cidr_call_costs();

// All of the above, in the order kro's BaseDeclarations enables them.
Status register_k8s_libraries(FunctionRegistry& reg);

// The type names these libraries add (identifiers such as `net.IP` denote type values).
std::vector<std::string> k8s_type_names();

}  // namespace kro::cel::lib

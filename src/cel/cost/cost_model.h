// CEL's cost model, as the Kubernetes API server counts it for CRD validation rules (cel-go
// checker/cost.go and interpreter/runtimecost.go, apiserver pkg/cel/library/cost.go): the unit
// costs, the size of a value, and the run-time cost of one function call.
//
// One cost unit is roughly one cheap interpreter step (cel-go's benchmarks put it near 50 ns on a
// 2.2 GHz Xeon). Constants cost 0, identifiers and field selections 1, list literals 10, map
// literals 30; a call costs 1 unless its function traverses its arguments, in which case it costs
// a fraction of their sizes (0.1 per character for strings, 0.25 per regex character).
//
// Which calls traverse their arguments is each library's to say: a library exports its cost rules
// with its declarations and overloads (lib/library.h, LibraryDefinition::call_costs), and
// classify_call looks them up. Layering: lib/ uses only this header's types and constants, never a
// function of cost/, so between the sources the dependency is one-way, cost -> lib (estimate.cc
// also plans against kro's environment).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "cel/common/value.h"

namespace kro::cel::cost {

inline constexpr uint64_t kConstCost = 0;
inline constexpr uint64_t kSelectAndIdentCost = 1;
inline constexpr uint64_t kListCreateBaseCost = 10;
inline constexpr uint64_t kMapCreateBaseCost = 30;
inline constexpr uint64_t kStructCreateBaseCost = 40;
inline constexpr double kStringTraversalCostFactor = 0.1;
inline constexpr double kRegexStringLengthCostFactor = 0.25;

// The default per-evaluation budget kro-cpp applies to every expression: the API server's
// per-expression limit for CRD validation rules (apiextensions PerCallLimit, 1,000,000 units,
// about 50 ms of cel-go time). Upstream kro has none (kro issue #191 proposes these figures).
inline constexpr uint64_t kDefaultCostLimit = 1'000'000;

// The largest list or string a library function may generate from a number it is given
// (lists.range(n), random.seededString(n, seed)). The cost of a call is charged after it runs, so
// without this bound one call could allocate gigabytes before the budget stops the evaluation; a
// result larger than the whole default budget could never be used within it anyway.
inline constexpr int64_t kMaxGeneratedSize = static_cast<int64_t>(kDefaultCostLimit);

// The message of the error that ends an evaluation over budget (cel-go's wording).
inline constexpr std::string_view kCostLimitExceeded =
    "operation cancelled: actual cost limit exceeded";

// How a call is charged at run time, decided once per overload when a program is planned.
enum class CallCost : uint8_t {
  kUnit,              // O(1): 1
  kTraverseFirst,     // ceil(0.1 * size(arg0)): startsWith, lowerAscii, quantity(), url() ...
  kTraverseFirst2x,   // ceil(0.2 * size(arg0)): replace, split, ip.isCanonical
  kInList,            // size(arg1): `x in list`
  kCompareMin,        // ceil(0.1 * min(size(arg0), size(arg1))): ==, !=, string/bytes <, >
  kConcat,            // ceil(0.1 * (size(arg0) + size(arg1))): string/bytes +
  kRegex,             // ceil(0.1 * (1 + size(arg0))) * ceil(0.25 * size(arg1)): matches, find
  kContains,          // ceil(0.1 * size(arg0)) * ceil(0.1 * size(arg1))
  kTraverseTree,      // the data-tree traversal of arg0: isSorted, sum, min, max, indexOf
  kJoin,              // ceil(0.2 * size(result))
  kContainsIP,        // CIDR.containsIP(ip | string)
  kContainsIPString,  // (string argument: parsed first)
  kContainsCIDR,
  kContainsCIDRString,
};

// One rule of a library's cost table: calls of `function` through `overload_id` cost `cost`. An
// empty function or overload id matches any; a rule for a function name another library also
// declares (indexOf: ext.strings and k8s.lists) names its overload ids, so that no library's rule
// claims another library's overload.
struct CallCostRule {
  std::string_view function;
  std::string_view overload_id;
  CallCost cost;
};

// The cost of the first rule in `rules` that matches, or nullopt.
std::optional<CallCost> find_call_cost(std::span<const CallCostRule> rules,
                                       std::string_view function, std::string_view overload_id);

// The charging rule of an overload, by function name and cel-go / Kubernetes overload id: the
// rules of every library (lib::libraries()), the Kubernetes and extension libraries' before the
// standard library's (the API server's library estimator runs before cel-go's defaults); kUnit
// when none matches.
CallCost classify_call(std::string_view function, std::string_view overload_id);

// The size CEL's size() reports: code points of a string, bytes, list items, map entries; 1 for
// every other value.
uint64_t actual_size(const Value& v);

// The run-time cost of one call that returned `result`.
uint64_t call_cost(CallCost kind, std::span<const Value> args, const Value& result);

// Saturating arithmetic, so that estimates of unbounded inputs stay at UINT64_MAX.
uint64_t add_sat(uint64_t a, uint64_t b);
uint64_t mul_sat(uint64_t a, uint64_t b);
// ceil(x * factor), saturating.
uint64_t scale_ceil(uint64_t x, double factor);

}  // namespace kro::cel::cost

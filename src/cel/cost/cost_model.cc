#include "cel/cost/cost_model.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "cel/lib/library.h"
#include "value/utf8.h"

namespace kro::cel::cost {

namespace {

constexpr uint64_t kMax = std::numeric_limits<uint64_t>::max();

uint64_t code_points(std::string_view s) { return utf8::count(s); }

// apiserver's traversalCost: strings and bytes at 0.1 per byte (truncated), lists and maps as the
// sum over their elements (and keys), everything else 1.
uint64_t traversal_cost(const Value& v) {
  switch (v.kind()) {
    case Kind::kString:
    case Kind::kBytes:
      return static_cast<uint64_t>(static_cast<double>(v.as_string().size()) *
                                   kStringTraversalCostFactor);
    case Kind::kList: {
      uint64_t sum = 0;
      for (std::size_t i = 0; i < v.list_size(); ++i)
        sum = add_sat(sum, traversal_cost(v.list_at(i)));
      return sum;
    }
    case Kind::kMap: {
      uint64_t sum = 0;
      for (std::size_t i = 0; i < v.map_size(); ++i) {
        sum = add_sat(sum, traversal_cost(v.map_key_at(i)));
        sum = add_sat(sum, traversal_cost(v.map_value_at(i)));
      }
      return sum;
    }
    default:
      return 1;
  }
}

uint64_t arg_size(std::span<const Value> args, std::size_t i) {
  return i < args.size() ? actual_size(args[i]) : 1;
}

}  // namespace

uint64_t add_sat(uint64_t a, uint64_t b) { return b > kMax - a ? kMax : a + b; }

uint64_t mul_sat(uint64_t a, uint64_t b) {
  if (a != 0 && b > kMax / a) return kMax;
  return a * b;
}

uint64_t scale_ceil(uint64_t x, double factor) {
  const double scaled = std::ceil(static_cast<double>(x) * factor);
  // 2^64 as a double: anything at or above it saturates.
  if (scaled >= 18446744073709551616.0) return kMax;
  return static_cast<uint64_t>(scaled);
}

uint64_t actual_size(const Value& v) {
  switch (v.kind()) {
    case Kind::kString:
      return code_points(v.as_string());
    case Kind::kBytes:
      return v.as_string().size();
    case Kind::kList:
      return v.list_size();
    case Kind::kMap:
      return v.map_size();
    default:
      return 1;
  }
}

std::optional<CallCost> find_call_cost(std::span<const CallCostRule> rules,
                                       std::string_view function, std::string_view overload_id) {
  for (const CallCostRule& r : rules) {
    if ((r.function.empty() || r.function == function) &&
        (r.overload_id.empty() || r.overload_id == overload_id)) {
      return r.cost;
    }
  }
  return std::nullopt;
}

CallCost classify_call(std::string_view function, std::string_view overload_id) {
  // Every library's rules in one table, built once: the standard library's last.
  static const std::vector<CallCostRule> kRules = [] {
    std::vector<CallCostRule> rules;
    std::span<const CallCostRule> standard;
    for (const lib::LibraryDefinition& l : lib::libraries()) {
      if (l.call_costs == nullptr) continue;
      const std::span<const CallCostRule> own = l.call_costs();
      if (l.name == "std") {
        standard = own;
      } else {
        rules.insert(rules.end(), own.begin(), own.end());
      }
    }
    rules.insert(rules.end(), standard.begin(), standard.end());
    return rules;
  }();
  return find_call_cost(kRules, function, overload_id).value_or(CallCost::kUnit);
}

uint64_t call_cost(CallCost kind, std::span<const Value> args, const Value& result) {
  switch (kind) {
    case CallCost::kUnit:
      return 1;
    case CallCost::kTraverseFirst:
      return scale_ceil(arg_size(args, 0), kStringTraversalCostFactor);
    case CallCost::kTraverseFirst2x:
      return scale_ceil(arg_size(args, 0), 2 * kStringTraversalCostFactor);
    case CallCost::kInList:
      return arg_size(args, 1);
    case CallCost::kCompareMin:
      return scale_ceil(std::min(arg_size(args, 0), arg_size(args, 1)), kStringTraversalCostFactor);
    case CallCost::kConcat:
      return scale_ceil(add_sat(arg_size(args, 0), arg_size(args, 1)), kStringTraversalCostFactor);
    case CallCost::kRegex:
      return mul_sat(scale_ceil(add_sat(1, arg_size(args, 0)), kStringTraversalCostFactor),
                     scale_ceil(arg_size(args, 1), kRegexStringLengthCostFactor));
    case CallCost::kContains:
      return mul_sat(scale_ceil(arg_size(args, 0), kStringTraversalCostFactor),
                     scale_ceil(arg_size(args, 1), kStringTraversalCostFactor));
    case CallCost::kTraverseTree:
      return args.empty() ? 0 : traversal_cost(args[0]);
    case CallCost::kJoin:
      return scale_ceil(actual_size(result), 2 * kStringTraversalCostFactor);
    case CallCost::kContainsIP:
    case CallCost::kContainsIPString:
    case CallCost::kContainsCIDR:
    case CallCost::kContainsCIDRString: {
      // Comparing the prefix bytes (the CIDR value itself has size 1), then for a CIDR argument the
      // masking, then for a string argument its parsing.
      const uint64_t cidr = arg_size(args, 0);
      uint64_t c = scale_ceil(add_sat(cidr, cidr), kStringTraversalCostFactor);
      if (kind == CallCost::kContainsCIDR || kind == CallCost::kContainsCIDRString) {
        c = add_sat(c, add_sat(scale_ceil(cidr, kStringTraversalCostFactor), 1));
      }
      if (kind == CallCost::kContainsIPString || kind == CallCost::kContainsCIDRString) {
        c = add_sat(c, scale_ceil(arg_size(args, 1), kStringTraversalCostFactor));
      }
      return c;
    }
  }
  return 1;
}

}  // namespace kro::cel::cost

// Static cost estimate of a CEL expression: the range [min, max] of what evaluating it can cost
// under the run-time tracker (cel/cost/cost_model.h), computed from the AST before any data is
// seen, the way the Kubernetes API server bounds CRD validation rules (cel-go checker/cost.go).
//
//   cost::EstimateOptions opts;
//   opts.size_hints = cost::openapi_size_hints({{"schema", crd_schema_json}});
//   cost::CostEstimate c = cost::estimate_cost(*parsed.expr, opts);
//   if (c.max > cost::kDefaultCostLimit) warn("may exceed the budget");
//
// The cost of a loop is the size of what it iterates times the cost of one iteration, so the
// estimate is only as good as the sizes it knows: literals have exact sizes; variables' fields
// take them from size hints (OpenAPI maxLength / maxItems / maxProperties); anything else is
// assumed to hold at most `default_max_size` elements or characters. With a checker's output
// the estimate also knows which nodes are scalars (size 1) and which overloads a call can take;
// without it, every overload of the function that fits the call's shape is assumed possible.
//
// Where cel-go's estimator and its run-time tracker disagree (e.g. selection on a dyn value, or
// which argument of startsWith is measured), the estimate follows the run-time rule, so that
// min <= actual cost <= max holds for every evaluation whose data respects the hints.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cel/common/function_registry.h"
#include "cel/syntax/ast.h"
#include "value/json.h"

namespace kro::cel::check {
struct CheckedExpr;
}

namespace kro::cel::cost {

struct SizeEstimate {
  uint64_t min = 0;
  uint64_t max = 0;
};

struct CostEstimate {
  uint64_t min = 0;
  uint64_t max = 0;
  bool operator==(const CostEstimate&) const = default;
};

// The largest string, list or map assumed when nothing bounds it: the API server's request size
// limit (3 MiB), which no field of a stored object can exceed.
inline constexpr uint64_t kDefaultMaxSize = uint64_t{3} * 1024 * 1024;

// A field path from a variable: {"schema", "spec", "ports", "@items", "name"}. Elements after the
// variable are field names, "@items" (list elements), "@keys" / "@values" (map keys / values) and
// "@indices" (list indexes in two-variable comprehensions), as in the API server.
using FieldPath = std::vector<std::string>;
// The size range of the value at a path, when known.
using SizeHints = std::function<std::optional<SizeEstimate>(const FieldPath&)>;

struct EstimateOptions {
  SizeHints size_hints;
  uint64_t default_max_size = kDefaultMaxSize;
  // Types and chosen overloads, when the expression was checked (its AST must be the one passed
  // to estimate_cost).
  const check::CheckedExpr* checked = nullptr;
  // The functions calls can resolve to; null: kro's environment.
  std::shared_ptr<const FunctionRegistry> registry;
};

CostEstimate estimate_cost(const syntax::Expr& expr, const EstimateOptions& options = {});

// Size hints from OpenAPI v3 schemas, one per variable: a path walks `properties`, `items`
// (@items) and `additionalProperties` (@values); the size is the node's maxLength (strings),
// maxItems (arrays) or maxProperties (objects), with minLength / minItems / minProperties as the
// minimum.
SizeHints openapi_size_hints(std::map<std::string, Json, std::less<>> schemas);

}  // namespace kro::cel::cost

// The planner and the program it builds: a parsed (or checked) CEL expression turned into an
// evaluation tree once, then evaluated many times against different activations.
//
//   auto reg = std::make_shared<FunctionRegistry>();
//   lib::register_standard_library(*reg);
//   Result<Program> p = plan(*parsed.expr, reg, {.container = "com.example"});
//   Value v = p->eval(activation);          // an error value when evaluation fails
//
// Planning resolves, once: comprehension variables to frame slots, identifiers against the
// container (cel-spec name resolution: "a.b" in container "x.y" tries x.y.a.b, x.a.b, a.b, then
// shorter prefixes with field selection on the rest), type names to type values, function names
// (also container-qualified and dotted names like base64.encode) to their overloads. When a
// checker has chosen overloads (PlanOptions::overload_ids, keyed by call node id), dispatch is
// restricted to them; otherwise the interpreter dispatches on the runtime argument kinds.
//
// Evaluation follows CEL's semantics: errors are values; `&&` and `||` are commutative and absorb
// errors (false && error == false, true || error == true); strict functions return their first
// error argument; comprehensions run with their own variables; optional selection and indexing
// (`x.?f`, `x[?k]`, `[?e]`, `{?k: v}`) produce optionals. Unknown functions and unbound variables
// are run-time errors ("unbound function", "no such attribute(s)"), so `f() || true` is true.
//
// Cost. Every evaluation is charged as the Kubernetes API server charges CRD validation rules
// (see cel/cost/cost_model.h): 1 per identifier, selection and index, per-call costs that grow
// with the sizes of strings and lists, 10 per list literal, 30 per map literal, and comprehensions
// pay for every iteration they run. A program planned with a cost limit (the default is
// cost::kDefaultCostLimit, the API server's per-expression limit) stops as soon as an evaluation
// goes over it and returns the error "operation cancelled: actual cost limit exceeded", whatever
// the operators around the spent budget would have absorbed.
//
// A Program is immutable and thread-safe: eval() may run concurrently.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "cel/common/function_registry.h"
#include "cel/common/value.h"
#include "cel/cost/cost_model.h"
#include "cel/eval/activation.h"
#include "cel/syntax/ast.h"
#include "value/result.h"

namespace kro::cel::eval {

class Node;

struct PlanOptions {
  // The container (namespace) for name resolution, e.g. "com.example"; empty for none.
  std::string container;
  // Overloads chosen by a checker: call node id -> allowed overload ids. Optional.
  const std::unordered_map<int64_t, std::vector<std::string>>* overload_ids = nullptr;
  // Type names (beyond CEL's built-in ones and the registry's) that identifiers may denote;
  // such identifiers evaluate to type values.
  std::vector<std::string> type_names;
  // The budget of one evaluation in cost units; nullopt evaluates without counting (as cel-go
  // does without OptTrackCost).
  std::optional<uint64_t> cost_limit = cost::kDefaultCostLimit;
};

class Program {
 public:
  Value eval(const Activation& activation) const;
  // Also reports what the evaluation cost (counted even when the program has no limit; when the
  // budget was exceeded, the cost reached when it stopped).
  Value eval(const Activation& activation, uint64_t* actual_cost) const;

  const std::optional<uint64_t>& cost_limit() const { return cost_limit_; }

 private:
  friend Result<Program> plan(const syntax::Expr&, std::shared_ptr<const FunctionRegistry>,
                              const PlanOptions&);
  std::shared_ptr<const Node> root_;
  std::shared_ptr<const FunctionRegistry> registry_;  // keeps resolved overloads alive
  int slots_ = 0;                                     // comprehension variable slots
  int builders_ = 0;  // list-appending comprehensions (eval/accumulate.h)
  std::optional<uint64_t> cost_limit_;
};

// Builds the evaluation tree. Errors only for malformed trees (e.g. a comprehension without its
// parts); semantic problems surface when evaluating, as CEL specifies.
Result<Program> plan(const syntax::Expr& expr, std::shared_ptr<const FunctionRegistry> registry,
                     const PlanOptions& options = {});

}  // namespace kro::cel::eval

#include "cel/cost/estimate.h"

#include <algorithm>
#include <limits>
#include <unordered_map>

#include "cel/check/checker.h"
#include "cel/cost/cost_model.h"
#include "cel/lib/kro/library_sets.h"
#include "value/utf8.h"

namespace kro::cel::cost {

namespace {

using syntax::Expr;
using syntax::ExprKind;

constexpr uint64_t kMax = std::numeric_limits<uint64_t>::max();

CostEstimate fixed(uint64_t c) { return {c, c}; }
CostEstimate operator+(CostEstimate a, CostEstimate b) {
  return {add_sat(a.min, b.min), add_sat(a.max, b.max)};
}
CostEstimate unite(CostEstimate a, CostEstimate b) {
  return {std::min(a.min, b.min), std::max(a.max, b.max)};
}
SizeEstimate unite(SizeEstimate a, SizeEstimate b) {
  return {std::min(a.min, b.min), std::max(a.max, b.max)};
}
CostEstimate scale(SizeEstimate s, double factor) {
  return {scale_ceil(s.min, factor), scale_ceil(s.max, factor)};
}
CostEstimate times(CostEstimate a, CostEstimate b) {
  return {mul_sat(a.min, b.min), mul_sat(a.max, b.max)};
}
SizeEstimate plus(SizeEstimate a, SizeEstimate b) {
  return {add_sat(a.min, b.min), add_sat(a.max, b.max)};
}

uint64_t code_points(std::string_view s) { return utf8::count(s); }

bool is_scalar_kind(types::TypeKind k) {
  using K = types::TypeKind;
  return k == K::kBool || k == K::kInt || k == K::kUint || k == K::kDouble || k == K::kTimestamp ||
         k == K::kDuration || k == K::kNull;
}

std::shared_ptr<const FunctionRegistry> kro_registry() {
  static const std::shared_ptr<const FunctionRegistry> reg = [] {
    auto r = std::make_shared<FunctionRegistry>();
    (void)lib::register_kro_environment(*r);
    return r;
  }();
  return reg;
}

struct Local {
  std::string name;
  FieldPath path;
  std::optional<SizeEstimate> size;
};

class Estimator {
 public:
  explicit Estimator(const EstimateOptions& o)
      : opts_(o), registry_(o.registry ? o.registry : kro_registry()) {}

  CostEstimate cost(const Expr& e) {
    switch (e.expr_kind()) {
      case ExprKind::kConstant:
        return fixed(kConstCost);
      case ExprKind::kIdent: {
        const Local* l = local(e.ident().name);
        set_path(e, l != nullptr ? l->path : FieldPath{e.ident().name});
        if (l != nullptr && l->size) sizes_[e.id] = *l->size;
        return fixed(kSelectAndIdentCost);
      }
      case ExprKind::kSelect:
        return cost_select(e);
      case ExprKind::kCall:
        return cost_call(e);
      case ExprKind::kList: {
        CostEstimate sum = fixed(kListCreateBaseCost);
        for (const auto& el : e.list().elements) sum = sum + cost(*el);
        return sum;
      }
      case ExprKind::kMap: {
        CostEstimate sum = fixed(kMapCreateBaseCost);
        for (const auto& me : e.map().entries) sum = sum + cost(*me.key) + cost(*me.value);
        return sum;
      }
      case ExprKind::kStruct: {
        CostEstimate sum = fixed(kStructCreateBaseCost);
        for (const auto& f : e.strct().fields) sum = sum + cost(*f.value);
        return sum;
      }
      case ExprKind::kComprehension:
        return cost_comprehension(e);
      case ExprKind::kUnspecified:
        break;
    }
    return {};
  }

 private:
  // --- sizes and paths ---

  const Local* local(std::string_view name) const {
    for (auto it = locals_.rbegin(); it != locals_.rend(); ++it) {
      if (it->name == name) return &*it;
    }
    return nullptr;
  }

  void set_path(const Expr& e, FieldPath p) { paths_[e.id] = std::move(p); }
  const FieldPath* path(const Expr& e) const {
    auto it = paths_.find(e.id);
    return it == paths_.end() || it->second.empty() ? nullptr : &it->second;
  }

  std::optional<types::TypeKind> kind_of(const Expr& e) const {
    if (opts_.checked == nullptr) return std::nullopt;
    return opts_.checked->type_of(e.id).kind();
  }

  SizeEstimate size(const Expr& e) const {
    if (auto it = sizes_.find(e.id); it != sizes_.end()) return it->second;
    switch (e.expr_kind()) {
      case ExprKind::kConstant: {
        const auto& c = e.constant();
        if (c.kind == syntax::Constant::Kind::kString) {
          const uint64_t n = code_points(c.string_value);
          return {n, n};
        }
        if (c.kind == syntax::Constant::Kind::kBytes) {
          return {c.string_value.size(), c.string_value.size()};
        }
        return {1, 1};
      }
      case ExprKind::kList:
        return {e.list().elements.size(), e.list().elements.size()};
      case ExprKind::kMap:
        return {e.map().entries.size(), e.map().entries.size()};
      default:
        break;
    }
    if (const FieldPath* p = path(e); p != nullptr && opts_.size_hints) {
      if (auto hint = opts_.size_hints(*p)) return *hint;
    }
    if (auto k = kind_of(e); k && is_scalar_kind(*k)) return {1, 1};
    return {0, opts_.default_max_size};
  }

  // The size of the elements of a list literal, when it has any.
  std::optional<SizeEstimate> element_size(const Expr& range) const {
    if (!range.is(ExprKind::kList) || range.list().elements.empty()) return std::nullopt;
    SizeEstimate s{kMax, 0};
    for (const auto& el : range.list().elements) s = unite(s, size(*el));
    return s;
  }

  std::optional<SizeEstimate> hint_at(const FieldPath* base, std::string_view step) const {
    if (base == nullptr || !opts_.size_hints) return std::nullopt;
    FieldPath p = *base;
    p.emplace_back(step);
    return opts_.size_hints(p);
  }

  // --- selections and calls ---

  CostEstimate cost_select(const Expr& e) {
    const auto& sel = e.select();
    CostEstimate c = cost(*sel.operand) + fixed(kSelectAndIdentCost);
    if (!sel.test_only) {
      if (const FieldPath* p = path(*sel.operand)) {
        FieldPath np = *p;
        np.push_back(sel.field);
        set_path(e, std::move(np));
      }
    }
    return c;
  }

  // The value kind of a node when the AST alone tells it (literals), or the checker does.
  std::optional<Kind> static_kind(const Expr& e) const {
    using K = types::TypeKind;
    switch (e.expr_kind()) {
      case ExprKind::kConstant:
        switch (e.constant().kind) {
          case syntax::Constant::Kind::kString:
            return Kind::kString;
          case syntax::Constant::Kind::kBytes:
            return Kind::kBytes;
          case syntax::Constant::Kind::kInt:
            return Kind::kInt;
          case syntax::Constant::Kind::kUint:
            return Kind::kUint;
          case syntax::Constant::Kind::kDouble:
            return Kind::kDouble;
          case syntax::Constant::Kind::kBool:
            return Kind::kBool;
          case syntax::Constant::Kind::kNull:
            return Kind::kNull;
        }
        break;
      case ExprKind::kList:
        return Kind::kList;
      case ExprKind::kMap:
        return Kind::kMap;
      default:
        break;
    }
    switch (kind_of(e).value_or(K::kDyn)) {
      case K::kString:
        return Kind::kString;
      case K::kBytes:
        return Kind::kBytes;
      case K::kList:
        return Kind::kList;
      case K::kMap:
        return Kind::kMap;
      case K::kInt:
        return Kind::kInt;
      case K::kUint:
        return Kind::kUint;
      case K::kDouble:
        return Kind::kDouble;
      case K::kBool:
        return Kind::kBool;
      default:
        return std::nullopt;
    }
  }

  // The overloads a call can take: the checker's choice, else every overload of the call's shape
  // whose parameter kinds admit the arguments whose kinds are known.
  std::vector<std::string> overloads_of(const Expr& e, const std::vector<const Expr*>& args) const {
    if (opts_.checked != nullptr) {
      auto it = opts_.checked->references.find(e.id);
      if (it != opts_.checked->references.end() && !it->second.overload_ids.empty()) {
        return it->second.overload_ids;
      }
    }
    std::vector<std::optional<Kind>> kinds;
    kinds.reserve(args.size());
    for (const Expr* a : args) kinds.push_back(static_kind(*a));
    std::vector<std::string> all;
    std::vector<std::string> admitted;
    for (const Overload* o :
         registry_->candidates(e.call().function, e.call().target != nullptr, args.size())) {
      all.push_back(o->id);
      bool ok = o->params.size() == args.size();
      for (std::size_t i = 0; ok && i < args.size(); ++i) {
        const ParamKind& p = o->params[i];
        if (!p.any && kinds[i] && *kinds[i] != p.kind) ok = false;
      }
      if (ok) admitted.push_back(o->id);
    }
    return admitted.empty() ? all : admitted;
  }

  CostEstimate cost_call(const Expr& e) {
    const auto& call = e.call();
    std::vector<const Expr*> args;  // receiver first, as at run time
    if (call.target) args.push_back(call.target.get());
    for (const auto& a : call.args) args.push_back(a.get());
    std::vector<CostEstimate> costs;
    costs.reserve(args.size());
    for (const Expr* a : args) costs.push_back(cost(*a));
    CostEstimate arg_sum;
    for (const auto& c : costs) arg_sum = arg_sum + c;
    if (auto op = cost_operator(e, args, costs, arg_sum)) return *op;

    std::vector<SizeEstimate> arg_sizes;
    arg_sizes.reserve(args.size());
    for (const Expr* a : args) arg_sizes.push_back(size(*a));
    const auto ids = overloads_of(e, args);
    if (ids.empty()) return arg_sum + fixed(1);  // an unbound function: an error, charged 1
    CostEstimate fn_cost{kMax, 0};
    std::optional<SizeEstimate> result;
    for (const auto& id : ids) {
      fn_cost = unite(fn_cost, cost_overload(call.function, id, args, arg_sizes, result));
    }
    if (result) sizes_[e.id] = *result;
    return arg_sum + fn_cost;
  }

  // The operators and dyn() the interpreter evaluates itself; nullopt for other calls.
  std::optional<CostEstimate> cost_operator(const Expr& e, const std::vector<const Expr*>& args,
                                            const std::vector<CostEstimate>& costs,
                                            const CostEstimate& arg_sum) {
    const auto& call = e.call();
    const std::string& fn = call.function;
    if (!call.target && args.size() == 2 &&
        (fn == syntax::op::kLogicalAnd || fn == syntax::op::kLogicalOr)) {
      return CostEstimate{costs[0].min, add_sat(costs[0].max, costs[1].max)};
    }
    if (!call.target && args.size() == 3 && fn == syntax::op::kConditional) {
      sizes_[e.id] = unite(size(*args[1]), size(*args[2]));
      return costs[0] + unite(costs[1], costs[2]);
    }
    if (!call.target && args.size() == 2 &&
        (fn == syntax::op::kIndex || fn == syntax::op::kOptIndex)) {
      if (const FieldPath* p = path(*args[0])) {
        auto kind = kind_of(*args[0]);
        std::string step = "@items";
        if (kind == types::TypeKind::kMap ||
            (!kind && !hint_at(p, "@items") && hint_at(p, "@values"))) {
          step = "@values";
        }
        FieldPath np = *p;
        np.push_back(step);
        set_path(e, std::move(np));
      }
      return arg_sum + fixed(kSelectAndIdentCost);
    }
    if (!call.target && args.size() == 2 && fn == syntax::op::kOptSelect) {
      if (const FieldPath* p = path(*args[0]); p && args[1]->is(ExprKind::kConstant)) {
        FieldPath np = *p;
        np.push_back(args[1]->constant().string_value);
        set_path(e, std::move(np));
      }
      return arg_sum + fixed(kSelectAndIdentCost);
    }
    if (!call.target && args.size() == 1 && fn == "dyn") {
      if (auto it = sizes_.find(args[0]->id); it != sizes_.end()) sizes_[e.id] = it->second;
      if (const FieldPath* p = path(*args[0])) set_path(e, *p);
      return arg_sum + fixed(1);
    }
    return std::nullopt;
  }

  static SizeEstimate size_at(const std::vector<SizeEstimate>& sizes, std::size_t i) {
    return i < sizes.size() ? sizes[i] : SizeEstimate{1, 1};
  }

  // CIDR.containsIP / containsCIDR: the run-time rule measures the CIDR value itself (size 1)
  // and, for string arguments, the string.
  static CostEstimate cost_net_contains(CallCost k, SizeEstimate arg1) {
    CostEstimate c = fixed(1);
    if (k == CallCost::kContainsCIDR || k == CallCost::kContainsCIDRString) c = c + fixed(2);
    if (k == CallCost::kContainsIPString || k == CallCost::kContainsCIDRString) {
      c = c + scale(arg1, kStringTraversalCostFactor);
    }
    return c;
  }

  // The cost of calling overload `id` of `fn`; widens `result` by the result size when the
  // overload's result size is known.
  CostEstimate cost_overload(const std::string& fn, const std::string& id,
                             const std::vector<const Expr*>& args,
                             const std::vector<SizeEstimate>& arg_sizes,
                             std::optional<SizeEstimate>& result) {
    auto sz = [&](std::size_t i) { return size_at(arg_sizes, i); };
    auto result_union = [&](SizeEstimate s) { result = result ? unite(*result, s) : s; };
    CostEstimate c = fixed(1);
    switch (classify_call(fn, id)) {
      case CallCost::kUnit:
        if (id == "add_list") result_union(plus(sz(0), sz(1)));
        if (id == "string_format" || id == "strings_quote") c = scale(sz(0), 0.1);
        break;
      case CallCost::kTraverseFirst:
        c = scale(sz(0), kStringTraversalCostFactor);
        if (fn == "lowerAscii" || fn == "upperAscii" || fn == "trim" || fn == "substring") {
          result_union(sz(0));
        }
        break;
      case CallCost::kTraverseFirst2x:
        c = scale(sz(0), 2 * kStringTraversalCostFactor);
        break;
      case CallCost::kInList:
        c = {sz(1).min, sz(1).max};
        break;
      case CallCost::kCompareMin: {
        const uint64_t smallest = std::min(sz(0).max, sz(1).max);
        const uint64_t lo = std::min(sz(0).min, sz(1).min);
        c = scale({lo, smallest}, kStringTraversalCostFactor);
        if (c.min == 0 && smallest > 0) c.min = 1;
        break;
      }
      case CallCost::kConcat:
        result_union(plus(sz(0), sz(1)));
        c = scale(plus(sz(0), sz(1)), kStringTraversalCostFactor);
        break;
      case CallCost::kRegex:
        c = times(scale(plus(sz(0), {1, 1}), kStringTraversalCostFactor),
                  scale(sz(1), kRegexStringLengthCostFactor));
        break;
      case CallCost::kContains:
        c = times(scale(sz(0), kStringTraversalCostFactor),
                  scale(sz(1), kStringTraversalCostFactor));
        break;
      case CallCost::kTraverseTree: {
        // One unit per element, plus the traversal of string elements' characters.
        const SizeEstimate n = sz(0);
        const SizeEstimate el =
            hint_at(path(*args[0]), "@items").value_or(SizeEstimate{1, opts_.default_max_size});
        c = times({n.min, n.max}, {1, add_sat(1, scale_ceil(el.max, 0.1))});
        if (args[0]->is(ExprKind::kConstant)) c = scale(sz(0), kStringTraversalCostFactor);
        c.min = 0;
        break;
      }
      case CallCost::kJoin: {
        const SizeEstimate n = sz(0);
        const SizeEstimate el =
            hint_at(path(*args[0]), "@items").value_or(SizeEstimate{0, opts_.default_max_size});
        SizeEstimate joined{mul_sat(n.min, el.min), mul_sat(n.max, el.max)};
        if (args.size() > 1) {
          joined = plus(joined, {mul_sat(n.min > 0 ? n.min - 1 : 0, sz(1).min),
                                 mul_sat(n.max > 0 ? n.max - 1 : 0, sz(1).max)});
        }
        result_union(joined);
        c = scale(joined, 2 * kStringTraversalCostFactor);
        break;
      }
      case CallCost::kContainsIP:
      case CallCost::kContainsIPString:
      case CallCost::kContainsCIDR:
      case CallCost::kContainsCIDRString:
        c = cost_net_contains(classify_call(fn, id), sz(1));
        break;
    }
    return c;
  }

  // --- comprehensions ---

  static bool is_bind(const syntax::Comprehension& c) {
    return c.iter_range->is(ExprKind::kList) && c.iter_range->list().elements.empty() &&
           c.loop_condition->is(ExprKind::kConstant) &&
           c.loop_condition->constant().kind == syntax::Constant::Kind::kBool &&
           !c.loop_condition->constant().bool_value && c.accu_var != syntax::kAccumulatorName;
  }

  Local local_for(const std::string& name, const Expr& source) const {
    Local l{name, {}, std::nullopt};
    if (const FieldPath* p = path(source)) l.path = *p;
    l.size = size(source);
    return l;
  }

  Local iter_local(const std::string& name, const Expr& range, std::string_view step,
                   bool use_literal_elements) const {
    Local l{name, {}, std::nullopt};
    if (const FieldPath* p = path(range)) {
      l.path = *p;
      l.path.emplace_back(step);
    }
    if (use_literal_elements) {
      l.size = element_size(range);
    }
    if (!l.size && step == "@indices") l.size = SizeEstimate{1, 1};
    return l;
  }

  CostEstimate cost_comprehension(const Expr& e) {
    const auto& c = e.comprehension();
    if (!c.iter_range || !c.accu_init || !c.loop_condition || !c.loop_step || !c.result) {
      return {};
    }
    CostEstimate sum = cost(*c.iter_range) + cost(*c.accu_init);
    if (is_bind(c)) {
      locals_.push_back(local_for(c.accu_var, *c.accu_init));
      sum = sum + cost(*c.result);
      locals_.pop_back();
      if (auto it = sizes_.find(c.result->id); it != sizes_.end()) sizes_[e.id] = it->second;
      if (const FieldPath* p = path(*c.result)) set_path(e, *p);
      return sum;
    }
    const SizeEstimate n = size(*c.iter_range);
    // The accumulator of map()/filter() grows by at most one element per iteration.
    Local accu{c.accu_var, {}, std::nullopt};
    if (c.accu_init->is(ExprKind::kList) || c.accu_init->is(ExprKind::kMap)) {
      const SizeEstimate init = size(*c.accu_init);
      accu.size = SizeEstimate{init.min, add_sat(init.max, n.max)};
    }
    locals_.push_back(std::move(accu));
    const bool is_map =
        kind_of(*c.iter_range) == types::TypeKind::kMap || c.iter_range->is(ExprKind::kMap);
    std::size_t pushed = 1;
    if (!c.iter_var2.empty()) {
      locals_.push_back(
          iter_local(c.iter_var, *c.iter_range, is_map ? "@keys" : "@indices", false));
      locals_.push_back(
          iter_local(c.iter_var2, *c.iter_range, is_map ? "@values" : "@items", !is_map));
      pushed += 2;
    } else {
      locals_.push_back(
          iter_local(c.iter_var, *c.iter_range, is_map ? "@keys" : "@items", !is_map));
      pushed += 1;
    }
    const CostEstimate per_iteration = cost(*c.loop_condition) + cost(*c.loop_step);
    for (std::size_t i = 1; i < pushed; ++i) locals_.pop_back();
    sum = sum + cost(*c.result);
    locals_.pop_back();
    CostEstimate loop = times({n.min, n.max}, per_iteration);
    // all() and exists() stop at the first decisive element, so unless the loop condition is the
    // constant `true` (map, filter) the loop may run only once (cel-go keeps n.min iterations
    // here, which a short-circuiting evaluation can undercut).
    const bool runs_to_end = c.loop_condition->is(ExprKind::kConstant) &&
                             c.loop_condition->constant().kind == syntax::Constant::Kind::kBool &&
                             c.loop_condition->constant().bool_value;
    if (!runs_to_end) loop.min = n.min > 0 ? per_iteration.min : 0;
    sum = sum + loop;
    if (c.accu_init->is(ExprKind::kList) || c.accu_init->is(ExprKind::kMap)) {
      sizes_[e.id] = n;
    }
    return sum;
  }

  const EstimateOptions& opts_;
  std::shared_ptr<const FunctionRegistry> registry_;
  std::unordered_map<int64_t, FieldPath> paths_;
  std::unordered_map<int64_t, SizeEstimate> sizes_;
  std::vector<Local> locals_;
};

const Json* schema_step(const Json& node, std::string_view step) {
  if (!node.is_object()) return nullptr;
  const auto& o = node.get_object();
  auto member = [&](std::string_view key) -> const Json* {
    auto it = o.find(key);
    return it == o.end() ? nullptr : &it->value();
  };
  if (step == "@items") return member("items");
  if (step == "@values") return member("additionalProperties");
  if (step == "@keys" || step == "@indices") return nullptr;
  if (const Json* props = member("properties"); props != nullptr && props->is_object()) {
    auto it = props->get_object().find(step);
    if (it != props->get_object().end()) return &it->value();
  }
  return nullptr;
}

std::optional<uint64_t> uint_member(const Json& node, std::string_view key) {
  const auto& o = node.get_object();
  auto it = o.find(key);
  if (it == o.end()) return std::nullopt;
  if (it->value().is_int64() && it->value().get_int64() >= 0) {
    return static_cast<uint64_t>(it->value().get_int64());
  }
  if (it->value().is_uint64()) return it->value().get_uint64();
  return std::nullopt;
}

}  // namespace

CostEstimate estimate_cost(const syntax::Expr& expr, const EstimateOptions& options) {
  Estimator est(options);
  return est.cost(expr);
}

SizeHints openapi_size_hints(std::map<std::string, Json, std::less<>> schemas) {
  auto shared =
      std::make_shared<const std::map<std::string, Json, std::less<>>>(std::move(schemas));
  return [shared](const FieldPath& path) -> std::optional<SizeEstimate> {
    if (path.empty()) return std::nullopt;
    auto it = shared->find(path[0]);
    if (it == shared->end()) return std::nullopt;
    const Json* node = &it->second;
    for (std::size_t i = 1; i < path.size() && node != nullptr; ++i) {
      node = schema_step(*node, path[i]);
    }
    if (node == nullptr || !node->is_object()) return std::nullopt;
    for (auto [max_key, min_key] :
         {std::pair{"maxLength", "minLength"}, std::pair{"maxItems", "minItems"},
          std::pair{"maxProperties", "minProperties"}}) {
      if (auto max = uint_member(*node, max_key)) {
        return SizeEstimate{uint_member(*node, min_key).value_or(0), *max};
      }
    }
    return std::nullopt;
  };
}

}  // namespace kro::cel::cost

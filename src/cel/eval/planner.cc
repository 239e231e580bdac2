// plan(): syntax::Expr -> evaluation tree (see program.h).
#include <algorithm>
#include <unordered_set>

#include "cel/eval/accumulate.h"
#include "cel/eval/nodes.h"
#include "cel/eval/program.h"
#include "value/result.h"

namespace kro::cel::eval {

namespace {

using syntax::Expr;
using syntax::ExprKind;

Value constant_value(const syntax::Constant& c) {
  using K = syntax::Constant::Kind;
  switch (c.kind) {
    case K::kNull:
      return Value();
    case K::kBool:
      return Value::boolean(c.bool_value);
    case K::kInt:
      return Value::integer(c.int_value);
    case K::kUint:
      return Value::uinteger(c.uint_value);
    case K::kDouble:
      return Value::dbl(c.double_value);
    case K::kString:
      return Value::string(c.string_value);
    case K::kBytes:
      return Value::bytes(c.string_value);
  }
  return Value();
}

const std::unordered_set<std::string_view>& builtin_type_names() {
  static const std::unordered_set<std::string_view> kNames = {"bool",
                                                              "int",
                                                              "uint",
                                                              "double",
                                                              "string",
                                                              "bytes",
                                                              "list",
                                                              "map",
                                                              "type",
                                                              "null_type",
                                                              "google.protobuf.Timestamp",
                                                              "google.protobuf.Duration",
                                                              "optional_type"};
  return kNames;
}

class Planner {
 public:
  Planner(const FunctionRegistry& reg, const PlanOptions& opts) : reg_(reg), opts_(opts) {}

  Result<NodePtr> plan(const Expr& e) {
    switch (e.expr_kind()) {
      case ExprKind::kConstant:
        return NodePtr(new ConstNode(e.id, constant_value(e.constant())));
      case ExprKind::kIdent:
      case ExprKind::kSelect:
        return plan_access(e);
      case ExprKind::kCall:
        return plan_call(e);
      case ExprKind::kList:
        return plan_list(e);
      case ExprKind::kMap:
        return plan_map(e);
      case ExprKind::kStruct:
        return NodePtr(new ErrorNode(
            e.id, "unknown type '" + e.strct().message_name +
                      "': message construction is not supported (no protobuf types)"));
      case ExprKind::kComprehension:
        return plan_comprehension(e);
      case ExprKind::kUnspecified:
        break;
    }
    return Error("malformed expression: node " + std::to_string(e.id) + " has no kind");
  }

  int slots() const { return next_slot_; }
  int builders() const { return next_builder_; }

 private:
  // --- names ---

  int local_slot(std::string_view name) const {
    for (auto it = scopes_.rbegin(); it != scopes_.rend(); ++it) {
      if (it->first == name) return it->second;
    }
    return -1;
  }

  // "a.b" in container "x.y": x.y.a.b, x.a.b, a.b. A leading dot means the root only.
  std::vector<std::string> container_candidates(std::string_view name) const {
    if (!name.empty() && name[0] == '.') return {std::string(name.substr(1))};
    std::vector<std::string> out;
    std::string_view c = opts_.container;
    while (!c.empty()) {
      out.push_back(std::string(c) + "." + std::string(name));
      auto dot = c.rfind('.');
      c = dot == std::string_view::npos ? std::string_view() : c.substr(0, dot);
    }
    out.emplace_back(name);
    return out;
  }

  bool is_type_name(std::string_view name) const {
    if (builtin_type_names().count(name) != 0 || reg_.has_type_name(name)) return true;
    return std::find(opts_.type_names.begin(), opts_.type_names.end(), name) !=
           opts_.type_names.end();
  }

  // If `e` is a chain of plain selections rooted at an identifier, its parts ("a", "b", "c").
  static bool qualified_parts(const Expr& e, std::vector<std::string>& parts) {
    if (e.is(ExprKind::kIdent)) {
      parts.push_back(e.ident().name);
      return true;
    }
    if (e.is(ExprKind::kSelect) && !e.select().test_only && e.select().operand) {
      if (!qualified_parts(*e.select().operand, parts)) return false;
      parts.push_back(e.select().field);
      return true;
    }
    return false;
  }

  static std::string join(const std::vector<std::string>& parts, std::size_t n) {
    std::string s;
    for (std::size_t i = 0; i < n; ++i) {
      if (i > 0) s += '.';
      s += parts[i];
    }
    return s;
  }

  Result<NodePtr> plan_access(const Expr& e) {
    std::vector<std::string> parts;
    if (qualified_parts(e, parts)) {
      // A comprehension variable shadows every global name that starts with it.
      int slot = parts[0].empty() || parts[0][0] == '.' ? -1 : local_slot(parts[0]);
      if (slot < 0) return plan_qualified(e, parts);
    }
    if (e.is(ExprKind::kIdent)) {
      return NodePtr(new SlotNode(e.id, local_slot(e.ident().name)));
    }
    const auto& sel = e.select();
    if (!sel.operand) return Error("malformed expression: select without operand");
    KRO_ASSIGN_OR_RETURN(auto operand, plan(*sel.operand));
    return NodePtr(new SelectNode(e.id, std::move(operand), sel.field,
                                  sel.test_only ? SelectMode::kTest : SelectMode::kSelect));
  }

  Result<NodePtr> plan_qualified(const Expr& e, const std::vector<std::string>& parts) {
    std::string full = join(parts, parts.size());
    std::string bare = full[0] == '.' ? full.substr(1) : full;
    if (is_type_name(bare)) return NodePtr(new ConstNode(e.id, Value::type(bare)));
    std::vector<NameCandidate> candidates;
    for (std::size_t n = parts.size(); n >= 1; --n) {
      std::vector<std::string> fields(parts.begin() + static_cast<std::ptrdiff_t>(n), parts.end());
      for (auto& name : container_candidates(join(parts, n))) {
        const bool dotted = name.find('.') != std::string::npos;
        const std::size_t hash = Activation::name_hash(name);
        candidates.push_back(NameCandidate{std::move(name), fields, dotted, hash});
      }
    }
    return NodePtr(new AttributeNode(e.id, std::move(candidates), bare));
  }

  // --- calls ---

  std::vector<const Overload*> restrict_to_checked(int64_t id,
                                                   std::vector<const Overload*> cands) const {
    if (opts_.overload_ids == nullptr) return cands;
    auto it = opts_.overload_ids->find(id);
    if (it == opts_.overload_ids->end()) return cands;
    std::vector<const Overload*> out;
    for (const Overload* o : cands) {
      if (std::find(it->second.begin(), it->second.end(), o->id) != it->second.end()) {
        out.push_back(o);
      }
    }
    return out.empty() ? cands : out;
  }

  Result<NodePtr> make_call(int64_t id, const std::string& function, std::vector<NodePtr> args,
                            bool receiver) {
    auto cands = restrict_to_checked(id, reg_.candidates(function, receiver, args.size()));
    if (cands.empty()) {
      if (reg_.find(function) == nullptr) {
        return NodePtr(new ErrorNode(id, "unbound function: " + function));
      }
      return NodePtr(new ErrorNode(id, "no matching overload for '" + function + "' with " +
                                           std::to_string(args.size()) + " argument(s)"));
    }
    if (cands.front()->lazy) return NodePtr(new LazyCallNode(id, std::move(args), cands.front()));
    bool non_strict =
        std::any_of(cands.begin(), cands.end(), [](const Overload* o) { return o->non_strict; });
    return NodePtr(new CallNode(id, function, std::move(args), std::move(cands), non_strict));
  }

  Result<std::vector<NodePtr>> plan_all(const std::vector<syntax::ExprPtr>& exprs) {
    std::vector<NodePtr> out;
    out.reserve(exprs.size());
    for (const auto& a : exprs) {
      if (!a) return Error("malformed expression: missing argument");
      KRO_ASSIGN_OR_RETURN(auto n, plan(*a));
      out.push_back(std::move(n));
    }
    return out;
  }

  // A global function by name, trying container-qualified names first.
  std::optional<std::string> resolve_function(std::string_view name) const {
    for (auto& c : container_candidates(name)) {
      if (reg_.find(c) != nullptr) return c;
    }
    return std::nullopt;
  }

  // The builder of the list-appending comprehension whose accumulator `e` names, if any.
  int append_builder(const Expr& e) const {
    if (!e.is(ExprKind::kIdent)) return -1;
    const int slot = local_slot(e.ident().name);
    for (const auto& [s, b] : appending_) {
      if (s == slot) return b;
    }
    return -1;
  }

  Result<NodePtr> plan_call(const Expr& e) {
    const auto& call = e.call();
    const std::string& fn = call.function;
    if (!call.target && fn == syntax::op::kAdd && call.args.size() == 2 && call.args[0] &&
        call.args[1] && call.args[1]->is(ExprKind::kList)) {
      if (const int b = append_builder(*call.args[0]); b >= 0) {
        KRO_ASSIGN_OR_RETURN(auto elems, plan_all(call.args[1]->list().elements));
        return NodePtr(
            new AccuAppendNode(e.id, local_slot(call.args[0]->ident().name), b, std::move(elems)));
      }
    }
    KRO_ASSIGN_OR_RETURN(auto args, plan_all(call.args));
    auto& a = args;
    if (!call.target) {
      if (fn == syntax::op::kLogicalAnd || fn == syntax::op::kLogicalOr) {
        if (a.size() != 2) return Error("malformed expression: " + fn + " needs two operands");
        return NodePtr(
            new LogicNode(e.id, std::move(a[0]), std::move(a[1]), fn == syntax::op::kLogicalAnd));
      }
      if (fn == syntax::op::kConditional) {
        if (a.size() != 3) return Error("malformed expression: ?: needs three operands");
        return NodePtr(
            new ConditionalNode(e.id, std::move(a[0]), std::move(a[1]), std::move(a[2])));
      }
      if (fn == syntax::op::kIndex || fn == syntax::op::kOptIndex) {
        if (a.size() != 2) return Error("malformed expression: index needs two operands");
        return NodePtr(
            new IndexNode(e.id, std::move(a[0]), std::move(a[1]), fn == syntax::op::kOptIndex));
      }
      if (fn == syntax::op::kOptSelect) {
        if (a.size() != 2 || !call.args[1]->is(ExprKind::kConstant) ||
            call.args[1]->constant().kind != syntax::Constant::Kind::kString) {
          return Error("malformed expression: _?._ needs an operand and a field name");
        }
        return NodePtr(new SelectNode(e.id, std::move(a[0]), call.args[1]->constant().string_value,
                                      SelectMode::kOptional));
      }
      auto resolved = resolve_function(fn);
      return make_call(e.id, resolved.value_or(fn), std::move(a), false);
    }
    // `ns.f(x)`: a qualified global function when the target names no local variable.
    std::vector<std::string> parts;
    if (qualified_parts(*call.target, parts) && local_slot(parts[0]) < 0) {
      auto resolved = resolve_function(join(parts, parts.size()) + "." + fn);
      if (resolved) return make_call(e.id, *resolved, std::move(a), false);
    }
    KRO_ASSIGN_OR_RETURN(auto target, plan(*call.target));
    std::vector<NodePtr> all;
    all.reserve(a.size() + 1);
    all.push_back(std::move(target));
    for (auto& n : a) all.push_back(std::move(n));
    return make_call(e.id, fn, std::move(all), true);
  }

  // --- aggregates ---

  Result<NodePtr> plan_list(const Expr& e) {
    const auto& l = e.list();
    KRO_ASSIGN_OR_RETURN(auto elems, plan_all(l.elements));
    std::vector<bool> optional(elems.size(), false);
    for (int32_t i : l.optional_indices) {
      if (i >= 0 && static_cast<std::size_t>(i) < optional.size()) {
        optional[static_cast<std::size_t>(i)] = true;
      }
    }
    return NodePtr(new ListNode(e.id, std::move(elems), std::move(optional)));
  }

  Result<NodePtr> plan_map(const Expr& e) {
    std::vector<MapEntryNode> entries;
    for (const auto& me : e.map().entries) {
      if (!me.key || !me.value) return Error("malformed expression: map entry without key/value");
      KRO_ASSIGN_OR_RETURN(auto k, plan(*me.key));
      KRO_ASSIGN_OR_RETURN(auto v, plan(*me.value));
      entries.push_back(MapEntryNode{std::move(k), std::move(v), me.optional});
    }
    return NodePtr(new MapNode(e.id, std::move(entries)));
  }

  Result<NodePtr> plan_comprehension(const Expr& e) {
    const auto& c = e.comprehension();
    if (!c.iter_range || !c.accu_init || !c.loop_condition || !c.loop_step || !c.result) {
      return Error("malformed expression: incomplete comprehension " + std::to_string(e.id));
    }
    ComprehensionParts p;
    KRO_ASSIGN_OR_RETURN(auto range, plan(*c.iter_range));
    p.range = std::move(range);
    KRO_ASSIGN_OR_RETURN(auto init, plan(*c.accu_init));
    p.init = std::move(init);
    // The accumulator is in scope for the loop and the result; the iteration variables only for
    // the loop.
    p.accu_slot = next_slot_++;
    scopes_.emplace_back(c.accu_var, p.accu_slot);
    p.iter_slot = next_slot_++;
    scopes_.emplace_back(c.iter_var, p.iter_slot);
    std::size_t pushed = 2;
    if (!c.iter_var2.empty()) {
      p.iter2_slot = next_slot_++;
      scopes_.emplace_back(c.iter_var2, p.iter2_slot);
      ++pushed;
    }
    const bool appending = is_list_append_comprehension(c);
    if (appending) {
      p.builder = next_builder_++;
      appending_.emplace_back(p.accu_slot, p.builder);
    }
    auto cond = plan(*c.loop_condition);
    auto step = cond ? plan(*c.loop_step) : Result<NodePtr>(Error("unused"));
    if (appending) appending_.pop_back();
    for (std::size_t i = 0; i + 1 < pushed; ++i) scopes_.pop_back();
    if (!cond) {
      scopes_.pop_back();
      return cond;
    }
    if (!step) {
      scopes_.pop_back();
      return step;
    }
    p.condition = std::move(*cond);
    p.step = std::move(*step);
    auto result = plan(*c.result);
    scopes_.pop_back();
    if (!result) return result;
    p.result = std::move(*result);
    return NodePtr(new ComprehensionNode(e.id, std::move(p)));
  }

  const FunctionRegistry& reg_;
  const PlanOptions& opts_;
  std::vector<std::pair<std::string, int>> scopes_;
  int next_slot_ = 0;
  // (accumulator slot, builder) of the list-appending comprehensions being planned.
  std::vector<std::pair<int, int>> appending_;
  int next_builder_ = 0;
};

}  // namespace

Result<Program> plan(const syntax::Expr& expr, std::shared_ptr<const FunctionRegistry> registry,
                     const PlanOptions& options) {
  if (!registry) return Error("plan: no function registry");
  Planner planner(*registry, options);
  KRO_ASSIGN_OR_RETURN(auto root, planner.plan(expr));
  Program p;
  p.root_ = std::shared_ptr<const Node>(std::move(root));
  p.registry_ = std::move(registry);
  p.slots_ = planner.slots();
  p.builders_ = planner.builders();
  p.cost_limit_ = options.cost_limit;
  return p;
}

Value Program::eval(const Activation& activation) const { return eval(activation, nullptr); }

Value Program::eval(const Activation& activation, uint64_t* actual_cost) const {
  Frame f;
  f.activation = &activation;
  f.slots.resize(static_cast<std::size_t>(slots_));
  f.builders.resize(static_cast<std::size_t>(builders_));
  f.track = cost_limit_.has_value() || actual_cost != nullptr;
  if (cost_limit_) f.limit = *cost_limit_;
  Value result = root_->eval(f);
  if (actual_cost != nullptr) *actual_cost = f.cost;
  // `false && <over budget>` must not hide the cancellation.
  if (f.cancelled) return cost_limit_exceeded();
  return result;
}

}  // namespace kro::cel::eval

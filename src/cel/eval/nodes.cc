#include "cel/eval/nodes.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "cel/common/errors.h"

namespace kro::cel::eval {

namespace {

// The result of a field lookup that found `found` (or nothing), by mode; `missing()` is the
// error of a plain selection that found nothing.
template <typename Missing>
Value selection(std::optional<Value> found, SelectMode mode, Missing missing) {
  switch (mode) {
    case SelectMode::kTest:
      return Value::boolean(found.has_value());
    case SelectMode::kOptional:
      return found ? Value::optional_of(std::move(*found)) : Value::optional_none();
    case SelectMode::kSelect:
      break;
  }
  return found ? std::move(*found) : missing();
}

// `v` is taken by value so that a JSON view's document reference passes on to the field selected
// (and an optional's to the value it wraps) without a reference count update per step.
Value select_field(Value v, std::string_view field, SelectMode mode) {
  switch (v.kind()) {
    case Kind::kError:
    case Kind::kUnknown:
      return v;
    case Kind::kOptional: {
      if (!v.optional_has_value()) {
        return mode == SelectMode::kTest ? Value::boolean(false) : Value::optional_none();
      }
      // Selection through an optional keeps the result optional (optional chaining).
      return select_field(std::move(v).optional_value(), field,
                          mode == SelectMode::kTest ? SelectMode::kTest : SelectMode::kOptional);
    }
    case Kind::kMap:
      if (const Json* node = v.json_node(); node != nullptr) {
        const auto& obj = node->get_object();
        auto it = obj.find(field);
        if (it == obj.end()) {
          return selection(std::nullopt, mode,
                           [&] { return errors::no_such_key(Value::string(std::string(field))); });
        }
        if (mode == SelectMode::kTest) return Value::boolean(true);
        return selection(std::move(v).json_value_of(it->value()), mode, [] { return Value(); });
      }
      return selection(v.map_find(field), mode,
                       [&] { return errors::no_such_key(Value::string(std::string(field))); });
    case Kind::kOpaque:
      return selection(v.as_opaque().select(field), mode,
                       [&] { return errors::no_such_field(field); });
    default:
      break;
  }
  return Value::error("no such key: " + std::string(field) + " (type '" +
                      std::string(v.cel_type_name()) + "' does not support field selection)");
}

// A list index as int64: ints, uints and integral doubles are accepted, as cel-go does.
std::optional<int64_t> list_index(const Value& idx) {
  switch (idx.kind()) {
    case Kind::kInt:
      return idx.as_int();
    case Kind::kUint:
      if (idx.as_uint() > static_cast<uint64_t>(INT64_MAX)) return INT64_MAX;
      return static_cast<int64_t>(idx.as_uint());
    case Kind::kDouble: {
      double d = idx.as_double();
      if (d != std::trunc(d) || !(d > -9.2e18 && d < 9.2e18)) return std::nullopt;
      return static_cast<int64_t>(d);
    }
    default:
      return std::nullopt;
  }
}

// `v` is taken by value for the reason select_field's is.
Value index_value(Value v, const Value& idx, bool optional) {
  if (v.is_error_or_unknown()) return v;
  if (idx.is_error_or_unknown()) return idx;
  switch (v.kind()) {
    case Kind::kOptional:
      if (!v.optional_has_value()) return Value::optional_none();
      return index_value(std::move(v).optional_value(), idx, true);
    case Kind::kList: {
      auto i = list_index(idx);
      if (!i) return errors::no_such_overload();
      if (*i < 0 || static_cast<uint64_t>(*i) >= v.list_size()) {
        if (optional) return Value::optional_none();
        return errors::index_out_of_range(*i, v.list_size());
      }
      const auto pos = static_cast<std::size_t>(*i);
      Value e;
      if (const Json* node = v.json_node(); node != nullptr) {
        e = std::move(v).json_value_of(node->get_array()[pos]);
      } else {
        e = v.list_at(pos);
      }
      return optional ? Value::optional_of(std::move(e)) : e;
    }
    case Kind::kMap: {
      Kind k = idx.kind();
      std::optional<Value> found;
      if (const Json* node = v.json_node(); node != nullptr && k == Kind::kString) {
        const auto& obj = node->get_object();
        auto it = obj.find(idx.as_string());
        if (it != obj.end()) found = std::move(v).json_value_of(it->value());
      } else if (k == Kind::kString) {
        found = v.map_find(idx.as_string());
      } else if (k == Kind::kBool || k == Kind::kInt || k == Kind::kUint || k == Kind::kDouble) {
        found = v.map_find(idx);
      } else {
        return errors::no_such_overload();
      }
      if (!found) return optional ? Value::optional_none() : errors::no_such_key(idx);
      return optional ? Value::optional_of(std::move(*found)) : std::move(*found);
    }
    default:
      return errors::no_such_overload();
  }
}

// The non-bool operand of a logical operator is an error, as no overload takes it.
Value as_logic_operand(Value v) {
  if (v.is(Kind::kBool) || v.is_error_or_unknown()) return v;
  return errors::no_such_overload();
}

Value merge_unknowns(const Value& a, const Value& b) {
  std::vector<int64_t> ids = a.unknown_ids();
  ids.insert(ids.end(), b.unknown_ids().begin(), b.unknown_ids().end());
  return Value::unknown(std::move(ids));
}

}  // namespace

Value cost_limit_exceeded() { return Value::error(std::string(cost::kCostLimitExceeded)); }

namespace {

// root.f1.f2...: through a JSON view the fields are looked up in the tree directly and only the
// value reached is materialised (each intermediate Value would cost a reference count update);
// the rest (missing fields, native maps, opaque values) goes through select_field.
Value select_fields(const Value& root, const std::vector<std::string>& fields) {
  std::size_t i = 0;
  const Json* node = root.json_node();
  if (node != nullptr) {
    while (i < fields.size() && node->is_object()) {
      const auto& obj = node->get_object();
      auto it = obj.find(fields[i]);
      if (it == obj.end()) break;
      node = &it->value();
      ++i;
    }
  }
  Value cur = i == 0 ? root : root.json_value_of(*node);
  for (; i < fields.size(); ++i) {
    cur = select_field(std::move(cur), fields[i], SelectMode::kSelect);
    if (cur.is_error_or_unknown()) break;
  }
  return cur;
}

}  // namespace

Value AttributeNode::eval(Frame& f) const {
  const bool dotted = f.activation->may_bind_dotted_names();
  for (const auto& c : candidates_) {
    if (c.dotted && !dotted) continue;
    std::optional<Value> found;
    const Value* bound = f.activation->find_stored_hashed(c.name, c.hash);
    if (bound == nullptr) {
      found = f.activation->find(c.name);
      if (!found) continue;
      bound = &*found;
    }
    // cel-go charges the variable and each field qualifier of a qualified name.
    f.charge(cost::kSelectAndIdentCost * (1 + c.fields.size()));
    return select_fields(*bound, c.fields);
  }
  f.charge(cost::kSelectAndIdentCost);
  return errors::no_such_attribute(display_);
}

Value SelectNode::eval(Frame& f) const {
  Value v = operand_->eval(f);
  f.charge(cost::kSelectAndIdentCost);
  return select_field(std::move(v), field_, mode_);
}

Value IndexNode::eval(Frame& f) const {
  Value v = operand_->eval(f);
  if (v.is_error_or_unknown()) return v;
  Value i = index_->eval(f);
  f.charge(cost::kSelectAndIdentCost);
  return index_value(std::move(v), i, optional_);
}

Value LogicNode::eval(Frame& f) const {
  // The absorbing value of the operator: false for &&, true for ||.
  const bool absorbing = !and_;
  Value l = as_logic_operand(lhs_->eval(f));
  if (l.is(Kind::kBool) && l.as_bool() == absorbing) return l;
  Value r = as_logic_operand(rhs_->eval(f));
  if (r.is(Kind::kBool)) {
    if (r.as_bool() == absorbing) return r;
    return l;  // l is the identity value, or an error/unknown that r does not absorb
  }
  if (l.is(Kind::kBool)) return r;
  if (l.is_unknown() && r.is_unknown()) return merge_unknowns(l, r);
  if (l.is_unknown()) return l;
  if (r.is_unknown()) return r;
  return l;
}

Value ConditionalNode::eval(Frame& f) const {
  Value c = cond_->eval(f);
  if (c.is(Kind::kBool)) return c.as_bool() ? then_->eval(f) : else_->eval(f);
  if (c.is_error_or_unknown()) return c;
  return errors::no_such_overload();
}

CallNode::CallNode(int64_t id, std::string function, std::vector<NodePtr> args,
                   std::vector<const Overload*> candidates, bool non_strict)
    : Node(id),
      function_(std::move(function)),
      args_(std::move(args)),
      candidates_(std::move(candidates)),
      non_strict_(non_strict) {
  costs_.reserve(candidates_.size());
  signatures_.reserve(candidates_.size());
  for (const Overload* o : candidates_) {
    costs_.push_back(cost::classify_call(function_, o->id));
    Signature sig;
    sig.arity = o->params.size();
    sig.exact = sig.arity <= sig.kinds.size();
    for (std::size_t i = 0; i < o->params.size() && i < sig.kinds.size(); ++i) {
      const ParamKind& p = o->params[i];
      sig.kinds[i] = p.any ? kAnyKind : static_cast<uint8_t>(p.kind);
      if (!p.any && p.kind == Kind::kOpaque && !p.opaque.empty()) sig.exact = false;
    }
    signatures_.push_back(sig);
  }
}

// Whether a candidate can take `args` as far as the kinds tell (all of Overload::accepts when the
// signature is exact).
bool CallNode::may_accept(const Signature& sig, std::span<const Value> args) {
  if (args.size() != sig.arity) return false;
  const std::size_t n = std::min(args.size(), sig.kinds.size());
  for (std::size_t j = 0; j < n; ++j) {
    if (sig.kinds[j] != kAnyKind && sig.kinds[j] != static_cast<uint8_t>(args[j].kind())) {
      return false;
    }
  }
  return true;
}

Value CallNode::dispatch(std::span<const Value> args, Frame& f) const {
  for (std::size_t i = 0; i < candidates_.size(); ++i) {
    const Signature& sig = signatures_[i];
    if (!may_accept(sig, args) || (!sig.exact && !candidates_[i]->accepts(args))) continue;
    Value result = candidates_[i]->fn(args);
    if (f.track) {
      f.charge(cost::call_cost(costs_[i], args, result));
      if (f.cancelled) return cost_limit_exceeded();
    }
    return result;
  }
  f.charge(1);
  return errors::no_matching_overload(function_, args);
}

Value CallNode::eval(Frame& f) const {
  const std::size_t n = args_.size();
  if (n <= 4) {
    std::array<Value, 4> buf;
    for (std::size_t i = 0; i < n; ++i) {
      buf[i] = args_[i]->eval(f);
      if (!non_strict_ && buf[i].is_error_or_unknown()) {
        f.charge(1);
        return buf[i];
      }
    }
    return dispatch(std::span<const Value>(buf.data(), n), f);
  }
  std::vector<Value> vals;
  vals.reserve(n);
  for (const auto& a : args_) {
    vals.push_back(a->eval(f));
    if (!non_strict_ && vals.back().is_error_or_unknown()) {
      f.charge(1);
      return vals.back();
    }
  }
  return dispatch(vals, f);
}

namespace {
class Thunks final : public LazyArgs {
 public:
  Thunks(const std::vector<NodePtr>& args, Frame& f) : args_(args), f_(f) {}
  std::size_t size() const override { return args_.size(); }
  Value eval(std::size_t i) const override { return args_[i]->eval(f_); }

 private:
  const std::vector<NodePtr>& args_;
  Frame& f_;
};
}  // namespace

Value LazyCallNode::eval(Frame& f) const {
  Value result = overload_->lazy(Thunks(args_, f));
  f.charge(1);
  return result;
}

Value ListNode::eval(Frame& f) const {
  std::vector<Value> out;
  out.reserve(elems_.size());
  for (std::size_t i = 0; i < elems_.size(); ++i) {
    Value v = elems_[i]->eval(f);
    if (v.is_error_or_unknown()) return v;
    if (optional_[i]) {
      if (!v.is(Kind::kOptional)) {
        return Value::error("cannot initialize optional list element from non-optional value " +
                            debug_string(v));
      }
      if (!v.optional_has_value()) continue;
      out.push_back(std::move(v).optional_value());
    } else {
      out.push_back(std::move(v));
    }
  }
  f.charge(cost::kListCreateBaseCost);
  return Value::list(std::move(out));
}

Value MapNode::eval(Frame& f) const {
  std::vector<std::pair<Value, Value>> out;
  out.reserve(entries_.size());
  for (const auto& e : entries_) {
    Value k = e.key->eval(f);
    if (k.is_error_or_unknown()) return k;
    Value v = e.value->eval(f);
    if (v.is_error_or_unknown()) return v;
    if (e.optional) {
      if (!v.is(Kind::kOptional)) {
        return Value::error("cannot initialize optional entry '" + debug_string(k) +
                            "' from non-optional value " + debug_string(v));
      }
      if (!v.optional_has_value()) continue;
      v = std::move(v).optional_value();
    }
    out.emplace_back(std::move(k), std::move(v));
  }
  f.charge(cost::kMapCreateBaseCost);
  return Value::map(std::move(out));
}

Value AccuAppendNode::eval(Frame& f) const {
  f.charge(cost::kSelectAndIdentCost);  // reading the accumulator
  const Value& accu = f.slots[static_cast<std::size_t>(accu_slot_)];
  if (accu.is_error_or_unknown()) {
    f.charge(1);
    return accu;
  }
  auto& out = f.builders[static_cast<std::size_t>(builder_)];
  const std::size_t before = out.size();
  for (const auto& e : elems_) {
    Value v = e->eval(f);
    if (v.is_error_or_unknown()) {
      out.resize(before);
      f.charge(1);
      return v;
    }
    out.push_back(std::move(v));
  }
  f.charge(cost::kListCreateBaseCost + 1);  // the list literal and the concatenation
  if (f.cancelled) return cost_limit_exceeded();
  return Value();
}

Value ComprehensionNode::eval(Frame& f) const {
  Value range = p_.range->eval(f);
  if (range.is_error_or_unknown()) return range;
  const bool is_list = range.is(Kind::kList);
  if (!is_list && !range.is(Kind::kMap)) {
    return Value::error("cannot iterate over a value of type '" +
                        std::string(range.cel_type_name()) + "'");
  }
  auto& slots = f.slots;
  const auto accu = static_cast<std::size_t>(p_.accu_slot);
  const auto it1 = static_cast<std::size_t>(p_.iter_slot);
  std::vector<Value>* built = nullptr;
  if (p_.builder >= 0) {
    // The init is the empty list literal: charged, but the list lives in the builder.
    built = &f.builders[static_cast<std::size_t>(p_.builder)];
    built->clear();
    f.charge(cost::kListCreateBaseCost);
    slots[accu] = Value();
  } else {
    slots[accu] = p_.init->eval(f);
  }
  const std::size_t n = is_list ? range.list_size() : range.map_size();
  for (std::size_t i = 0; i < n; ++i) {
    if (p_.iter2_slot >= 0) {
      const auto it2 = static_cast<std::size_t>(p_.iter2_slot);
      if (is_list) {
        slots[it1] = Value::integer(static_cast<int64_t>(i));
        slots[it2] = range.list_at(i);
      } else {
        slots[it1] = range.map_key_at(i);
        slots[it2] = range.map_value_at(i);
      }
    } else {
      slots[it1] = is_list ? range.list_at(i) : range.map_key_at(i);
    }
    Value cond = p_.condition->eval(f);
    if (!(cond.is(Kind::kBool) && cond.as_bool())) break;
    slots[accu] = p_.step->eval(f);
    // An over-budget loop stops here rather than running its remaining iterations.
    if (f.cancelled) break;
  }
  if (f.cancelled) {
    slots[it1] = Value();
    if (p_.iter2_slot >= 0) slots[static_cast<std::size_t>(p_.iter2_slot)] = Value();
    slots[accu] = Value();
    if (built != nullptr) built->clear();
    return cost_limit_exceeded();
  }
  if (built != nullptr) {
    // The result is the accumulator itself.
    f.charge(cost::kSelectAndIdentCost);
    slots[it1] = Value();
    if (p_.iter2_slot >= 0) slots[static_cast<std::size_t>(p_.iter2_slot)] = Value();
    Value result = std::move(slots[accu]);
    slots[accu] = Value();
    if (result.is_error_or_unknown()) {
      built->clear();
      return result;
    }
    return Value::list(std::move(*built));
  }
  Value result = p_.result->eval(f);
  // Drop the loop's references now rather than when the frame dies.
  slots[it1] = Value();
  if (p_.iter2_slot >= 0) slots[static_cast<std::size_t>(p_.iter2_slot)] = Value();
  slots[accu] = Value();
  return result;
}

}  // namespace kro::cel::eval

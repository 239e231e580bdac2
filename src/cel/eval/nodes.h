// The evaluation tree built by the planner (internal to src/cel/eval). Each node evaluates to a
// Value given a Frame: the activation plus the slots of the comprehension variables in scope.
#pragma once

#include <array>
#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "cel/common/function_registry.h"
#include "cel/common/value.h"
#include "cel/cost/cost_model.h"
#include "cel/eval/activation.h"

namespace kro::cel::eval {

struct Frame {
  const Activation* activation = nullptr;
  std::vector<Value> slots;
  // The lists that list-appending comprehensions are building (see AccuAppendNode).
  std::vector<std::vector<Value>> builders;
  // Cost tracking (cel-go's OptTrackCost with a CostLimit): each node charges its cost as it
  // finishes; past the limit `cancelled` is set and the comprehensions and calls in progress
  // stop, so the whole evaluation ends with kCostLimitExceeded.
  bool track = false;
  bool cancelled = false;
  uint64_t cost = 0;
  uint64_t limit = std::numeric_limits<uint64_t>::max();

  void charge(uint64_t c) {
    if (!track) return;
    cost = cost::add_sat(cost, c);
    if (cost > limit) cancelled = true;
  }
};

// The error every node returns once the budget is spent.
Value cost_limit_exceeded();

class Node {
 public:
  explicit Node(int64_t id) : id_(id) {}
  Node(const Node&) = delete;
  Node& operator=(const Node&) = delete;
  virtual ~Node() = default;
  virtual Value eval(Frame& f) const = 0;
  int64_t id() const { return id_; }

 private:
  int64_t id_;
};

using NodePtr = std::unique_ptr<const Node>;

class ConstNode final : public Node {
 public:
  ConstNode(int64_t id, Value v) : Node(id), v_(std::move(v)) {}
  Value eval(Frame&) const override { return v_; }

 private:
  Value v_;
};

class SlotNode final : public Node {
 public:
  SlotNode(int64_t id, int slot) : Node(id), slot_(slot) {}
  Value eval(Frame& f) const override {
    f.charge(cost::kSelectAndIdentCost);
    return f.slots[static_cast<std::size_t>(slot_)];
  }

 private:
  int slot_;
};

// A (possibly qualified) name resolved against the activation: the candidates are tried in
// order; the first bound name wins and the remaining fields are selected from its value.
struct NameCandidate {
  std::string name;
  std::vector<std::string> fields;
  bool dotted = false;   // name contains a dot (skipped when the activation binds none)
  std::size_t hash = 0;  // Activation::name_hash(name)
};

class AttributeNode final : public Node {
 public:
  AttributeNode(int64_t id, std::vector<NameCandidate> candidates, std::string display)
      : Node(id), candidates_(std::move(candidates)), display_(std::move(display)) {}
  Value eval(Frame& f) const override;

 private:
  std::vector<NameCandidate> candidates_;
  std::string display_;  // the name as written, for the error message
};

// Field selection `x.f`, presence test `has(x.f)`, and optional selection `x.?f`.
enum class SelectMode { kSelect, kTest, kOptional };

class SelectNode final : public Node {
 public:
  SelectNode(int64_t id, NodePtr operand, std::string field, SelectMode mode)
      : Node(id), operand_(std::move(operand)), field_(std::move(field)), mode_(mode) {}
  Value eval(Frame& f) const override;

 private:
  NodePtr operand_;
  std::string field_;
  SelectMode mode_;
};

// Indexing `x[i]` and optional indexing `x[?i]`.
class IndexNode final : public Node {
 public:
  IndexNode(int64_t id, NodePtr operand, NodePtr index, bool optional)
      : Node(id), operand_(std::move(operand)), index_(std::move(index)), optional_(optional) {}
  Value eval(Frame& f) const override;

 private:
  NodePtr operand_;
  NodePtr index_;
  bool optional_;
};

// `&&` (is_and) and `||`, commutative with error absorption.
class LogicNode final : public Node {
 public:
  LogicNode(int64_t id, NodePtr lhs, NodePtr rhs, bool is_and)
      : Node(id), lhs_(std::move(lhs)), rhs_(std::move(rhs)), and_(is_and) {}
  Value eval(Frame& f) const override;

 private:
  NodePtr lhs_;
  NodePtr rhs_;
  bool and_;
};

class ConditionalNode final : public Node {
 public:
  ConditionalNode(int64_t id, NodePtr cond, NodePtr then, NodePtr otherwise)
      : Node(id), cond_(std::move(cond)), then_(std::move(then)), else_(std::move(otherwise)) {}
  Value eval(Frame& f) const override;

 private:
  NodePtr cond_;
  NodePtr then_;
  NodePtr else_;
};

// A function call with strict or non-strict overloads, dispatched on the runtime argument kinds
// among the candidates found at planning time.
class CallNode final : public Node {
 public:
  CallNode(int64_t id, std::string function, std::vector<NodePtr> args,
           std::vector<const Overload*> candidates, bool non_strict);
  Value eval(Frame& f) const override;

 private:
  // A candidate's parameter kinds, checked inline before its (out-of-line) accepts(): kAnyKind for
  // dyn; `exact` false when a parameter names an opaque type, which only accepts() can check.
  static constexpr uint8_t kAnyKind = 0xff;
  struct Signature {
    std::size_t arity = 0;
    std::array<uint8_t, 4> kinds{};
    bool exact = false;
  };
  static bool may_accept(const Signature& sig, std::span<const Value> args);

  Value dispatch(std::span<const Value> args, Frame& f) const;
  std::string function_;
  std::vector<NodePtr> args_;  // receiver first for receiver-style calls
  std::vector<const Overload*> candidates_;
  std::vector<Signature> signatures_;  // of each candidate
  std::vector<cost::CallCost> costs_;  // the charging rule of each candidate
  bool non_strict_;
};

// A call of a lazy overload: arguments are evaluated when the implementation asks.
class LazyCallNode final : public Node {
 public:
  LazyCallNode(int64_t id, std::vector<NodePtr> args, const Overload* overload)
      : Node(id), args_(std::move(args)), overload_(overload) {}
  Value eval(Frame& f) const override;  // costs 1, plus the arguments it evaluates

 private:
  std::vector<NodePtr> args_;
  const Overload* overload_;
};

// Evaluates to an error without evaluating anything (unbound functions, unsupported forms).
class ErrorNode final : public Node {
 public:
  ErrorNode(int64_t id, std::string message) : Node(id), message_(std::move(message)) {}
  Value eval(Frame&) const override { return Value::error(message_); }

 private:
  std::string message_;
};

class ListNode final : public Node {
 public:
  ListNode(int64_t id, std::vector<NodePtr> elems, std::vector<bool> optional)
      : Node(id), elems_(std::move(elems)), optional_(std::move(optional)) {}
  Value eval(Frame& f) const override;

 private:
  std::vector<NodePtr> elems_;
  std::vector<bool> optional_;
};

struct MapEntryNode {
  NodePtr key;
  NodePtr value;
  bool optional = false;
};

class MapNode final : public Node {
 public:
  MapNode(int64_t id, std::vector<MapEntryNode> entries) : Node(id), entries_(std::move(entries)) {}
  Value eval(Frame& f) const override;

 private:
  std::vector<MapEntryNode> entries_;
};

// `accu + [e...]` inside a list-appending comprehension (eval/accumulate.h): appends the
// elements to the comprehension's builder instead of copying the accumulated list. The
// accumulator slot holds null while the list is being built, or the first error, which then
// sticks as it would through `error + [e]`. Charged exactly as the call it replaces.
class AccuAppendNode final : public Node {
 public:
  AccuAppendNode(int64_t id, int accu_slot, int builder, std::vector<NodePtr> elems)
      : Node(id), accu_slot_(accu_slot), builder_(builder), elems_(std::move(elems)) {}
  Value eval(Frame& f) const override;

 private:
  int accu_slot_;
  int builder_;
  std::vector<NodePtr> elems_;
};

struct ComprehensionParts {
  int iter_slot = -1;
  int iter2_slot = -1;  // -1 for one-variable comprehensions
  int accu_slot = -1;
  int builder = -1;  // >= 0: a list-appending comprehension using Frame::builders[builder]
  NodePtr range;
  NodePtr init;
  NodePtr condition;
  NodePtr step;
  NodePtr result;
};

class ComprehensionNode final : public Node {
 public:
  ComprehensionNode(int64_t id, ComprehensionParts parts) : Node(id), p_(std::move(parts)) {}
  Value eval(Frame& f) const override;

 private:
  ComprehensionParts p_;
};

}  // namespace kro::cel::eval

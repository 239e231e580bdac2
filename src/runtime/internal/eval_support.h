// What evaluate() needs to run one expression: the variables in scope (a flat list, looked up by
// name — a graph has a few dozen names at most), an overlay for forEach iterators and `each`,
// per-call memoisation of non-iteration results, and the classification of a result as a value,
// "data pending" or an error.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cel/eval/activation.h"
#include "runtime/internal/executable_impl.h"

namespace kro::runtime::detail {

// Variables bound for one evaluate() call: `schema` and every observed resource. A binding never
// changes once made, which is what makes memoising successful results sound.
class Scope final : public cel::eval::Activation {
 public:
  void bind(std::string_view name, cel::Value value) { vars_.emplace_back(name, std::move(value)); }
  std::optional<cel::Value> find(std::string_view name) const override {
    for (const auto& [n, v] : vars_) {
      if (n == name) return v;
    }
    return std::nullopt;
  }

 private:
  std::vector<std::pair<std::string_view, cel::Value>> vars_;
};

// A few names over a parent scope (forEach iterators over the graph scope), or alone (readyWhen
// sees only the node itself, or `each`).
class Overlay final : public cel::eval::Activation {
 public:
  explicit Overlay(const cel::eval::Activation* parent = nullptr) : parent_(parent) {}
  void bind(std::string_view name, cel::Value value) { vars_.emplace_back(name, std::move(value)); }
  void rebind(std::size_t i, cel::Value value) { vars_[i].second = std::move(value); }
  std::optional<cel::Value> find(std::string_view name) const override {
    for (const auto& [n, v] : vars_) {
      if (n == name) return v;
    }
    if (parent_ != nullptr) return parent_->find(name);
    return std::nullopt;
  }

 private:
  const cel::eval::Activation* parent_;
  std::vector<std::pair<std::string_view, cel::Value>> vars_;
};

struct Outcome {
  enum class Kind { kValue, kPending, kError };
  Kind kind = Kind::kValue;
  cel::Value value;     // kValue
  std::string message;  // kPending / kError: the CEL error message

  bool ok() const { return kind == Kind::kValue; }
};

// Memo slots of one evaluate() call.
using Memo = std::vector<std::optional<cel::Value>>;

// Evaluates a planned expression; successful results of memoised expressions are cached.
Outcome run(const PlannedExpr& pe, const cel::eval::Activation& scope, Memo* memo);

// An error about an expression: message prefixed with `context`, the expression's source
// position and the field path `path` ("<resource id>.<field path>", "status.<field>").
Error expression_error(const graph::Expression& expr, std::string path, const std::string& context,
                       const std::string& message);

// The user's text of an expression ("${...}") for messages.
const std::string& user_text(const graph::Expression& expr);

}  // namespace kro::runtime::detail

namespace kro::runtime::detail {

// Soft-resolves schema.status into out.status (pending fields listed, errors collected).
void project_status(const ExecutableImpl& impl, const Scope& scope, Memo& memo, Evaluation& out);

// Evaluates schema.status.conditions into out.conditions (see runtime.h).
void evaluate_conditions(const ExecutableImpl& impl, const Scope& scope, Evaluation& out);

}  // namespace kro::runtime::detail

// How the compiler's phases report problems. compile_rgd stops at the first one, as upstream
// does (its message is the GraphAccepted condition); validate_rgd collects them all, so every
// phase goes on past its own failures. What a failure makes meaningless for the later phases is
// written down in Damage, and those phases skip it rather than report a cascade (an expression
// with an unknown identifier gets no type error as well; a resource whose kind is unknown gets
// no type errors for the expressions reading it).
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "graph/extract.h"
#include "value/result.h"

namespace kro::graph {

class Problems {
 public:
  enum class Mode { kFirst, kAll };
  explicit Problems(Mode mode) : mode_(mode) {}

  // Records a problem. True when the phase should go on (collecting); false when the build
  // stops here.
  [[nodiscard]] bool add(Error e) {
    errors_.push_back(std::move(e));
    return mode_ == Mode::kAll;
  }
  bool collecting() const { return mode_ == Mode::kAll; }
  // Whether the build has stopped (first-problem mode, after a problem).
  bool stopped() const { return mode_ == Mode::kFirst && !errors_.empty(); }
  bool empty() const { return errors_.empty(); }
  const std::vector<Error>& errors() const { return errors_; }
  std::vector<Error> take() { return std::move(errors_); }

 private:
  Mode mode_;
  std::vector<Error> errors_;
};

struct Damage {
  // Resource ids whose object type is unknown (not built, kind unresolved): later phases skip
  // the resource and every expression that reads it.
  std::set<std::string, std::less<>> resources;
  // JSON pointers of expressions whose problem is already reported.
  std::set<std::string, std::less<>> expressions;
  // The instance spec schema could not be built: expressions reading `schema` are not typed.
  bool schema = false;

  bool has_expression(const Expression& e) const { return expressions.count(e.pointer) != 0; }
  // Whether an expression is already reported or reads something the typing phase cannot type.
  bool skips(const Expression& e) const {
    if (has_expression(e)) return true;
    for (const auto& ref : e.references) {
      if (resources.count(ref) != 0 || (schema && ref == "schema")) return true;
    }
    return false;
  }
};

}  // namespace kro::graph

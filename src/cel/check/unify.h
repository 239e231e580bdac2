// Type unification for the checker, with cel-go's rules (checker/types.go): a substitution of
// type parameters, assignability that binds parameters as it goes (choosing the more general
// type when a parameter is bound twice, with an occurs check), dyn and error as wildcards, and
// the legacy null assignability (null fits optional, opaque, object, timestamp and duration).
// Optional types behave as the opaque type "optional_type" does in cel-go.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "cel/types/type.h"

namespace kro::cel::check {

class Substitution {
 public:
  // The binding of a type parameter, or nullptr.
  const types::Type* find(const types::Type& param) const;
  void bind(const types::Type& param, types::Type t);

  // cel-go's substitute(): replaces bound parameters (transitively); unbound ones become dyn
  // when `free_to_dyn`.
  types::Type apply(const types::Type& t, bool free_to_dyn) const;
  // Apply() for many types once binding is over: each parameter's chain of bindings is followed
  // once and remembered in `memo`, instead of once per type that mentions it.
  using Memo = std::unordered_map<std::string, types::Type>;
  types::Type apply_final(const types::Type& t, bool free_to_dyn, Memo& memo) const;

  // Trial assignments: Assign() records a mark, and on failure rolls back only the bindings made
  // since it, instead of copying every binding before each trial (which made checking quadratic
  // in the number of type variables, i.e. in expression size).
  size_t mark() const { return trail_.size(); }
  void rollback(size_t mark);
  void commit(size_t mark) { trail_.resize(mark); }

  // Bindings made plus bindings undone since construction: the unification work, for tests.
  uint64_t work() const { return work_; }
  size_t size() const { return bindings_.size(); }

 private:
  struct Undo {
    std::string name;
    std::optional<types::Type> previous;  // nullopt: the parameter was unbound
  };
  types::Type apply_impl(const types::Type& t, bool free_to_dyn, Memo* memo) const;

  std::map<std::string, types::Type, std::less<>> bindings_;
  std::vector<Undo> trail_;
  uint64_t work_ = 0;
};

bool is_dyn_or_error(const types::Type& t);
// cel-go isEqualOrLessSpecific: t1 is dyn/param or structurally less specific than t2.
bool is_equal_or_less_specific(const types::Type& t1, const types::Type& t2);
// The more general of two types known to unify.
types::Type most_general(const types::Type& t1, const types::Type& t2);

// Whether a value of type `from` may be passed where `to` is expected (cel-go's isAssignable with
// t1 = from, t2 = to). On success `subs` holds the updated bindings; on failure it is unchanged.
bool assign(Substitution& subs, const types::Type& from, const types::Type& to);
bool assign_list(Substitution& subs, const std::vector<types::Type>& from,
                 const std::vector<types::Type>& to);

}  // namespace kro::cel::check

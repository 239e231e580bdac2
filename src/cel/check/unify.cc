#include "cel/check/unify.h"

namespace kro::cel::check {

using types::Type;
using types::TypeKind;

namespace {

// Kinds whose parameters take part in assignability (cel-go: opaque, list, map; optional is an
// opaque type there).
bool is_parameterized(const Type& t) {
  return t.is(TypeKind::kOpaque) || t.is(TypeKind::kList) || t.is(TypeKind::kMap) ||
         t.is(TypeKind::kOptional);
}

// Names matter only for named kinds; comparing kinds first avoids building name strings.
bool same_name(const Type& a, const Type& b) {
  switch (a.kind()) {
    case TypeKind::kOpaque:
    case TypeKind::kObject:
    case TypeKind::kTypeParam:
      return a.name() == b.name();
    default:
      return true;
  }
}

// cel-go Type.defaultIsAssignableType for types without custom rules.
bool plain_assignable(const Type& to, const Type& from) {
  if (to.is(TypeKind::kDyn)) return true;
  if (to.kind() != from.kind() || !same_name(to, from) ||
      to.params().size() != from.params().size()) {
    return false;
  }
  for (size_t i = 0; i < to.params().size(); ++i) {
    if (!plain_assignable(to.params()[i], from.params()[i])) return false;
  }
  return true;
}

// isLegacyNullable || IsAssignableType(null).
bool accepts_null(const Type& t) {
  switch (t.kind()) {
    case TypeKind::kOpaque:
    case TypeKind::kOptional:
    case TypeKind::kObject:
    case TypeKind::kTimestamp:
    case TypeKind::kDuration:
    case TypeKind::kNull:
    case TypeKind::kDyn:
      return true;
    default:
      return false;
  }
}

bool not_referenced_in(const Substitution& s, const Type& param, const Type& within) {
  if (param == within) return false;
  if (within.is(TypeKind::kTypeParam)) {
    const Type* sub = s.find(within);
    return sub == nullptr || not_referenced_in(s, param, *sub);
  }
  if (is_parameterized(within) || within.is(TypeKind::kType)) {
    for (const auto& p : within.params()) {
      if (!not_referenced_in(s, param, p)) return false;
    }
  }
  return true;
}

bool internal_assign(Substitution& s, const Type& t1, const Type& t2);

bool has_params(const Type& t) {
  if (t.is(TypeKind::kTypeParam)) return true;
  for (const auto& p : t.params()) {
    if (has_params(p)) return true;
  }
  return false;
}

bool any_params(const std::vector<Type>& l) {
  for (const auto& t : l) {
    if (has_params(t)) return true;
  }
  return false;
}

// Whether t2 (a type parameter) or its binding is a valid substitution for t1; `has_sub` says
// whether t2 was already bound.
bool valid_substitution(Substitution& s, const Type& t1, const Type& t2, bool& has_sub) {
  has_sub = false;
  if (t1 == t2) {
    has_sub = true;
    return true;
  }
  if (const Type* bound = s.find(t2)) {
    has_sub = true;
    Type sub = *bound;
    if (t1 == sub) return true;
    if (internal_assign(s, t1, sub)) {
      Type general = most_general(t1, sub);
      if (not_referenced_in(s, t2, general)) s.bind(t2, general);
      return true;
    }
    return false;
  }
  if (not_referenced_in(s, t2, t1)) {
    s.bind(t2, t1);
    return true;
  }
  return false;
}

bool internal_assign_list(Substitution& s, const std::vector<Type>& l1,
                          const std::vector<Type>& l2) {
  if (l1.size() != l2.size()) return false;
  for (size_t i = 0; i < l1.size(); ++i) {
    if (!internal_assign(s, l1[i], l2[i])) return false;
  }
  return true;
}

// t1 assignable to t2 (cel-go internalIsAssignable).
bool internal_assign(Substitution& s, const Type& t1, const Type& t2) {
  if (t2.is(TypeKind::kTypeParam)) {
    bool has_sub = false;
    if (valid_substitution(s, t1, t2, has_sub)) return true;
    if (has_sub) return false;
  }
  if (t1.is(TypeKind::kTypeParam)) {
    bool has_sub = false;
    return valid_substitution(s, t2, t1, has_sub);
  }
  if (is_dyn_or_error(t1) || is_dyn_or_error(t2)) return true;
  if (t1.is(TypeKind::kNull)) return accepts_null(t2);
  if (t2.is(TypeKind::kNull)) return accepts_null(t1);
  switch (t1.kind()) {
    case TypeKind::kType:
      return t2.is(TypeKind::kType);
    case TypeKind::kOpaque:
    case TypeKind::kList:
    case TypeKind::kMap:
    case TypeKind::kOptional:
      return t1.kind() == t2.kind() && same_name(t1, t2) &&
             internal_assign_list(s, t1.params(), t2.params());
    default:
      return plain_assignable(t2, t1);
  }
}

}  // namespace

const Type* Substitution::find(const Type& param) const {
  if (!param.is(TypeKind::kTypeParam)) return nullptr;
  auto it = bindings_.find(param.name());
  return it == bindings_.end() ? nullptr : &it->second;
}

void Substitution::bind(const Type& param, Type t) {
  ++work_;
  std::string name = param.name();
  auto it = bindings_.find(name);
  if (it == bindings_.end()) {
    trail_.push_back({name, std::nullopt});
    bindings_.emplace(std::move(name), std::move(t));
    return;
  }
  trail_.push_back({std::move(name), std::move(it->second)});
  it->second = std::move(t);
}

void Substitution::rollback(size_t mark) {
  while (trail_.size() > mark) {
    ++work_;
    Undo& u = trail_.back();
    if (u.previous) {
      bindings_.insert_or_assign(u.name, std::move(*u.previous));
    } else {
      bindings_.erase(u.name);
    }
    trail_.pop_back();
  }
}

Type Substitution::apply(const Type& t, bool free_to_dyn) const {
  return apply_impl(t, free_to_dyn, nullptr);
}

Type Substitution::apply_final(const Type& t, bool free_to_dyn, Memo& memo) const {
  return apply_impl(t, free_to_dyn, &memo);
}

Type Substitution::apply_impl(const Type& t, bool free_to_dyn, Memo* memo) const {
  if (!has_params(t)) return t;  // the common case: nothing to rebuild
  if (const Type* sub = find(t)) {
    if (memo == nullptr) return apply_impl(*sub, free_to_dyn, nullptr);
    std::string name = t.name();
    if (auto it = memo->find(name); it != memo->end()) return it->second;
    Type resolved = apply_impl(*sub, free_to_dyn, memo);
    memo->emplace(std::move(name), resolved);
    return resolved;
  }
  const auto apply = [&](const Type& x) { return apply_impl(x, free_to_dyn, memo); };
  std::vector<Type> p;
  switch (t.kind()) {
    case TypeKind::kTypeParam:
      return free_to_dyn ? Type::dyn() : t;
    case TypeKind::kList:
      return Type::list(apply(t.elem()));
    case TypeKind::kMap:
      return Type::map(apply(t.key()), apply(t.elem()));
    case TypeKind::kOptional:
      return Type::optional(apply(t.elem()));
    case TypeKind::kType:
      return Type::type_of(apply(t.elem()));
    case TypeKind::kOpaque:
      if (t.params().empty()) return t;
      for (const auto& x : t.params()) p.push_back(apply(x));
      return Type::opaque(t.name(), std::move(p));
    default:
      return t;
  }
}

bool is_dyn_or_error(const Type& t) { return t.is(TypeKind::kDyn) || t.is(TypeKind::kError); }

bool is_equal_or_less_specific(const Type& t1, const Type& t2) {
  if (t1.is(TypeKind::kDyn) || t1.is(TypeKind::kTypeParam)) return true;
  if (t2.is(TypeKind::kDyn) || t2.is(TypeKind::kTypeParam)) return false;
  // A nullable type is more general than null itself ([optional.of(1), null] is a list of
  // optionals, as the cel-spec legacy_nullable_types tests require).
  if (t2.is(TypeKind::kNull) && !t1.is(TypeKind::kNull)) return accepts_null(t1);
  if (t1.kind() != t2.kind()) return false;
  switch (t1.kind()) {
    case TypeKind::kOpaque:
    case TypeKind::kOptional:
    case TypeKind::kList:
    case TypeKind::kMap: {
      if (!same_name(t1, t2) || t1.params().size() != t2.params().size()) return false;
      for (size_t i = 0; i < t1.params().size(); ++i) {
        if (!is_equal_or_less_specific(t1.params()[i], t2.params()[i])) return false;
      }
      return true;
    }
    case TypeKind::kType:
      return true;
    default:
      return t1 == t2;
  }
}

Type most_general(const Type& t1, const Type& t2) {
  return is_equal_or_less_specific(t1, t2) ? t1 : t2;
}

namespace {

// Runs `attempt` against the bindings and keeps what it bound only when it succeeds.
template <typename Attempt>
bool keep_if(Substitution& subs, Attempt attempt) {
  size_t mark = subs.mark();
  if (!attempt()) {
    subs.rollback(mark);
    return false;
  }
  subs.commit(mark);
  return true;
}

}  // namespace

bool assign(Substitution& subs, const Type& from, const Type& to) {
  // Without type parameters nothing is bound, so no trial copy of the bindings is needed.
  if (!has_params(from) && !has_params(to)) return internal_assign(subs, from, to);
  return keep_if(subs, [&] { return internal_assign(subs, from, to); });
}

bool assign_list(Substitution& subs, const std::vector<Type>& from, const std::vector<Type>& to) {
  if (!any_params(from) && !any_params(to)) return internal_assign_list(subs, from, to);
  return keep_if(subs, [&] { return internal_assign_list(subs, from, to); });
}

}  // namespace kro::cel::check

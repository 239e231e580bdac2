#include "cel/check/unify.h"

namespace kro::cel::check {

using types::Type;
using types::TypeKind;

namespace {

// Kinds whose parameters take part in assignability (cel-go: opaque, list, map; optional is an
// opaque type there).
bool IsParameterized(const Type& t) {
  return t.is(TypeKind::kOpaque) || t.is(TypeKind::kList) || t.is(TypeKind::kMap) ||
         t.is(TypeKind::kOptional);
}

// Names matter only for named kinds; comparing kinds first avoids building name strings.
bool SameName(const Type& a, const Type& b) {
  switch (a.kind()) {
    case TypeKind::kOpaque:
    case TypeKind::kObject:
    case TypeKind::kTypeParam:
      return a.Name() == b.Name();
    default:
      return true;
  }
}

// cel-go Type.defaultIsAssignableType for types without custom rules.
bool PlainAssignable(const Type& to, const Type& from) {
  if (to.is(TypeKind::kDyn)) return true;
  if (to.kind() != from.kind() || !SameName(to, from) ||
      to.params().size() != from.params().size()) {
    return false;
  }
  for (size_t i = 0; i < to.params().size(); ++i) {
    if (!PlainAssignable(to.params()[i], from.params()[i])) return false;
  }
  return true;
}

// isLegacyNullable || IsAssignableType(null).
bool AcceptsNull(const Type& t) {
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

bool NotReferencedIn(const Substitution& s, const Type& param, const Type& within) {
  if (param == within) return false;
  if (within.is(TypeKind::kTypeParam)) {
    const Type* sub = s.find(within);
    return sub == nullptr || NotReferencedIn(s, param, *sub);
  }
  if (IsParameterized(within) || within.is(TypeKind::kType)) {
    for (const auto& p : within.params()) {
      if (!NotReferencedIn(s, param, p)) return false;
    }
  }
  return true;
}

bool InternalAssign(Substitution& s, const Type& t1, const Type& t2);

bool HasParams(const Type& t) {
  if (t.is(TypeKind::kTypeParam)) return true;
  for (const auto& p : t.params()) {
    if (HasParams(p)) return true;
  }
  return false;
}

bool AnyParams(const std::vector<Type>& l) {
  for (const auto& t : l) {
    if (HasParams(t)) return true;
  }
  return false;
}

// Whether t2 (a type parameter) or its binding is a valid substitution for t1; `has_sub` says
// whether t2 was already bound.
bool ValidSubstitution(Substitution& s, const Type& t1, const Type& t2, bool& has_sub) {
  has_sub = false;
  if (t1 == t2) {
    has_sub = true;
    return true;
  }
  if (const Type* bound = s.find(t2)) {
    has_sub = true;
    Type sub = *bound;
    if (t1 == sub) return true;
    if (InternalAssign(s, t1, sub)) {
      Type general = MostGeneral(t1, sub);
      if (NotReferencedIn(s, t2, general)) s.bind(t2, general);
      return true;
    }
    return false;
  }
  if (NotReferencedIn(s, t2, t1)) {
    s.bind(t2, t1);
    return true;
  }
  return false;
}

bool InternalAssignList(Substitution& s, const std::vector<Type>& l1, const std::vector<Type>& l2) {
  if (l1.size() != l2.size()) return false;
  for (size_t i = 0; i < l1.size(); ++i) {
    if (!InternalAssign(s, l1[i], l2[i])) return false;
  }
  return true;
}

// t1 assignable to t2 (cel-go internalIsAssignable).
bool InternalAssign(Substitution& s, const Type& t1, const Type& t2) {
  if (t2.is(TypeKind::kTypeParam)) {
    bool has_sub = false;
    if (ValidSubstitution(s, t1, t2, has_sub)) return true;
    if (has_sub) return false;
  }
  if (t1.is(TypeKind::kTypeParam)) {
    bool has_sub = false;
    return ValidSubstitution(s, t2, t1, has_sub);
  }
  if (IsDynOrError(t1) || IsDynOrError(t2)) return true;
  if (t1.is(TypeKind::kNull)) return AcceptsNull(t2);
  if (t2.is(TypeKind::kNull)) return AcceptsNull(t1);
  switch (t1.kind()) {
    case TypeKind::kType:
      return t2.is(TypeKind::kType);
    case TypeKind::kOpaque:
    case TypeKind::kList:
    case TypeKind::kMap:
    case TypeKind::kOptional:
      return t1.kind() == t2.kind() && SameName(t1, t2) &&
             InternalAssignList(s, t1.params(), t2.params());
    default:
      return PlainAssignable(t2, t1);
  }
}

}  // namespace

const Type* Substitution::find(const Type& param) const {
  if (!param.is(TypeKind::kTypeParam)) return nullptr;
  auto it = bindings_.find(param.Name());
  return it == bindings_.end() ? nullptr : &it->second;
}

void Substitution::bind(const Type& param, Type t) {
  ++work_;
  std::string name = param.Name();
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

Type Substitution::Apply(const Type& t, bool free_to_dyn) const {
  return ApplyImpl(t, free_to_dyn, nullptr);
}

Type Substitution::ApplyFinal(const Type& t, bool free_to_dyn, Memo& memo) const {
  return ApplyImpl(t, free_to_dyn, &memo);
}

Type Substitution::ApplyImpl(const Type& t, bool free_to_dyn, Memo* memo) const {
  if (!HasParams(t)) return t;  // the common case: nothing to rebuild
  if (const Type* sub = find(t)) {
    if (memo == nullptr) return ApplyImpl(*sub, free_to_dyn, nullptr);
    std::string name = t.Name();
    if (auto it = memo->find(name); it != memo->end()) return it->second;
    Type resolved = ApplyImpl(*sub, free_to_dyn, memo);
    memo->emplace(std::move(name), resolved);
    return resolved;
  }
  const auto apply = [&](const Type& x) { return ApplyImpl(x, free_to_dyn, memo); };
  std::vector<Type> p;
  switch (t.kind()) {
    case TypeKind::kTypeParam:
      return free_to_dyn ? Type::Dyn() : t;
    case TypeKind::kList:
      return Type::List(apply(t.elem()));
    case TypeKind::kMap:
      return Type::Map(apply(t.key()), apply(t.elem()));
    case TypeKind::kOptional:
      return Type::Optional(apply(t.elem()));
    case TypeKind::kType:
      return Type::TypeOf(apply(t.elem()));
    case TypeKind::kOpaque:
      if (t.params().empty()) return t;
      for (const auto& x : t.params()) p.push_back(apply(x));
      return Type::Opaque(t.Name(), std::move(p));
    default:
      return t;
  }
}

bool IsDynOrError(const Type& t) { return t.is(TypeKind::kDyn) || t.is(TypeKind::kError); }

bool IsEqualOrLessSpecific(const Type& t1, const Type& t2) {
  if (t1.is(TypeKind::kDyn) || t1.is(TypeKind::kTypeParam)) return true;
  if (t2.is(TypeKind::kDyn) || t2.is(TypeKind::kTypeParam)) return false;
  // A nullable type is more general than null itself ([optional.of(1), null] is a list of
  // optionals, as the cel-spec legacy_nullable_types tests require).
  if (t2.is(TypeKind::kNull) && !t1.is(TypeKind::kNull)) return AcceptsNull(t1);
  if (t1.kind() != t2.kind()) return false;
  switch (t1.kind()) {
    case TypeKind::kOpaque:
    case TypeKind::kOptional:
    case TypeKind::kList:
    case TypeKind::kMap: {
      if (!SameName(t1, t2) || t1.params().size() != t2.params().size()) return false;
      for (size_t i = 0; i < t1.params().size(); ++i) {
        if (!IsEqualOrLessSpecific(t1.params()[i], t2.params()[i])) return false;
      }
      return true;
    }
    case TypeKind::kType:
      return true;
    default:
      return t1 == t2;
  }
}

Type MostGeneral(const Type& t1, const Type& t2) { return IsEqualOrLessSpecific(t1, t2) ? t1 : t2; }

bool Assign(Substitution& subs, const Type& from, const Type& to) {
  // Without type parameters nothing is bound, so no trial copy of the bindings is needed.
  if (!HasParams(from) && !HasParams(to)) return InternalAssign(subs, from, to);
  size_t mark = subs.mark();
  if (!InternalAssign(subs, from, to)) {
    subs.rollback(mark);
    return false;
  }
  subs.commit(mark);
  return true;
}

bool AssignList(Substitution& subs, const std::vector<Type>& from, const std::vector<Type>& to) {
  if (!AnyParams(from) && !AnyParams(to)) return InternalAssignList(subs, from, to);
  size_t mark = subs.mark();
  if (!InternalAssignList(subs, from, to)) {
    subs.rollback(mark);
    return false;
  }
  subs.commit(mark);
  return true;
}

}  // namespace kro::cel::check

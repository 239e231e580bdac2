#include "cel/syntax/ast.h"

#include <algorithm>
#include <cmath>

namespace kro::cel::syntax {

namespace {

// A constant of `kind` whose `field` holds `v`.
template <typename T>
Constant constant_of(Constant::Kind kind, T Constant::*field, T v) {
  Constant c;
  c.kind = kind;
  c.*field = std::move(v);
  return c;
}

}  // namespace

Constant Constant::boolean(bool v) { return constant_of(Kind::kBool, &Constant::bool_value, v); }
Constant Constant::integer(int64_t v) { return constant_of(Kind::kInt, &Constant::int_value, v); }
Constant Constant::uinteger(uint64_t v) {
  return constant_of(Kind::kUint, &Constant::uint_value, v);
}
Constant Constant::dbl(double v) { return constant_of(Kind::kDouble, &Constant::double_value, v); }
Constant Constant::string(std::string v) {
  return constant_of(Kind::kString, &Constant::string_value, std::move(v));
}
Constant Constant::bytes(std::string v) {
  return constant_of(Kind::kBytes, &Constant::string_value, std::move(v));
}

bool Constant::operator==(const Constant& o) const {
  if (kind != o.kind) return false;
  switch (kind) {
    case Kind::kNull:
      return true;
    case Kind::kBool:
      return bool_value == o.bool_value;
    case Kind::kInt:
      return int_value == o.int_value;
    case Kind::kUint:
      return uint_value == o.uint_value;
    case Kind::kDouble:
      // Literals compare by representation so that NaN-free trees round-trip exactly.
      return double_value == o.double_value ||
             (std::isnan(double_value) && std::isnan(o.double_value));
    case Kind::kString:
    case Kind::kBytes:
      return string_value == o.string_value;
  }
  return false;
}

namespace {
ExprPtr new_node(int64_t id) {
  auto e = std::make_unique<Expr>();
  e->id = id;
  return e;
}
}  // namespace

ExprPtr make_constant(int64_t id, Constant c) {
  auto e = new_node(id);
  e->kind = std::move(c);
  return e;
}
ExprPtr make_ident(int64_t id, std::string name) {
  auto e = new_node(id);
  e->kind = Ident{std::move(name)};
  return e;
}
ExprPtr make_select(int64_t id, ExprPtr operand, std::string field, bool test_only) {
  auto e = new_node(id);
  e->kind = Select{std::move(operand), std::move(field), test_only};
  return e;
}
ExprPtr make_call(int64_t id, std::string function, std::vector<ExprPtr> args) {
  auto e = new_node(id);
  e->kind = Call{nullptr, std::move(function), std::move(args)};
  return e;
}
ExprPtr make_member_call(int64_t id, std::string function, ExprPtr target,
                         std::vector<ExprPtr> args) {
  auto e = new_node(id);
  e->kind = Call{std::move(target), std::move(function), std::move(args)};
  return e;
}
ExprPtr make_list(int64_t id, std::vector<ExprPtr> elements,
                  std::vector<int32_t> optional_indices) {
  auto e = new_node(id);
  e->kind = List{std::move(elements), std::move(optional_indices)};
  return e;
}
ExprPtr make_map(int64_t id, std::vector<MapEntry> entries) {
  auto e = new_node(id);
  e->kind = Map{std::move(entries)};
  return e;
}
ExprPtr make_struct(int64_t id, std::string message_name, std::vector<StructField> fields) {
  auto e = new_node(id);
  e->kind = Struct{std::move(message_name), std::move(fields)};
  return e;
}
ExprPtr make_comprehension(int64_t id, std::string iter_var, std::string iter_var2,
                           ExprPtr iter_range, std::string accu_var, ExprPtr accu_init,
                           ExprPtr loop_condition, ExprPtr loop_step, ExprPtr result) {
  auto e = new_node(id);
  e->kind = Comprehension{std::move(iter_var),  std::move(iter_var2), std::move(iter_range),
                          std::move(accu_var),  std::move(accu_init), std::move(loop_condition),
                          std::move(loop_step), std::move(result)};
  return e;
}

namespace {
ExprPtr clone_or_null(const ExprPtr& e) { return e ? clone(*e) : nullptr; }
}  // namespace

ExprPtr clone(const Expr& e) {
  auto out = new_node(e.id);
  switch (e.expr_kind()) {
    case ExprKind::kUnspecified:
      break;
    case ExprKind::kConstant:
      out->kind = e.constant();
      break;
    case ExprKind::kIdent:
      out->kind = e.ident();
      break;
    case ExprKind::kSelect: {
      const auto& s = e.select();
      out->kind = Select{clone_or_null(s.operand), s.field, s.test_only};
      break;
    }
    case ExprKind::kCall: {
      const auto& c = e.call();
      std::vector<ExprPtr> args;
      args.reserve(c.args.size());
      for (const auto& a : c.args) args.push_back(clone_or_null(a));
      out->kind = Call{clone_or_null(c.target), c.function, std::move(args)};
      break;
    }
    case ExprKind::kList: {
      const auto& l = e.list();
      std::vector<ExprPtr> elems;
      elems.reserve(l.elements.size());
      for (const auto& a : l.elements) elems.push_back(clone_or_null(a));
      out->kind = List{std::move(elems), l.optional_indices};
      break;
    }
    case ExprKind::kMap: {
      std::vector<MapEntry> entries;
      for (const auto& en : e.map().entries) {
        entries.push_back(
            MapEntry{en.id, clone_or_null(en.key), clone_or_null(en.value), en.optional});
      }
      out->kind = Map{std::move(entries)};
      break;
    }
    case ExprKind::kStruct: {
      std::vector<StructField> fields;
      for (const auto& f : e.strct().fields) {
        fields.push_back(StructField{f.id, f.name, clone_or_null(f.value), f.optional});
      }
      out->kind = Struct{e.strct().message_name, std::move(fields)};
      break;
    }
    case ExprKind::kComprehension: {
      const auto& c = e.comprehension();
      out->kind = Comprehension{c.iter_var,
                                c.iter_var2,
                                clone_or_null(c.iter_range),
                                c.accu_var,
                                clone_or_null(c.accu_init),
                                clone_or_null(c.loop_condition),
                                clone_or_null(c.loop_step),
                                clone_or_null(c.result)};
      break;
    }
  }
  return out;
}

void for_each_child(const Expr& e, const std::function<void(const Expr&)>& fn) {
  auto visit = [&](const ExprPtr& p) {
    if (p) fn(*p);
  };
  switch (e.expr_kind()) {
    case ExprKind::kUnspecified:
    case ExprKind::kConstant:
    case ExprKind::kIdent:
      return;
    case ExprKind::kSelect:
      visit(e.select().operand);
      return;
    case ExprKind::kCall:
      visit(e.call().target);
      for (const auto& a : e.call().args) visit(a);
      return;
    case ExprKind::kList:
      for (const auto& a : e.list().elements) visit(a);
      return;
    case ExprKind::kMap:
      for (const auto& en : e.map().entries) {
        visit(en.key);
        visit(en.value);
      }
      return;
    case ExprKind::kStruct:
      for (const auto& f : e.strct().fields) visit(f.value);
      return;
    case ExprKind::kComprehension: {
      const auto& c = e.comprehension();
      visit(c.iter_range);
      visit(c.accu_init);
      visit(c.loop_condition);
      visit(c.loop_step);
      visit(c.result);
      return;
    }
  }
}

void walk(const Expr& root, const std::function<bool(const Expr&)>& fn) {
  // An explicit stack keeps deep trees off the call stack.
  std::vector<const Expr*> stack{&root};
  std::vector<const Expr*> children;
  while (!stack.empty()) {
    const Expr* e = stack.back();
    stack.pop_back();
    if (!fn(*e)) continue;
    children.clear();
    for_each_child(*e, [&](const Expr& c) { children.push_back(&c); });
    stack.insert(stack.end(), children.rbegin(), children.rend());
  }
}

namespace {
bool equal_ptr(const ExprPtr& a, const ExprPtr& b, bool ids) {
  if (!a || !b) return !a && !b;
  return equal(*a, *b, ids);
}
}  // namespace

bool equal(const Expr& a, const Expr& b, bool compare_ids) {
  if (compare_ids && a.id != b.id) return false;
  if (a.expr_kind() != b.expr_kind()) return false;
  switch (a.expr_kind()) {
    case ExprKind::kUnspecified:
      return true;
    case ExprKind::kConstant:
      return a.constant() == b.constant();
    case ExprKind::kIdent:
      return a.ident().name == b.ident().name;
    case ExprKind::kSelect:
      return a.select().field == b.select().field && a.select().test_only == b.select().test_only &&
             equal_ptr(a.select().operand, b.select().operand, compare_ids);
    case ExprKind::kCall: {
      const auto &x = a.call(), &y = b.call();
      if (x.function != y.function || x.args.size() != y.args.size()) return false;
      if (!equal_ptr(x.target, y.target, compare_ids)) return false;
      for (size_t i = 0; i < x.args.size(); ++i) {
        if (!equal_ptr(x.args[i], y.args[i], compare_ids)) return false;
      }
      return true;
    }
    case ExprKind::kList: {
      const auto &x = a.list(), &y = b.list();
      if (x.elements.size() != y.elements.size() || x.optional_indices != y.optional_indices) {
        return false;
      }
      for (size_t i = 0; i < x.elements.size(); ++i) {
        if (!equal_ptr(x.elements[i], y.elements[i], compare_ids)) return false;
      }
      return true;
    }
    case ExprKind::kMap: {
      const auto &x = a.map().entries, &y = b.map().entries;
      if (x.size() != y.size()) return false;
      for (size_t i = 0; i < x.size(); ++i) {
        if ((compare_ids && x[i].id != y[i].id) || x[i].optional != y[i].optional ||
            !equal_ptr(x[i].key, y[i].key, compare_ids) ||
            !equal_ptr(x[i].value, y[i].value, compare_ids)) {
          return false;
        }
      }
      return true;
    }
    case ExprKind::kStruct: {
      const auto &x = a.strct(), &y = b.strct();
      if (x.message_name != y.message_name || x.fields.size() != y.fields.size()) return false;
      for (size_t i = 0; i < x.fields.size(); ++i) {
        if ((compare_ids && x.fields[i].id != y.fields[i].id) ||
            x.fields[i].name != y.fields[i].name || x.fields[i].optional != y.fields[i].optional ||
            !equal_ptr(x.fields[i].value, y.fields[i].value, compare_ids)) {
          return false;
        }
      }
      return true;
    }
    case ExprKind::kComprehension: {
      const auto &x = a.comprehension(), &y = b.comprehension();
      return x.iter_var == y.iter_var && x.iter_var2 == y.iter_var2 && x.accu_var == y.accu_var &&
             equal_ptr(x.iter_range, y.iter_range, compare_ids) &&
             equal_ptr(x.accu_init, y.accu_init, compare_ids) &&
             equal_ptr(x.loop_condition, y.loop_condition, compare_ids) &&
             equal_ptr(x.loop_step, y.loop_step, compare_ids) &&
             equal_ptr(x.result, y.result, compare_ids);
    }
  }
  return false;
}

Location SourceInfo::location_of(int32_t offset) const {
  if (offset < 0) return {};
  // line_offsets[i] is where line i+2 starts.
  auto it = std::upper_bound(line_offsets.begin(), line_offsets.end(), offset);
  int line = static_cast<int>(it - line_offsets.begin()) + 1;
  int32_t start = line == 1 ? 0 : line_offsets[line - 2];
  return {line, static_cast<int>(offset - start) + 1};
}

int32_t SourceInfo::offset_of(int64_t id) const {
  auto it = positions.find(id);
  return it == positions.end() ? -1 : it->second;
}

Location SourceInfo::location_of_id(int64_t id) const { return location_of(offset_of(id)); }

}  // namespace kro::cel::syntax

#include "graph/typing_conditions.h"

#include "cel/lib/kro/library_sets.h"
#include "cel/lib/kro/runtime_lib.h"
#include "cel/syntax/parser.h"

namespace kro::graph {

namespace {

using cel::syntax::ExprKind;

const std::string* string_literal(const cel::syntax::ExprPtr& e) {
  if (!e || !e->is(ExprKind::kConstant)) return nullptr;
  const auto& c = e->constant();
  return c.kind == cel::syntax::Constant::Kind::kString ? &c.string_value : nullptr;
}

bool on_runtime(const cel::syntax::Call& call) {
  return call.target && call.target->is(ExprKind::kIdent) && call.target->ident().name == "runtime";
}

// Collects literal types in source order (the tree is walked depth-first, left to right).
class Walker {
 public:
  Status visit(const cel::syntax::ExprPtr& e) {
    if (!e) return {};
    switch (e->expr_kind()) {
      case ExprKind::kSelect:
        return visit(e->select().operand);
      case ExprKind::kCall:
        return visit_call(e->call());
      case ExprKind::kList:
        for (const auto& x : e->list().elements) {
          KRO_RETURN_IF_ERROR(visit(x));
        }
        return {};
      case ExprKind::kMap:
        for (const auto& entry : e->map().entries) {
          KRO_RETURN_IF_ERROR(visit(entry.key));
          KRO_RETURN_IF_ERROR(visit(entry.value));
        }
        return {};
      case ExprKind::kStruct:
        for (const auto& f : e->strct().fields) {
          KRO_RETURN_IF_ERROR(visit(f.value));
        }
        return {};
      case ExprKind::kComprehension: {
        const auto& c = e->comprehension();
        for (const auto* x :
             {&c.iter_range, &c.accu_init, &c.loop_condition, &c.loop_step, &c.result}) {
          KRO_RETURN_IF_ERROR(visit(*x));
        }
        return {};
      }
      default:
        return {};
    }
  }

  std::vector<std::string> types;

 private:
  Status visit_call(const cel::syntax::Call& call) {
    if (on_runtime(call) && call.function == "newCondition" && call.args.size() == 1 &&
        call.args[0] && call.args[0]->is(ExprKind::kMap)) {
      for (const auto& entry : call.args[0]->map().entries) {
        const std::string* key = string_literal(entry.key);
        const std::string* value = string_literal(entry.value);
        if (key != nullptr && *key == "type" && value != nullptr) types.push_back(*value);
      }
    }
    if (on_runtime(call) && call.function == "condition" && call.args.size() == 2) {
      const std::string* type = string_literal(call.args[1]);
      if (type != nullptr && !cel::lib::is_builtin_condition_type(*type)) {
        return Error("runtime.condition(schema, \"" + *type +
                     "\"): unknown condition type; only kro's built-in types (InstanceManaged, "
                     "GraphResolved, ResourcesReady, Ready) can be read, custom conditions "
                     "cannot reference each other");
      }
    }
    KRO_RETURN_IF_ERROR(visit(call.target));
    for (const auto& a : call.args) {
      KRO_RETURN_IF_ERROR(visit(a));
    }
    return {};
  }
};

bool is_condition_type(const cel::types::Type& t) {
  return t.is(cel::types::TypeKind::kDyn) ||
         (t.is(cel::types::TypeKind::kObject) && t.name() == cel::lib::kConditionTypeName);
}

}  // namespace

bool is_condition_result_type(const cel::types::Type& t) {
  if (is_condition_type(t)) return true;
  return t.is(cel::types::TypeKind::kList) && is_condition_type(t.elem());
}

Result<std::vector<std::string>> condition_literal_types(std::string_view cel) {
  static const cel::syntax::Parser parser{cel::syntax::MacroRegistry(cel::lib::kro_macros())};
  KRO_ASSIGN_OR_RETURN(auto parsed, parser.parse(cel));
  Walker w;
  KRO_RETURN_IF_ERROR(w.visit(parsed.expr));
  return std::move(w.types);
}

}  // namespace kro::graph

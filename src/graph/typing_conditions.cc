#include "graph/typing_conditions.h"

#include "cel/lib/kro/library_sets.h"
#include "cel/lib/kro/runtime_lib.h"
#include "cel/syntax/parser.h"
#include "value/strings.h"

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

// Walks one entry depth-first, left to right, each call before its operands (upstream's
// pre-order visit): collects the literal condition types and, with `declared` set, reports the
// first rule a runtime call breaks.
class Walker {
 public:
  explicit Walker(std::string_view text, const std::set<std::string>* declared = nullptr)
      : text_(text), declared_(declared) {}

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
  // The literal string value of `key` in a map literal (keys are strings after the macro).
  static const std::string* entry_value(const cel::syntax::Expr& map, std::string_view key) {
    for (const auto& entry : map.map().entries) {
      const std::string* k = string_literal(entry.key);
      if (k != nullptr && *k == key) return string_literal(entry.value);
    }
    return nullptr;
  }

  Status check_new_condition(const cel::syntax::Expr& map) const {
    const std::string* status = entry_value(map, "status");
    if (status != nullptr && *status != "True" && *status != "False" && *status != "Unknown") {
      return Error("runtime.newCondition: status must be one of True, False, Unknown (got " +
                   go_quote(*status) + ") in expression " + go_quote(text_));
    }
    const std::string* type = entry_value(map, "type");
    if (type != nullptr && type->empty()) {
      return Error("runtime.newCondition: type must not be empty in expression " + go_quote(text_));
    }
    return {};
  }

  // runtime.condition(schema, "T") may read kro's built-in types only.
  Status check_lookup(const cel::syntax::Call& call) const {
    const auto& object = call.args[0];
    if (!object || !object->is(ExprKind::kIdent) || object->ident().name != "schema") return {};
    const std::string* type = string_literal(call.args[1]);
    if (type == nullptr || cel::lib::is_builtin_condition_type(*type)) return {};
    std::string head = "runtime.condition(schema, " + go_quote(*type) + "): ";
    if (declared_->count(*type) != 0) {
      return Error(head + "custom conditions cannot reference each other in expression " +
                   go_quote(text_));
    }
    return Error(head +
                 "unknown condition type; only kro's built-in types (InstanceManaged, "
                 "GraphResolved, ResourcesReady, Ready) can be read from schema in expression " +
                 go_quote(text_));
  }

  Status visit_call(const cel::syntax::Call& call) {
    if (on_runtime(call) && call.function == "newCondition" && call.args.size() == 1 &&
        call.args[0] && call.args[0]->is(ExprKind::kMap)) {
      if (const std::string* type = entry_value(*call.args[0], "type")) types.push_back(*type);
      if (declared_ != nullptr) KRO_RETURN_IF_ERROR(check_new_condition(*call.args[0]));
    }
    if (declared_ != nullptr && on_runtime(call) && call.function == "condition" &&
        call.args.size() == 2) {
      KRO_RETURN_IF_ERROR(check_lookup(call));
    }
    KRO_RETURN_IF_ERROR(visit(call.target));
    for (const auto& a : call.args) {
      KRO_RETURN_IF_ERROR(visit(a));
    }
    return {};
  }

  std::string_view text_;
  const std::set<std::string>* declared_;
};

const cel::syntax::Parser& condition_parser() {
  static const cel::syntax::Parser parser{cel::syntax::MacroRegistry(cel::lib::kro_macros())};
  return parser;
}

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
  KRO_ASSIGN_OR_RETURN(auto parsed, condition_parser().parse(cel));
  Walker w(cel);
  KRO_RETURN_IF_ERROR(w.visit(parsed.expr));
  return std::move(w.types);
}

Status check_condition_rules(std::string_view cel, const std::set<std::string>& declared) {
  KRO_ASSIGN_OR_RETURN(auto parsed, condition_parser().parse(cel));
  Walker w(cel, &declared);
  return w.visit(parsed.expr);
}

}  // namespace kro::graph

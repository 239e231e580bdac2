// The instance's status projection (soft resolution) and the author conditions.
#include <algorithm>
#include <map>
#include <optional>
#include <string>

#include "runtime/internal/eval_support.h"
#include "runtime/value_json.h"

namespace kro::runtime::detail {

namespace {

// kro writes these two itself; a projection under either name is ignored.
bool reserved_status_field(const std::vector<PathStep>& steps) {
  const auto* first = std::get_if<std::string>(&steps.front());
  return first != nullptr && (*first == "state" || *first == "conditions");
}

// A field of a condition value: kro.run.Condition (opaque, field selection) or a map.
std::optional<cel::Value> condition_field(const cel::Value& v, std::string_view name) {
  if (v.is(cel::Kind::kOpaque)) return v.as_opaque().select(name);
  if (v.is(cel::Kind::kMap)) return v.map_find(name);
  return std::nullopt;
}

// One condition from a value; an error message when it is not one.
std::optional<std::string> to_condition(const cel::Value& v, AuthorCondition& c) {
  if (!v.is(cel::Kind::kOpaque) && !v.is(cel::Kind::kMap)) {
    return "must return a Condition or list(Condition), got " + std::string(v.cel_type_name());
  }
  struct Field {
    std::string_view name;
    std::string* out;
    bool required;
  };
  for (const Field& f : {Field{"type", &c.type, true}, Field{"status", &c.status, true},
                         Field{"reason", &c.reason, false}, Field{"message", &c.message, false}}) {
    std::optional<cel::Value> fv = condition_field(v, f.name);
    if (!fv || fv->is(cel::Kind::kNull)) {
      if (f.required) return "condition has no " + std::string(f.name);
      continue;
    }
    if (!fv->is(cel::Kind::kString)) {
      return "condition " + std::string(f.name) + " must be a string, got " +
             std::string(fv->cel_type_name());
    }
    *f.out = std::string(fv->as_string());
  }
  if (c.type.empty()) return std::string("condition type must not be empty");
  if (c.status != "True" && c.status != "False" && c.status != "Unknown") {
    return "condition status must be one of True, False, Unknown (got \"" + c.status + "\")";
  }
  return std::nullopt;
}

}  // namespace

void project_status(const ExecutableImpl& impl, const Scope& scope, Memo& memo, Evaluation& out) {
  if (!out.status.is_object()) out.status.emplace_object();
  for (const auto& f : impl.status) {
    if (reserved_status_field(f.steps)) continue;
    Outcome o = run(f.expr, scope, &memo);
    if (o.kind == Outcome::Kind::kPending) {
      out.pending_status.push_back(f.path);
      continue;
    }
    const std::string path = "status." + f.path;
    const std::string context = "status field \"" + f.path + "\"";
    if (o.kind == Outcome::Kind::kError) {
      out.errors.push_back(expression_error(*f.expr.expr, path, context, o.message));
      continue;
    }
    auto j = value_to_json(o.value);
    if (!j.ok()) {
      out.errors.push_back(expression_error(*f.expr.expr, path, context, j.error().message));
      continue;
    }
    if (!j->has_value()) continue;  // omit(): the field stays out
    if (auto st = upsert_at(out.status, f.steps, std::move(**j)); !st.ok()) {
      out.errors.push_back(expression_error(*f.expr.expr, path, context, st.error().message));
    }
  }
}

void evaluate_conditions(const ExecutableImpl& impl, const Scope& scope, Evaluation& out) {
  std::vector<AuthorCondition> all;
  for (std::size_t entry = 0; entry < impl.conditions.size(); ++entry) {
    const PlannedExpr& pe = impl.conditions[entry];
    const std::string path = "status.conditions[" + std::to_string(entry) + "]";
    const std::string context = "condition";
    Outcome o = run(pe, scope, nullptr);
    if (o.kind == Outcome::Kind::kPending) {
      out.pending_conditions.push_back(entry);
      continue;
    }
    if (o.kind == Outcome::Kind::kError) {
      out.errors.push_back(expression_error(*pe.expr, path, context, o.message));
      continue;
    }
    std::vector<AuthorCondition> produced;
    std::optional<std::string> problem;
    auto take = [&](const cel::Value& v) {
      AuthorCondition c;
      c.entry = entry;
      problem = to_condition(v, c);
      if (!problem) produced.push_back(std::move(c));
    };
    if (o.value.is(cel::Kind::kList)) {
      for (std::size_t i = 0; i < o.value.list_size() && !problem; ++i) take(o.value.list_at(i));
    } else {
      take(o.value);
    }
    if (problem) {
      out.errors.push_back(expression_error(*pe.expr, path, context, *problem));
      continue;
    }
    for (auto& c : produced) all.push_back(std::move(c));
  }
  // A type produced twice has no principled winner: every occurrence is dropped.
  std::map<std::string, int> counts;
  for (const auto& c : all) ++counts[c.type];
  std::vector<std::string> dups;
  for (const auto& [type, n] : counts) {
    if (n > 1) dups.push_back(type);
  }
  for (auto& c : all) {
    if (counts[c.type] == 1) out.conditions.push_back(std::move(c));
  }
  if (!dups.empty()) {
    std::string list;
    for (const auto& d : dups) list += (list.empty() ? "" : " ") + d;
    Error e("duplicate condition type(s) [" + list + "] dropped");
    e.path = "status.conditions";
    out.errors.push_back(std::move(e));
  }
}

}  // namespace kro::runtime::detail

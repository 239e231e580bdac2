#include "cel/lib/kro/runtime_lib.h"

#include <array>
#include <optional>
#include <string>
#include <utility>

#include "value/result.h"

namespace kro::cel::lib {

namespace {

using A = std::span<const Value>;

class ConditionValue : public OpaqueValue {
 public:
  ConditionValue(std::string type, std::string status, std::string reason, std::string message)
      : type_(std::move(type)),
        status_(std::move(status)),
        reason_(std::move(reason)),
        message_(std::move(message)) {}

  std::string_view type_name() const override { return kConditionTypeName; }
  bool equals(const OpaqueValue& other) const override {
    const auto& o = static_cast<const ConditionValue&>(other);
    return type_ == o.type_ && status_ == o.status_ && reason_ == o.reason_ &&
           message_ == o.message_;
  }
  std::size_t hash() const override { return std::hash<std::string>{}(type_ + "/" + status_); }
  Result<Json> to_json() const override {
    JsonObject o;
    o["type"] = type_;
    o["status"] = status_;
    if (!reason_.empty()) o["reason"] = reason_;
    if (!message_.empty()) o["message"] = message_;
    return Json(std::move(o));
  }
  std::string debug_string() const override {
    return std::string(kConditionTypeName) + "{type: " + type_ + ", status: " + status_ + "}";
  }
  std::optional<Value> select(std::string_view field) const override {
    if (field == "type") return Value::string(type_);
    if (field == "status") return Value::string(status_);
    if (field == "reason") return Value::string(reason_);
    if (field == "message") return Value::string(message_);
    return std::nullopt;
  }

 private:
  std::string type_, status_, reason_, message_;
};

class RuntimeValue : public OpaqueValue {
 public:
  explicit RuntimeValue(Json builtins) : builtins_(std::move(builtins)) {}
  std::string_view type_name() const override { return kRuntimeTypeName; }
  const Json& builtins() const { return builtins_; }

 private:
  Json builtins_;
};

std::string string_member(const JsonObject& o, std::string_view key) {
  const Json* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
}

// The condition of `type` in a JSON list of condition objects.
std::optional<Value> find_in(const Json& list, std::string_view type) {
  const JsonArray* a = list.if_array();
  if (a == nullptr) return std::nullopt;
  for (const Json& c : *a) {
    const JsonObject* o = c.if_object();
    if (o == nullptr || string_member(*o, "type") != type) continue;
    std::string status = string_member(*o, "status");
    return condition_value(std::string(type), status.empty() ? "Unknown" : status,
                           string_member(*o, "reason"), string_member(*o, "message"));
  }
  return std::nullopt;
}

// status.conditions of an object value, as CEL values.
std::optional<Value> find_in_object(const Value& obj, std::string_view type) {
  if (!obj.is(Kind::kMap)) return std::nullopt;
  auto status = obj.map_find("status");
  if (!status || !status->is(Kind::kMap)) return std::nullopt;
  auto conds = status->map_find("conditions");
  if (!conds || !conds->is(Kind::kList)) return std::nullopt;
  for (std::size_t i = 0; i < conds->list_size(); ++i) {
    Value c = conds->list_at(i);
    if (!c.is(Kind::kMap)) continue;
    auto t = c.map_find("type");
    if (!t || !t->is(Kind::kString) || t->as_string() != type) continue;
    auto field = [&c](std::string_view name) {
      auto v = c.map_find(name);
      return v && v->is(Kind::kString) ? std::string(v->as_string()) : std::string();
    };
    std::string st = field("status");
    return condition_value(std::string(type), st.empty() ? "Unknown" : st, field("reason"),
                           field("message"));
  }
  return std::nullopt;
}

Value new_condition(A a) {
  const Value& m = a[1];
  std::array<std::string, 4> out;
  static constexpr std::array<std::string_view, 4> kFields = {"type", "status", "reason",
                                                              "message"};
  for (std::size_t i = 0; i < kFields.size(); ++i) {
    auto v = m.map_find(kFields[i]);
    if (!v || v->is(Kind::kNull)) {
      if (i < 2) {
        return Value::error("runtime.newCondition: missing required field \"" +
                            std::string(kFields[i]) + "\"");
      }
      continue;
    }
    if (!v->is(Kind::kString)) {
      return Value::error("runtime.newCondition: field \"" + std::string(kFields[i]) +
                          "\" must be a string, got " + std::string(v->cel_type_name()));
    }
    out[i] = std::string(v->as_string());
  }
  if (out[0].empty()) return Value::error("runtime.newCondition: type must not be empty");
  if (out[1] != "True" && out[1] != "False" && out[1] != "Unknown") {
    return Value::error("runtime.newCondition: status must be one of True, False, Unknown (got \"" +
                        out[1] + "\")");
  }
  return condition_value(std::move(out[0]), std::move(out[1]), std::move(out[2]),
                         std::move(out[3]));
}

Value read_condition(A a) {
  const std::string_view type = a[2].as_string();
  if (!is_builtin_condition_type(type)) {
    return Value::error("runtime.condition(schema, \"" + std::string(type) +
                        "\"): unknown condition type; only kro's built-in types (InstanceManaged, "
                        "GraphResolved, ResourcesReady, Ready) can be read");
  }
  if (a[0].is(Kind::kOpaque) && a[0].as_opaque().type_name() == kRuntimeTypeName) {
    const auto& rt = static_cast<const RuntimeValue&>(a[0].as_opaque());
    if (auto c = find_in(rt.builtins(), type)) return *c;
  }
  if (auto c = find_in_object(a[1], type)) return *c;
  return condition_value(std::string(type), "Unknown");
}

}  // namespace

bool is_builtin_condition_type(std::string_view type) {
  return type == "InstanceManaged" || type == "GraphResolved" || type == "ResourcesReady" ||
         type == "Ready";
}

Value condition_value(std::string type, std::string status, std::string reason,
                      std::string message) {
  return Value::opaque(new ConditionValue(std::move(type), std::move(status), std::move(reason),
                                          std::move(message)));
}

Value runtime_value(Json builtin_conditions) {
  return Value::opaque(new RuntimeValue(std::move(builtin_conditions)));
}

Status register_kro_runtime(FunctionRegistry& reg) {
  KRO_RETURN_IF_ERROR(reg.add_receiver("newCondition", "runtime_new_condition",
                                       {ParamKind::dyn(), ParamKind::of(Kind::kMap)},
                                       new_condition));
  KRO_RETURN_IF_ERROR(reg.add_receiver(
      "condition", "runtime_condition",
      {ParamKind::dyn(), ParamKind::dyn(), ParamKind::of(Kind::kString)}, read_condition));
  reg.add_type_name(std::string(kConditionTypeName));
  return {};
}

}  // namespace kro::cel::lib

#include "spec_type.h"

#include <map>

namespace kro::cel::conformance {

using types::Type;

namespace {

const Json* member(const JsonObject& o, std::string_view name) {
  auto it = o.find(name);
  return it == o.end() ? nullptr : &it->value();
}

std::string text(const Json* j) {
  return j != nullptr && j->is_string() ? std::string(j->get_string()) : std::string();
}

Result<Type> primitive(const std::string& name) {
  static const std::map<std::string, Type, std::less<>> kPrimitives = {
      {"BOOL", Type::boolean()}, {"INT64", Type::integer()}, {"UINT64", Type::uinteger()},
      {"DOUBLE", Type::dbl()},   {"STRING", Type::string()}, {"BYTES", Type::bytes()}};
  auto it = kPrimitives.find(name);
  if (it == kPrimitives.end()) return Error("unknown primitive type '" + name + "'");
  return it->second;
}

Result<Type> message(const std::string& name) {
  if (name == "google.protobuf.Timestamp") return Type::timestamp();
  if (name == "google.protobuf.Duration") return Type::duration();
  if (name == "google.protobuf.Any" || name == "google.protobuf.Value") return Type::dyn();
  if (name == "google.protobuf.Struct") return Type::map(Type::string(), Type::dyn());
  if (name == "google.protobuf.ListValue") return Type::list(Type::dyn());
  return Error("message type '" + name + "' needs protobuf support");
}

}  // namespace

Result<Type> decode_type(const Json& j) {
  if (!j.is_object()) return Error("a type must be an object");
  const auto& o = j.get_object();
  if (member(o, "dyn") != nullptr) return Type::dyn();
  if (member(o, "null") != nullptr) return Type::null();
  if (member(o, "error") != nullptr) return Type::error();
  if (const Json* p = member(o, "primitive")) return primitive(text(p));
  if (const Json* w = member(o, "well_known")) {
    std::string n = text(w);
    if (n == "TIMESTAMP") return Type::timestamp();
    if (n == "DURATION") return Type::duration();
    if (n == "ANY") return Type::dyn();
    return Error("unknown well-known type '" + n + "'");
  }
  if (member(o, "wrapper") != nullptr) return Error("wrapper types need protobuf support");
  if (const Json* m = member(o, "message_type")) return message(text(m));
  if (const Json* p = member(o, "type_param")) return Type::param(text(p));
  if (const Json* l = member(o, "list_type")) {
    const Json* e = l->is_object() ? member(l->get_object(), "elem_type") : nullptr;
    if (e == nullptr) return Error("list_type without elem_type");
    auto et = decode_type(*e);
    if (!et) return et;
    return Type::list(*et);
  }
  if (const Json* m = member(o, "map_type")) {
    const Json* k = m->is_object() ? member(m->get_object(), "key_type") : nullptr;
    const Json* v = m->is_object() ? member(m->get_object(), "value_type") : nullptr;
    if (k == nullptr || v == nullptr) return Error("map_type without key_type/value_type");
    auto kt = decode_type(*k);
    if (!kt) return kt;
    auto vt = decode_type(*v);
    if (!vt) return vt;
    return Type::map(*kt, *vt);
  }
  if (const Json* t = member(o, "type")) {
    if (t->is_object() && t->get_object().empty()) return Type::type_of(Type::dyn());
    auto inner = decode_type(*t);
    if (!inner) return inner;
    return Type::type_of(*inner);
  }
  if (const Json* a = member(o, "abstract_type")) {
    if (!a->is_object()) return Error("abstract_type must be an object");
    std::string name = text(member(a->get_object(), "name"));
    std::vector<Type> params;
    if (const Json* ps = member(a->get_object(), "parameter_types"); ps && ps->is_array()) {
      for (const auto& p : ps->get_array()) {
        auto pt = decode_type(p);
        if (!pt) return pt;
        params.push_back(std::move(*pt));
      }
    }
    if (name == "optional_type" && params.size() == 1) return Type::optional(params[0]);
    return Type::opaque(name, std::move(params));
  }
  return Error("unsupported type " + to_json(j));
}

Status declare(const Json& decl, check::CheckEnv& env) {
  if (!decl.is_object()) return Error("a declaration must be an object");
  const auto& o = decl.get_object();
  std::string name = text(member(o, "name"));
  if (const Json* ident = member(o, "ident")) {
    const Json* t = ident->is_object() ? member(ident->get_object(), "type") : nullptr;
    if (t == nullptr) return Error("ident '" + name + "' has no type");
    auto type = decode_type(*t);
    if (!type) return Error("ident '" + name + "': " + type.error().message);
    env.add_variable(name, *type);
    return {};
  }
  const Json* fn = member(o, "function");
  if (fn == nullptr || !fn->is_object()) return Error("declaration '" + name + "' is empty");
  const Json* overloads = member(fn->get_object(), "overloads");
  if (overloads == nullptr || !overloads->is_array()) return {};
  for (const auto& ov : overloads->get_array()) {
    if (!ov.is_object()) return Error("function '" + name + "': overload must be an object");
    const auto& oo = ov.get_object();
    check::OverloadDecl d;
    d.id = text(member(oo, "overload_id"));
    const Json* inst = member(oo, "is_instance_function");
    d.receiver = inst != nullptr && inst->is_bool() && inst->get_bool();
    if (const Json* ps = member(oo, "params"); ps && ps->is_array()) {
      for (const auto& p : ps->get_array()) {
        auto pt = decode_type(p);
        if (!pt) return Error("function '" + name + "': " + pt.error().message);
        d.params.push_back(std::move(*pt));
      }
    }
    if (const Json* r = member(oo, "result_type")) {
      auto rt = decode_type(*r);
      if (!rt) return Error("function '" + name + "': " + rt.error().message);
      d.result = std::move(*rt);
    }
    if (const Json* tps = member(oo, "type_params"); tps && tps->is_array()) {
      for (const auto& tp : tps->get_array()) d.type_params.push_back(text(&tp));
    }
    if (auto st = env.add_overload(name, std::move(d)); !st) return st;
  }
  return {};
}

}  // namespace kro::cel::conformance

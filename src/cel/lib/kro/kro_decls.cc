// Checker signatures of kro's own CEL libraries (random, maps, json, hash, lists, omit, runtime),
// with the overload ids that register_kro_* registers.
#include <memory>
#include <string>
#include <vector>

#include "cel/check/decls.h"
#include "cel/internal/decl_shorthands.h"
#include "cel/lib/kro/kro_lib.h"
#include "cel/lib/kro/runtime_lib.h"
#include "cel/lib/library.h"
#include "value/result.h"

namespace kro::cel::lib {

namespace {

std::vector<Sig> kro_random() {
  return {
      {"random.seededString", "random.seededString_int_string", kGlobal, "int, string -> string"},
      {"random.seededInt", "random.seededInt_int_int_string", kGlobal, "int, int, string -> int"}};
}

std::vector<Sig> kro_maps() {
  return {{"merge", "map_merge", kReceiver, "map(K, V), map(K, V) -> map(K, V)"},
          {"deepMerge", "dyn_deep_merge", kReceiver, "dyn, dyn -> dyn"}};
}

std::vector<Sig> kro_json() {
  return {{"json.unmarshal", "json.unmarshal_string", kGlobal, "string -> dyn"},
          {"json.marshal", "json.marshal_dyn", kGlobal, "dyn -> string"}};
}

std::vector<Sig> kro_hash() {
  return {{"hash.fnv64a", "hash.fnv64a_string", kGlobal, "string -> bytes"},
          {"hash.sha256", "hash.sha256_string", kGlobal, "string -> bytes"},
          {"hash.md5", "hash.md5_string", kGlobal, "string -> bytes"}};
}

std::vector<Sig> kro_lists() {
  return {
      {"lists.setAtIndex", "lists.setAtIndex_list_int_T", kGlobal, "list(T), int, T -> list(T)"},
      {"lists.insertAtIndex", "lists.insertAtIndex_list_int_T", kGlobal,
       "list(T), int, T -> list(T)"},
      {"lists.removeAtIndex", "lists.removeAtIndex_list_int", kGlobal, "list(T), int -> list(T)"}};
}

std::vector<Sig> kro_omit() { return {{"omit", "omit_void", kGlobal, "-> dyn"}}; }

// kro's Runtime library: its functions return kro.run.Condition, a record whose string fields
// can be selected (`runtime.condition(schema, "Ready").status`), so it is declared as an object
// type rather than by signature text. The receiver is the `runtime` variable (declared only for
// schema.status.conditions); the newCondition macro has already turned the identifier keys into
// strings.
types::Type condition_type() {
  static const types::Type kType = types::Type::object(std::make_shared<const types::ObjectType>(
      "kro.run.Condition", std::vector<types::Field>{{"type", types::Type::string(), true},
                                                     {"status", types::Type::string(), true},
                                                     {"reason", types::Type::string(), false},
                                                     {"message", types::Type::string(), false}}));
  return kType;
}

Status declare_runtime(check::Declarations& decls) {
  const types::Type condition = condition_type();
  check::OverloadDecl make{
      "runtime_new_condition",
      true,
      {types::Type::dyn(), types::Type::map(types::Type::string(), types::Type::string())},
      condition,
      {}};
  KRO_RETURN_IF_ERROR(decls.add_overload("newCondition", std::move(make)));
  check::OverloadDecl read{"runtime_condition",
                           true,
                           {types::Type::dyn(), types::Type::dyn(), types::Type::string()},
                           condition,
                           {}};
  KRO_RETURN_IF_ERROR(decls.add_overload("condition", std::move(read)));
  decls.add_type_name("kro.run.Condition", condition);
  return {};
}

}  // namespace

Status declare_kro_random(check::Declarations& decls) {
  return check::add_signatures(decls, kro_random());
}
Status declare_kro_maps(check::Declarations& decls) {
  return check::add_signatures(decls, kro_maps());
}
Status declare_kro_json(check::Declarations& decls) {
  return check::add_signatures(decls, kro_json());
}
Status declare_kro_hash(check::Declarations& decls) {
  return check::add_signatures(decls, kro_hash());
}
Status declare_kro_lists(check::Declarations& decls) {
  return check::add_signatures(decls, kro_lists());
}
Status declare_kro_omit(check::Declarations& decls) {
  KRO_RETURN_IF_ERROR(check::add_signatures(decls, kro_omit()));
  decls.add_type_name("kro.omit", types::Type::opaque("kro.omit"));
  return {};
}
// kro.runtime has no signature-text overloads: its declarations need the Condition object type.
Status declare_kro_runtime(check::Declarations& decls) { return declare_runtime(decls); }

}  // namespace kro::cel::lib

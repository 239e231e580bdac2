#include "cel/internal/std_lib_shorthands.h"
#include "cel/lib/std/std_lib.h"
#include "value/result.h"

namespace kro::cel::lib {

using detail::dyn;
using detail::param_kind;
using A = std::span<const Value>;

namespace {

Value in_list(A a) {
  const Value& list = a[1];
  for (std::size_t i = 0, n = list.list_size(); i < n; ++i) {
    if (equal_values(a[0], list.list_at(i))) return Value::boolean(true);
  }
  return Value::boolean(false);
}

Value in_map(A a) {
  Kind k = a[0].kind();
  if (k == Kind::kString) return Value::boolean(a[1].map_find(a[0].as_string()).has_value());
  if (k == Kind::kBool || k == Kind::kInt || k == Kind::kUint || k == Kind::kDouble) {
    return Value::boolean(a[1].map_find(a[0]).has_value());
  }
  return Value::boolean(false);
}

// cel.@mapInsert(map, key, value) and cel.@mapInsert(map, map): the accumulator step of the
// transformMap/transformMapEntry macros. A key that is already present is an error.
Value map_insert(const Value& m, std::span<const std::pair<Value, Value>> add) {
  std::vector<std::pair<Value, Value>> entries;
  entries.reserve(m.map_size() + add.size());
  for (std::size_t i = 0; i < m.map_size(); ++i)
    entries.emplace_back(m.map_key_at(i), m.map_value_at(i));
  for (const auto& kv : add) {
    if (m.map_find(kv.first).has_value()) {
      return Value::error("insert failed: key " + debug_string(kv.first) + " already exists");
    }
    entries.push_back(kv);
  }
  return Value::map(std::move(entries));
}

}  // namespace

Status register_logic_and_containers(FunctionRegistry& reg) {
  KRO_RETURN_IF_ERROR(reg.add_global("!_", "logical_not", {param_kind(Kind::kBool)},
                                     [](A a) { return Value::boolean(!a[0].as_bool()); }));
  // Non-strict: an error or unknown loop condition does not stop all()/exists() early.
  Overload nsf;
  nsf.id = "not_strictly_false";
  nsf.params = {dyn()};
  nsf.non_strict = true;
  nsf.fn = [](A a) { return Value::boolean(!(a[0].is(Kind::kBool) && !a[0].as_bool())); };
  KRO_RETURN_IF_ERROR(reg.add("@not_strictly_false", nsf));
  nsf.id = "not_strictly_false_legacy";
  KRO_RETURN_IF_ERROR(reg.add("__not_strictly_false__", nsf));

  for (std::string_view in : {"@in", "_in_"}) {
    std::string suffix = in == "@in" ? "" : "_legacy";
    KRO_RETURN_IF_ERROR(
        reg.add_global(in, "in_list" + suffix, {dyn(), param_kind(Kind::kList)}, in_list));
    KRO_RETURN_IF_ERROR(
        reg.add_global(in, "in_map" + suffix, {dyn(), param_kind(Kind::kMap)}, in_map));
  }

  KRO_RETURN_IF_ERROR(reg.add_global("cel.@mapInsert", "cel_@mapInsert_map_key_value",
                                     {param_kind(Kind::kMap), dyn(), dyn()}, [](A a) {
                                       std::pair<Value, Value> kv{a[1], a[2]};
                                       return map_insert(a[0], std::span(&kv, 1));
                                     }));
  KRO_RETURN_IF_ERROR(reg.add_global("cel.@mapInsert", "cel_@mapInsert_map_map",
                                     {param_kind(Kind::kMap), param_kind(Kind::kMap)}, [](A a) {
                                       std::vector<std::pair<Value, Value>> kvs;
                                       for (std::size_t i = 0; i < a[1].map_size(); ++i) {
                                         kvs.emplace_back(a[1].map_key_at(i), a[1].map_value_at(i));
                                       }
                                       return map_insert(a[0], kvs);
                                     }));

  auto size_str = [](A a) { return Value::integer(detail::code_points(a[0].as_string())); };
  auto size_bytes = [](A a) {
    return Value::integer(static_cast<int64_t>(a[0].as_string().size()));
  };
  auto size_list = [](A a) { return Value::integer(static_cast<int64_t>(a[0].list_size())); };
  auto size_map = [](A a) { return Value::integer(static_cast<int64_t>(a[0].map_size())); };
  KRO_RETURN_IF_ERROR(reg.add_global("size", "size_string", {param_kind(Kind::kString)}, size_str));
  KRO_RETURN_IF_ERROR(reg.add_global("size", "size_bytes", {param_kind(Kind::kBytes)}, size_bytes));
  KRO_RETURN_IF_ERROR(reg.add_global("size", "size_list", {param_kind(Kind::kList)}, size_list));
  KRO_RETURN_IF_ERROR(reg.add_global("size", "size_map", {param_kind(Kind::kMap)}, size_map));
  KRO_RETURN_IF_ERROR(
      reg.add_receiver("size", "string_size", {param_kind(Kind::kString)}, size_str));
  KRO_RETURN_IF_ERROR(
      reg.add_receiver("size", "bytes_size", {param_kind(Kind::kBytes)}, size_bytes));
  KRO_RETURN_IF_ERROR(reg.add_receiver("size", "list_size", {param_kind(Kind::kList)}, size_list));
  KRO_RETURN_IF_ERROR(reg.add_receiver("size", "map_size", {param_kind(Kind::kMap)}, size_map));
  return {};
}

}  // namespace kro::cel::lib

#include "cel/lib/kro/kro_lib.h"

#include <cmath>

#include "cel/common/errors.h"
#include "cel/lib/ext/base64.h"
#include "cel/lib/kro/functions.h"
#include "value/result.h"

namespace kro::cel::lib {

using A = std::span<const Value>;

namespace {

ParamKind str_kind() { return ParamKind::of(Kind::kString); }
ParamKind int_kind() { return ParamKind::of(Kind::kInt); }
ParamKind list_kind() { return ParamKind::of(Kind::kList); }
ParamKind map_kind() { return ParamKind::of(Kind::kMap); }

class OmitValue : public OpaqueValue {
 public:
  std::string_view type_name() const override { return "kro.omit"; }
  bool equals(const OpaqueValue& /*other*/) const override { return false; }
  std::string debug_string() const override { return "omit()"; }
};

// kro's conversion.GoNativeType followed by encoding/json's rules, as a JSON tree.
Result<Json> native_json(const Value& v) {
  switch (v.kind()) {
    case Kind::kNull:
      return Json(nullptr);
    case Kind::kBool:
      return Json(v.as_bool());
    case Kind::kInt:
      return Json(v.as_int());
    case Kind::kUint:
      return Json(v.as_uint());
    case Kind::kDouble: {
      const double d = v.as_double();
      if (!std::isfinite(d)) {
        return Error("json.marshal failed to encode value: json: unsupported value: " +
                     std::string(std::isnan(d) ? "NaN" : (d > 0 ? "+Inf" : "-Inf")));
      }
      return Json(d);
    }
    case Kind::kString:
      return Json(std::string(v.as_string()));
    case Kind::kBytes:
      return Json(ext::base64_encode(v.as_string()));
    case Kind::kTimestamp:
      return Json(format_timestamp(v.as_timestamp()));
    case Kind::kDuration:
      return Json(v.as_duration().nanos);
    case Kind::kList: {
      JsonArray out;
      for (std::size_t i = 0, n = v.list_size(); i < n; i++) {
        KRO_ASSIGN_OR_RETURN(auto e, native_json(v.list_at(i)));
        out.push_back(std::move(e));
      }
      return Json(std::move(out));
    }
    case Kind::kMap: {
      JsonObject out;
      for (std::size_t i = 0, n = v.map_size(); i < n; i++) {
        Value k = v.map_key_at(i);
        if (!k.is(Kind::kString)) {
          return Error(
              "json.marshal failed to encode value: json: unsupported type: "
              "map[interface {}]interface {}");
        }
        KRO_ASSIGN_OR_RETURN(auto e, native_json(v.map_value_at(i)));
        out[k.as_string()] = std::move(e);
      }
      return Json(std::move(out));
    }
    case Kind::kOptional:
      if (!v.optional_has_value()) return Json(nullptr);
      return native_json(v.optional_value());
    default:
      return Error("json.marshal failed to convert value: unsupported type " +
                   std::string(v.cel_type_name()));
  }
}

// Maps: entries of `over` replace those of `base`; with `deep`, nested maps merge recursively.
Value merge_maps(const Value& base, const Value& over, bool deep) {
  std::vector<std::pair<Value, Value>> out;
  for (std::size_t i = 0, n = base.map_size(); i < n; i++) {
    Value k = base.map_key_at(i);
    Value v = base.map_value_at(i);
    if (auto o = over.map_find(k)) {
      if (deep && v.is(Kind::kMap) && o->is(Kind::kMap)) {
        v = merge_maps(v, *o, true);
      } else {
        v = *o;
      }
    }
    out.emplace_back(std::move(k), std::move(v));
  }
  for (std::size_t i = 0, n = over.map_size(); i < n; i++) {
    Value k = over.map_key_at(i);
    if (!base.map_find(k)) out.emplace_back(std::move(k), over.map_value_at(i));
  }
  return Value::map(std::move(out));
}

std::vector<Value> elements(const Value& list) {
  std::vector<Value> out;
  out.reserve(list.list_size());
  for (std::size_t i = 0, n = list.list_size(); i < n; i++) out.push_back(list.list_at(i));
  return out;
}

}  // namespace

Value omit_value() {
  static const Value kOmit = Value::opaque(new OmitValue());
  return kOmit;
}

bool is_omit(const Value& v) {
  return v.is(Kind::kOpaque) && v.as_opaque().type_name() == "kro.omit";
}

Status register_kro_random(FunctionRegistry& reg) {
  KRO_RETURN_IF_ERROR(reg.add_global(
      "random.seededString", "random.seededString_int_string", {int_kind(), str_kind()}, [](A a) {
        auto r = kro_lib::seeded_string(a[0].as_int(), a[1].as_string());
        return r.ok() ? Value::string(*r) : Value::error(r.error().message);
      }));
  return reg.add_global("random.seededInt", "random.seededInt_int_int_string",
                        {int_kind(), int_kind(), str_kind()}, [](A a) {
                          auto r =
                              kro_lib::seeded_int(a[0].as_int(), a[1].as_int(), a[2].as_string());
                          return r.ok() ? Value::integer(*r) : Value::error(r.error().message);
                        });
}

Status register_kro_hash(FunctionRegistry& reg) {
  KRO_RETURN_IF_ERROR(reg.add_global("hash.fnv64a", "hash.fnv64a_string", {str_kind()}, [](A a) {
    return Value::bytes(kro_lib::fnv64a(a[0].as_string()));
  }));
  KRO_RETURN_IF_ERROR(reg.add_global("hash.sha256", "hash.sha256_string", {str_kind()}, [](A a) {
    return Value::bytes(kro_lib::sha256(a[0].as_string()));
  }));
  return reg.add_global("hash.md5", "hash.md5_string", {str_kind()},
                        [](A a) { return Value::bytes(kro_lib::md5(a[0].as_string())); });
}

Status register_kro_json(FunctionRegistry& reg) {
  KRO_RETURN_IF_ERROR(
      reg.add_global("json.unmarshal", "json.unmarshal_string", {str_kind()}, [](A a) {
        auto r = kro_lib::go_json_unmarshal(a[0].as_string());
        return r.ok() ? Value::from_json_copy(std::move(*r)) : Value::error(r.error().message);
      }));
  return reg.add_global("json.marshal", "json.marshal_dyn", {ParamKind::dyn()}, [](A a) {
    auto j = native_json(a[0]);
    return j.ok() ? Value::string(kro_lib::go_json_marshal(*j)) : Value::error(j.error().message);
  });
}

Status register_kro_maps(FunctionRegistry& reg) {
  KRO_RETURN_IF_ERROR(reg.add_receiver("merge", "map_merge", {map_kind(), map_kind()},
                                       [](A a) { return merge_maps(a[0], a[1], false); }));
  return reg.add_receiver("deepMerge", "dyn_deep_merge", {ParamKind::dyn(), ParamKind::dyn()},
                          [](A a) {
                            if (a[0].is(Kind::kMap) && a[1].is(Kind::kMap)) {
                              return merge_maps(a[0], a[1], true);
                            }
                            // Lists and scalars are replaced by the argument.
                            return a[1];
                          });
}

Status register_kro_lists(FunctionRegistry& reg) {
  KRO_RETURN_IF_ERROR(reg.add_global("lists.setAtIndex", "lists.setAtIndex_list_int_T",
                                     {list_kind(), int_kind(), ParamKind::dyn()}, [](A a) {
                                       const int64_t idx = a[1].as_int();
                                       const auto size = static_cast<int64_t>(a[0].list_size());
                                       if (idx < 0 || idx >= size) {
                                         return Value::error(
                                             "lists.setAtIndex: index " + std::to_string(idx) +
                                             " out of bounds [0, " + std::to_string(size) + ")");
                                       }
                                       std::vector<Value> out = elements(a[0]);
                                       out[static_cast<std::size_t>(idx)] = a[2];
                                       return Value::list(std::move(out));
                                     }));
  KRO_RETURN_IF_ERROR(reg.add_global("lists.insertAtIndex", "lists.insertAtIndex_list_int_T",
                                     {list_kind(), int_kind(), ParamKind::dyn()}, [](A a) {
                                       const int64_t idx = a[1].as_int();
                                       const auto size = static_cast<int64_t>(a[0].list_size());
                                       if (idx < 0 || idx > size) {
                                         return Value::error(
                                             "lists.insertAtIndex: index " + std::to_string(idx) +
                                             " out of bounds [0, " + std::to_string(size) + "]");
                                       }
                                       std::vector<Value> out = elements(a[0]);
                                       out.insert(out.begin() + idx, a[2]);
                                       return Value::list(std::move(out));
                                     }));
  return reg.add_global(
      "lists.removeAtIndex", "lists.removeAtIndex_list_int", {list_kind(), int_kind()}, [](A a) {
        const int64_t idx = a[1].as_int();
        const auto size = static_cast<int64_t>(a[0].list_size());
        if (idx < 0 || idx >= size) {
          return Value::error("lists.removeAtIndex: index " + std::to_string(idx) +
                              " out of bounds [0, " + std::to_string(size) + ")");
        }
        std::vector<Value> out = elements(a[0]);
        out.erase(out.begin() + idx);
        return Value::list(std::move(out));
      });
}

Status register_kro_omit(FunctionRegistry& reg) {
  return reg.add_global("omit", "omit_void", {}, [](A) { return omit_value(); });
}

}  // namespace kro::cel::lib

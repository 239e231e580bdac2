#include "runtime/value_json.h"

#include <string>
#include <utility>

namespace kro::runtime {

bool is_omit_value(const cel::Value& v) {
  return v.is(cel::Kind::kOpaque) && v.as_opaque().type_name() == "kro.omit";
}

Result<std::optional<Json>> value_to_json(const cel::Value& v) {
  using cel::Kind;
  if (is_omit_value(v)) return std::optional<Json>();
  // A view into an observed object cannot hold a sentinel: convert it in one go.
  if (v.is_json_view()) {
    KRO_ASSIGN_OR_RETURN(auto j, cel::to_json(v));
    return std::optional<Json>(std::move(j));
  }
  switch (v.kind()) {
    case Kind::kList: {
      JsonArray out;
      out.reserve(v.list_size());
      for (std::size_t i = 0; i < v.list_size(); ++i) {
        KRO_ASSIGN_OR_RETURN(auto item, value_to_json(v.list_at(i)));
        if (item.has_value()) out.push_back(std::move(*item));
      }
      return std::optional<Json>(Json(std::move(out)));
    }
    case Kind::kMap: {
      JsonObject out;
      out.reserve(v.map_size());
      for (std::size_t i = 0; i < v.map_size(); ++i) {
        cel::Value key = v.map_key_at(i);
        if (!key.is(Kind::kString)) {
          return Error("map key of type " + std::string(key.cel_type_name()) +
                       " cannot be written to JSON (keys must be strings)");
        }
        KRO_ASSIGN_OR_RETURN(auto item, value_to_json(v.map_value_at(i)));
        if (item.has_value()) out[key.as_string()] = std::move(*item);
      }
      return std::optional<Json>(Json(std::move(out)));
    }
    case Kind::kOptional:
      if (!v.optional_has_value()) return std::optional<Json>(Json(nullptr));
      return value_to_json(v.optional_value());
    default: {
      KRO_ASSIGN_OR_RETURN(auto j, cel::to_json(v));
      return std::optional<Json>(std::move(j));
    }
  }
}

}  // namespace kro::runtime

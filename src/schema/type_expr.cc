#include "schema/type_expr.h"

#include "value/strings.h"

namespace kro::schema {

namespace {

Result<TypeExpr> parse_at_depth(std::string_view text, int depth) {
  if (depth > kMaxTypeNestingDepth) {
    return Error("type nesting too deep (max " + std::to_string(kMaxTypeNestingDepth) +
                 "): " + json::serialize(json::value(text)));
  }
  std::string_view s = trim(text);
  TypeExpr t;
  if (is_atomic_type(s)) {
    t.kind = TypeExpr::Kind::kAtomic;
    t.name = std::string(s);
    return t;
  }
  if (s == "object") {
    t.kind = TypeExpr::Kind::kObject;
    return t;
  }
  if (s.starts_with("[]")) {
    std::string_view elem = s.substr(2);
    if (elem.empty()) return Error("empty slice element type");
    KRO_ASSIGN_OR_RETURN(auto e, parse_at_depth(elem, depth + 1));
    t.kind = TypeExpr::Kind::kSlice;
    t.elem = std::move(e);
    return t;
  }
  if (s.starts_with("map[")) {
    if (!s.starts_with("map[string]")) return Error("map key must be string");
    std::string_view rest = trim(s.substr(11));
    if (rest.empty()) return Error("map value type is required");
    KRO_ASSIGN_OR_RETURN(auto v, parse_at_depth(rest, depth + 1));
    t.kind = TypeExpr::Kind::kMap;
    t.elem = std::move(v);
    return t;
  }
  t.kind = TypeExpr::Kind::kCustom;
  t.name = std::string(s);
  return t;
}

}  // namespace

bool is_atomic_type(std::string_view word) {
  return word == "string" || word == "integer" || word == "boolean" || word == "float";
}

Result<TypeExpr> parse_type(std::string_view text) { return parse_at_depth(text, 0); }

void type_dependencies(const TypeExpr& t, std::vector<std::string>& out) {
  switch (t.kind) {
    case TypeExpr::Kind::kCustom:
      out.push_back(t.name);
      break;
    case TypeExpr::Kind::kSlice:
    case TypeExpr::Kind::kMap:
      type_dependencies(*t.elem, out);
      break;
    default:
      break;
  }
}

Result<FieldString> parse_field_string(std::string_view text) {
  std::size_t bar = text.find('|');
  std::string_view type_part = trim(text.substr(0, bar));
  if (type_part.empty()) return Error("empty type");
  KRO_ASSIGN_OR_RETURN(auto type, parse_type(type_part));
  FieldString out{std::move(type), {}};
  if (bar != std::string_view::npos) {
    KRO_ASSIGN_OR_RETURN(auto markers, parse_markers(text.substr(bar + 1)));
    out.markers = std::move(markers);
  }
  return out;
}

}  // namespace kro::schema

#include "schema/type_expr.h"

namespace kro::schema {

namespace {

std::string_view trim(std::string_view s) {
  auto space = [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
  };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

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
    auto e = parse_at_depth(elem, depth + 1);
    if (!e) return e;
    t.kind = TypeExpr::Kind::kSlice;
    t.elem = std::move(*e);
    return t;
  }
  if (s.starts_with("map[")) {
    if (!s.starts_with("map[string]")) return Error("map key must be string");
    std::string_view rest = trim(s.substr(11));
    if (rest.empty()) return Error("map value type is required");
    auto v = parse_at_depth(rest, depth + 1);
    if (!v) return v;
    t.kind = TypeExpr::Kind::kMap;
    t.elem = std::move(*v);
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
  auto type = parse_type(type_part);
  if (!type) return std::move(type).take_error();
  FieldString out{std::move(*type), {}};
  if (bar != std::string_view::npos) {
    auto markers = parse_markers(text.substr(bar + 1));
    if (!markers) return std::move(markers).take_error();
    out.markers = std::move(*markers);
  }
  return out;
}

}  // namespace kro::schema

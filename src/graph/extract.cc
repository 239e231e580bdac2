#include "graph/extract.h"

#include "graph/field_path.h"

namespace kro::graph {

Result<std::vector<ExpressionSpan>> scan_expressions(std::string_view s,
                                                     std::vector<std::size_t>* unterminated) {
  std::vector<ExpressionSpan> out;
  std::size_t start = 0;
  while (start < s.size()) {
    std::size_t open = s.find("${", start);
    if (open == std::string_view::npos) break;
    int depth = 1;
    bool in_string = false;
    bool escape_next = false;
    std::size_t i = open + 2;
    for (; i < s.size(); ++i) {
      char c = s[i];
      if (escape_next) {
        escape_next = false;
        continue;
      }
      if (in_string && c == '\\') {
        escape_next = true;
        continue;
      }
      if (c == '"') {
        in_string = !in_string;
      } else if (!in_string) {
        if (c == '{') {
          ++depth;
        } else if (c == '}') {
          if (--depth == 0) break;
        } else if (c == '$' && i + 1 < s.size() && s[i + 1] == '{' && s[i - 1] != '"') {
          return Error(std::string(kNestedExpressionError));
        }
      }
    }
    if (depth != 0) {
      // Upstream moves one character on and searches again, so a later `${` may still match.
      if (unterminated != nullptr) unterminated->push_back(open);
      start = open + 1;
      continue;
    }
    out.push_back(ExpressionSpan{open, i + 1});
    start = i + 1;
  }
  return out;
}

Result<bool> is_standalone_expression(std::string_view s) {
  KRO_ASSIGN_OR_RETURN(auto spans, scan_expressions(s));
  return spans.size() == 1 && spans[0].begin == 0 && spans[0].end == s.size();
}

Result<std::string> parse_standalone(std::string_view s) {
  KRO_ASSIGN_OR_RETURN(auto standalone, is_standalone_expression(s));
  if (!standalone) return Error(std::string(kOnlyStandaloneError));
  return std::string(s.substr(2, s.size() - 3));
}

std::string build_string_template(std::string_view s, const std::vector<ExpressionSpan>& spans) {
  std::string out;
  auto append = [&out](std::string_view piece) {
    if (!out.empty()) out += " + ";
    out += piece;
  };
  std::size_t at = 0;
  for (const auto& span : spans) {
    if (span.begin > at) append(go_quote(s.substr(at, span.begin - at)));
    // Parenthesised so that the expression's own operators bind first.
    std::string part;
    part.reserve(span.end - span.begin);
    part += '(';
    part.append(span.inner(s));
    part += ')';
    append(part);
    at = span.end;
  }
  if (at < s.size()) append(go_quote(s.substr(at)));
  return out;
}

Result<std::optional<Expression>> expression_from_string(std::string_view s) {
  KRO_ASSIGN_OR_RETURN(auto spans, scan_expressions(s));
  if (spans.empty()) return std::optional<Expression>();
  Expression e;
  e.original = std::string(s);
  for (const auto& span : spans) e.parts.emplace_back(span.inner(s));
  if (spans.size() == 1 && spans[0].begin == 0 && spans[0].end == s.size()) {
    e.kind = ExpressionKind::kStandalone;
    e.cel = e.parts[0];
  } else {
    e.kind = ExpressionKind::kTemplate;
    e.cel = build_string_template(s, spans);
  }
  return std::optional<Expression>(std::move(e));
}

namespace {

class SchemalessWalker {
 public:
  explicit SchemalessWalker(const ExtractOptions& o) : o_(o) {}

  Status walk(const Json& v, const std::string& path, const std::string& ptr) {
    if (const JsonObject* obj = v.if_object()) {
      for (const auto& kv : *obj) {
        KRO_RETURN_IF_ERROR(
            walk(kv.value(), join_field(path, kv.key()), pointer_join(ptr, kv.key())));
      }
      return {};
    }
    if (const JsonArray* arr = v.if_array()) {
      for (std::size_t i = 0; i < arr->size(); ++i) {
        KRO_RETURN_IF_ERROR(walk((*arr)[i], join_index(path, i), pointer_join(ptr, i)));
      }
      return {};
    }
    if (const json::string* str = v.if_string()) return leaf_string(*str, path, ptr);
    if (o_.plain_paths != nullptr) o_.plain_paths->push_back(path);
    return {};
  }

  std::vector<FieldExpression> take() { return std::move(out_); }

 private:
  SourcePos pos(const std::string& ptr) const {
    return o_.positions != nullptr ? o_.positions->at(ptr) : SourcePos{};
  }

  Status leaf_string(std::string_view s, const std::string& path, const std::string& ptr) {
    std::vector<std::size_t> unterminated;
    auto spans = scan_expressions(s, &unterminated);
    if (!spans.ok()) {
      Error e = std::move(spans).take_error();
      e.pos = pos(ptr);
      e.path = path;
      if (o_.errors == nullptr) return e;
      o_.errors->push_back(std::move(e));
      return {};
    }
    if (o_.warnings != nullptr) {
      for (std::size_t offset : unterminated) {
        Error w("\"${\" at offset " + std::to_string(offset) +
                    " has no matching \"}\"; kro keeps it as plain text",
                pos(ptr));
        w.path = path;
        o_.warnings->push_back(std::move(w));
      }
    }
    auto expr = expression_from_string(s);
    if (!expr->has_value()) {
      if (o_.plain_paths != nullptr) o_.plain_paths->push_back(path);
      return {};
    }
    FieldExpression fe{path, std::move(**expr)};
    fe.expr.pointer = ptr;
    fe.expr.pos = pos(ptr);
    out_.push_back(std::move(fe));
    return {};
  }

  const ExtractOptions& o_;
  std::vector<FieldExpression> out_;
};

}  // namespace

Result<std::vector<FieldExpression>> extract_schemaless(const Json& root,
                                                        const ExtractOptions& options) {
  SchemalessWalker walker(options);
  KRO_RETURN_IF_ERROR(walker.walk(root, options.base_path, options.base_pointer));
  return walker.take();
}

}  // namespace kro::graph

#include "cel/types/escaping.h"

#include <array>

namespace kro::cel::types {

bool is_cel_reserved_symbol(std::string_view s) {
  static constexpr std::array<std::string_view, 21> kReserved = {
      "true",     "false",   "null",      "in",       "as",  "break",  "const",
      "continue", "else",    "for",       "function", "if",  "import", "let",
      "loop",     "package", "namespace", "return",   "var", "void",   "while"};
  for (auto r : kReserved) {
    if (r == s) return true;
  }
  return false;
}

std::optional<std::string> escape_field_name(std::string_view p) {
  if (p.empty() || (p[0] >= '0' && p[0] <= '9')) return std::nullopt;
  if (is_cel_reserved_symbol(p)) {
    std::string out = "__";
    out.append(p).append("__");
    return out;
  }
  std::string out;
  out.reserve(p.size());
  for (size_t i = 0; i < p.size(); ++i) {
    char c = p[i];
    if (c == '_' && i + 1 < p.size() && p[i + 1] == '_') {
      out.append("__underscores__");
      ++i;
    } else if (c == '.') {
      out.append("__dot__");
    } else if (c == '-') {
      out.append("__dash__");
    } else if (c == '/') {
      out.append("__slash__");
    } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '_') {
      out.push_back(c);
    } else {
      return std::nullopt;
    }
  }
  return out;
}

std::string unescape_field_name(std::string_view f) {
  if (f.size() > 4 && f.substr(0, 2) == "__" && f.substr(f.size() - 2) == "__") {
    std::string_view inner = f.substr(2, f.size() - 4);
    if (is_cel_reserved_symbol(inner)) return std::string(inner);
  }
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 4> kSeqs = {{
      {"__underscores__", "__"},
      {"__dot__", "."},
      {"__dash__", "-"},
      {"__slash__", "/"},
  }};
  std::string out;
  out.reserve(f.size());
  size_t i = 0;
  while (i < f.size()) {
    bool matched = false;
    if (f[i] == '_') {
      for (const auto& [seq, rep] : kSeqs) {
        if (f.substr(i, seq.size()) == seq) {
          out.append(rep);
          i += seq.size();
          matched = true;
          break;
        }
      }
    }
    if (!matched) out.push_back(f[i++]);
  }
  return out;
}

}  // namespace kro::cel::types

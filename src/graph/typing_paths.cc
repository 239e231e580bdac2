#include "graph/typing_paths.h"

namespace kro::graph {

namespace {

Error bad_path(std::string_view path, std::size_t at) {
  return Error("invalid field path \"" + std::string(path) + "\" at offset " + std::to_string(at));
}

// A Go-quoted string starting at path[i] == '"'; returns its value and moves i past the quote.
std::optional<std::string> unquote(std::string_view path, std::size_t& i) {
  std::string out;
  for (++i; i < path.size(); ++i) {
    char c = path[i];
    if (c == '"') {
      ++i;
      return out;
    }
    if (c != '\\') {
      out += c;
      continue;
    }
    if (++i >= path.size()) return std::nullopt;
    switch (path[i]) {
      case 'n':
        out += '\n';
        break;
      case 't':
        out += '\t';
        break;
      case 'r':
        out += '\r';
        break;
      case '\\':
        out += '\\';
        break;
      case '"':
        out += '"';
        break;
      default:
        out += path[i];
        break;  // rare escapes (\xNN, \u....) keep their letter
    }
  }
  return std::nullopt;
}

}  // namespace

Result<std::vector<PathSegment>> parse_field_path(std::string_view path) {
  std::vector<PathSegment> out;
  std::size_t i = 0;
  while (i < path.size()) {
    char c = path[i];
    if (c == '.') {
      ++i;
      continue;
    }
    if (c == '[') {
      ++i;
      if (i < path.size() && path[i] == '"') {
        auto name = unquote(path, i);
        if (!name || i >= path.size() || path[i] != ']') return bad_path(path, i);
        ++i;
        out.push_back(PathSegment{std::move(*name), std::nullopt});
        continue;
      }
      std::size_t value = 0;
      std::size_t start = i;
      while (i < path.size() && path[i] >= '0' && path[i] <= '9') {
        value = value * 10 + static_cast<std::size_t>(path[i] - '0');
        ++i;
      }
      if (i == start || i >= path.size() || path[i] != ']') return bad_path(path, i);
      ++i;
      out.push_back(PathSegment{"", value});
      continue;
    }
    std::size_t start = i;
    while (i < path.size() && path[i] != '.' && path[i] != '[') ++i;
    out.push_back(PathSegment{std::string(path.substr(start, i - start)), std::nullopt});
  }
  return out;
}

}  // namespace kro::graph

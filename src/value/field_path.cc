#include "value/field_path.h"

#include <charconv>

#include "value/strings.h"
#include "value/utf8.h"

namespace kro {

std::string join_field(std::string_view path, std::string_view name) {
  if (name.empty() || name.find('.') != std::string_view::npos) {
    return std::string(path) + "[" + go_quote(name) + "]";
  }
  if (path.empty()) return std::string(name);
  std::string out(path);
  out += '.';
  out += name;
  return out;
}

std::string join_index(std::string_view path, std::size_t index) {
  return std::string(path) + "[" + std::to_string(index) + "]";
}

std::string format_field_path(const std::vector<PathStep>& steps) {
  std::string out;
  for (const auto& step : steps) {
    if (const auto* name = std::get_if<std::string>(&step)) {
      out = join_field(out, *name);
    } else {
      out = join_index(out, std::get<std::size_t>(step));
    }
  }
  return out;
}

namespace {

bool parse_hex(std::string_view s, std::uint32_t& out) {
  const char* end = s.data() + s.size();
  auto r = std::from_chars(s.data(), end, out, 16);
  return r.ec == std::errc() && r.ptr == end;
}

// The character a one-letter escape stands for; 0 when the letter is not one.
char simple_escape(char e) {
  switch (e) {
    case 'a':
      return '\a';
    case 'b':
      return '\b';
    case 'f':
      return '\f';
    case 'n':
      return '\n';
    case 'r':
      return '\r';
    case 't':
      return '\t';
    case 'v':
      return '\v';
    case '\\':
      return '\\';
    case '"':
      return '"';
    case '\'':
      return '\'';
    default:
      return 0;
  }
}

// Reads a Go-quoted string starting at s[i] == '"'; i ends after the closing quote.
Result<std::string> read_quoted(std::string_view s, std::size_t& i) {
  auto bad_escape = [&s]() {
    return Error("invalid escape in field path \"" + std::string(s) + "\"");
  };
  std::string out;
  ++i;
  while (i < s.size()) {
    char c = s[i++];
    if (c == '"') return out;
    if (c != '\\') {
      out += c;
      continue;
    }
    if (i >= s.size()) break;
    char e = s[i++];
    if (char simple = simple_escape(e); simple != 0) {
      out += simple;
      continue;
    }
    if (e != 'x' && e != 'u' && e != 'U') return bad_escape();
    std::size_t n = e == 'x' ? 2 : (e == 'u' ? 4 : 8);
    std::uint32_t cp = 0;
    if (i + n > s.size() || !parse_hex(s.substr(i, n), cp)) return bad_escape();
    i += n;
    if (e == 'x') {
      out += static_cast<char>(cp);
    } else if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      return bad_escape();
    } else {
      utf8::append(out, cp);
    }
  }
  return Error("unterminated quoted name in field path \"" + std::string(s) + "\"");
}

}  // namespace

Result<std::vector<PathStep>> parse_field_path(std::string_view path) {
  std::vector<PathStep> steps;
  std::size_t i = 0;
  auto bad = [&path](std::string_view why) {
    return Error("invalid field path \"" + std::string(path) + "\": " + std::string(why));
  };
  while (i < path.size()) {
    if (path[i] == '[') {
      ++i;
      if (i < path.size() && path[i] == '"') {
        KRO_ASSIGN_OR_RETURN(std::string name, read_quoted(path, i));
        steps.emplace_back(std::move(name));
      } else {
        std::size_t index = 0;
        auto r = std::from_chars(path.data() + i, path.data() + path.size(), index);
        if (r.ec != std::errc() || r.ptr == path.data() + i) return bad("expected an index");
        i = static_cast<std::size_t>(r.ptr - path.data());
        steps.emplace_back(index);
      }
      if (i >= path.size() || path[i] != ']') return bad("expected ']'");
      ++i;
      continue;
    }
    if (path[i] == '.') {
      if (steps.empty()) return bad("leading '.'");
      ++i;
    }
    std::size_t end = path.find_first_of(".[", i);
    if (end == std::string_view::npos) end = path.size();
    if (end == i) return bad("empty name");
    steps.emplace_back(std::string(path.substr(i, end - i)));
    i = end;
  }
  if (steps.empty()) return bad("empty path");
  return steps;
}

}  // namespace kro

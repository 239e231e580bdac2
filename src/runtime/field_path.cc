#include "runtime/field_path.h"

#include <charconv>
#include <cstdint>

namespace kro::runtime {

namespace {

void append_utf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xc0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xe0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  } else {
    out += static_cast<char>(0xf0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3f));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (cp & 0x3f));
  }
}

bool parse_hex(std::string_view s, uint32_t& out) {
  const char* end = s.data() + s.size();
  auto r = std::from_chars(s.data(), end, out, 16);
  return r.ec == std::errc() && r.ptr == end;
}

// Reads a Go-quoted string starting at s[i] == '"'; i ends after the closing quote.
Result<std::string> read_quoted(std::string_view s, std::size_t& i) {
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
    switch (e) {
      case 'a':
        out += '\a';
        break;
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'v':
        out += '\v';
        break;
      case '\\':
        out += '\\';
        break;
      case '"':
        out += '"';
        break;
      case '\'':
        out += '\'';
        break;
      case 'x':
      case 'u':
      case 'U': {
        std::size_t n = e == 'x' ? 2 : (e == 'u' ? 4 : 8);
        uint32_t cp = 0;
        if (i + n > s.size() || !parse_hex(s.substr(i, n), cp)) {
          return Error("invalid escape in field path \"" + std::string(s) + "\"");
        }
        i += n;
        if (e == 'x') {
          out += static_cast<char>(cp);
        } else {
          append_utf8(out, cp);
        }
        break;
      }
      default:
        return Error("invalid escape in field path \"" + std::string(s) + "\"");
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
        auto name = read_quoted(path, i);
        if (!name.ok()) return name.error();
        steps.emplace_back(std::move(*name));
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

Json* find_at(Json& root, const std::vector<PathStep>& steps) {
  Json* cur = &root;
  for (const auto& step : steps) {
    if (const auto* name = std::get_if<std::string>(&step)) {
      auto* obj = cur->if_object();
      if (obj == nullptr) return nullptr;
      cur = obj->if_contains(*name);
    } else {
      auto* arr = cur->if_array();
      std::size_t index = std::get<std::size_t>(step);
      if (arr == nullptr || index >= arr->size()) return nullptr;
      cur = &(*arr)[index];
    }
    if (cur == nullptr) return nullptr;
  }
  return cur;
}

Status upsert_at(Json& root, const std::vector<PathStep>& steps, Json value) {
  Json* cur = &root;
  for (std::size_t k = 0; k < steps.size(); ++k) {
    const bool last = k + 1 == steps.size();
    Json* next = nullptr;
    if (const auto* name = std::get_if<std::string>(&steps[k])) {
      if (cur->is_null()) *cur = JsonObject();
      auto* obj = cur->if_object();
      if (obj == nullptr) return Error("cannot set field \"" + *name + "\" on a non-object");
      next = &(*obj)[*name];
    } else {
      std::size_t index = std::get<std::size_t>(steps[k]);
      if (cur->is_null()) *cur = JsonArray();
      auto* arr = cur->if_array();
      if (arr == nullptr) {
        return Error("cannot set index " + std::to_string(index) + " on a non-array");
      }
      if (index >= arr->size()) arr->resize(index + 1);
      next = &(*arr)[index];
    }
    if (last) {
      *next = std::move(value);
      return {};
    }
    cur = next;
  }
  return {};
}

bool erase_at(Json& root, const std::vector<PathStep>& steps) {
  if (steps.empty()) return false;
  std::vector<PathStep> parent_steps(steps.begin(), steps.end() - 1);
  Json* parent = find_at(root, parent_steps);
  if (parent == nullptr) return false;
  if (const auto* name = std::get_if<std::string>(&steps.back())) {
    auto* obj = parent->if_object();
    return obj != nullptr && obj->erase(*name) > 0;
  }
  auto* arr = parent->if_array();
  std::size_t index = std::get<std::size_t>(steps.back());
  if (arr == nullptr || index >= arr->size()) return false;
  arr->erase(arr->begin() + static_cast<std::ptrdiff_t>(index));
  return true;
}

}  // namespace kro::runtime

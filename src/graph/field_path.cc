#include "graph/field_path.h"

#include <charconv>
#include <cstdint>
#include <cstdio>

namespace kro::graph {

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

namespace {

// Undoes one JSON-pointer step's escaping (~1 → '/', ~0 → '~').
std::string unescape_step(std::string_view step) {
  std::string out;
  for (std::size_t i = 0; i < step.size(); ++i) {
    if (step[i] == '~' && i + 1 < step.size()) {
      out += step[i + 1] == '1' ? '/' : '~';
      ++i;
    } else {
      out += step[i];
    }
  }
  return out;
}

// Go's unicode.IsPrint, closely enough for quoting: letters, marks, numbers, punctuation and
// symbols are printable, ASCII space is, other spaces, controls, format characters,
// surrogates, private-use code points and non-characters are not.
bool printable(uint32_t c) {
  if (c < 0x20 || c == 0x7f) return false;
  if (c < 0x7f) return true;
  if (c < 0xa0 || c == 0xa0 || c == 0xad) return false;
  if ((c >= 0x600 && c <= 0x605) || c == 0x61c || c == 0x6dd || c == 0x70f) return false;
  if (c == 0x1680 || c == 0x180e) return false;
  if ((c >= 0x2000 && c <= 0x200f) || (c >= 0x2028 && c <= 0x202f)) return false;
  if ((c >= 0x205f && c <= 0x206f) || c == 0x3000) return false;
  if (c >= 0xd800 && c <= 0xf8ff) return false;  // surrogates and private use
  if (c == 0xfeff || (c >= 0xfff9 && c <= 0xfffb) || c == 0xfffe || c == 0xffff) return false;
  if (c >= 0xf0000) return false;  // supplementary private-use planes
  return true;
}

// Decodes one UTF-8 sequence at s[i]; returns its length, or 0 when invalid.
std::size_t decode_utf8(std::string_view s, std::size_t i, uint32_t& cp) {
  auto b = static_cast<unsigned char>(s[i]);
  std::size_t len = 0;
  uint32_t min = 0;
  if (b < 0x80) {
    cp = b;
    return 1;
  }
  if ((b & 0xe0) == 0xc0) {
    len = 2, cp = b & 0x1f, min = 0x80;
  } else if ((b & 0xf0) == 0xe0) {
    len = 3, cp = b & 0x0f, min = 0x800;
  } else if ((b & 0xf8) == 0xf0) {
    len = 4, cp = b & 0x07, min = 0x10000;
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  for (std::size_t k = 1; k < len; ++k) {
    auto c = static_cast<unsigned char>(s[i + k]);
    if ((c & 0xc0) != 0x80) return 0;
    cp = (cp << 6) | (c & 0x3f);
  }
  if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return 0;
  return len;
}

}  // namespace

std::string pointer_to_path(std::string_view pointer, const Json& root) {
  std::string path;
  const Json* node = &root;
  std::size_t pos = 0;
  while (pos < pointer.size() && pointer[pos] == '/') {
    std::size_t next = pointer.find('/', pos + 1);
    std::string step = unescape_step(
        pointer.substr(pos + 1, next == std::string_view::npos ? next : next - pos - 1));
    std::size_t index = 0;
    auto [end, ec] = std::from_chars(step.data(), step.data() + step.size(), index);
    bool numeric = ec == std::errc() && end == step.data() + step.size() && !step.empty();
    if (numeric && (node == nullptr || node->is_array())) {
      path = join_index(path, index);
      const JsonArray* arr = node != nullptr ? node->if_array() : nullptr;
      node = arr != nullptr && index < arr->size() ? &(*arr)[index] : nullptr;
    } else {
      path = join_field(path, step);
      const JsonObject* obj = node != nullptr ? node->if_object() : nullptr;
      node = obj != nullptr ? obj->if_contains(step) : nullptr;
    }
    if (next == std::string_view::npos) break;
    pos = next;
  }
  return path;
}

std::string go_quote(std::string_view s) {
  std::string out = "\"";
  char buf[16];
  for (std::size_t i = 0; i < s.size();) {
    uint32_t cp = 0;
    std::size_t len = decode_utf8(s, i, cp);
    if (len == 0) {
      std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned char>(s[i]));
      out += buf;
      ++i;
      continue;
    }
    switch (cp) {
      case '\a':
        out += "\\a";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\v':
        out += "\\v";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '"':
        out += "\\\"";
        break;
      default:
        if (printable(cp)) {
          out.append(s.substr(i, len));
        } else if (cp < 0x80) {
          std::snprintf(buf, sizeof buf, "\\x%02x", cp);
          out += buf;
        } else if (cp < 0x10000) {
          std::snprintf(buf, sizeof buf, "\\u%04x", cp);
          out += buf;
        } else {
          std::snprintf(buf, sizeof buf, "\\U%08x", cp);
          out += buf;
        }
    }
    i += len;
  }
  out += '"';
  return out;
}

}  // namespace kro::graph

#include "value/go_json.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <vector>

#include "value/utf8.h"

namespace kro {

namespace {

constexpr char kHex[] = "0123456789abcdef";

void append_u_escape(std::string& out, std::uint32_t cp) {
  out += "\\u";
  for (int shift = 12; shift >= 0; shift -= 4) out += kHex[(cp >> shift) & 0xF];
}

}  // namespace

void append_go_json_string(std::string& out, std::string_view s) {
  out += '"';
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      switch (c) {
        case '"':
          out += "\\\"";
          break;
        case '\\':
          out += "\\\\";
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
        case '<':
        case '>':
        case '&':
          append_u_escape(out, c);
          break;
        default:
          if (c < 0x20) {
            append_u_escape(out, c);
          } else {
            out += static_cast<char>(c);
          }
      }
      ++i;
      continue;
    }
    char32_t cp = 0;
    const std::size_t n = utf8::decode(s, i, &cp);
    if (n == 0) {  // each byte of an invalid sequence, as Go does
      out += "\\ufffd";
      ++i;
      continue;
    }
    if (cp == 0x2028 || cp == 0x2029) {
      append_u_escape(out, cp);
    } else {
      out.append(s.substr(i, n));
    }
    i += n;
  }
  out += '"';
}

std::string go_json_string(std::string_view s) {
  std::string out;
  append_go_json_string(out, s);
  return out;
}

void append_go_json_number(std::string& out, double x) {
  char buf[64];
  const double a = std::fabs(x);
  if (a != 0 && (a < 1e-6 || a >= 1e21)) {
    auto r = std::to_chars(buf, buf + sizeof buf, x, std::chars_format::scientific);
    std::string text(buf, r.ptr);
    // C++ writes at least two exponent digits ("1e-07"), Go as few as needed ("1e-7").
    const std::size_t e = text.find('e');
    if (e != std::string::npos && e + 3 < text.size() && text[e + 2] == '0') text.erase(e + 2, 1);
    out += text;
    return;
  }
  auto r = std::to_chars(buf, buf + sizeof buf, x, std::chars_format::fixed);
  out.append(buf, r.ptr);
}

void append_go_json_canonical(std::string& out, const Json& v) {
  switch (v.kind()) {
    case json::kind::null:
      out += "null";
      return;
    case json::kind::bool_:
      out += v.get_bool() ? "true" : "false";
      return;
    case json::kind::int64:
      append_go_json_number(out, static_cast<double>(v.get_int64()));
      return;
    case json::kind::uint64:
      append_go_json_number(out, static_cast<double>(v.get_uint64()));
      return;
    case json::kind::double_:
      append_go_json_number(out, v.get_double());
      return;
    case json::kind::string:
      append_go_json_string(out, v.get_string());
      return;
    case json::kind::array: {
      out += '[';
      bool first = true;
      for (const Json& item : v.get_array()) {
        if (!first) out += ',';
        first = false;
        append_go_json_canonical(out, item);
      }
      out += ']';
      return;
    }
    case json::kind::object: {
      const JsonObject& o = v.get_object();
      std::vector<const json::key_value_pair*> entries;
      entries.reserve(o.size());
      for (const auto& kv : o) entries.push_back(&kv);
      std::sort(entries.begin(), entries.end(),
                [](const auto* a, const auto* b) { return a->key() < b->key(); });
      out += '{';
      bool first = true;
      for (const auto* kv : entries) {
        if (!first) out += ',';
        first = false;
        append_go_json_string(out, kv->key());
        out += ':';
        append_go_json_canonical(out, kv->value());
      }
      out += '}';
      return;
    }
  }
}

std::string go_json_canonical(const Json& v) {
  std::string out;
  append_go_json_canonical(out, v);
  return out;
}

std::string go_type_name(const Json& v, bool integers_as_float) {
  if (v.is_null()) return "<nil>";
  if (v.is_bool()) return "bool";
  if (v.is_int64() || v.is_uint64()) return integers_as_float ? "float64" : "int64";
  if (v.is_double()) return "float64";
  if (v.is_array()) return "[]interface {}";
  if (v.is_string()) return "string";
  return "map[string]interface {}";
}

}  // namespace kro

#include "cel/syntax/literal.h"

#include "cel/syntax/lexer.h"
#include "value/result.h"
#include "value/utf8.h"

namespace kro::cel::syntax {
namespace {

std::string normalize_newlines(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '\r') {
      out.push_back('\n');
      if (i + 1 < in.size() && in[i + 1] == '\n') ++i;
    } else {
      out.push_back(in[i]);
    }
  }
  return out;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool valid_code_point(uint32_t v) { return v <= 0x10FFFF && !(v >= 0xD800 && v <= 0xDFFF); }

Error fail(const char* msg) { return Error(msg); }

// The text between the quotes of a literal ('..', "..", '''..''', """..""", optionally r-prefixed);
// `raw` tells whether it had the r prefix.
Result<std::string_view> literal_body(std::string_view v, bool& raw) {
  if (v.size() < 2) return fail("unable to unescape string");
  raw = false;
  if (v[0] == 'r' || v[0] == 'R') {
    v.remove_prefix(1);
    raw = true;
  }
  if (v.size() < 2 || v.front() != v.back() || (v.front() != '"' && v.front() != '\'')) {
    return fail("unable to unescape string");
  }
  size_t quote = 1;
  if (v.size() >= 6 && v[1] == v[0] && v[2] == v[0]) {
    if (v[v.size() - 2] != v[0] || v[v.size() - 3] != v[0])
      return fail("unable to unescape string");
    quote = 3;
  }
  return v.substr(quote, v.size() - 2 * quote);
}

// Decodes the escape sequence starting at the backslash v[i], appending it to `out` and moving `i`
// past it.
Status decode_escape(std::string_view v, size_t& i, bool is_bytes, std::string& out) {
  if (i + 1 >= v.size()) return fail("unable to unescape string, found '\\' as last character");
  char e = v[i + 1];
  i += 2;
  switch (e) {
    case 'a':
      out.push_back('\a');
      return {};
    case 'b':
      out.push_back('\b');
      return {};
    case 'f':
      out.push_back('\f');
      return {};
    case 'n':
      out.push_back('\n');
      return {};
    case 'r':
      out.push_back('\r');
      return {};
    case 't':
      out.push_back('\t');
      return {};
    case 'v':
      out.push_back('\v');
      return {};
    case '\\':
    case '\'':
    case '"':
    case '`':
    case '?':
      out.push_back(e);
      return {};
    case 'x':
    case 'X':
    case 'u':
    case 'U': {
      size_t n = (e == 'x' || e == 'X') ? 2 : (e == 'u' ? 4 : 8);
      if (is_bytes && n > 2) return fail("unable to unescape string");
      if (i + n > v.size()) return fail("unable to unescape string");
      uint32_t value = 0;
      for (size_t k = 0; k < n; ++k) {
        int h = hex_value(v[i + k]);
        if (h < 0) return fail("unable to unescape string");
        value = (value << 4) | static_cast<uint32_t>(h);
      }
      i += n;
      if (is_bytes) {
        out.push_back(static_cast<char>(value));
      } else {
        if (!valid_code_point(value)) return fail("invalid unicode code point");
        utf8::append(out, value);
      }
      return {};
    }
    case '0':
    case '1':
    case '2':
    case '3': {
      if (i + 2 > v.size()) return fail("unable to unescape octal sequence in string");
      uint32_t value = static_cast<uint32_t>(e - '0');
      for (size_t k = 0; k < 2; ++k) {
        char d = v[i + k];
        if (d < '0' || d > '7') return fail("unable to unescape octal sequence in string");
        value = value * 8 + static_cast<uint32_t>(d - '0');
      }
      i += 2;
      if (is_bytes) {
        out.push_back(static_cast<char>(value));
      } else {
        utf8::append(out, value);
      }
      return {};
    }
    default:
      return fail("unable to unescape string");
  }
}

}  // namespace

Result<std::string> decode_quoted_literal(std::string_view raw_text, bool is_bytes) {
  std::string text = raw_text.find('\r') == std::string_view::npos ? std::string(raw_text)
                                                                   : normalize_newlines(raw_text);
  bool raw = false;
  KRO_ASSIGN_OR_RETURN(std::string_view v, literal_body(text, raw));
  if (raw || v.find('\\') == std::string_view::npos) return std::string(v);

  std::string out;
  out.reserve(v.size());
  size_t i = 0;
  while (i < v.size()) {
    if (v[i] != '\\') {
      out.push_back(v[i]);
      ++i;
      continue;
    }
    KRO_RETURN_IF_ERROR(decode_escape(v, i, is_bytes, out));
  }
  return out;
}

}  // namespace kro::cel::syntax

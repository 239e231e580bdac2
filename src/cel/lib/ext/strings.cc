#include "cel/lib/ext/strings.h"

#include <algorithm>

#include "value/strings.h"
#include "value/utf8.h"

namespace kro::cel::ext {

namespace {

Error out_of_range(int64_t i) { return Error("index out of range: " + std::to_string(i)); }

std::string encode(const std::vector<char32_t>& cps, size_t from, size_t to) {
  return utf8::encode(cps, from, to);
}

bool match_at(const std::vector<char32_t>& s, const std::vector<char32_t>& sub, size_t i) {
  if (i + sub.size() > s.size()) return false;
  return std::equal(sub.begin(), sub.end(), s.begin() + static_cast<std::ptrdiff_t>(i));
}

// unicode.IsSpace.
bool is_space(char32_t c) {
  switch (c) {
    case '\t':
    case '\n':
    case '\v':
    case '\f':
    case '\r':
    case ' ':
    case 0x85:
    case 0xA0:
    case 0x1680:
    case 0x2028:
    case 0x2029:
    case 0x202F:
    case 0x205F:
    case 0x3000:
      return true;
    default:
      return c >= 0x2000 && c <= 0x200A;
  }
}

}  // namespace

Result<std::string> char_at(std::string_view s, int64_t i) {
  const auto cps = utf8::decode_all(s);
  if (i < 0 || i > static_cast<int64_t>(cps.size())) return out_of_range(i);
  if (i == static_cast<int64_t>(cps.size())) return std::string();
  return encode(cps, static_cast<size_t>(i), static_cast<size_t>(i) + 1);
}

Result<int64_t> index_of(std::string_view s, std::string_view sub, int64_t offset) {
  const auto cps = utf8::decode_all(s);
  const auto subs = utf8::decode_all(sub);
  if (offset < 0 || offset > static_cast<int64_t>(cps.size())) return out_of_range(offset);
  if (subs.empty()) return offset;
  for (auto i = static_cast<size_t>(offset); i + subs.size() <= cps.size(); i++) {
    if (match_at(cps, subs, i)) return static_cast<int64_t>(i);
  }
  return int64_t{-1};
}

Result<int64_t> last_index_of(std::string_view s, std::string_view sub) {
  return last_index_of(s, sub, static_cast<int64_t>(utf8::decode_all(s).size()));
}

Result<int64_t> last_index_of(std::string_view s, std::string_view sub, int64_t offset) {
  const auto cps = utf8::decode_all(s);
  const auto subs = utf8::decode_all(sub);
  if (offset < 0 || offset > static_cast<int64_t>(cps.size())) return out_of_range(offset);
  if (subs.empty()) return offset;
  if (subs.size() > cps.size()) return int64_t{-1};
  int64_t i = std::min<int64_t>(offset, static_cast<int64_t>(cps.size() - subs.size()));
  for (; i >= 0; i--) {
    if (match_at(cps, subs, static_cast<size_t>(i))) return i;
  }
  return int64_t{-1};
}

std::string lower_ascii(std::string_view s) { return ascii_lower(s); }

std::string upper_ascii(std::string_view s) { return ascii_upper(s); }

std::string replace(std::string_view s, std::string_view from, std::string_view to, int64_t n) {
  if (n == 0 || (from == to)) return std::string(s);
  std::string out;
  if (from.empty()) {
    // An insertion at the start and after every UTF-8 sequence (invalid bytes count as one).
    int64_t done = 0;
    for (size_t byte = 0;;) {
      if (n < 0 || done < n) {
        out.append(to);
        done++;
      }
      if (byte >= s.size()) break;
      const size_t len = utf8::step(s, byte);
      out.append(s.substr(byte, len));
      byte += len;
    }
    return out;
  }
  size_t pos = 0;
  int64_t done = 0;
  while (n < 0 || done < n) {
    const size_t hit = s.find(from, pos);
    if (hit == std::string_view::npos) break;
    out.append(s.substr(pos, hit - pos));
    out.append(to);
    pos = hit + from.size();
    done++;
  }
  out.append(s.substr(pos));
  return out;
}

std::vector<std::string> split(std::string_view s, std::string_view sep, int64_t n) {
  std::vector<std::string> out;
  if (n == 0) return out;
  if (sep.empty()) {
    const auto cps = utf8::decode_all(s);
    const size_t limit = n < 0 ? cps.size() : std::min<size_t>(cps.size(), static_cast<size_t>(n));
    for (size_t i = 0; i < limit; i++) {
      if (i + 1 == limit && limit < cps.size()) {
        out.push_back(encode(cps, i, cps.size()));
      } else {
        out.push_back(encode(cps, i, i + 1));
      }
    }
    return out;
  }
  size_t pos = 0;
  while (n < 0 || static_cast<int64_t>(out.size()) + 1 < n) {
    const size_t hit = s.find(sep, pos);
    if (hit == std::string_view::npos) break;
    out.emplace_back(s.substr(pos, hit - pos));
    pos = hit + sep.size();
  }
  out.emplace_back(s.substr(pos));
  return out;
}

Result<std::string> substring(std::string_view s, int64_t start) {
  const auto cps = utf8::decode_all(s);
  if (start < 0 || start > static_cast<int64_t>(cps.size())) return out_of_range(start);
  return encode(cps, static_cast<size_t>(start), cps.size());
}

Result<std::string> substring(std::string_view s, int64_t start, int64_t end) {
  const auto cps = utf8::decode_all(s);
  const auto len = static_cast<int64_t>(cps.size());
  if (start < 0 || start > len) return out_of_range(start);
  if (end < 0 || end > len) return out_of_range(end);
  if (start > end) {
    return Error("invalid substring range. start: " + std::to_string(start) +
                 ", end: " + std::to_string(end));
  }
  return encode(cps, static_cast<size_t>(start), static_cast<size_t>(end));
}

std::string trim(std::string_view s) {
  const auto cps = utf8::decode_all(s);
  size_t b = 0;
  size_t e = cps.size();
  while (b < e && is_space(cps[b])) b++;
  while (e > b && is_space(cps[e - 1])) e--;
  return encode(cps, b, e);
}

std::string join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < parts.size(); i++) {
    if (i > 0) out.append(sep);
    out.append(parts[i]);
  }
  return out;
}

std::string reverse(std::string_view s) {
  auto cps = utf8::decode_all(s);
  std::reverse(cps.begin(), cps.end());
  return encode(cps, 0, cps.size());
}

std::string quote(std::string_view s) {
  std::string out = "\"";
  for (char32_t c : utf8::decode_all(s)) {
    if (std::string_view esc = go_escape(c); !esc.empty()) {
      out += esc;
    } else {
      utf8::append(out, c);
    }
  }
  out += "\"";
  return out;
}

}  // namespace kro::cel::ext

#include "cel/lib/k8s/url.h"

#include <algorithm>

#include "value/result.h"
#include "value/strings.h"

namespace kro::cel::k8s {

namespace {

enum class Mode { kPath, kHost, kZone, kUserPassword, kQueryComponent, kFragment };

bool is_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool is_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

int unhex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return c - 'A' + 10;
}

bool is_one_of(char c, std::string_view set) { return set.find(c) != std::string_view::npos; }

// RFC 3986 sub-delims, which net/url leaves unescaped in hosts, userinfo and encoded paths.
bool is_sub_delim(char c) { return is_one_of(c, "!$&'()*+,;="); }

// net/url shouldEscape.
bool should_escape(char c, Mode mode) {
  if (is_alnum(c)) return false;
  if ((mode == Mode::kHost || mode == Mode::kZone) &&
      (is_sub_delim(c) || is_one_of(c, ":[]<>\""))) {
    return false;
  }
  switch (c) {
    case '-':
    case '_':
    case '.':
    case '~':
      return false;
    case '$':
    case '&':
    case '+':
    case ',':
    case '/':
    case ':':
    case ';':
    case '=':
    case '?':
    case '@':
      switch (mode) {
        case Mode::kPath:
          return c == '?';
        case Mode::kUserPassword:
          return c == '@' || c == '/' || c == '?' || c == ':';
        case Mode::kQueryComponent:
          return true;
        case Mode::kFragment:
          return false;
        default:
          break;
      }
      break;
    default:
      break;
  }
  if (mode == Mode::kFragment && (c == '!' || c == '(' || c == ')' || c == '*')) return false;
  return true;
}

// net/url unescape, with its EscapeError / InvalidHostError texts.
Result<std::string> unescape(std::string_view s, Mode mode) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    const char c = s[i];
    if (c == '%') {
      if (i + 2 >= s.size() || !is_hex(s[i + 1]) || !is_hex(s[i + 2])) {
        return Error("invalid URL escape " + go_quote(s.substr(i, 3)));
      }
      if (mode == Mode::kHost && unhex(s[i + 1]) < 8 && s.substr(i, 3) != "%25") {
        return Error("invalid URL escape " + go_quote(s.substr(i, 3)));
      }
      if (mode == Mode::kZone) {
        const int v = unhex(s[i + 1]) << 4 | unhex(s[i + 2]);
        if (s.substr(i, 3) != "%25" && v != ' ' &&
            should_escape(static_cast<char>(v), Mode::kHost)) {
          return Error("invalid URL escape " + go_quote(s.substr(i, 3)));
        }
      }
      out.push_back(static_cast<char>(unhex(s[i + 1]) << 4 | unhex(s[i + 2])));
      i += 3;
      continue;
    }
    if (c == '+') {
      out.push_back(mode == Mode::kQueryComponent ? ' ' : '+');
      i++;
      continue;
    }
    if ((mode == Mode::kHost || mode == Mode::kZone) && static_cast<unsigned char>(c) < 0x80 &&
        should_escape(c, mode)) {
      return Error("invalid character " + go_quote(s.substr(i, 1)) + " in host name");
    }
    out.push_back(c);
    i++;
  }
  return out;
}

std::string escape(std::string_view s, Mode mode) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : s) {
    if (c == ' ' && mode == Mode::kQueryComponent) {
      out.push_back('+');
    } else if (should_escape(c, mode)) {
      const auto b = static_cast<unsigned char>(c);
      out.push_back('%');
      out.push_back(kHex[b >> 4]);
      out.push_back(kHex[b & 15]);
    } else {
      out.push_back(c);
    }
  }
  return out;
}

bool valid_encoded(std::string_view s, Mode mode) {
  for (char c : s) {
    if (is_sub_delim(c) || is_one_of(c, ":@[]%")) continue;
    if (should_escape(c, mode)) return false;
  }
  return true;
}

bool valid_optional_port(std::string_view port) {
  if (port.empty()) return true;
  if (port[0] != ':') return false;
  return std::all_of(port.begin() + 1, port.end(), [](char b) { return b >= '0' && b <= '9'; });
}

Result<std::string> parse_host(std::string_view host) {
  if (host.starts_with("[")) {
    const size_t i = host.rfind(']');
    if (i == std::string_view::npos) return Error("missing ']' in host");
    const std::string_view colon_port = host.substr(i + 1);
    if (!valid_optional_port(colon_port)) {
      return Error("invalid port " + go_quote(colon_port) + " after host");
    }
    const size_t zone = host.substr(0, i).find("%25");
    if (zone != std::string_view::npos) {
      KRO_ASSIGN_OR_RETURN(auto h1, unescape(host.substr(0, zone), Mode::kHost));
      KRO_ASSIGN_OR_RETURN(auto h2, unescape(host.substr(zone, i - zone), Mode::kZone));
      KRO_ASSIGN_OR_RETURN(auto h3, unescape(host.substr(i), Mode::kHost));
      return h1 + h2 + h3;
    }
  } else if (const size_t i = host.rfind(':'); i != std::string_view::npos) {
    const std::string_view colon_port = host.substr(i);
    if (!valid_optional_port(colon_port)) {
      return Error("invalid port " + go_quote(colon_port) + " after host");
    }
  }
  return unescape(host, Mode::kHost);
}

bool valid_userinfo(std::string_view s) {
  for (char c : s) {
    if (!is_alnum(c) && !is_sub_delim(c) && !is_one_of(c, "-._:~%@")) return false;
  }
  return true;
}

Result<void> parse_authority(std::string_view authority, URL* u) {
  const size_t at = authority.rfind('@');
  KRO_ASSIGN_OR_RETURN(
      auto host, parse_host(at == std::string_view::npos ? authority : authority.substr(at + 1)));
  u->host = host;
  if (at == std::string_view::npos) return {};
  const std::string_view userinfo = authority.substr(0, at);
  if (!valid_userinfo(userinfo)) return Error("net/url: invalid userinfo");
  u->has_user = true;
  const size_t colon = userinfo.find(':');
  KRO_ASSIGN_OR_RETURN(auto name, unescape(userinfo.substr(0, colon), Mode::kUserPassword));
  u->username = name;
  if (colon != std::string_view::npos) {
    KRO_ASSIGN_OR_RETURN(auto pass, unescape(userinfo.substr(colon + 1), Mode::kUserPassword));
    u->password = pass;
    u->has_password = true;
  }
  return {};
}

// getScheme: a leading [A-Za-z][A-Za-z0-9+.-]* followed by ':'.
Result<std::string_view> get_scheme(std::string_view raw, std::string_view* rest) {
  for (size_t i = 0; i < raw.size(); i++) {
    const char c = raw[i];
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) continue;
    if ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.') {
      if (i == 0) break;
      continue;
    }
    if (c == ':') {
      if (i == 0) return Error("missing protocol scheme");
      *rest = raw.substr(i + 1);
      return raw.substr(0, i);
    }
    break;
  }
  *rest = raw;
  return std::string_view();
}

Result<URL> parse_impl(std::string_view raw, bool via_request) {
  for (char c : raw) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      return Error("net/url: invalid control character in URL");
    }
  }
  if (raw.empty() && via_request) return Error("empty url");
  URL u;
  if (raw == "*") {
    u.path = "*";
    return u;
  }
  std::string_view rest;
  KRO_ASSIGN_OR_RETURN(auto scheme, get_scheme(raw, &rest));
  u.scheme = ascii_lower(scheme);
  if (rest.ends_with("?") && std::count(rest.begin(), rest.end(), '?') == 1) {
    u.force_query = true;
    rest.remove_suffix(1);
  } else if (const size_t q = rest.find('?'); q != std::string_view::npos) {
    u.raw_query = std::string(rest.substr(q + 1));
    rest = rest.substr(0, q);
  }
  if (!rest.starts_with("/")) {
    if (!u.scheme.empty()) {
      u.opaque = std::string(rest);
      return u;
    }
    if (via_request) return Error("invalid URI for request");
    const size_t colon = rest.find(':');
    const size_t slash = rest.find('/');
    if (colon != std::string_view::npos && (slash == std::string_view::npos || colon < slash)) {
      return Error("first path segment in URL cannot contain colon");
    }
  }
  if ((!u.scheme.empty() || (!via_request && !rest.starts_with("///"))) && rest.starts_with("//")) {
    std::string_view authority = rest.substr(2);
    rest = {};
    if (const size_t i = authority.find('/'); i != std::string_view::npos) {
      rest = authority.substr(i);
      authority = authority.substr(0, i);
    }
    KRO_RETURN_IF_ERROR(parse_authority(authority, &u));
  }
  KRO_ASSIGN_OR_RETURN(auto path, unescape(rest, Mode::kPath));
  u.path = path;
  if (escape(u.path, Mode::kPath) != rest) u.raw_path = std::string(rest);
  return u;
}

Error wrap(std::string_view raw, const Error& e) {
  return Error("parse " + go_quote(raw) + ": " + e.message);
}

}  // namespace

Result<URL> URL::parse_request_uri(std::string_view raw) {
  auto r = parse_impl(raw, true);
  if (!r.ok()) return wrap(raw, r.error());
  return r;
}

Result<URL> URL::parse(std::string_view raw) {
  const size_t hash = raw.find('#');
  const std::string_view head = raw.substr(0, hash);
  auto r = parse_impl(head, false);
  if (!r.ok()) return wrap(head, r.error());
  if (hash != std::string_view::npos) {
    auto frag = unescape(raw.substr(hash + 1), Mode::kFragment);
    if (!frag.ok()) return wrap(raw, frag.error());
    r->fragment = *frag;
  }
  return r;
}

std::string URL::hostname() const {
  std::string_view h = host;
  const size_t colon = h.rfind(':');
  if (colon != std::string_view::npos && valid_optional_port(h.substr(colon))) {
    h = h.substr(0, colon);
  }
  if (h.starts_with("[") && h.ends_with("]")) h = h.substr(1, h.size() - 2);
  return std::string(h);
}

std::string URL::port() const {
  std::string_view h = host;
  const size_t colon = h.rfind(':');
  if (colon != std::string_view::npos && valid_optional_port(h.substr(colon))) {
    return std::string(h.substr(colon + 1));
  }
  return "";
}

std::string URL::escaped_path() const {
  if (!raw_path.empty() && valid_encoded(raw_path, Mode::kPath)) {
    auto p = unescape(raw_path, Mode::kPath);
    if (p.ok() && *p == path) return raw_path;
  }
  if (path == "*") return "*";
  return escape(path, Mode::kPath);
}

std::map<std::string, std::vector<std::string>> URL::query() const {
  std::map<std::string, std::vector<std::string>> out;
  std::string_view q = raw_query;
  while (!q.empty()) {
    const size_t amp = q.find('&');
    const std::string_view pair = q.substr(0, amp);
    q = amp == std::string_view::npos ? std::string_view() : q.substr(amp + 1);
    if (pair.find(';') != std::string_view::npos || pair.empty()) continue;
    const size_t eq = pair.find('=');
    auto key = unescape(pair.substr(0, eq), Mode::kQueryComponent);
    if (!key.ok()) continue;
    auto value = unescape(eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1),
                          Mode::kQueryComponent);
    if (!value.ok()) continue;
    out[*key].push_back(*value);
  }
  return out;
}

Result<URL> parse_k8s_url(std::string_view raw) {
  auto check = URL::parse_request_uri(raw);
  if (!check.ok()) {
    return Error("URL parse error during conversion from string: " + check.error().message);
  }
  auto u = URL::parse(raw);
  if (!u.ok()) {
    return Error("URL parse error during conversion from string: " + u.error().message);
  }
  return u;
}

bool is_k8s_url(std::string_view raw) { return URL::parse_request_uri(raw).ok(); }

}  // namespace kro::cel::k8s

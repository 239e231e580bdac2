#include "value/json.h"

#include <cmath>

namespace kro {

Result<Json> parse_json(std::string_view text, std::string_view file) {
  boost::system::error_code ec;
  json::parse_options opts;
  opts.allow_invalid_utf8 = false;
  json::stream_parser p({}, opts);
  std::size_t n = p.write_some(text.data(), text.size(), ec);
  if (!ec) p.finish(ec);
  if (ec) {
    return Error("invalid JSON: " + ec.message(),
                 SourcePos{std::string(file), 1, static_cast<int>(n) + 1});
  }
  return p.release();
}

std::string to_json(const Json& v) { return json::serialize(v); }

namespace {
void pretty(std::string& out, const Json& v, int indent) {
  auto pad = [&](int n) { out.append(static_cast<std::size_t>(n), ' '); };
  switch (v.kind()) {
    case json::kind::object: {
      const auto& o = v.get_object();
      if (o.empty()) {
        out += "{}";
        return;
      }
      out += "{\n";
      bool first = true;
      for (const auto& kv : o) {
        if (!first) out += ",\n";
        first = false;
        pad(indent + 2);
        out += json::serialize(json::value(kv.key()));
        out += ": ";
        pretty(out, kv.value(), indent + 2);
      }
      out += '\n';
      pad(indent);
      out += '}';
      return;
    }
    case json::kind::array: {
      const auto& a = v.get_array();
      if (a.empty()) {
        out += "[]";
        return;
      }
      out += "[\n";
      for (std::size_t i = 0; i < a.size(); ++i) {
        if (i) out += ",\n";
        pad(indent + 2);
        pretty(out, a[i], indent + 2);
      }
      out += '\n';
      pad(indent);
      out += ']';
      return;
    }
    default:
      out += json::serialize(v);
  }
}
}  // namespace

std::string to_pretty_json(const Json& v) {
  std::string out;
  pretty(out, v, 0);
  out += '\n';
  return out;
}

const Json* find_path(const Json& root, std::string_view dotted) {
  const Json* cur = &root;
  while (!dotted.empty()) {
    auto dot = dotted.find('.');
    auto key = dotted.substr(0, dot);
    const auto* obj = cur->if_object();
    if (!obj) return nullptr;
    auto it = obj->find(key);
    if (it == obj->end()) return nullptr;
    cur = &it->value();
    dotted = dot == std::string_view::npos ? std::string_view{} : dotted.substr(dot + 1);
  }
  return cur;
}

std::string_view string_view_at(const Json& root, std::string_view dotted) {
  const Json* v = find_path(root, dotted);
  if (v == nullptr || !v->is_string()) return {};
  const json::string& s = v->get_string();
  return {s.data(), s.size()};
}

std::string string_at(const Json& root, std::string_view dotted) {
  return std::string(string_view_at(root, dotted));
}

std::int64_t int_at(const Json& root, std::string_view dotted) {
  const Json* v = find_path(root, dotted);
  if (v == nullptr) return 0;
  if (v->is_int64()) return v->get_int64();
  if (v->is_uint64() && v->get_uint64() <= static_cast<std::uint64_t>(INT64_MAX)) {
    return static_cast<std::int64_t>(v->get_uint64());
  }
  return 0;
}

bool deep_equal(const Json& a, const Json& b) {
  if (a.is_number() && b.is_number()) {
    if (a.is_double() || b.is_double()) return a.to_number<double>() == b.to_number<double>();
    if (a.is_int64() && b.is_int64()) return a.get_int64() == b.get_int64();
    if (a.is_uint64() && b.is_uint64()) return a.get_uint64() == b.get_uint64();
    const auto& s = a.is_int64() ? a : b;  // one signed, one unsigned
    const auto& u = a.is_int64() ? b : a;
    return s.get_int64() >= 0 && static_cast<std::uint64_t>(s.get_int64()) == u.get_uint64();
  }
  if (a.kind() != b.kind()) return false;
  switch (a.kind()) {
    case json::kind::object: {
      const auto& x = a.get_object();
      const auto& y = b.get_object();
      if (x.size() != y.size()) return false;
      for (const auto& kv : x) {
        auto it = y.find(kv.key());
        if (it == y.end() || !deep_equal(kv.value(), it->value())) return false;
      }
      return true;
    }
    case json::kind::array: {
      const auto& x = a.get_array();
      const auto& y = b.get_array();
      if (x.size() != y.size()) return false;
      for (std::size_t i = 0; i < x.size(); ++i)
        if (!deep_equal(x[i], y[i])) return false;
      return true;
    }
    default:
      return a == b;
  }
}

}  // namespace kro

#include "value/yaml.h"

#include <yaml-cpp/yaml.h>

#include <array>
#include <charconv>
#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>

namespace kro {

SourcePos SourceMap::at(std::string_view pointer) const {
  std::string p(pointer);
  while (true) {
    if (auto it = map_.find(p); it != map_.end()) return it->second;
    if (p.empty()) return SourcePos{file_, 0, 0};
    p.resize(p.rfind('/'));
  }
}

SourcePos SourceMap::key_at(std::string_view pointer) const {
  if (auto it = map_.find(std::string(pointer) + "#key"); it != map_.end()) return it->second;
  return at(pointer);
}

std::string pointer_join(std::string_view base, std::string_view key) {
  std::string out(base);
  out += '/';
  for (char c : key) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

std::string pointer_join(std::string_view base, std::size_t index) {
  return std::string(base) + '/' + std::to_string(index);
}

namespace {

bool one_of(std::string_view s, std::initializer_list<std::string_view> options) {
  for (auto o : options)
    if (s == o) return true;
  return false;
}

// Integer forms go-yaml v2 accepts: optional sign, then decimal, 0x hex, 0o or leading-0 octal,
// 0b binary; underscores are ignored.
bool parse_yaml_int(std::string_view s, Json& out) {
  std::string t;
  for (char c : s)
    if (c != '_') t += c;
  if (t.empty()) return false;
  bool neg = false;
  std::size_t i = 0;
  if (t[0] == '+' || t[0] == '-') {
    neg = t[0] == '-';
    i = 1;
  }
  int base = 10;
  if (t.size() > i + 1 && t[i] == '0') {
    char p = t[i + 1];
    if (p == 'x' || p == 'X') base = 16, i += 2;
    else if (p == 'o' || p == 'O') base = 8, i += 2;
    else if (p == 'b' || p == 'B') base = 2, i += 2;
    else base = 8, i += 1;
  }
  if (i >= t.size()) return false;
  std::uint64_t mag = 0;
  auto [end, ec] = std::from_chars(t.data() + i, t.data() + t.size(), mag, base);
  if (ec != std::errc() || end != t.data() + t.size()) return false;
  if (neg) {
    if (mag > static_cast<std::uint64_t>(INT64_MAX) + 1) return false;
    out = mag == static_cast<std::uint64_t>(INT64_MAX) + 1 ? INT64_MIN
                                                            : -static_cast<std::int64_t>(mag);
  } else if (mag <= static_cast<std::uint64_t>(INT64_MAX)) {
    out = static_cast<std::int64_t>(mag);
  } else {
    out = mag;
  }
  return true;
}

bool parse_yaml_float(std::string_view s, Json& out) {
  if (one_of(s, {".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"})) {
    out = std::numeric_limits<double>::infinity();
    return true;
  }
  if (one_of(s, {"-.inf", "-.Inf", "-.INF"})) {
    out = -std::numeric_limits<double>::infinity();
    return true;
  }
  if (one_of(s, {".nan", ".NaN", ".NAN"})) {
    out = std::numeric_limits<double>::quiet_NaN();
    return true;
  }
  // YAML 1.1 floats need a digit; reject words strtod would take ("inf", "nan", "infinity").
  bool digit = false;
  for (char c : s) {
    if (c >= '0' && c <= '9') digit = true;
    else if (!(c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-' || c == '_')) return false;
  }
  if (!digit) return false;
  std::string t;
  for (char c : s)
    if (c != '_') t += c;
  double d = 0;
  auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), d);
  if (ec != std::errc() || end != t.data() + t.size()) return false;
  out = d;
  return true;
}

Json resolve_plain(const std::string& s) {
  if (one_of(s, {"", "~", "null", "Null", "NULL"})) return nullptr;
  if (one_of(s, {"true", "True", "TRUE", "y", "Y", "yes", "Yes", "YES", "on", "On", "ON"}))
    return true;
  if (one_of(s, {"false", "False", "FALSE", "n", "N", "no", "No", "NO", "off", "Off", "OFF"}))
    return false;
  Json v;
  if (parse_yaml_int(s, v)) return v;
  if (parse_yaml_float(s, v)) return v;
  return json::string(s);
}

SourcePos pos_of(const YAML::Mark& m, const std::string& file) {
  return SourcePos{file, m.line + 1, m.column + 1};
}

Result<Json> convert(const YAML::Node& node, const std::string& pointer, SourceMap& map,
                     int depth) {
  if (depth > 200) return Error("YAML nesting deeper than 200 levels", pos_of(node.Mark(), map.file()));
  map.set(pointer, pos_of(node.Mark(), map.file()));
  switch (node.Type()) {
    case YAML::NodeType::Undefined:
    case YAML::NodeType::Null:
      return Json(nullptr);
    case YAML::NodeType::Scalar: {
      const std::string& tag = node.Tag();
      if (tag == "!" || tag == "tag:yaml.org,2002:str") return Json(json::string(node.Scalar()));
      if (tag == "?" || tag.empty()) return resolve_plain(node.Scalar());
      if (tag == "tag:yaml.org,2002:int" || tag == "tag:yaml.org,2002:float" ||
          tag == "tag:yaml.org,2002:bool" || tag == "tag:yaml.org,2002:null") {
        Json v = resolve_plain(node.Scalar());
        if (v.is_string())
          return Error("value \"" + node.Scalar() + "\" does not match its tag " + tag,
                       pos_of(node.Mark(), map.file()));
        return v;
      }
      return Json(json::string(node.Scalar()));
    }
    case YAML::NodeType::Sequence: {
      JsonArray arr;
      arr.reserve(node.size());
      std::size_t i = 0;
      for (const auto& child : node) {
        KRO_ASSIGN_OR_RETURN(auto v, convert(child, pointer_join(pointer, i++), map, depth + 1));
        arr.push_back(std::move(v));
      }
      return Json(std::move(arr));
    }
    case YAML::NodeType::Map: {
      JsonObject obj;
      for (const auto& kv : node) {
        if (!kv.first.IsScalar())
          return Error("mapping keys must be scalars", pos_of(kv.first.Mark(), map.file()));
        const std::string& key = kv.first.Scalar();
        if (obj.contains(key))
          return Error("duplicate key \"" + key + "\"", pos_of(kv.first.Mark(), map.file()));
        auto child_ptr = pointer_join(pointer, key);
        map.set(child_ptr + "#key", pos_of(kv.first.Mark(), map.file()));
        KRO_ASSIGN_OR_RETURN(auto v, convert(kv.second, child_ptr, map, depth + 1));
        obj.emplace(key, std::move(v));
      }
      return Json(std::move(obj));
    }
  }
  return Json(nullptr);
}

}  // namespace

Result<std::vector<YamlDocument>> parse_yaml_documents(std::string_view text,
                                                       std::string_view file) {
  std::vector<YAML::Node> nodes;
  try {
    nodes = YAML::LoadAll(std::string(text));
  } catch (const YAML::Exception& e) {
    return Error("invalid YAML: " + e.msg, pos_of(e.mark, std::string(file)));
  }
  std::vector<YamlDocument> docs;
  for (const auto& n : nodes) {
    if (n.IsNull() || !n.IsDefined()) continue;
    YamlDocument doc;
    doc.positions.set_file(std::string(file));
    KRO_ASSIGN_OR_RETURN(auto v, convert(n, "", doc.positions, 0));
    doc.value = std::move(v);
    docs.push_back(std::move(doc));
  }
  return docs;
}

Result<YamlDocument> parse_yaml(std::string_view text, std::string_view file) {
  KRO_ASSIGN_OR_RETURN(auto docs, parse_yaml_documents(text, file));
  if (docs.size() != 1)
    return Error("expected exactly one YAML document, found " + std::to_string(docs.size()),
                 SourcePos{std::string(file), 0, 0});
  return std::move(docs.front());
}

Result<std::vector<YamlDocument>> read_yaml_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error("cannot open file", SourcePos{path, 0, 0});
  std::stringstream ss;
  ss << in.rdbuf();
  return parse_yaml_documents(ss.str(), path);
}

namespace {

bool needs_quotes(std::string_view s) {
  if (s.empty()) return true;
  if (!resolve_plain(std::string(s)).is_string()) return true;
  if (s.front() == ' ' || s.back() == ' ') return true;
  static constexpr std::string_view kIndicators = "-?:,[]{}#&*!|>'\"%@`";
  if (kIndicators.find(s.front()) != std::string_view::npos) return true;
  for (std::size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c == 0x7f) return true;
    if (c == ':' && (i + 1 == s.size() || s[i + 1] == ' ')) return true;
    if (c == '#' && i > 0 && s[i - 1] == ' ') return true;
  }
  return false;
}

void emit_scalar(std::string& out, const Json& v) {
  if (v.is_string()) {
    std::string_view s = v.get_string();
    if (needs_quotes(s)) out += json::serialize(v);  // a JSON string is a valid YAML double-quoted scalar
    else out += s;
    return;
  }
  if (v.is_null()) {
    out += "null";
    return;
  }
  out += json::serialize(v);
}

void emit(std::string& out, const Json& v, int indent);

void emit_key(std::string& out, std::string_view key) {
  if (needs_quotes(key)) out += json::serialize(json::value(key));
  else out += key;
  out += ':';
}

bool is_empty_collection(const Json& v) {
  return (v.is_object() && v.get_object().empty()) || (v.is_array() && v.get_array().empty());
}

void emit_child(std::string& out, const Json& v, int indent) {
  if (is_empty_collection(v)) {
    out += v.is_object() ? " {}\n" : " []\n";
  } else if (v.is_object() || v.is_array()) {
    out += '\n';
    emit(out, v, indent);
  } else {
    out += ' ';
    emit_scalar(out, v);
    out += '\n';
  }
}

void emit(std::string& out, const Json& v, int indent) {
  std::string pad(static_cast<std::size_t>(indent), ' ');
  if (v.is_object()) {
    for (const auto& kv : v.get_object()) {
      out += pad;
      emit_key(out, kv.key());
      emit_child(out, kv.value(), indent + 2);
    }
  } else if (v.is_array()) {
    for (const auto& item : v.get_array()) {
      out += pad;
      out += '-';
      if (item.is_object() && !item.get_object().empty()) {
        // First member on the dash line, the rest aligned under it.
        std::string nested;
        emit(nested, item, indent + 2);
        out += ' ';
        out += nested.substr(static_cast<std::size_t>(indent) + 2);
      } else {
        emit_child(out, item, indent + 2);
      }
    }
  } else {
    out += pad;
    emit_scalar(out, v);
    out += '\n';
  }
}

}  // namespace

std::string to_yaml(const Json& v) {
  std::string out;
  if (is_empty_collection(v)) return v.is_object() ? "{}\n" : "[]\n";
  emit(out, v, 0);
  return out;
}

}  // namespace kro

#include "spec_value.h"

#include <cmath>
#include <limits>

namespace kro::cel::conformance {

namespace {

Result<std::string> base64_decode(std::string_view in) {
  static constexpr std::string_view kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  uint32_t buf = 0;
  int bits = 0;
  for (char c : in) {
    if (c == '=') break;
    auto p = kAlphabet.find(c);
    if (p == std::string_view::npos) return Error("invalid base64 in bytes_value");
    buf = (buf << 6) | static_cast<uint32_t>(p);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buf >> bits) & 0xFF);
    }
  }
  return out;
}

Result<double> decode_double(const Json& j) {
  if (j.is_double()) return j.get_double();
  if (j.is_int64()) return static_cast<double>(j.get_int64());
  if (j.is_uint64()) return static_cast<double>(j.get_uint64());
  if (j.is_string()) {
    std::string_view s = j.get_string();
    if (s == "NaN") return std::numeric_limits<double>::quiet_NaN();
    if (s == "Infinity") return std::numeric_limits<double>::infinity();
    if (s == "-Infinity") return -std::numeric_limits<double>::infinity();
  }
  return Error("invalid double_value " + to_json(j));
}

Result<int64_t> as_int(const Json& j) {
  if (j.is_int64()) return j.get_int64();
  if (j.is_uint64() && j.get_uint64() <= static_cast<uint64_t>(INT64_MAX)) {
    return static_cast<int64_t>(j.get_uint64());
  }
  return Error("expected an integer, got " + to_json(j));
}

const Json* field(const JsonObject& o, std::string_view name) {
  auto it = o.find(name);
  return it == o.end() ? nullptr : &it->value();
}

}  // namespace

Result<Value> decode_value(const Json& j) {
  if (!j.is_object()) return Error("a Value must be an object: " + to_json(j));
  const auto& o = j.get_object();
  if (o.empty()) return Error("empty Value");
  const auto& [key, v] = *o.begin();
  if (key == "null_value") return Value();
  if (key == "bool_value") return Value::boolean(v.is_bool() && v.get_bool());
  if (key == "int64_value") {
    auto i = as_int(v);
    if (!i) return i.error();
    return Value::integer(*i);
  }
  if (key == "uint64_value") {
    if (v.is_uint64()) return Value::uinteger(v.get_uint64());
    if (v.is_int64() && v.get_int64() >= 0) {
      return Value::uinteger(static_cast<uint64_t>(v.get_int64()));
    }
    return Error("invalid uint64_value " + to_json(v));
  }
  if (key == "double_value") {
    auto d = decode_double(v);
    if (!d) return d.error();
    return Value::dbl(*d);
  }
  if (key == "string_value") return Value::string(std::string(v.get_string()));
  if (key == "bytes_value") {
    auto b = base64_decode(v.get_string());
    if (!b) return b.error();
    return Value::bytes(std::move(*b));
  }
  if (key == "type_value") return Value::type(std::string(v.get_string()));
  if (key == "list_value") {
    std::vector<Value> elems;
    if (const Json* vals = v.is_object() ? field(v.get_object(), "values") : nullptr) {
      for (const auto& e : vals->get_array()) {
        auto d = decode_value(e);
        if (!d) return d;
        elems.push_back(std::move(*d));
      }
    }
    return Value::list(std::move(elems));
  }
  if (key == "map_value") {
    std::vector<std::pair<Value, Value>> entries;
    if (const Json* es = v.is_object() ? field(v.get_object(), "entries") : nullptr) {
      for (const auto& e : es->get_array()) {
        const auto& eo = e.get_object();
        const Json* k = field(eo, "key");
        const Json* val = field(eo, "value");
        if (k == nullptr || val == nullptr) return Error("map entry without key or value");
        auto dk = decode_value(*k);
        if (!dk) return dk;
        auto dv = decode_value(*val);
        if (!dv) return dv;
        entries.emplace_back(std::move(*dk), std::move(*dv));
      }
    }
    Value m = Value::map(std::move(entries));
    if (m.is_error()) return Error("invalid map_value: " + m.error_message());
    return m;
  }
  if (key == "object_value" && v.is_object()) {
    const Json* type = field(v.get_object(), "@type");
    if (type != nullptr && type->is_string()) {
      std::string_view t = type->get_string();
      if (t.ends_with("/google.protobuf.Duration")) {
        int64_t secs = 0;
        int64_t nanos = 0;
        if (const Json* s = field(v.get_object(), "seconds"))
          secs = as_int(*s).ok() ? *as_int(*s) : 0;
        if (const Json* n = field(v.get_object(), "nanos"))
          nanos = as_int(*n).ok() ? *as_int(*n) : 0;
        return Value::duration(Duration{secs * 1'000'000'000 + nanos});
      }
      if (t.ends_with("/google.protobuf.Timestamp")) {
        int64_t secs = 0;
        int64_t nanos = 0;
        if (const Json* s = field(v.get_object(), "seconds"))
          secs = as_int(*s).ok() ? *as_int(*s) : 0;
        if (const Json* n = field(v.get_object(), "nanos"))
          nanos = as_int(*n).ok() ? *as_int(*n) : 0;
        return Value::timestamp(Timestamp{secs, static_cast<int32_t>(nanos)});
      }
      return Error("protobuf message values are not supported (" + std::string(t) + ")");
    }
    return Error("object_value without @type is not supported");
  }
  return Error("unsupported Value form '" + std::string(key) + "'");
}

namespace {

bool opaque_equal(const Value& actual, const JsonObject& spec, const FunctionRegistry& reg,
                  std::string& why) {
  const Json* type = field(spec, "@opaque");
  const Json* repr = field(spec, "repr");
  if (type == nullptr || repr == nullptr || !type->is_string() || !repr->is_string()) {
    why = "malformed @opaque expectation";
    return false;
  }
  std::string_view t = type->get_string();
  if (!actual.is(Kind::kOpaque) || actual.as_opaque().type_name() != t) {
    why = "expected a " + std::string(t) + ", got " + debug_string(actual);
    return false;
  }
  Value r = Value::string(std::string(repr->get_string()));
  if (t == "net.IP" || t == "net.CIDR") {
    Value args[] = {actual};
    const Overload* o = reg.resolve("string", false, args);
    if (o == nullptr) {
      why = "no string() overload for " + std::string(t);
      return false;
    }
    Value s = o->fn(args);
    if (s.is(Kind::kString) && s.as_string() == repr->get_string()) return true;
    why = "string() gave " + debug_string(s) + ", expected " + debug_string(r);
    return false;
  }
  std::string ctor = t == "kubernetes.Quantity" ? "quantity"
                     : t == "kubernetes.Semver" ? "semver"
                     : t == "kubernetes.URL"    ? "url"
                                                : "";
  Value args[] = {r};
  const Overload* o = ctor.empty() ? nullptr : reg.resolve(ctor, false, args);
  if (o == nullptr) {
    why = "cannot construct a " + std::string(t) + " to compare with";
    return false;
  }
  Value want = o->fn(args);
  if (equal_values(actual, want)) return true;
  why = "got " + debug_string(actual) + ", expected " + debug_string(want);
  return false;
}

bool typed_equal_values(const Value& a, const Value& e) {
  if (a.kind() != e.kind()) return false;
  switch (a.kind()) {
    case Kind::kDouble: {
      double x = a.as_double();
      double y = e.as_double();
      if (std::isnan(x) && std::isnan(y)) return true;
      return x == y && std::signbit(x) == std::signbit(y);
    }
    case Kind::kList: {
      if (a.list_size() != e.list_size()) return false;
      for (std::size_t i = 0; i < a.list_size(); ++i) {
        if (!typed_equal_values(a.list_at(i), e.list_at(i))) return false;
      }
      return true;
    }
    case Kind::kMap: {
      if (a.map_size() != e.map_size()) return false;
      for (std::size_t i = 0; i < e.map_size(); ++i) {
        // Keys must match in kind too: look for an entry with an identical key.
        bool found = false;
        for (std::size_t k = 0; k < a.map_size(); ++k) {
          if (typed_equal_values(a.map_key_at(k), e.map_key_at(i))) {
            found = typed_equal_values(a.map_value_at(k), e.map_value_at(i));
            break;
          }
        }
        if (!found) return false;
      }
      return true;
    }
    default:
      return equal_values(a, e);
  }
}

}  // namespace

bool typed_equal(const Value& actual, const Json& expected, const FunctionRegistry& registry,
                 std::string& why) {
  if (expected.is_object()) {
    const auto& o = expected.get_object();
    if (const Json* ov = field(o, "object_value"); ov != nullptr && ov->is_object()) {
      if (field(ov->get_object(), "@opaque") != nullptr) {
        return opaque_equal(actual, ov->get_object(), registry, why);
      }
    }
  }
  auto want = decode_value(expected);
  if (!want) {
    why = "cannot decode the expected value: " + want.error().message;
    return false;
  }
  if (typed_equal_values(actual, *want)) return true;
  why = "got " + debug_string(actual) + ", expected " + debug_string(*want);
  return false;
}

}  // namespace kro::cel::conformance

#include "cel/lib/k8s/values.h"

#include <functional>

namespace kro::cel::k8s {

namespace {

std::string url_string(const URL& u) {
  std::string out;
  if (!u.scheme.empty()) out += u.scheme + ":";
  if (!u.opaque.empty()) {
    out += u.opaque;
  } else {
    if (!u.host.empty() || u.has_user) out += "//" + u.host;
    out += u.escaped_path();
  }
  if (u.force_query || !u.raw_query.empty()) out += "?" + u.raw_query;
  if (!u.fragment.empty()) out += "#" + u.fragment;
  return out;
}

}  // namespace

template <>
bool LibValue<Quantity>::equals(const OpaqueValue& o) const {
  return v_.compare(static_cast<const LibValue<Quantity>&>(o).v_) == 0;
}
template <>
std::size_t LibValue<Quantity>::hash() const {
  // Equal quantities may differ in representation; hash the normalized decimal text.
  return std::hash<std::string>{}(v_.decimal());
}
template <>
std::string LibValue<Quantity>::debug_string() const {
  return "quantity(\"" + v_.str() + "\")";
}

template <>
bool LibValue<IPAddr>::equals(const OpaqueValue& o) const {
  return v_ == static_cast<const LibValue<IPAddr>&>(o).v_;
}
template <>
std::size_t LibValue<IPAddr>::hash() const {
  return std::hash<std::string>{}(v_.str());
}
template <>
std::string LibValue<IPAddr>::debug_string() const {
  return "ip(\"" + v_.str() + "\")";
}

template <>
bool LibValue<CIDR>::equals(const OpaqueValue& o) const {
  return v_ == static_cast<const LibValue<CIDR>&>(o).v_;
}
template <>
std::size_t LibValue<CIDR>::hash() const {
  return std::hash<std::string>{}(v_.str());
}
template <>
std::string LibValue<CIDR>::debug_string() const {
  return "cidr(\"" + v_.str() + "\")";
}

template <>
bool LibValue<URL>::equals(const OpaqueValue& o) const {
  return url_string(v_) == url_string(static_cast<const LibValue<URL>&>(o).v_);
}
template <>
std::size_t LibValue<URL>::hash() const {
  return std::hash<std::string>{}(url_string(v_));
}
template <>
std::string LibValue<URL>::debug_string() const {
  return "url(\"" + url_string(v_) + "\")";
}

template <>
bool LibValue<Semver>::equals(const OpaqueValue& o) const {
  return v_.compare(static_cast<const LibValue<Semver>&>(o).v_) == 0;
}
template <>
std::size_t LibValue<Semver>::hash() const {
  Semver core = v_;
  core.build.clear();
  return std::hash<std::string>{}(core.str());
}
template <>
std::string LibValue<Semver>::debug_string() const {
  return "semver(\"" + v_.str() + "\")";
}

Value make_quantity(Quantity q) {
  return Value::opaque(new LibValue<Quantity>(kQuantityType, std::move(q)));
}
Value make_ip(IPAddr ip) { return Value::opaque(new LibValue<IPAddr>(kIPType, std::move(ip))); }
Value make_cidr(CIDR c) { return Value::opaque(new LibValue<CIDR>(kCIDRType, std::move(c))); }
Value make_url(URL u) { return Value::opaque(new LibValue<URL>(kURLType, std::move(u))); }
Value make_semver(Semver s) {
  return Value::opaque(new LibValue<Semver>(kSemverType, std::move(s)));
}

namespace {
template <typename T>
const T* unwrap(const Value& v, std::string_view name) {
  if (!v.is(Kind::kOpaque) || v.as_opaque().type_name() != name) return nullptr;
  return &static_cast<const LibValue<T>&>(v.as_opaque()).get();
}
}  // namespace

const Quantity* quantity_of(const Value& v) { return unwrap<Quantity>(v, kQuantityType); }
const IPAddr* ip_of(const Value& v) { return unwrap<IPAddr>(v, kIPType); }
const CIDR* cidr_of(const Value& v) { return unwrap<CIDR>(v, kCIDRType); }
const URL* url_of(const Value& v) { return unwrap<URL>(v, kURLType); }
const Semver* semver_of(const Value& v) { return unwrap<Semver>(v, kSemverType); }

}  // namespace kro::cel::k8s

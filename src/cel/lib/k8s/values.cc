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

// Per type: whether two values are equal, the text that equal values share (hashed), and the
// CEL constructor call that prints a value.
bool same(const Quantity& a, const Quantity& b) { return a.compare(b) == 0; }
bool same(const IPAddr& a, const IPAddr& b) { return a == b; }
bool same(const CIDR& a, const CIDR& b) { return a == b; }
bool same(const URL& a, const URL& b) { return url_string(a) == url_string(b); }
bool same(const Semver& a, const Semver& b) { return a.compare(b) == 0; }

// Equal quantities may differ in representation: the normalized decimal text.
std::string hash_key(const Quantity& q) { return q.decimal(); }
std::string hash_key(const IPAddr& ip) { return ip.str(); }
std::string hash_key(const CIDR& c) { return c.str(); }
std::string hash_key(const URL& u) { return url_string(u); }
// Build metadata does not take part in semver equality.
std::string hash_key(const Semver& s) {
  Semver core = s;
  core.build.clear();
  return core.str();
}

std::string call_text(const Quantity& q) { return "quantity(\"" + q.str() + "\")"; }
std::string call_text(const IPAddr& ip) { return "ip(\"" + ip.str() + "\")"; }
std::string call_text(const CIDR& c) { return "cidr(\"" + c.str() + "\")"; }
std::string call_text(const URL& u) { return "url(\"" + url_string(u) + "\")"; }
std::string call_text(const Semver& s) { return "semver(\"" + s.str() + "\")"; }

}  // namespace

template <typename T>
bool LibValue<T>::equals(const OpaqueValue& o) const {
  return same(v_, static_cast<const LibValue<T>&>(o).v_);
}
template <typename T>
std::size_t LibValue<T>::hash() const {
  return std::hash<std::string>{}(hash_key(v_));
}
template <typename T>
std::string LibValue<T>::debug_string() const {
  return call_text(v_);
}

template class LibValue<Quantity>;
template class LibValue<IPAddr>;
template class LibValue<CIDR>;
template class LibValue<URL>;
template class LibValue<Semver>;

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

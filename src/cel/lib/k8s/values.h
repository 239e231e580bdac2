// The runtime values of the Kubernetes CEL library types: kubernetes.Quantity, net.IP,
// net.CIDR, kubernetes.URL and kubernetes.Semver, as OpaqueValues around the cores in this
// folder. Equality is the library's: numeric for Quantity (200M == 0.2G), semver precedence for
// Semver (build metadata ignored), exact for IP, CIDR (address as written and length) and URL.
#pragma once

#include <string>
#include <string_view>

#include "cel/common/value.h"
#include "cel/lib/k8s/net.h"
#include "cel/lib/k8s/quantity.h"
#include "cel/lib/k8s/semver.h"
#include "cel/lib/k8s/url.h"

namespace kro::cel::k8s {

inline constexpr std::string_view kQuantityType = "kubernetes.Quantity";
inline constexpr std::string_view kIPType = "net.IP";
inline constexpr std::string_view kCIDRType = "net.CIDR";
inline constexpr std::string_view kURLType = "kubernetes.URL";
inline constexpr std::string_view kSemverType = "kubernetes.Semver";

// Wraps a library core type T as an OpaqueValue named `Name`.
template <typename T>
class LibValue : public OpaqueValue {
 public:
  LibValue(std::string_view name, T v) : name_(name), v_(std::move(v)) {}
  std::string_view type_name() const override { return name_; }
  const T& get() const { return v_; }
  bool equals(const OpaqueValue& other) const override;
  bool equality_needs_same_type() const override { return true; }
  std::size_t hash() const override;
  std::string debug_string() const override;

 private:
  std::string_view name_;
  T v_;
};

Value make_quantity(Quantity q);
Value make_ip(IPAddr ip);
Value make_cidr(CIDR c);
Value make_url(URL u);
Value make_semver(Semver s);

// The core value inside `v`, or nullptr when `v` is not of that type.
const Quantity* quantity_of(const Value& v);
const IPAddr* ip_of(const Value& v);
const CIDR* cidr_of(const Value& v);
const URL* url_of(const Value& v);
const Semver* semver_of(const Value& v);

}  // namespace kro::cel::k8s

// Binding of the Kubernetes IP and CIDR libraries (ip.go, cidr.go).
#include "cel/common/errors.h"
#include "cel/lib/k8s/k8s_lib.h"
#include "cel/lib/k8s/values.h"
#include "value/result.h"

namespace kro::cel::lib {

using A = std::span<const Value>;
using k8s::cidr_of;
using k8s::ip_of;

namespace {

ParamKind ip_kind() { return ParamKind::opaque_type(std::string(k8s::kIPType)); }
ParamKind cidr_kind() { return ParamKind::opaque_type(std::string(k8s::kCIDRType)); }
ParamKind str_kind() { return ParamKind::of(Kind::kString); }

Value bool_of(bool b) { return Value::boolean(b); }

}  // namespace

Status register_k8s_ip(FunctionRegistry& reg) {
  KRO_RETURN_IF_ERROR(reg.add_global("ip", "string_to_ip", {str_kind()}, [](A a) {
    auto r = k8s::parse_ip(a[0].as_string());
    return r.ok() ? k8s::make_ip(*r) : Value::error(r.error().message);
  }));
  KRO_RETURN_IF_ERROR(reg.add_receiver("family", "ip_family", {ip_kind()}, [](A a) {
    return Value::integer(ip_of(a[0])->v6 ? 6 : 4);
  }));
  KRO_RETURN_IF_ERROR(reg.add_global("ip.isCanonical", "ip_is_canonical", {str_kind()}, [](A a) {
    auto r = k8s::ip_is_canonical(a[0].as_string());
    return r.ok() ? Value::boolean(*r) : Value::error(r.error().message);
  }));
  using Pred = bool (k8s::IPAddr::*)() const;
  struct P {
    const char* name;
    const char* id;
    Pred pred;
  };
  for (const P& p :
       {P{"isUnspecified", "ip_is_unspecified", &k8s::IPAddr::is_unspecified},
        P{"isLoopback", "ip_is_loopback", &k8s::IPAddr::is_loopback},
        P{"isLinkLocalMulticast", "ip_is_link_local_multicast",
          &k8s::IPAddr::is_link_local_multicast},
        P{"isLinkLocalUnicast", "ip_is_link_local_unicast", &k8s::IPAddr::is_link_local_unicast},
        P{"isGlobalUnicast", "ip_is_global_unicast", &k8s::IPAddr::is_global_unicast}}) {
    const Pred pred = p.pred;
    KRO_RETURN_IF_ERROR(reg.add_receiver(p.name, p.id, {ip_kind()},
                                         [pred](A a) { return bool_of((ip_of(a[0])->*pred)()); }));
  }
  KRO_RETURN_IF_ERROR(reg.add_global("isIP", "is_ip", {str_kind()}, [](A a) {
    return bool_of(k8s::parse_ip(a[0].as_string()).ok());
  }));
  return reg.add_global("string", "ip_to_string", {ip_kind()},
                        [](A a) { return Value::string(ip_of(a[0])->str()); });
}

Status register_k8s_cidr(FunctionRegistry& reg) {
  auto to_cidr = [](std::string_view s) {
    auto r = k8s::parse_cidr(s);
    // cidr() adds the conversion context a second time, as Kubernetes does.
    return r.ok() ? k8s::make_cidr(*r)
                  : Value::error("network address parse error during conversion from string: " +
                                 r.error().message);
  };
  KRO_RETURN_IF_ERROR(reg.add_global("cidr", "string_to_cidr", {str_kind()},
                                     [to_cidr](A a) { return to_cidr(a[0].as_string()); }));
  KRO_RETURN_IF_ERROR(
      reg.add_receiver("containsIP", "cidr_contains_ip_string", {cidr_kind(), str_kind()}, [](A a) {
        auto ip = k8s::parse_ip(a[1].as_string());
        // Kubernetes hands the failed conversion to the IP overload, which reports no overload.
        if (!ip.ok()) return errors::no_such_overload();
        return bool_of(cidr_of(a[0])->contains_ip(*ip));
      }));
  KRO_RETURN_IF_ERROR(
      reg.add_receiver("containsIP", "cidr_contains_ip_ip", {cidr_kind(), ip_kind()},
                       [](A a) { return bool_of(cidr_of(a[0])->contains_ip(*ip_of(a[1]))); }));
  KRO_RETURN_IF_ERROR(reg.add_receiver(
      "containsCIDR", "cidr_contains_cidr_string", {cidr_kind(), str_kind()}, [to_cidr](A a) {
        Value other = to_cidr(a[1].as_string());
        if (other.is_error()) return other;
        return bool_of(cidr_of(a[0])->contains_cidr(*cidr_of(other)));
      }));
  KRO_RETURN_IF_ERROR(
      reg.add_receiver("containsCIDR", "cidr_contains_cidr", {cidr_kind(), cidr_kind()},
                       [](A a) { return bool_of(cidr_of(a[0])->contains_cidr(*cidr_of(a[1]))); }));
  KRO_RETURN_IF_ERROR(reg.add_receiver("ip", "cidr_ip", {cidr_kind()},
                                       [](A a) { return k8s::make_ip(cidr_of(a[0])->addr); }));
  KRO_RETURN_IF_ERROR(reg.add_receiver("prefixLength", "cidr_prefix_length", {cidr_kind()},
                                       [](A a) { return Value::integer(cidr_of(a[0])->prefix); }));
  KRO_RETURN_IF_ERROR(reg.add_receiver("masked", "cidr_masked", {cidr_kind()}, [](A a) {
    return k8s::make_cidr(cidr_of(a[0])->masked());
  }));
  KRO_RETURN_IF_ERROR(reg.add_global("isCIDR", "is_cidr", {str_kind()}, [](A a) {
    return bool_of(k8s::parse_cidr(a[0].as_string()).ok());
  }));
  return reg.add_global("string", "cidr_to_string", {cidr_kind()},
                        [](A a) { return Value::string(cidr_of(a[0])->str()); });
}

}  // namespace kro::cel::lib

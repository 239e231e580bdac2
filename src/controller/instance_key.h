// InstanceKey: one instance of a generated kind (its kind's resource, namespace and name), the
// identity under which the dynamic controller queues, reconciles and watches on its behalf.
#pragma once

#include <string>
#include <tuple>

#include "kube/gvk.h"

namespace kro::controller {

// Orders resources without GroupVersionResource's defaulted <=> (clang-tidy-14 misreads the
// synthesized comparison as a 0-for-null literal).
struct GvrLess {
  bool operator()(const kube::GroupVersionResource& a, const kube::GroupVersionResource& b) const {
    return std::tie(a.group, a.version, a.resource) < std::tie(b.group, b.version, b.resource);
  }
};

struct InstanceKey {
  kube::GroupVersionResource gvr;  // the instance kind
  std::string ns;                  // "" for a cluster-scoped instance
  std::string name;

  bool operator==(const InstanceKey&) const = default;
  bool operator<(const InstanceKey& o) const {
    return std::tie(gvr.group, gvr.version, gvr.resource, ns, name) <
           std::tie(o.gvr.group, o.gvr.version, o.gvr.resource, o.ns, o.name);
  }
  // For logs: "group/version/resource ns/name".
  std::string str() const {
    return gvr.group + "/" + gvr.version + "/" + gvr.resource + " " + ns + "/" + name;
  }
};

}  // namespace kro::controller

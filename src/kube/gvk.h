// Group/version/kind and group/version/resource names. The core group is the empty string, so
// "v1" is core/v1 and "apps/v1" is group "apps", version "v1" — the apiVersion spelling.
#pragma once

#include <compare>
#include <functional>
#include <string>
#include <string_view>

#include "value/json.h"

namespace kro::kube {

struct GroupVersion {
  std::string group;
  std::string version;

  // "v1" or "apps/v1".
  std::string str() const;
  // Parses an apiVersion; "apps/v1" → {apps, v1}, "v1" → {"", v1}. No validation beyond the
  // split: the server is the judge of what exists.
  static GroupVersion parse(std::string_view api_version);
  // "/api/v1" for the core group, "/apis/<group>/<version>" otherwise.
  std::string api_path() const;

  auto operator<=>(const GroupVersion&) const = default;
};

struct GroupVersionKind {
  std::string group;
  std::string version;
  std::string kind;

  GroupVersion group_version() const { return {group, version}; }
  std::string api_version() const { return group_version().str(); }
  // "apps/v1, Kind=Deployment", as Kubernetes prints a GVK.
  std::string str() const;

  auto operator<=>(const GroupVersionKind&) const = default;
};

struct GroupVersionResource {
  std::string group;
  std::string version;
  std::string resource;  // lower-case plural, e.g. "deployments"

  GroupVersion group_version() const { return {group, version}; }
  // "apps/v1, Resource=deployments".
  std::string str() const;

  auto operator<=>(const GroupVersionResource&) const = default;
};

// The GVK an object declares through apiVersion and kind; empty fields when absent.
GroupVersionKind gvk_of(const Json& object);

}  // namespace kro::kube

template <>
struct std::hash<kro::kube::GroupVersionKind> {
  std::size_t operator()(const kro::kube::GroupVersionKind& k) const noexcept {
    std::hash<std::string> h;
    return h(k.group) ^ (h(k.version) * 31) ^ (h(k.kind) * 1009);
  }
};

template <>
struct std::hash<kro::kube::GroupVersionResource> {
  std::size_t operator()(const kro::kube::GroupVersionResource& r) const noexcept {
    std::hash<std::string> h;
    return h(r.group) ^ (h(r.version) * 31) ^ (h(r.resource) * 1009);
  }
};

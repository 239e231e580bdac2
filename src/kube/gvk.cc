#include "kube/gvk.h"

namespace kro::kube {

std::string GroupVersion::str() const { return group.empty() ? version : group + "/" + version; }

GroupVersion GroupVersion::parse(std::string_view api_version) {
  auto slash = api_version.find('/');
  if (slash == std::string_view::npos) return {"", std::string(api_version)};
  return {std::string(api_version.substr(0, slash)), std::string(api_version.substr(slash + 1))};
}

std::string GroupVersion::api_path() const {
  return group.empty() ? "/api/" + version : "/apis/" + group + "/" + version;
}

std::string GroupVersionKind::str() const { return api_version() + ", Kind=" + kind; }

std::string GroupVersionResource::str() const {
  return group_version().str() + ", Resource=" + resource;
}

GroupVersionKind gvk_of(const Json& object) {
  GroupVersionKind out;
  if (!object.is_object()) return out;
  const auto& o = object.get_object();
  if (auto it = o.find("apiVersion"); it != o.end() && it->value().is_string()) {
    auto gv = GroupVersion::parse(it->value().get_string());
    out.group = std::move(gv.group);
    out.version = std::move(gv.version);
  }
  if (auto it = o.find("kind"); it != o.end() && it->value().is_string())
    out.kind = std::string(it->value().get_string());
  return out;
}

}  // namespace kro::kube

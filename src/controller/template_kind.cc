#include "controller/template_kind.h"

#include <string_view>

namespace kro::controller {

namespace {

// A non-empty string field without a `${…}` template.
std::optional<std::string_view> literal_field(const Json& object, std::string_view key) {
  const Json* v = find_path(object, key);
  if (v == nullptr || !v->is_string()) return std::nullopt;
  std::string_view s = v->as_string();
  if (s.empty() || s.find("${") != std::string_view::npos) return std::nullopt;
  return s;
}

}  // namespace

std::optional<kube::GroupVersionKind> literal_template_kind(const graph::Node& node) {
  if (node.type != graph::NodeType::kResource && node.type != graph::NodeType::kCollection) {
    return std::nullopt;
  }
  auto api_version = literal_field(node.object, "apiVersion");
  auto kind = literal_field(node.object, "kind");
  if (!api_version || !kind) return std::nullopt;
  kube::GroupVersion gv = kube::GroupVersion::parse(*api_version);
  return kube::GroupVersionKind{gv.group, gv.version, std::string(*kind)};
}

}  // namespace kro::controller

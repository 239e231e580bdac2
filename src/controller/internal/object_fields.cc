#include "controller/internal/object_fields.h"

#include <algorithm>
#include <utility>

namespace kro::controller::internal {

JsonObject& ensure_object(JsonObject& parent, std::string_view key) {
  Json& v = parent[key];
  if (!v.is_object()) v = JsonObject();
  return v.as_object();
}

JsonObject& metadata_of(Json& object) { return ensure_object(object.as_object(), "metadata"); }

Document with_type(Document d, const kube::ApiResource& resource) {
  if (!d || resource.kind.empty() || find_path(*d, "kind") != nullptr) return d;
  Json copy = *d;
  copy.as_object()["apiVersion"] = resource.gvr.group_version().str();
  copy.as_object()["kind"] = resource.kind;
  return make_document(std::move(copy));
}

void sort_like_a_list(std::vector<Document>& docs) {
  std::sort(docs.begin(), docs.end(), [](const Document& a, const Document& b) {
    return std::pair(string_at(*a, "metadata.namespace"), string_at(*a, "metadata.name")) <
           std::pair(string_at(*b, "metadata.namespace"), string_at(*b, "metadata.name"));
  });
}

}  // namespace kro::controller::internal

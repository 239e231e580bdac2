#include "controller/internal/object_fields.h"

#include <algorithm>
#include <utility>

namespace kro::controller::internal {

std::string str_at(const Json& object, std::string_view dotted) {
  const Json* v = find_path(object, dotted);
  return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
}

JsonObject& ensure_object(JsonObject& parent, std::string_view key) {
  Json& v = parent[key];
  if (!v.is_object()) v = JsonObject();
  return v.as_object();
}

JsonObject& metadata_of(Json& object) { return ensure_object(object.as_object(), "metadata"); }

bool terminating(const Json& object) {
  return find_path(object, "metadata.deletionTimestamp") != nullptr;
}

Document with_type(Document d, const kube::ApiResource& resource) {
  if (!d || resource.kind.empty() || find_path(*d, "kind") != nullptr) return d;
  Json copy = *d;
  copy.as_object()["apiVersion"] = resource.gvr.group_version().str();
  copy.as_object()["kind"] = resource.kind;
  return make_document(std::move(copy));
}

void sort_like_a_list(std::vector<Document>& docs) {
  std::sort(docs.begin(), docs.end(), [](const Document& a, const Document& b) {
    return std::pair(str_at(*a, "metadata.namespace"), str_at(*a, "metadata.name")) <
           std::pair(str_at(*b, "metadata.namespace"), str_at(*b, "metadata.name"));
  });
}

}  // namespace kro::controller::internal

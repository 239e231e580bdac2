#include "controller/cache_compaction.h"

#include "value/compact_json.h"

namespace kro::controller {

Document for_cache(Document object) {
  if (!object) return object;
  return compact_document(*object, {.drop_managed_fields = true});
}

Document without_managed_fields(Document object) {
  if (!object || !object->is_object()) return object;
  const Json* meta = object->as_object().if_contains("metadata");
  if (meta == nullptr || !meta->is_object() || !meta->as_object().contains("managedFields")) {
    return object;
  }
  Json copy = *object;
  copy.as_object()["metadata"].as_object().erase("managedFields");
  return make_document(std::move(copy));
}

std::shared_ptr<kube::ListerWatcher> drop_managed_fields(
    std::shared_ptr<kube::ListerWatcher> inner) {
  return std::make_shared<kube::TransformingListerWatcher>(std::move(inner),
                                                           without_managed_fields);
}

std::shared_ptr<kube::ListerWatcher> compact_for_cache(std::shared_ptr<kube::ListerWatcher> inner) {
  return std::make_shared<kube::TransformingListerWatcher>(std::move(inner), for_cache);
}

}  // namespace kro::controller

#include "controller/cache_compaction.h"

#include "value/compact_json.h"

namespace kro::controller {

Document for_cache(Document object) {
  if (!object) return object;
  return compact_document(*object, {.drop_managed_fields = true});
}

std::shared_ptr<kube::ListerWatcher> compact_for_cache(std::shared_ptr<kube::ListerWatcher> inner) {
  return std::make_shared<kube::TransformingListerWatcher>(std::move(inner), for_cache);
}

}  // namespace kro::controller

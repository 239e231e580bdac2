#include "controller/internal/informer_factory.h"

#include <utility>

#include "controller/applyset.h"
#include "controller/cache_compaction.h"
#include "controller/internal/event_router.h"
#include "controller/labels.h"
#include "fmt/format.h"

namespace kro::controller::internal {

using kube::GroupVersionResource;

InformerFactory::InformerFactory(kube::RestClient& client, std::chrono::milliseconds resync_period,
                                 EventRouter& router)
    : client_(client), resync_period_(resync_period), router_(router) {}

std::shared_ptr<kube::Informer> InformerFactory::make_informer(const GroupVersionResource& gvr,
                                                               std::string label_selector,
                                                               LabelIndex label_index) {
  kube::ResourceSelector sel;
  sel.gvr = gvr;
  sel.label_selector = std::move(label_selector);
  kube::InformerOptions io;
  io.resync_period = resync_period_;
  std::shared_ptr<kube::ListerWatcher> source =
      std::make_shared<kube::RestListerWatcher>(client_, sel);
  // Instance and child stores are asked for an ApplySet's members only (ObjectSource::list),
  // and each object is read a few times per reconcile: kept as text (kube/stored_object.h).
  // External stores are scanned with every reader's selector: kept as compact trees.
  if (label_index == LabelIndex::kApplySetMembership) {
    io.store.keep_as_text = true;
    io.store.indexed_label_keys =
        std::set<std::string, std::less<>>{std::string(kApplySetPartOfLabel)};
    return std::make_shared<kube::Informer>(controller::drop_managed_fields(std::move(source)), io);
  }
  io.store.indexed_label_keys = std::set<std::string, std::less<>>{};
  return std::make_shared<kube::Informer>(controller::compact_for_cache(std::move(source)), io);
}

std::shared_ptr<kube::Informer> InformerFactory::make_instance_informer(
    const GroupVersionResource& gvr) {
  auto inf = make_informer(gvr, "", LabelIndex::kApplySetMembership);
  inf->add_handlers(router_.instance_handlers(gvr));
  return inf;
}

std::shared_ptr<kube::Informer> InformerFactory::make_child_informer(
    const GroupVersionResource& gvr) {
  auto inf =
      make_informer(gvr, fmt::format("{}=true", kOwnedLabel), LabelIndex::kApplySetMembership);
  inf->add_handlers(router_.child_handlers());
  return inf;
}

std::shared_ptr<kube::Informer> InformerFactory::make_external_informer(
    const GroupVersionResource& gvr) {
  auto inf = make_informer(gvr, "", LabelIndex::kNone);
  inf->add_handlers(router_.external_handlers(gvr));
  return inf;
}

}  // namespace kro::controller::internal

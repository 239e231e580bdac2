#include "controller/internal/informer_factory.h"

#include <utility>

#include "controller/internal/event_router.h"
#include "controller/labels.h"
#include "controller/managed_fields_stripper.h"
#include "fmt/format.h"

namespace kro::controller::internal {

using kube::GroupVersionResource;

InformerFactory::InformerFactory(kube::RestClient& client, std::chrono::milliseconds resync_period,
                                 EventRouter& router)
    : client_(client), resync_period_(resync_period), router_(router) {}

std::shared_ptr<kube::Informer> InformerFactory::make_informer(const GroupVersionResource& gvr,
                                                               std::string label_selector,
                                                               bool strip_managed_fields) {
  kube::ResourceSelector sel;
  sel.gvr = gvr;
  sel.label_selector = std::move(label_selector);
  kube::InformerOptions io;
  io.resync_period = resync_period_;
  std::shared_ptr<kube::ListerWatcher> source =
      std::make_shared<kube::RestListerWatcher>(client_, sel);
  if (strip_managed_fields) source = controller::strip_managed_fields(std::move(source));
  return std::make_shared<kube::Informer>(std::move(source), io);
}

std::shared_ptr<kube::Informer> InformerFactory::make_instance_informer(
    const GroupVersionResource& gvr) {
  auto inf = make_informer(gvr, "");
  inf->add_handlers(router_.instance_handlers(gvr));
  return inf;
}

std::shared_ptr<kube::Informer> InformerFactory::make_child_informer(
    const GroupVersionResource& gvr) {
  auto inf = make_informer(gvr, fmt::format("{}=true", kOwnedLabel));
  inf->add_handlers(router_.child_handlers());
  return inf;
}

std::shared_ptr<kube::Informer> InformerFactory::make_external_informer(
    const GroupVersionResource& gvr) {
  auto inf = make_informer(gvr, "", /*strip_managed_fields=*/true);
  inf->add_handlers(router_.external_handlers(gvr));
  return inf;
}

}  // namespace kro::controller::internal

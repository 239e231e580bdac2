// InformerFactory: builds the dynamic controller's informers (not started), each with the
// EventRouter's handlers for its role: one over the instances of a kind, one per child kind
// (selected by kro.run/owned=true), one per kind read as an external reference (unfiltered:
// external objects carry no kro labels). Every one keeps its objects as cache_compaction.h says.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "kube/gvk.h"
#include "kube/informer.h"
#include "kube/rest_client.h"

namespace kro::controller::internal {

class EventRouter;

class InformerFactory {
 public:
  // `client` and `router` must outlive the factory and its informers.
  InformerFactory(kube::RestClient& client, std::chrono::milliseconds resync_period,
                  EventRouter& router);

  std::shared_ptr<kube::Informer> make_instance_informer(const kube::GroupVersionResource& gvr);
  std::shared_ptr<kube::Informer> make_child_informer(const kube::GroupVersionResource& gvr);
  std::shared_ptr<kube::Informer> make_external_informer(const kube::GroupVersionResource& gvr);

 private:
  // The labels a store indexes: the ApplySet membership label, or none.
  enum class LabelIndex { kApplySetMembership, kNone };
  std::shared_ptr<kube::Informer> make_informer(const kube::GroupVersionResource& gvr,
                                                std::string label_selector, LabelIndex label_index);

  kube::RestClient& client_;
  std::chrono::milliseconds resync_period_;
  EventRouter& router_;
};

}  // namespace kro::controller::internal

// TransformingListerWatcher: a ListerWatcher that hands on what another one delivers, each object
// passed through a transform first (client-go's informer TransformFunc). An informer caches what
// its source delivers, so a transform that keeps only the fields its handlers read keeps the
// cache small: the controller drops managedFields of the external objects it caches whole, and
// the RGD controller keeps only the metadata of the cluster's CRDs it watches.
//
// The transform runs on the informer's thread for every listed object and every watch event;
// it must be cheap and must not block. It receives the object as decoded and returns the object
// to cache (the same Document when nothing changes, to avoid a copy).
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "kube/reflector_source.h"

namespace kro::kube {

using ObjectTransform = std::function<Document(Document)>;

class TransformingListerWatcher final : public ListerWatcher {
 public:
  TransformingListerWatcher(std::shared_ptr<ListerWatcher> inner, ObjectTransform transform)
      : inner_(std::move(inner)), transform_(std::move(transform)) {}
  ApiResult<ListSnapshot> list() override;
  ApiResult<std::unique_ptr<EventSource>> watch(const std::string& resource_version) override;
  std::string describe() const override { return inner_->describe(); }

 private:
  std::shared_ptr<ListerWatcher> inner_;
  ObjectTransform transform_;
};

}  // namespace kro::kube

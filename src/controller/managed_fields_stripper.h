// ManagedFieldsStripper: a ListerWatcher that hands on what another one delivers minus
// metadata.managedFields. The controller caches external objects whole (their data feeds CEL),
// and managedFields is often the larger part of a small object while no graph reads it; dropping
// it before the store keeps that cache lean without changing the informer.
#pragma once

#include <memory>
#include <string>

#include "kube/reflector_source.h"

namespace kro::controller {

// The object without metadata.managedFields (the same Document when it has none).
Document without_managed_fields(Document object);

class ManagedFieldsStripper final : public kube::ListerWatcher {
 public:
  explicit ManagedFieldsStripper(std::shared_ptr<kube::ListerWatcher> inner)
      : inner_(std::move(inner)) {}
  kube::ApiResult<kube::ListSnapshot> list() override;
  kube::ApiResult<std::unique_ptr<kube::EventSource>> watch(
      const std::string& resource_version) override;
  std::string describe() const override { return inner_->describe(); }

 private:
  std::shared_ptr<kube::ListerWatcher> inner_;
};

}  // namespace kro::controller

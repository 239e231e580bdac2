// Dropping metadata.managedFields before an informer caches an object. The controller caches
// external objects whole (their data feeds CEL), and managedFields is often the larger part of a
// small object while no graph reads it; dropping it before the store keeps that cache lean
// without changing the informer.
#pragma once

#include <memory>

#include "kube/transforming_source.h"

namespace kro::controller {

// The object without metadata.managedFields (the same Document when it has none).
Document without_managed_fields(Document object);

// `inner`, delivering every object without_managed_fields.
std::shared_ptr<kube::ListerWatcher> strip_managed_fields(
    std::shared_ptr<kube::ListerWatcher> inner);

}  // namespace kro::controller

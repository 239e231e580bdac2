// What the dynamic controller's informers keep of each object. Instances, children and
// external objects are cached for as long as they exist, thousands of them, so none keeps
// metadata.managedFields, the server's field-ownership bookkeeping that is often half an
// object. The stores of instances and children keep the rest as text (kube/stored_object.h);
// those of external objects keep compact trees (value/compact_json.h: one exact-size block).
//
// Nothing the controller does from its caches reads managedFields: drift is judged against the
// desired fields, membership by labels, and the one step that needs ownership (releasing an
// orphaned child, child_release.h) reads the object live. A graph whose expressions may read
// managedFields (graph::reads_managed_fields) is reconciled from live reads instead
// (live_object_source.h), so its instances see what upstream's would.
#pragma once

#include <memory>

#include "kube/transforming_source.h"

namespace kro::controller {

// The object as the external caches keep it: compact, without managedFields (null stays null).
Document for_cache(Document object);
// The object without managedFields (the same Document when it has none).
Document without_managed_fields(Document object);

// `inner`, delivering every object for_cache.
std::shared_ptr<kube::ListerWatcher> compact_for_cache(std::shared_ptr<kube::ListerWatcher> inner);
// `inner`, delivering every object without_managed_fields.
std::shared_ptr<kube::ListerWatcher> drop_managed_fields(
    std::shared_ptr<kube::ListerWatcher> inner);

}  // namespace kro::controller

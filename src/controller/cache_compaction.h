// What the dynamic controller's informers keep of each object. Instances, children and
// external objects are cached for as long as they exist, thousands of them, so each is kept
// compact (value/compact_json.h: one exact-size block) and without metadata.managedFields, the
// server's field-ownership bookkeeping that is often half an object.
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

// The object as the caches keep it (null stays null).
Document for_cache(Document object);

// `inner`, delivering every object for_cache.
std::shared_ptr<kube::ListerWatcher> compact_for_cache(std::shared_ptr<kube::ListerWatcher> inner);

}  // namespace kro::controller

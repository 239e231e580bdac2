// What kro's next reconcile of one instance would do under a changed RGD, without doing it:
// the new graph is rendered against the instance and the cluster's objects (the rendering path
// of `kro render`), each child is stamped exactly as the controller stamps it, and compared with
// what the cluster holds after an apply (the API server's dry-run, or offline the merge of
// preview_diff.h); the instance's ApplySet members that are no longer rendered would be pruned.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "cli/preview_report.h"
#include "cli/settle.h"
#include "runtime/runtime.h"
#include "value/json.h"
#include "value/result.h"

namespace kro::cli {

// The cluster as `kro preview` sees it: a folder of observed objects, or an API server.
class PreviewCluster : public ObservedSource {
 public:
  // True when after_apply asks the API server (a server-side dry-run apply).
  virtual bool dry_run() const = 0;
  // The children the controller's prune would consider: the members of the instance's ApplySet.
  virtual Result<std::vector<Json>> members(const Json& instance) = 0;
  // What `live` would become after the controller's apply of `object`; `previous` is what the
  // RGD in the cluster renders for it, when known.
  virtual Result<Json> after_apply(const Json& object, const Json& live, const Json* previous) = 0;
};

struct PreviewGraphs {
  std::shared_ptr<const runtime::Executable> next;     // the RGD file's
  std::shared_ptr<const runtime::Executable> current;  // the cluster's; may be null
};

// One instance, as the cluster holds it (the new CRD's defaults are applied first, as the API
// server does on read once the CRD is updated). `kro_version` is the kro.run/kro-version label
// value the controller writes. A suspended instance, or one being deleted, gets a note and no
// objects: the controller will not apply the new graph to it.
InstancePreview preview_instance(const Json& instance, const PreviewGraphs& graphs,
                                 PreviewCluster& cluster, const std::string& kro_version);

}  // namespace kro::cli

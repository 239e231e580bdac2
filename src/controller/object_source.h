// ObjectSource: where the instance reconciler reads objects. The dynamic controller answers from
// its informer caches and falls back to live requests; tests may answer from anything.
//
// External references are read through get_external / list_external, which name the instance
// reading: the dynamic controller records a watch request for it (watch_coordinator.h), so that
// a later change of what was read wakes that instance instead of a timer. Their defaults forward
// to get / list_selector, so a source that does not watch needs nothing more.
#pragma once

#include <string_view>
#include <vector>

#include "controller/instance_key.h"
#include "controller/labels.h"
#include "kube/discovery.h"
#include "kube/gvk.h"
#include "kube/rest_client.h"
#include "value/json.h"

namespace kro::controller {

// Where the reconciler reads objects. A null Document means "not found".
class ObjectSource {
 public:
  virtual ~ObjectSource() = default;
  virtual kube::ApiResult<kube::ApiResource> resource_for(const kube::GroupVersionKind& gvk) = 0;
  virtual kube::ApiResult<kube::ApiResource> resource_for_group_kind(std::string_view group,
                                                                     std::string_view kind) = 0;
  virtual kube::ApiResult<Document> get(const kube::ApiResource& resource, std::string_view ns,
                                        std::string_view name) = 0;
  // Objects matching every label (ns "" = all namespaces).
  virtual kube::ApiResult<std::vector<Document>> list(const kube::ApiResource& resource,
                                                      std::string_view ns,
                                                      const Labels& match_labels) = 0;
  // The same as list(), always asked of the API server (a cache's emptiness confirmed).
  virtual kube::ApiResult<std::vector<Document>> list_live(const kube::ApiResource& resource,
                                                           std::string_view ns,
                                                           const Labels& match_labels) {
    return list(resource, ns, match_labels);
  }
  // Objects matching a metav1.LabelSelector (external collections; ns "" = all namespaces).
  virtual kube::ApiResult<std::vector<Document>> list_selector(const kube::ApiResource& resource,
                                                               std::string_view ns,
                                                               const Json& selector) = 0;

  // A child the reconciler is about to apply. `object` is what a get() answers, except that
  // `unconfirmed` says the source did not ask: a synced cache of kro-labelled objects missed, so
  // no object of kro's exists there, but one without kro's labels (which kro would adopt) may.
  // The reconciler then applies without forcing and confirms only when the apply conflicts.
  struct ChildLookup {
    Document object;
    bool unconfirmed = false;
  };
  virtual kube::ApiResult<ChildLookup> get_child(const kube::ApiResource& resource,
                                                 std::string_view ns, std::string_view name) {
    auto got = get(resource, ns, name);
    if (!got) return std::move(got).take_error();
    return ChildLookup{std::move(*got), false};
  }

  // An externalRef by name, read on behalf of `reader` (null Document: not found).
  virtual kube::ApiResult<Document> get_external(const InstanceKey& reader,
                                                 const kube::ApiResource& resource,
                                                 std::string_view ns, std::string_view name) {
    (void)reader;
    return get(resource, ns, name);
  }
  // An externalRef by selector (a metav1.LabelSelector), read on behalf of `reader`.
  virtual kube::ApiResult<std::vector<Document>> list_external(const InstanceKey& reader,
                                                               const kube::ApiResource& resource,
                                                               std::string_view ns,
                                                               const Json& selector) {
    (void)reader;
    return list_selector(resource, ns, selector);
  }
};

}  // namespace kro::controller

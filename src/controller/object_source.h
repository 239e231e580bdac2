// ObjectSource: where the instance reconciler reads objects. The dynamic controller answers from
// its informer caches and falls back to live requests; tests may answer from anything.
#pragma once

#include <string_view>
#include <vector>

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
  // Objects matching a metav1.LabelSelector (external collections; ns "" = all namespaces).
  virtual kube::ApiResult<std::vector<Document>> list_selector(const kube::ApiResource& resource,
                                                               std::string_view ns,
                                                               const Json& selector) = 0;
};

}  // namespace kro::controller

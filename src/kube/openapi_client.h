// OpenAPI v3 documents from the API server, one per group-version, cached.
//
// /openapi/v3 lists every group-version with a serverRelativeURL carrying a content hash
// ("/openapi/v3/apis/apps/v1?hash=ABC"). A fetched document is cached under that URL, so it is
// never fetched twice while unchanged; refresh_index() (e.g. after a CRD changes) picks up new
// hashes and new group-versions and drops the documents it superseded. A group-version missing from
// the index triggers one index refresh before NotFound. Thread-safe.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "kube/api_error.h"
#include "kube/gvk.h"
#include "kube/rest_client.h"

namespace kro::kube {

class OpenApiV3 {
 public:
  explicit OpenApiV3(RestClient client);

  // Re-reads /openapi/v3.
  ApiResult<void> refresh_index();
  // Index keys: "api/v1", "apis/apps/v1", ... (fetches the index on first use).
  ApiResult<std::vector<std::string>> paths();
  // The whole OpenAPI document of a group-version.
  ApiResult<Document> group_version(const GroupVersion& gv);
  // The components.schemas entry whose x-kubernetes-group-version-kind names gvk, and its
  // document (for resolving $ref). NotFound when the kind is not in the group-version document.
  struct KindSchema {
    Document document;
    std::string name;  // key under components.schemas, e.g. "io.k8s.api.apps.v1.Deployment"
    const Json* schema = nullptr;  // points into *document
  };
  ApiResult<KindSchema> schema_for(const GroupVersionKind& gvk);

  std::uint64_t documents_fetched() const;
  // Documents held now (at most one per group-version of the last index read).
  std::size_t documents_cached() const;

 private:
  ApiResult<std::string> url_for(const std::string& key);

  RestClient client_;
  mutable std::mutex mu_;
  bool have_index_ = false;
  std::map<std::string, std::string> index_;   // "apis/apps/v1" → serverRelativeURL
  std::map<std::string, Document> documents_;  // serverRelativeURL → document
  std::uint64_t fetched_ = 0;
};

// "api/v1" for the core group, "apis/<group>/<version>" otherwise.
std::string openapi_key(const GroupVersion& gv);

}  // namespace kro::kube

// RestClient: the Kubernetes verbs on unstructured objects (kro::Json) for any resource.
//
// A resource is named by its GroupVersionResource plus a namespace; an empty namespace means a
// cluster-scoped resource, or all namespaces when listing or watching a namespaced one (use the
// RestMapper to learn the scope and plural of a kind). Every call returns ApiResult: a non-2xx
// answer is decoded into a typed ApiError carrying the server's Status message and causes.
//
// Copyable and cheap (it holds a shared Transport); thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "kube/api_error.h"
#include "kube/gvk.h"
#include "kube/transport.h"
#include "kube/watch_stream.h"
#include "value/json.h"

namespace kro::kube {

struct GetOptions {
  std::string resource_version{};  // "" = most recent (quorum read); "0" = any cached version
};

struct ListOptions {
  std::string label_selector{};  // "app=x,tier in (a,b)"
  std::string field_selector{};  // "metadata.name=x"
  std::int64_t limit = 0;        // page size; 0 = everything at once
  std::string continue_token{};  // from the previous page's metadata.continue
  std::string resource_version{};
  std::string resource_version_match{};  // "NotOlderThan" / "Exact"
  std::int64_t timeout_seconds = 0;      // watch: server-side duration of the watch
  bool allow_watch_bookmarks = false;    // watch only
  bool send_initial_events = false;      // watch only (WatchList; needs resource_version_match
                                         // "NotOlderThan")
};

struct WriteOptions {
  std::string field_manager{};  // recorded in managedFields; optional for create/update/patch
  bool dry_run = false;
};

struct ApplyOptions {
  std::string field_manager{};  // required by the server for apply
  bool force = false;           // take ownership of conflicting fields
  bool dry_run = false;
};

struct DeleteOptions {
  std::optional<std::string> precondition_uid{};
  std::optional<std::string> precondition_resource_version{};
  std::string propagation_policy{};  // "Foreground", "Background", "Orphan", or "" (server default)
  std::optional<std::int64_t> grace_period_seconds{};
  bool dry_run = false;
};

enum class PatchType {
  kJson,            // application/json-patch+json (RFC 6902)
  kMerge,           // application/merge-patch+json (RFC 7386)
  kStrategicMerge,  // application/strategic-merge-patch+json (built-in types only)
  kApply,           // application/apply-patch+yaml (server-side apply; prefer apply())
};
std::string_view patch_content_type(PatchType t);

class RestClient {
 public:
  explicit RestClient(std::shared_ptr<Transport> transport);
  // Creates the transport for config.
  static Result<RestClient> create(const RestConfig& config);

  ApiResult<Json> get(const GroupVersionResource& gvr, std::string_view ns, std::string_view name,
                      const GetOptions& opts = {}) const;
  // One page (or everything when opts.limit is 0): a List object with items and
  // metadata.{resourceVersion,continue}.
  ApiResult<Json> list(const GroupVersionResource& gvr, std::string_view ns,
                       const ListOptions& opts = {}) const;
  // Follows continue tokens until the last page; on_page sees each page's List object and may
  // return false to stop early. Returns the resourceVersion of the first page (the snapshot a
  // following watch starts from). A 410 on a continue token (expired snapshot) is returned as
  // is_gone(); callers start over.
  ApiResult<std::string> list_pages(const GroupVersionResource& gvr, std::string_view ns,
                                    const ListOptions& opts,
                                    const std::function<bool(Json& page)>& on_page) const;

  ApiResult<Json> create(const GroupVersionResource& gvr, std::string_view ns, const Json& object,
                         const WriteOptions& opts = {}) const;
  // PUT of the whole object; its metadata.name names the target and metadata.resourceVersion,
  // when set, makes the update conditional (Conflict when stale).
  ApiResult<Json> update(const GroupVersionResource& gvr, std::string_view ns, const Json& object,
                         const WriteOptions& opts = {}) const;
  // Returns what the server answers: the deleted object (or the object with a
  // deletionTimestamp when finalizers hold it) or a Status.
  ApiResult<Json> remove(const GroupVersionResource& gvr, std::string_view ns,
                         std::string_view name, const DeleteOptions& opts = {}) const;
  ApiResult<Json> patch(const GroupVersionResource& gvr, std::string_view ns, std::string_view name,
                        PatchType type, std::string_view body, const WriteOptions& opts = {},
                        std::string_view subresource = "") const;
  // Server-side apply of an apply configuration (apiVersion, kind, metadata.name and the fields
  // this manager owns). The name comes from the object.
  ApiResult<Json> apply(const GroupVersionResource& gvr, std::string_view ns, const Json& object,
                        const ApplyOptions& opts) const;

  // The status subresource.
  ApiResult<Json> get_status(const GroupVersionResource& gvr, std::string_view ns,
                             std::string_view name) const;
  ApiResult<Json> update_status(const GroupVersionResource& gvr, std::string_view ns,
                                const Json& object, const WriteOptions& opts = {}) const;
  ApiResult<Json> apply_status(const GroupVersionResource& gvr, std::string_view ns,
                               const Json& object, const ApplyOptions& opts) const;

  // Opens a watch (opts.resource_version is where it resumes from). The returned stream owns
  // the connection; see watch_stream.h.
  ApiResult<std::unique_ptr<WatchStream>> watch(const GroupVersionResource& gvr,
                                                std::string_view ns,
                                                const ListOptions& opts = {}) const;

  // GET of any path (discovery, /openapi/v3, /version), decoded as JSON. accept overrides the
  // Accept header.
  ApiResult<Json> get_path(std::string_view path, std::string_view accept = "") const;
  // A raw request; non-2xx becomes an ApiError.
  ApiResult<HttpResponse> request(const HttpRequest& req) const;

  const std::shared_ptr<Transport>& transport() const { return transport_; }
  const RestConfig& config() const { return transport_->config(); }

 private:
  ApiResult<Json> do_json(const HttpRequest& req) const;

  std::shared_ptr<Transport> transport_;
};

}  // namespace kro::kube

#include "kube/rest_client.h"

#include "kube/rest_path.h"

namespace kro::kube {

namespace {

constexpr std::string_view kJson = "application/json";

ApiError client_error(std::string message) {
  return client_side_error(Reason::kBadRequest, std::move(message));
}

Query list_query(const ListOptions& o) {
  Query q;
  q.add("labelSelector", o.label_selector)
      .add("fieldSelector", o.field_selector)
      .add("limit", static_cast<long long>(o.limit))
      .add("continue", o.continue_token)
      .add("resourceVersion", o.resource_version)
      .add("resourceVersionMatch", o.resource_version_match)
      .add("timeoutSeconds", static_cast<long long>(o.timeout_seconds));
  return q;
}

Query write_query(const WriteOptions& o) {
  Query q;
  q.add("fieldManager", o.field_manager);
  if (o.dry_run) q.add("dryRun", "All");
  return q;
}

Query apply_query(const ApplyOptions& o) {
  Query q;
  q.add("fieldManager", o.field_manager).add_bool("force", o.force);
  if (o.dry_run) q.add("dryRun", "All");
  return q;
}

}  // namespace

std::string_view patch_content_type(PatchType t) {
  switch (t) {
    case PatchType::kJson:
      return "application/json-patch+json";
    case PatchType::kMerge:
      return "application/merge-patch+json";
    case PatchType::kStrategicMerge:
      return "application/strategic-merge-patch+json";
    case PatchType::kApply:
      return "application/apply-patch+yaml";
  }
  return "";
}

RestClient::RestClient(std::shared_ptr<Transport> transport) : transport_(std::move(transport)) {}

Result<RestClient> RestClient::create(const RestConfig& config) {
  KRO_ASSIGN_OR_RETURN(auto t, Transport::create(config));
  return RestClient(std::move(t));
}

ApiResult<HttpResponse> RestClient::request(const HttpRequest& req) const {
  KRO_ASSIGN_OR_RETURN(HttpResponse resp, transport_->send(req));
  if (!resp.ok()) return decode_api_error(resp.status, resp.body, resp.retry_after);
  return resp;
}

ApiResult<Json> RestClient::do_json(const HttpRequest& req) const {
  KRO_ASSIGN_OR_RETURN(HttpResponse resp, request(req));
  auto parsed = parse_json(resp.body);
  if (!parsed.ok()) {
    return decode_error(
        req.method + " " + req.path + ": response is not JSON: " + parsed.error().message,
        resp.status);
  }
  return std::move(*parsed);
}

ApiResult<Json> RestClient::get(const GroupVersionResource& gvr, std::string_view ns,
                                std::string_view name, const GetOptions& opts) const {
  if (name.empty()) return client_error("get " + gvr.resource + ": a name is required");
  HttpRequest req;
  req.path =
      resource_path(gvr, ns, name) + Query().add("resourceVersion", opts.resource_version).str();
  return do_json(req);
}

ApiResult<Json> RestClient::list(const GroupVersionResource& gvr, std::string_view ns,
                                 const ListOptions& opts) const {
  HttpRequest req;
  req.path = resource_path(gvr, ns) + list_query(opts).str();
  return do_json(req);
}

ApiResult<std::string> RestClient::list_pages(
    const GroupVersionResource& gvr, std::string_view ns, const ListOptions& opts,
    const std::function<bool(Json& page)>& on_page) const {
  ListOptions o = opts;
  std::string first_rv;
  bool first = true;
  while (true) {
    KRO_ASSIGN_OR_RETURN(Json page, list(gvr, ns, o));
    if (first) first_rv = string_at(page, "metadata.resourceVersion");
    first = false;
    std::string next = string_at(page, "metadata.continue");
    if (!on_page(page) || next.empty()) return first_rv;
    // The continue token pins the snapshot; resourceVersion must not be sent alongside it.
    o.continue_token = std::move(next);
    o.resource_version.clear();
    o.resource_version_match.clear();
  }
}

ApiResult<Json> RestClient::create(const GroupVersionResource& gvr, std::string_view ns,
                                   const Json& object, const WriteOptions& opts) const {
  HttpRequest req;
  req.method = "POST";
  req.path = resource_path(gvr, ns) + write_query(opts).str();
  req.body = to_json(object);
  req.content_type = kJson;
  return do_json(req);
}

ApiResult<Json> RestClient::update(const GroupVersionResource& gvr, std::string_view ns,
                                   const Json& object, const WriteOptions& opts) const {
  auto name = string_at(object, "metadata.name");
  if (name.empty()) return client_error("update " + gvr.resource + ": metadata.name is required");
  HttpRequest req;
  req.method = "PUT";
  req.path = resource_path(gvr, ns, name) + write_query(opts).str();
  req.body = to_json(object);
  req.content_type = kJson;
  return do_json(req);
}

ApiResult<Json> RestClient::remove(const GroupVersionResource& gvr, std::string_view ns,
                                   std::string_view name, const DeleteOptions& opts) const {
  if (name.empty()) return client_error("delete " + gvr.resource + ": a name is required");
  JsonObject body;
  body["kind"] = "DeleteOptions";
  body["apiVersion"] = "v1";
  if (opts.precondition_uid || opts.precondition_resource_version) {
    JsonObject pre;
    if (opts.precondition_uid) pre["uid"] = *opts.precondition_uid;
    if (opts.precondition_resource_version)
      pre["resourceVersion"] = *opts.precondition_resource_version;
    body["preconditions"] = std::move(pre);
  }
  if (!opts.propagation_policy.empty()) body["propagationPolicy"] = opts.propagation_policy;
  if (opts.grace_period_seconds) body["gracePeriodSeconds"] = *opts.grace_period_seconds;
  if (opts.dry_run) body["dryRun"] = JsonArray{"All"};
  HttpRequest req;
  req.method = "DELETE";
  req.path = resource_path(gvr, ns, name);
  req.body = to_json(body);
  req.content_type = kJson;
  return do_json(req);
}

ApiResult<Json> RestClient::patch(const GroupVersionResource& gvr, std::string_view ns,
                                  std::string_view name, PatchType type, std::string_view body,
                                  const WriteOptions& opts, std::string_view subresource) const {
  if (name.empty()) return client_error("patch " + gvr.resource + ": a name is required");
  HttpRequest req;
  req.method = "PATCH";
  req.path = resource_path(gvr, ns, name, subresource) + write_query(opts).str();
  req.body = std::string(body);
  req.content_type = std::string(patch_content_type(type));
  return do_json(req);
}

namespace {

HttpRequest apply_request(const GroupVersionResource& gvr, std::string_view ns, const Json& object,
                          const ApplyOptions& opts, std::string_view subresource, ApiError& error) {
  HttpRequest req;
  auto name = string_at(object, "metadata.name");
  if (name.empty()) {
    error = client_error("apply " + gvr.resource + ": metadata.name is required");
    return req;
  }
  if (opts.field_manager.empty()) {
    error = client_error("apply " + gvr.resource + "/" + name + ": a field manager is required");
    return req;
  }
  req.method = "PATCH";
  req.path = resource_path(gvr, ns, name, subresource) + apply_query(opts).str();
  // JSON is YAML: the apply endpoint accepts the object as JSON text under the YAML type.
  req.body = to_json(object);
  req.content_type = std::string(patch_content_type(PatchType::kApply));
  return req;
}

}  // namespace

ApiResult<Json> RestClient::apply(const GroupVersionResource& gvr, std::string_view ns,
                                  const Json& object, const ApplyOptions& opts) const {
  ApiError err;
  auto req = apply_request(gvr, ns, object, opts, "", err);
  if (req.path.empty()) return err;
  return do_json(req);
}

ApiResult<Json> RestClient::get_status(const GroupVersionResource& gvr, std::string_view ns,
                                       std::string_view name) const {
  if (name.empty()) return client_error("get " + gvr.resource + "/status: a name is required");
  HttpRequest req;
  req.path = resource_path(gvr, ns, name, "status");
  return do_json(req);
}

ApiResult<Json> RestClient::update_status(const GroupVersionResource& gvr, std::string_view ns,
                                          const Json& object, const WriteOptions& opts) const {
  auto name = string_at(object, "metadata.name");
  if (name.empty())
    return client_error("update " + gvr.resource + "/status: metadata.name is required");
  HttpRequest req;
  req.method = "PUT";
  req.path = resource_path(gvr, ns, name, "status") + write_query(opts).str();
  req.body = to_json(object);
  req.content_type = kJson;
  return do_json(req);
}

ApiResult<Json> RestClient::apply_status(const GroupVersionResource& gvr, std::string_view ns,
                                         const Json& object, const ApplyOptions& opts) const {
  ApiError err;
  auto req = apply_request(gvr, ns, object, opts, "status", err);
  if (req.path.empty()) return err;
  return do_json(req);
}

ApiResult<std::unique_ptr<WatchStream>> RestClient::watch(const GroupVersionResource& gvr,
                                                          std::string_view ns,
                                                          const ListOptions& opts) const {
  Query q = list_query(opts);
  q.add_bool("watch", true)
      .add_bool("allowWatchBookmarks", opts.allow_watch_bookmarks)
      .add_bool("sendInitialEvents", opts.send_initial_events);
  HttpRequest req;
  req.path = resource_path(gvr, ns) + q.str();
  KRO_ASSIGN_OR_RETURN(auto http, transport_->open_stream(req));
  if (http->status() < 200 || http->status() >= 300) {
    // The body of a refused watch is a Status; read it whole (it is small).
    std::string body;
    while (true) {
      auto more = http->read(body);
      if (!more.ok() || !*more) break;
    }
    return decode_api_error(http->status(), body);
  }
  return std::make_unique<WatchStream>(std::move(http), opts.resource_version);
}

ApiResult<Json> RestClient::get_path(std::string_view path, std::string_view accept) const {
  HttpRequest req;
  req.path = std::string(path);
  if (!accept.empty()) req.accept = std::string(accept);
  return do_json(req);
}

}  // namespace kro::kube

#include "controller/internal/cached_object_source.h"

#include <utility>

#include "controller/internal/external_informers.h"
#include "controller/internal/kind_registry.h"
#include "controller/internal/object_fields.h"
#include "kube/label_selector.h"

namespace kro::controller::internal {

namespace {

std::string selector_string(const Labels& labels) {
  std::string out;
  for (const auto& [k, v] : labels) {
    if (!out.empty()) out += ',';
    out += k;
    out += '=';
    out += v;
  }
  return out;
}

kube::ApiError invalid_selector(const Error& e) {
  kube::ApiError err;
  err.reason = kube::Reason::kInvalid;
  err.message = "invalid label selector: " + e.str();
  return err;
}

}  // namespace

CachedObjectSource::CachedObjectSource(kube::RestClient& client,
                                       std::shared_ptr<kube::RestMapper> mapper,
                                       const KindRegistry& kinds, ExternalInformers& externals,
                                       WatchCoordinator& watches)
    : client_(client),
      mapper_(std::move(mapper)),
      kinds_(kinds),
      externals_(externals),
      watches_(watches) {}

kube::ApiResult<kube::ApiResource> CachedObjectSource::resource_for(
    const kube::GroupVersionKind& gvk) {
  return mapper_->resource_for(gvk);
}

kube::ApiResult<kube::ApiResource> CachedObjectSource::resource_for_group_kind(
    std::string_view group, std::string_view kind) {
  return mapper_->resource_for_group_kind(group, kind);
}

kube::ApiResult<Document> CachedObjectSource::get(const kube::ApiResource& resource,
                                                  std::string_view ns, std::string_view name) {
  if (auto inf = kinds_.synced_cache_for(resource.gvr)) {
    if (Document d = inf->store().get(ns, name)) return with_type(std::move(d), resource);
    // Instances are cached completely; children only when they carry kro's labels, so a miss
    // may be an object kro will adopt.
    if (kinds_.serves(resource.gvr)) return Document();
  }
  auto r = client_.get(resource.gvr, ns, name);
  if (!r) {
    if (r.error().is_not_found()) return Document();
    return std::move(r).take_error();
  }
  return make_document(std::move(*r));
}

kube::ApiResult<ObjectSource::ChildLookup> CachedObjectSource::get_child(
    const kube::ApiResource& resource, std::string_view ns, std::string_view name) {
  if (auto inf = kinds_.synced_cache_for(resource.gvr)) {
    if (Document d = inf->store().get(ns, name)) {
      return ChildLookup{with_type(std::move(d), resource), false};
    }
    // Instances (a nested RGD's kind) are cached completely: a miss is a real NotFound.
    if (kinds_.serves(resource.gvr)) return ChildLookup{};
    ++child_lookups_unconfirmed_;
    return ChildLookup{Document(), true};
  }
  ++child_reads_live_;
  auto got = get(resource, ns, name);
  if (!got) return std::move(got).take_error();
  return ChildLookup{std::move(*got), false};
}

kube::ApiResult<std::vector<Document>> CachedObjectSource::list(const kube::ApiResource& resource,
                                                                std::string_view ns,
                                                                const Labels& match_labels) {
  if (auto inf = kinds_.synced_cache_for(resource.gvr)) {
    std::vector<Document> out;
    for (auto& d : inf->store().by_labels(match_labels)) {
      if (ns.empty() || string_at(*d, "metadata.namespace") == ns) {
        out.push_back(with_type(std::move(d), resource));
      }
    }
    return out;
  }
  return list_selected(resource, ns, selector_string(match_labels));
}

kube::ApiResult<std::vector<Document>> CachedObjectSource::list_live(
    const kube::ApiResource& resource, std::string_view ns, const Labels& match_labels) {
  return list_selected(resource, ns, selector_string(match_labels));
}

kube::ApiResult<std::vector<Document>> CachedObjectSource::list_selector(
    const kube::ApiResource& resource, std::string_view ns, const Json& selector) {
  auto sel = kube::LabelSelector::parse(selector);
  if (!sel) return invalid_selector(sel.error());
  return list_selected(resource, ns, sel->str());
}

kube::ApiResult<Document> CachedObjectSource::get_external(const InstanceKey& reader,
                                                           const kube::ApiResource& resource,
                                                           std::string_view ns,
                                                           std::string_view name) {
  watches_.record(reader, WatchRequest::scalar(resource.gvr, std::string(ns), std::string(name)));
  externals_.note_resource(resource);
  if (auto inf = externals_.synced_cache_for(resource.gvr)) {
    ++external_reads_cached_;
    // The informer holds every object of the kind: a miss is a real NotFound.
    return with_type(inf->store().get(ns, name), resource);
  }
  ++external_reads_live_;
  return get(resource, ns, name);
}

kube::ApiResult<std::vector<Document>> CachedObjectSource::list_external(
    const InstanceKey& reader, const kube::ApiResource& resource, std::string_view ns,
    const Json& selector) {
  auto sel = kube::LabelSelector::parse(selector);
  if (!sel) return invalid_selector(sel.error());
  watches_.record(reader, WatchRequest::collection(resource.gvr, std::string(ns), *sel));
  externals_.note_resource(resource);
  if (auto inf = externals_.synced_cache_for(resource.gvr)) {
    ++external_reads_cached_;
    std::vector<Document> out;
    for (auto& d : ns.empty() ? inf->store().list() : inf->store().by_namespace(ns)) {
      if (sel->matches(*d)) out.push_back(with_type(std::move(d), resource));
    }
    sort_like_a_list(out);
    return out;
  }
  ++external_reads_live_;
  return list_selected(resource, ns, sel->str());
}

kube::ApiResult<std::vector<Document>> CachedObjectSource::list_selected(
    const kube::ApiResource& resource, std::string_view ns, const std::string& selector) {
  std::vector<Document> out;
  kube::ListOptions lo;
  lo.label_selector = selector;
  lo.limit = 500;
  auto r = client_.list_pages(resource.gvr, ns, lo, [&](Json& page) {
    if (const Json* items = find_path(page, "items"); items != nullptr && items->is_array()) {
      for (const auto& item : items->as_array()) {
        Json obj = item;
        // List items carry no apiVersion/kind; the runtime's identity needs them.
        obj.as_object()["apiVersion"] = resource.gvr.group_version().str();
        obj.as_object()["kind"] = resource.kind;
        out.push_back(make_document(std::move(obj)));
      }
    }
    return true;
  });
  KRO_RETURN_IF_ERROR(r);
  return out;
}

}  // namespace kro::controller::internal

#include "kube/openapi_client.h"

#include <set>

namespace kro::kube {

std::string openapi_key(const GroupVersion& gv) {
  return gv.group.empty() ? "api/" + gv.version : "apis/" + gv.group + "/" + gv.version;
}

OpenApiV3::OpenApiV3(RestClient client) : client_(std::move(client)) {}

ApiResult<void> OpenApiV3::refresh_index() {
  KRO_ASSIGN_OR_RETURN(Json idx, client_.get_path("/openapi/v3"));
  const Json* paths = idx.is_object() ? idx.get_object().if_contains("paths") : nullptr;
  if (paths == nullptr || !paths->is_object()) {
    return decode_error("/openapi/v3: no paths in the index");
  }
  std::map<std::string, std::string> index;
  for (const auto& kv : paths->get_object()) {
    const Json* url = find_path(kv.value(), "serverRelativeURL");
    if (url != nullptr && url->is_string())
      index.emplace(std::string(kv.key()), std::string(url->get_string()));
  }
  std::lock_guard lock(mu_);
  index_ = std::move(index);
  have_index_ = true;
  // A document whose URL the index no longer lists was superseded (its group-version changed or
  // went away): drop it, so a long-running controller holds one document per group-version.
  std::set<std::string> listed;
  for (const auto& [key, url] : index_) listed.insert(url);
  std::erase_if(documents_, [&](const auto& entry) { return !listed.contains(entry.first); });
  return {};
}

ApiResult<std::vector<std::string>> OpenApiV3::paths() {
  {
    std::lock_guard lock(mu_);
    if (have_index_) {
      std::vector<std::string> out;
      for (const auto& [k, v] : index_) out.push_back(k);
      return out;
    }
  }
  KRO_RETURN_IF_ERROR(refresh_index());
  return paths();
}

ApiResult<std::string> OpenApiV3::url_for(const std::string& key) {
  for (int round = 0; round < 2; ++round) {
    {
      std::lock_guard lock(mu_);
      if (have_index_) {
        if (auto it = index_.find(key); it != index_.end()) return it->second;
        if (round == 1) break;
      }
    }
    // Not in the index we have (or no index yet): a CRD may have added the group-version.
    KRO_RETURN_IF_ERROR(refresh_index());
  }
  return client_side_error(Reason::kNotFound,
                           "the server publishes no OpenAPI v3 document for " + key, 404);
}

ApiResult<Document> OpenApiV3::group_version(const GroupVersion& gv) {
  const std::string key = openapi_key(gv);
  KRO_ASSIGN_OR_RETURN(std::string url, url_for(key));
  {
    std::lock_guard lock(mu_);
    if (auto it = documents_.find(url); it != documents_.end()) return it->second;
  }
  auto fetched = client_.get_path(url);
  // The URL names the document's hash; when the group-version changed since the index was read
  // (a CRD of that group added or updated meanwhile, common while many RGDs are applied), the
  // server answers 301 towards the new hash. Read the index again and follow it, a few times.
  for (int retry = 0; retry < 3 && !fetched.ok() && fetched.error().code == 301; ++retry) {
    KRO_RETURN_IF_ERROR(refresh_index());
    KRO_ASSIGN_OR_RETURN(url, url_for(key));
    fetched = client_.get_path(url);
  }
  if (!fetched.ok()) return fetched.error();
  Json doc = std::move(*fetched);
  auto shared = make_document(std::move(doc));
  std::lock_guard lock(mu_);
  ++fetched_;
  // The URL carries the content hash: an entry never goes stale, it is only superseded.
  documents_.emplace(url, shared);
  return shared;
}

ApiResult<OpenApiV3::KindSchema> OpenApiV3::schema_for(const GroupVersionKind& gvk) {
  KRO_ASSIGN_OR_RETURN(Document doc, group_version(gvk.group_version()));
  const Json* schemas = find_path(*doc, "components.schemas");
  if (schemas != nullptr && schemas->is_object()) {
    for (const auto& kv : schemas->get_object()) {
      const Json* gvks =
          kv.value().is_object()
              ? kv.value().get_object().if_contains("x-kubernetes-group-version-kind")
              : nullptr;
      if (gvks == nullptr || !gvks->is_array()) continue;
      for (const auto& g : gvks->get_array()) {
        auto str = [&](std::string_view k) {
          const Json* v = g.is_object() ? g.get_object().if_contains(k) : nullptr;
          return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
        };
        if (str("group") == gvk.group && str("version") == gvk.version && str("kind") == gvk.kind)
          return KindSchema{doc, std::string(kv.key()), &kv.value()};
      }
    }
  }
  return client_side_error(Reason::kNotFound, "no OpenAPI v3 schema for " + gvk.str(), 404);
}

std::uint64_t OpenApiV3::documents_fetched() const {
  std::lock_guard lock(mu_);
  return fetched_;
}

std::size_t OpenApiV3::documents_cached() const {
  std::lock_guard lock(mu_);
  return documents_.size();
}

}  // namespace kro::kube

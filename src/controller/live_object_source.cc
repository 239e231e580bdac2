#include "controller/live_object_source.h"

namespace kro::controller {

kube::ApiResult<Document> LiveObjectSource::get(const kube::ApiResource& resource,
                                                std::string_view ns, std::string_view name) {
  auto r = client_.get(resource.gvr, ns, name);
  if (!r) {
    if (r.error().is_not_found()) return Document();
    return std::move(r).take_error();
  }
  return make_document(std::move(*r));
}

kube::ApiResult<Document> LiveObjectSource::get_external(const InstanceKey& reader,
                                                         const kube::ApiResource& resource,
                                                         std::string_view ns,
                                                         std::string_view name) {
  // Read through the wrapped source for the watch it records; the answer is read again live.
  KRO_RETURN_IF_ERROR(wrapped_.get_external(reader, resource, ns, name));
  return get(resource, ns, name);
}

kube::ApiResult<std::vector<Document>> LiveObjectSource::list_external(
    const InstanceKey& reader, const kube::ApiResource& resource, std::string_view ns,
    const Json& selector) {
  KRO_RETURN_IF_ERROR(wrapped_.list_external(reader, resource, ns, selector));
  return wrapped_.list_selector(resource, ns, selector);
}

}  // namespace kro::controller

#include "controller/managed_fields_stripper.h"

namespace kro::controller {

namespace {

class StrippingEvents final : public kube::EventSource {
 public:
  explicit StrippingEvents(std::unique_ptr<kube::EventSource> inner) : inner_(std::move(inner)) {}
  kube::ApiResult<std::optional<kube::WatchEvent>> next() override {
    auto e = inner_->next();
    if (e && e->has_value()) (*e)->object = without_managed_fields(std::move((*e)->object));
    return e;
  }
  void cancel() override { inner_->cancel(); }

 private:
  std::unique_ptr<kube::EventSource> inner_;
};

}  // namespace

Document without_managed_fields(Document object) {
  if (!object || !object->is_object()) return object;
  const Json* meta = object->as_object().if_contains("metadata");
  if (meta == nullptr || !meta->is_object() || !meta->as_object().contains("managedFields")) {
    return object;
  }
  Json copy = *object;
  copy.as_object()["metadata"].as_object().erase("managedFields");
  return make_document(std::move(copy));
}

kube::ApiResult<kube::ListSnapshot> ManagedFieldsStripper::list() {
  auto snap = inner_->list();
  if (snap) {
    for (auto& item : snap->items) item = without_managed_fields(std::move(item));
  }
  return snap;
}

kube::ApiResult<std::unique_ptr<kube::EventSource>> ManagedFieldsStripper::watch(
    const std::string& resource_version) {
  KRO_ASSIGN_OR_RETURN(auto w, inner_->watch(resource_version));
  return std::unique_ptr<kube::EventSource>(std::make_unique<StrippingEvents>(std::move(w)));
}

}  // namespace kro::controller

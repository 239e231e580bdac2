#include "kube/transforming_source.h"

namespace kro::kube {

namespace {

class TransformingEvents final : public EventSource {
 public:
  TransformingEvents(std::unique_ptr<EventSource> inner, ObjectTransform transform)
      : inner_(std::move(inner)), transform_(std::move(transform)) {}
  ApiResult<std::optional<WatchEvent>> next() override {
    auto e = inner_->next();
    if (e && e->has_value() && (*e)->object) (*e)->object = transform_(std::move((*e)->object));
    return e;
  }
  void cancel() override { inner_->cancel(); }

 private:
  std::unique_ptr<EventSource> inner_;
  ObjectTransform transform_;
};

}  // namespace

ApiResult<ListSnapshot> TransformingListerWatcher::list() {
  auto snap = inner_->list();
  if (snap) {
    for (auto& item : snap->items) item = transform_(std::move(item));
  }
  return snap;
}

ApiResult<std::unique_ptr<EventSource>> TransformingListerWatcher::watch(
    const std::string& resource_version) {
  KRO_ASSIGN_OR_RETURN(auto w, inner_->watch(resource_version));
  return std::unique_ptr<EventSource>(
      std::make_unique<TransformingEvents>(std::move(w), transform_));
}

}  // namespace kro::kube

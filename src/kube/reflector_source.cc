#include "kube/reflector_source.h"

#include <random>

namespace kro::kube {
namespace {

class RestEventSource final : public EventSource {
 public:
  explicit RestEventSource(std::unique_ptr<WatchStream> stream) : stream_(std::move(stream)) {}
  ApiResult<std::optional<WatchEvent>> next() override { return stream_->next(); }
  void cancel() override { stream_->cancel(); }

 private:
  std::unique_ptr<WatchStream> stream_;
};

}  // namespace

RestListerWatcher::RestListerWatcher(RestClient client, ResourceSelector selector)
    : client_(std::move(client)), sel_(std::move(selector)) {}

ApiResult<ListSnapshot> RestListerWatcher::list() {
  ListOptions opts;
  opts.label_selector = sel_.label_selector;
  opts.field_selector = sel_.field_selector;
  opts.limit = sel_.page_size;
  ListSnapshot snap;
  auto rv = client_.list_pages(sel_.gvr, sel_.ns, opts, [&](Json& page) {
    if (auto* obj = page.if_object()) {
      auto it = obj->find("items");
      if (it != obj->end() && it->value().is_array()) {
        for (auto& item : it->value().as_array()) {
          snap.items.push_back(make_document(std::move(item)));
        }
      }
    }
    return true;
  });
  KRO_ASSIGN_OR_RETURN(snap.resource_version, std::move(rv));
  return snap;
}

ApiResult<std::unique_ptr<EventSource>> RestListerWatcher::watch(
    const std::string& resource_version) {
  ListOptions opts;
  opts.label_selector = sel_.label_selector;
  opts.field_selector = sel_.field_selector;
  opts.resource_version = resource_version;
  opts.allow_watch_bookmarks = true;
  if (sel_.watch_timeout.count() > 0) {
    thread_local std::minstd_rand rng{std::random_device{}()};
    auto base = sel_.watch_timeout.count();
    opts.timeout_seconds = base + static_cast<std::int64_t>(rng() % static_cast<unsigned>(base));
  }
  KRO_ASSIGN_OR_RETURN(auto stream, client_.watch(sel_.gvr, sel_.ns, opts));
  return std::unique_ptr<EventSource>(std::make_unique<RestEventSource>(std::move(stream)));
}

std::string RestListerWatcher::describe() const {
  std::string out = sel_.gvr.str();
  if (!sel_.ns.empty()) out += " in " + sel_.ns;
  if (!sel_.label_selector.empty()) out += " with labels " + sel_.label_selector;
  return out;
}

}  // namespace kro::kube

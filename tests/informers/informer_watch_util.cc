#include "informer_watch_util.h"

#include "itest_env.h"

namespace kro::itest {
namespace {

std::string name_of(const Document& d) {
  return std::string(find_path(*d, "metadata.name")->as_string());
}
std::string rv_of(const Json& d) {
  return std::string(find_path(d, "metadata.resourceVersion")->as_string());
}

}  // namespace

kube::EventHandlers HandlerMirror::handlers() {
  kube::EventHandlers h;
  h.on_add = [this](const Document& o) {
    std::lock_guard l(mu_);
    seen_[name_of(o)] = rv_of(*o);
  };
  h.on_update = [this](const Document&, const Document& o) {
    std::lock_guard l(mu_);
    seen_[name_of(o)] = rv_of(*o);
  };
  h.on_delete = [this](const Document& o) {
    std::lock_guard l(mu_);
    seen_.erase(name_of(o));
    ++deletes_;
  };
  return h;
}

Versions HandlerMirror::snapshot() const {
  std::lock_guard l(mu_);
  return seen_;
}

int HandlerMirror::deletes() const {
  std::lock_guard l(mu_);
  return deletes_;
}

Versions versions_of_store(const kube::Informer& informer) {
  Versions out;
  for (const auto& d : informer.store().list()) out[name_of(d)] = rv_of(*d);
  return out;
}

Versions versions_on_server(const kube::RestClient& client, const std::string& ns,
                            const std::string& selector) {
  Versions out;
  kube::ListOptions opts;
  opts.label_selector = selector;
  opts.limit = 100;
  auto rv = client.list_pages(kConfigMaps, ns, opts, [&](Json& page) {
    for (const auto& item : page.as_object().at("items").as_array()) {
      out[std::string(find_path(item, "metadata.name")->as_string())] = rv_of(item);
    }
    return true;
  });
  EXPECT_TRUE(rv.ok()) << (rv.ok() ? "" : rv.error().str());
  return out;
}

}  // namespace kro::itest

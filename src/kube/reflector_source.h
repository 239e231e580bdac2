// Where a Reflector gets its objects from: a ListerWatcher lists a resource and opens watches
// on it. It is an interface, declared where it is used, so that the reflector's relist/resume
// logic can be tested against a scripted server; RestListerWatcher is the real one, over
// RestClient, for one resource in one namespace (or all), optionally restricted by label and
// field selectors — kro watches only the children carrying its labels.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "kube/api_error.h"
#include "kube/gvk.h"
#include "kube/rest_client.h"
#include "kube/watch_stream.h"
#include "value/json.h"

namespace kro::kube {

// A consistent snapshot: every object at one resourceVersion.
struct ListSnapshot {
  std::vector<Document> items;
  std::string resource_version;
};

// An open watch. next() as WatchStream::next(): an event, nullopt when the server ended the
// watch normally, or an error (is_gone(): resume impossible, re-list). cancel() from any
// thread makes a blocked next() return.
class EventSource {
 public:
  virtual ~EventSource() = default;
  virtual ApiResult<std::optional<WatchEvent>> next() = 0;
  virtual void cancel() = 0;
};

class ListerWatcher {
 public:
  virtual ~ListerWatcher() = default;
  // Lists everything (all pages).
  virtual ApiResult<ListSnapshot> list() = 0;
  // Watches changes after resource_version, with bookmarks.
  virtual ApiResult<std::unique_ptr<EventSource>> watch(const std::string& resource_version) = 0;
  // For log messages: "v1, Resource=configmaps in ns".
  virtual std::string describe() const = 0;
};

struct ResourceSelector {
  GroupVersionResource gvr;
  std::string ns;              // "" = cluster-scoped or all namespaces
  std::string label_selector;  // e.g. "kro.run/owned=true"
  std::string field_selector;
  std::int64_t page_size = 500;  // list in pages so huge collections do not arrive at once
  // Server-side watch duration; each watch picks a random value in [t, 2t) so that many
  // informers do not reconnect in lock step (client-go does the same).
  std::chrono::seconds watch_timeout{300};
};

class RestListerWatcher final : public ListerWatcher {
 public:
  RestListerWatcher(RestClient client, ResourceSelector selector);
  ApiResult<ListSnapshot> list() override;
  ApiResult<std::unique_ptr<EventSource>> watch(const std::string& resource_version) override;
  std::string describe() const override;

 private:
  RestClient client_;
  ResourceSelector sel_;
};

}  // namespace kro::kube

// WatchStream: one open watch request, read as a sequence of events.
//
// Pull-based: next() blocks until the next event, the end of the stream, or cancel(). The
// reader tracks the last resourceVersion it saw (objects and BOOKMARKs), so a caller resumes
// after the stream ends with RestClient::watch(..., {.resource_version = s.resource_version()}).
//
//   auto s = client.watch(gvr, ns, {.resource_version = rv, .allow_watch_bookmarks = true});
//   while (true) {
//     auto ev = (*s)->next();
//     if (!ev) { if (ev.error().is_gone()) relist(); else reconnect(); break; }
//     if (!*ev) break;                          // server closed the watch: resume from rv
//     if (ev->value().type == WatchEventType::kBookmark) continue;   // rv already updated
//     handle(ev->value());
//   }
//
// An ERROR event is never returned as an event: it becomes the ApiError of next() (410 Gone /
// Expired → is_gone(): the resourceVersion was compacted, re-list). cancel() may be called from
// any thread; next() then returns a kTransport error whose message says "watch cancelled".
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "kube/api_error.h"
#include "kube/transport.h"
#include "value/json.h"

namespace kro::kube {

enum class WatchEventType { kAdded, kModified, kDeleted, kBookmark };

std::string_view watch_event_type_name(WatchEventType t);  // "ADDED", ...

struct WatchEvent {
  WatchEventType type = WatchEventType::kAdded;
  Document object;  // for kBookmark only metadata.resourceVersion is meaningful
  std::string resource_version() const;
};

// Decodes one line of a watch response ({"type": ..., "object": ...}). An ERROR line becomes
// the ApiError it carries. Exposed for tests and for fuzzing.
ApiResult<WatchEvent> decode_watch_event(std::string_view line);

class WatchStream {
 public:
  // Takes an open stream whose status is 2xx (RestClient::watch checks that).
  WatchStream(std::unique_ptr<HttpStream> http, std::string initial_resource_version);
  ~WatchStream();
  WatchStream(const WatchStream&) = delete;
  WatchStream& operator=(const WatchStream&) = delete;

  // The next event; nullopt when the server ended the watch normally (its timeout) — resume
  // from resource_version(). Not thread-safe against itself: one reader.
  ApiResult<std::optional<WatchEvent>> next();
  // Ends the watch; safe from any thread, idempotent.
  void cancel();
  bool cancelled() const;

  // The resourceVersion of the last event or bookmark returned, else the one the watch
  // started from.
  std::string resource_version() const;

 private:
  std::unique_ptr<HttpStream> http_;
  std::string buffer_;
  std::size_t scan_from_ = 0;
  bool ended_ = false;
  mutable std::mutex rv_mu_;
  std::string rv_;
};

}  // namespace kro::kube

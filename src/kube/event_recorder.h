// EventRecorder: reports Kubernetes core/v1 Events about objects (what `kubectl describe` shows
// under Events), as client-go's record.EventRecorder does for controllers.
//
// - Never blocks the caller: record() puts the event in a bounded queue served by one
//   background thread; when the queue is full the event is dropped and counted.
// - Repeats are aggregated: the same object, type, reason and message within the aggregation
//   window patches the existing Event's count and lastTimestamp instead of creating another.
// - Rate limited per involved object with a token bucket (client-go's spam filter: burst 25,
//   one token per 5 minutes), so a hot loop cannot flood etcd; limited events are dropped.
// - Failures to write are counted, never retried forever: events are best effort by design.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>

#include "kube/api_error.h"
#include "kube/rest_client.h"
#include "value/json.h"

namespace kro::kube {

// Where events are written; an interface so the recorder is testable without a server.
class EventSink {
 public:
  virtual ~EventSink() = default;
  virtual ApiResult<Json> create(const std::string& ns, const Json& event) = 0;
  // A JSON merge patch of an existing Event.
  virtual ApiResult<Json> patch(const std::string& ns, const std::string& name,
                                const Json& merge_patch) = 0;
};

class RestEventSink final : public EventSink {
 public:
  explicit RestEventSink(RestClient client);
  ApiResult<Json> create(const std::string& ns, const Json& event) override;
  ApiResult<Json> patch(const std::string& ns, const std::string& name,
                        const Json& merge_patch) override;

 private:
  RestClient client_;
};

enum class EventType { kNormal, kWarning };

struct EventRecorderOptions {
  std::string component = "kro";  // source.component and reportingComponent
  std::string instance;           // source.host and reportingInstance (e.g. the pod name)
  std::size_t queue_capacity = 1000;
  int burst = 25;  // per involved object
  double refill_per_second = 1.0 / 300;
  std::chrono::seconds aggregation_window{600};
  std::size_t max_aggregated = 4096;  // remembered repeats; beyond it the oldest are forgotten
};

struct EventRecorderStats {
  std::uint64_t recorded = 0;      // record() calls
  std::uint64_t created = 0;       // Events created
  std::uint64_t aggregated = 0;    // repeats written as a count patch
  std::uint64_t rate_limited = 0;  // dropped by the per-object bucket
  std::uint64_t queue_full = 0;    // dropped because the queue was full
  std::uint64_t failed = 0;        // writes the server refused or that never arrived
  std::string last_error;
};

class EventRecorder {
 public:
  EventRecorder(std::shared_ptr<EventSink> sink, EventRecorderOptions options = {});
  // Writes what is queued (bounded by the sink's own timeouts), then stops.
  ~EventRecorder();
  EventRecorder(const EventRecorder&) = delete;
  EventRecorder& operator=(const EventRecorder&) = delete;

  // An event about `object` (any Kubernetes object: apiVersion, kind, metadata). Objects
  // without a name are ignored and counted as failed.
  void record(const Json& object, EventType type, std::string reason, std::string message);
  // Blocks until everything recorded so far has been written or dropped.
  void flush();
  EventRecorderStats stats() const;

 private:
  struct Pending {
    Json involved;  // the involvedObject reference
    std::string ns;
    EventType type;
    std::string reason;
    std::string message;
    std::chrono::system_clock::time_point when;
  };
  struct Seen {
    std::string event_name;
    std::int64_t count = 0;
    std::string first_timestamp;
    std::chrono::system_clock::time_point last;
  };
  struct Bucket {
    double tokens;
    std::chrono::steady_clock::time_point last;
  };

  void loop(const std::stop_token& stop);
  void write(Pending&& p);
  bool take_token(const std::string& object_key);

  std::shared_ptr<EventSink> sink_;
  EventRecorderOptions opts_;

  mutable std::mutex mu_;
  std::condition_variable_any cv_;
  std::deque<Pending> queue_;
  bool writing_ = false;
  EventRecorderStats stats_;

  // Only the writer thread touches these.
  std::unordered_map<std::string, Seen> seen_;
  std::unordered_map<std::string, Bucket> buckets_;
  std::uint64_t name_seq_ = 0;

  std::jthread thread_;  // last: started after everything it uses
};

}  // namespace kro::kube

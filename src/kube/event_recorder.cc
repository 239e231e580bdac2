#include "kube/event_recorder.h"

#include <algorithm>
#include <ctime>

namespace kro::kube {
namespace {

// metav1.Time: RFC 3339 in whole seconds.
std::string rfc3339(std::chrono::system_clock::time_point t) {
  std::time_t tt = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string_view type_name(EventType t) { return t == EventType::kWarning ? "Warning" : "Normal"; }

}  // namespace

EventRecorder::EventRecorder(std::shared_ptr<EventSink> sink, EventRecorderOptions options)
    : sink_(std::move(sink)), opts_(std::move(options)) {
  thread_ = std::jthread([this](const std::stop_token& st) { loop(st); });
}

EventRecorder::~EventRecorder() {
  flush();
  thread_.request_stop();
  cv_.notify_all();
}

void EventRecorder::record(const Json& object, EventType type, std::string reason,
                           std::string message) {
  Pending p;
  std::string name = string_at(object, "metadata.name");
  JsonObject ref;
  ref["apiVersion"] = string_at(object, "apiVersion");
  ref["kind"] = string_at(object, "kind");
  ref["name"] = name;
  p.ns = string_at(object, "metadata.namespace");
  if (!p.ns.empty()) ref["namespace"] = p.ns;
  if (auto uid = string_at(object, "metadata.uid"); !uid.empty()) ref["uid"] = uid;
  if (auto rv = string_at(object, "metadata.resourceVersion"); !rv.empty()) {
    ref["resourceVersion"] = rv;
  }
  // Events about cluster-scoped objects live in "default", as kubectl and client-go expect.
  if (p.ns.empty()) p.ns = "default";
  p.involved = std::move(ref);
  p.type = type;
  p.reason = std::move(reason);
  p.message = std::move(message);
  p.when = std::chrono::system_clock::now();

  std::lock_guard lock(mu_);
  ++stats_.recorded;
  if (name.empty()) {
    ++stats_.failed;
    stats_.last_error = "event about an object without metadata.name";
    return;
  }
  if (queue_.size() >= opts_.queue_capacity) {
    ++stats_.queue_full;
    return;
  }
  queue_.push_back(std::move(p));
  cv_.notify_all();
}

void EventRecorder::flush() {
  std::unique_lock lock(mu_);
  cv_.wait(lock, [this] { return queue_.empty() && !writing_; });
}

EventRecorderStats EventRecorder::stats() const {
  std::lock_guard lock(mu_);
  return stats_;
}

void EventRecorder::loop(const std::stop_token& stop) {
  std::unique_lock lock(mu_);
  for (;;) {
    cv_.wait(lock, stop, [this] { return !queue_.empty(); });
    if (queue_.empty()) return;  // stopped, nothing left
    Pending p = std::move(queue_.front());
    queue_.pop_front();
    writing_ = true;
    lock.unlock();
    write(std::move(p));
    lock.lock();
    writing_ = false;
    cv_.notify_all();  // flushers
  }
}

bool EventRecorder::take_token(const std::string& object_key) {
  auto now = std::chrono::steady_clock::now();
  auto [it, fresh] =
      buckets_.try_emplace(object_key, Bucket{static_cast<double>(opts_.burst), now});
  Bucket& b = it->second;
  if (!fresh) {
    double elapsed = std::chrono::duration<double>(now - b.last).count();
    b.tokens = std::min<double>(opts_.burst, b.tokens + elapsed * opts_.refill_per_second);
    b.last = now;
  }
  if (b.tokens < 1) return false;
  b.tokens -= 1;
  return true;
}

void EventRecorder::write(Pending&& p) {
  const auto& ref = p.involved.as_object();
  std::string object_key = p.ns + "/" + std::string(ref.at("kind").as_string()) + "/" +
                           std::string(ref.at("name").as_string());
  if (auto uid = ref.find("uid"); uid != ref.end())
    object_key += "/" + std::string(uid->value().as_string());
  if (!take_token(object_key)) {
    std::lock_guard lock(mu_);
    ++stats_.rate_limited;
    return;
  }

  std::string agg_key = object_key;
  agg_key.append("\n").append(type_name(p.type)).append("\n").append(p.reason).append("\n");
  agg_key.append(p.message);
  std::string now = rfc3339(p.when);

  auto seen = seen_.find(agg_key);
  if (seen != seen_.end() && p.when - seen->second.last < opts_.aggregation_window) {
    Seen& s = seen->second;
    JsonObject patch{{"count", s.count + 1}, {"lastTimestamp", now}};
    auto r = sink_->patch(p.ns, s.event_name, Json(std::move(patch)));
    if (r) {
      ++s.count;
      s.last = p.when;
      std::lock_guard lock(mu_);
      ++stats_.aggregated;
      return;
    }
    if (!r.error().is_not_found()) {
      std::lock_guard lock(mu_);
      ++stats_.failed;
      stats_.last_error = r.error().str();
      return;
    }
    seen_.erase(seen);  // the Event expired on the server (TTL): start a new one
  }

  // client-go names events "<object>.<hex nanoseconds>"; a sequence number keeps two events in
  // the same nanosecond apart.
  auto nanos = std::chrono::duration_cast<std::chrono::nanoseconds>(p.when.time_since_epoch());
  char suffix[40];
  std::snprintf(suffix, sizeof suffix, ".%llx%llx", static_cast<unsigned long long>(nanos.count()),
                static_cast<unsigned long long>(name_seq_++ % 16));
  std::string event_name = std::string(ref.at("name").as_string()) + suffix;

  JsonObject ev;
  ev["apiVersion"] = "v1";
  ev["kind"] = "Event";
  ev["metadata"] = JsonObject{{"name", event_name}, {"namespace", p.ns}};
  ev["involvedObject"] = p.involved;
  ev["reason"] = p.reason;
  ev["message"] = p.message;
  ev["type"] = type_name(p.type);
  JsonObject source{{"component", opts_.component}};
  if (!opts_.instance.empty()) source["host"] = opts_.instance;
  ev["source"] = std::move(source);
  ev["firstTimestamp"] = now;
  ev["lastTimestamp"] = now;
  ev["count"] = 1;
  ev["reportingComponent"] = opts_.component;
  ev["reportingInstance"] = opts_.instance;
  auto r = sink_->create(p.ns, Json(std::move(ev)));
  std::lock_guard lock(mu_);
  if (!r) {
    ++stats_.failed;
    stats_.last_error = r.error().str();
    return;
  }
  ++stats_.created;
  if (seen_.size() >= opts_.max_aggregated) seen_.clear();  // bounded memory; repeats restart
  seen_[agg_key] = Seen{event_name, 1, now, p.when};
}

}  // namespace kro::kube

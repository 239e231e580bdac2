#include "kube/event_recorder.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <thread>

namespace kro::kube {
namespace {

class FakeSink final : public EventSink {
 public:
  ApiResult<Json> create(const std::string& ns, const Json& event) override {
    std::unique_lock lock(mu_);
    gate_.wait(lock, [this] { return open_; });
    std::string name(event.as_object().at("metadata").as_object().at("name").as_string());
    if (fail_) return transport_error("connection refused");
    events_[ns + "/" + name] = event;
    ++creates_;
    return event;
  }
  ApiResult<Json> patch(const std::string& ns, const std::string& name,
                        const Json& merge_patch) override {
    std::lock_guard lock(mu_);
    auto it = events_.find(ns + "/" + name);
    if (it == events_.end()) {
      ApiError e;
      e.reason = Reason::kNotFound;
      e.code = 404;
      e.message = "events not found";
      return e;
    }
    for (const auto& kv : merge_patch.as_object()) it->second.as_object()[kv.key()] = kv.value();
    ++patches_;
    return it->second;
  }
  std::map<std::string, Json> events() {
    std::lock_guard lock(mu_);
    return events_;
  }
  void expire_all() {
    std::lock_guard lock(mu_);
    events_.clear();
  }
  void set_open(bool open) {
    std::lock_guard lock(mu_);
    open_ = open;
    gate_.notify_all();
  }
  std::atomic<bool> fail_{false};

 private:
  std::mutex mu_;
  std::condition_variable gate_;
  bool open_ = true;
  std::map<std::string, Json> events_;
  int creates_ = 0;
  int patches_ = 0;
};

Json pod(std::string_view ns, std::string_view name) {
  return JsonObject{
      {"apiVersion", "v1"},
      {"kind", "Pod"},
      {"metadata",
       JsonObject{{"name", name}, {"namespace", ns}, {"uid", "uid-1"}, {"resourceVersion", "7"}}}};
}

TEST(EventRecorder, CreatesACoreV1EventAboutTheObject) {
  auto sink = std::make_shared<FakeSink>();
  EventRecorderOptions opts;
  opts.component = "kro";
  opts.instance = "kro-0";
  EventRecorder rec(sink, opts);
  rec.record(pod("app", "web"), EventType::kWarning, "FailedApply", "denied");
  rec.flush();
  auto events = sink->events();
  ASSERT_EQ(events.size(), 1u);
  const Json& ev = events.begin()->second;
  EXPECT_THAT(events.begin()->first, ::testing::StartsWith("app/web."));
  EXPECT_EQ(*find_path(ev, "type"), Json("Warning"));
  EXPECT_EQ(*find_path(ev, "reason"), Json("FailedApply"));
  EXPECT_EQ(*find_path(ev, "message"), Json("denied"));
  EXPECT_EQ(*find_path(ev, "count"), Json(1));
  EXPECT_EQ(*find_path(ev, "involvedObject.kind"), Json("Pod"));
  EXPECT_EQ(*find_path(ev, "involvedObject.uid"), Json("uid-1"));
  EXPECT_EQ(*find_path(ev, "involvedObject.namespace"), Json("app"));
  EXPECT_EQ(*find_path(ev, "source.component"), Json("kro"));
  EXPECT_EQ(*find_path(ev, "source.host"), Json("kro-0"));
  EXPECT_EQ(*find_path(ev, "firstTimestamp"), *find_path(ev, "lastTimestamp"));
  EXPECT_EQ(rec.stats().created, 1u);
}

TEST(EventRecorder, ClusterScopedObjectsGetEventsInDefault) {
  auto sink = std::make_shared<FakeSink>();
  EventRecorder rec(sink);
  Json node =
      JsonObject{{"apiVersion", "v1"}, {"kind", "Node"}, {"metadata", JsonObject{{"name", "n1"}}}};
  rec.record(node, EventType::kNormal, "Ready", "ok");
  rec.flush();
  auto events = sink->events();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_THAT(events.begin()->first, ::testing::StartsWith("default/n1."));
  EXPECT_EQ(find_path(events.begin()->second, "involvedObject.namespace"), nullptr);
}

TEST(EventRecorder, RepeatsAreAggregatedIntoACount) {
  auto sink = std::make_shared<FakeSink>();
  EventRecorder rec(sink);
  for (int i = 0; i < 5; ++i) rec.record(pod("app", "web"), EventType::kNormal, "Synced", "ok");
  rec.record(pod("app", "web"), EventType::kNormal, "Synced", "different message");
  rec.flush();
  auto events = sink->events();
  ASSERT_EQ(events.size(), 2u);
  std::map<std::string, std::int64_t> counts;
  for (const auto& [k, ev] : events) {
    counts[std::string(find_path(ev, "message")->as_string())] = find_path(ev, "count")->as_int64();
  }
  EXPECT_EQ(counts["ok"], 5);
  EXPECT_EQ(counts["different message"], 1);
  EXPECT_EQ(rec.stats().aggregated, 4u);
  EXPECT_EQ(rec.stats().created, 2u);
}

TEST(EventRecorder, AnExpiredEventIsCreatedAgain) {
  auto sink = std::make_shared<FakeSink>();
  EventRecorder rec(sink);
  rec.record(pod("app", "web"), EventType::kNormal, "Synced", "ok");
  rec.flush();
  sink->expire_all();
  rec.record(pod("app", "web"), EventType::kNormal, "Synced", "ok");
  rec.flush();
  EXPECT_EQ(sink->events().size(), 1u);
  EXPECT_EQ(rec.stats().created, 2u);
}

TEST(EventRecorder, RateLimitsPerObject) {
  auto sink = std::make_shared<FakeSink>();
  EventRecorderOptions opts;
  opts.burst = 3;
  opts.refill_per_second = 0;
  EventRecorder rec(sink, opts);
  for (int i = 0; i < 10; ++i) {
    rec.record(pod("app", "web"), EventType::kNormal, "R",
               std::string("m").append(std::to_string(i)));
  }
  rec.record(pod("app", "other"), EventType::kNormal, "R", "m");
  rec.flush();
  auto st = rec.stats();
  EXPECT_EQ(st.created, 4u);  // 3 for web, 1 for other: buckets are per object
  EXPECT_EQ(st.rate_limited, 7u);
}

TEST(EventRecorder, NeverBlocksTheCallerAndDropsWhenFull) {
  auto sink = std::make_shared<FakeSink>();
  sink->set_open(false);  // the server hangs
  EventRecorderOptions opts;
  opts.queue_capacity = 5;
  opts.burst = 100;
  auto rec = std::make_unique<EventRecorder>(sink, opts);
  for (int i = 0; i < 50; ++i) {
    rec->record(pod("app", "web"), EventType::kNormal, "R",
                std::string("m").append(std::to_string(i)));
  }
  auto st = rec->stats();
  EXPECT_EQ(st.recorded, 50u);
  // One may be in the writer's hands; the queue holds 5; the rest were dropped.
  EXPECT_GE(st.queue_full, 44u);
  sink->set_open(true);
  rec->flush();
  EXPECT_EQ(rec->stats().created + rec->stats().queue_full, 50u);
}

TEST(EventRecorder, WriteFailuresAreCountedNotFatal) {
  auto sink = std::make_shared<FakeSink>();
  sink->fail_ = true;
  EventRecorder rec(sink);
  // last_error is the most recent failure. A nameless event fails inside record(), a refused
  // write later on the writer thread, so the nameless one goes first: recorded the other way
  // round, which failure is last would depend on how fast the writer thread is.
  rec.record(JsonObject{{"kind", "Pod"}}, EventType::kNormal, "R", "nameless");
  EXPECT_THAT(rec.stats().last_error, ::testing::HasSubstr("without metadata.name"));
  rec.record(pod("app", "web"), EventType::kNormal, "R", "m");
  rec.flush();
  auto st = rec.stats();
  EXPECT_EQ(st.failed, 2u);
  EXPECT_EQ(st.created, 0u);
  EXPECT_THAT(st.last_error, ::testing::HasSubstr("connection refused"));
}

}  // namespace
}  // namespace kro::kube

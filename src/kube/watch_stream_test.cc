#include "kube/watch_stream.h"

#include <gtest/gtest.h>

#include <deque>
#include <thread>

namespace kro::kube {
namespace {

// Feeds scripted chunks; blocks (until cancelled) once they run out unless `end` is set.
class FakeStream : public HttpStream {
 public:
  FakeStream(std::deque<std::string> chunks, bool end) : chunks_(std::move(chunks)), end_(end) {}
  int status() const override { return 200; }
  const std::string& content_type() const override { return ct_; }
  ApiResult<bool> read(std::string& out) override {
    if (cancelled_) return transport_error("watch cancelled");
    if (!chunks_.empty()) {
      out += chunks_.front();
      chunks_.pop_front();
      return true;
    }
    if (end_) return false;
    while (!cancelled_) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    return transport_error("watch cancelled");
  }
  void cancel() override { cancelled_ = true; }
  bool cancelled() const override { return cancelled_; }

 private:
  std::deque<std::string> chunks_;
  bool end_;
  std::string ct_ = "application/json";
  std::atomic<bool> cancelled_{false};
};

std::string event(std::string_view type, std::string_view name, std::string_view rv) {
  return std::string(R"({"type":")") + std::string(type) +
         R"(","object":{"kind":"ConfigMap","metadata":{"name":")" + std::string(name) +
         R"(","resourceVersion":")" + std::string(rv) + "\"}}}\n";
}

TEST(WatchStream, SplitsChunksIntoEventsAndTracksResourceVersion) {
  std::string all = event("ADDED", "a", "10") + event("MODIFIED", "a", "11") +
                    event("BOOKMARK", "", "15") + event("DELETED", "a", "16");
  // Chunk boundaries in awkward places: mid-event and several events per chunk.
  std::deque<std::string> chunks{all.substr(0, 7), all.substr(7, 80), all.substr(87)};
  WatchStream s(std::make_unique<FakeStream>(chunks, true), "5");
  EXPECT_EQ(s.resource_version(), "5");
  std::vector<std::pair<WatchEventType, std::string>> seen;
  while (true) {
    auto ev = s.next();
    ASSERT_TRUE(ev.ok()) << ev.error().str();
    if (!*ev) break;
    seen.emplace_back((*ev)->type, (*ev)->resource_version());
  }
  ASSERT_EQ(seen.size(), 4u);
  EXPECT_EQ(seen[0].first, WatchEventType::kAdded);
  EXPECT_EQ(seen[1].first, WatchEventType::kModified);
  EXPECT_EQ(seen[2].first, WatchEventType::kBookmark);
  EXPECT_EQ(seen[2].second, "15");
  EXPECT_EQ(seen[3].first, WatchEventType::kDeleted);
  EXPECT_EQ(s.resource_version(), "16");
}

TEST(WatchStream, ErrorEventBecomesTypedGone) {
  std::string gone =
      R"({"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","status":"Failure",)"
      R"j("message":"too old resource version: 2 (40)","reason":"Expired","code":410}})j"
      "\n";
  WatchStream s(
      std::make_unique<FakeStream>(std::deque<std::string>{event("ADDED", "a", "3"), gone}, true),
      "2");
  auto first = s.next();
  ASSERT_TRUE(first.ok());
  auto second = s.next();
  ASSERT_FALSE(second.ok());
  EXPECT_TRUE(second.error().is_gone());
  EXPECT_EQ(second.error().code, 410);
  EXPECT_EQ(s.resource_version(), "3");
}

TEST(WatchStream, LastEventWithoutNewlineAndBlankLines) {
  std::string e = event("ADDED", "x", "7");
  e.pop_back();
  WatchStream s(std::make_unique<FakeStream>(std::deque<std::string>{"\n\r\n", e}, true), "");
  auto ev = s.next();
  ASSERT_TRUE(ev.ok());
  ASSERT_TRUE(ev->has_value());
  EXPECT_EQ((*ev)->resource_version(), "7");
  auto end = s.next();
  ASSERT_TRUE(end.ok());
  EXPECT_FALSE(end->has_value());
}

TEST(WatchStream, GarbageIsADecodeError) {
  WatchStream s(std::make_unique<FakeStream>(std::deque<std::string>{"{not json\n"}, true), "");
  auto ev = s.next();
  ASSERT_FALSE(ev.ok());
  EXPECT_EQ(ev.error().reason, Reason::kDecode);
  EXPECT_FALSE(decode_watch_event(R"({"type":"WHAT","object":{}})").ok());
  EXPECT_FALSE(decode_watch_event(R"({"type":"ADDED"})").ok());
  EXPECT_FALSE(decode_watch_event("[1]").ok());
}

TEST(WatchStream, CancelFromAnotherThreadUnblocksNext) {
  WatchStream s(std::make_unique<FakeStream>(std::deque<std::string>{}, false), "1");
  std::thread t([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    s.cancel();
  });
  auto ev = s.next();
  t.join();
  ASSERT_FALSE(ev.ok());
  EXPECT_TRUE(ev.error().is_transport());
  EXPECT_TRUE(s.cancelled());
}

}  // namespace
}  // namespace kro::kube

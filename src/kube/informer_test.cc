#include "kube/informer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <condition_variable>
#include <map>
#include <random>
#include <set>
#include <thread>

#include "kube/test_util.h"

namespace kro::kube {
namespace {

using std::chrono::milliseconds;
using testing::eventually;

// A scripted API server for one resource: objects with resourceVersions, an event history that
// watches replay from any retained version, compaction (older versions answer 410), and ways
// to end or break open watches.
class FakeServer final : public ListerWatcher {
 public:
  class Stream;

  void put(const std::string& name, const std::string& value,
           const std::map<std::string, std::string>& labels = {}) {
    std::lock_guard lock(mu_);
    ++rv_;
    JsonObject meta{{"name", name}, {"namespace", "ns"}, {"resourceVersion", std::to_string(rv_)}};
    JsonObject l;
    for (const auto& [k, v] : labels) l[k] = v;
    if (!l.empty()) meta["labels"] = std::move(l);
    auto doc = make_document(JsonObject{{"metadata", std::move(meta)}, {"data", value}});
    bool existed = objects_.count(name) != 0;
    objects_[name] = doc;
    history_.push_back({rv_, {existed ? WatchEventType::kModified : WatchEventType::kAdded, doc}});
    cv_.notify_all();
  }

  void del(const std::string& name) {
    std::lock_guard lock(mu_);
    auto it = objects_.find(name);
    if (it == objects_.end()) return;
    ++rv_;
    Json last = *it->second;
    last.as_object()["metadata"].as_object()["resourceVersion"] = std::to_string(rv_);
    objects_.erase(it);
    history_.push_back({rv_, {WatchEventType::kDeleted, make_document(std::move(last))}});
    cv_.notify_all();
  }

  // Forgets history: watches from older versions get 410 Gone.
  void compact() {
    std::lock_guard lock(mu_);
    compacted_ = rv_;
    history_.clear();
  }
  // Open watches end normally (the server's timeout).
  void end_watches() { set_all(&Stream::ended_); }
  // Open watches fail (connection lost).
  void break_watches() { set_all(&Stream::broken_); }
  void bookmark() {
    std::lock_guard lock(mu_);
    for (auto* s : streams_) s->bookmark_ = true;
    cv_.notify_all();
  }
  void fail_lists(int n) {
    std::lock_guard lock(mu_);
    fail_lists_ = n;
  }
  void fail_watches(int n) {
    std::lock_guard lock(mu_);
    fail_watches_ = n;
  }

  std::string rv() const {
    std::lock_guard lock(mu_);
    return std::to_string(rv_);
  }
  std::map<std::string, std::string> contents() const {
    std::lock_guard lock(mu_);
    std::map<std::string, std::string> out;
    for (const auto& [name, doc] : objects_) {
      out["ns/" + name] = std::string(doc->as_object().at("data").as_string());
    }
    return out;
  }

  ApiResult<ListSnapshot> list() override {
    std::lock_guard lock(mu_);
    if (fail_lists_ > 0) {
      --fail_lists_;
      return transport_error("connection refused");
    }
    ListSnapshot snap;
    for (const auto& [name, doc] : objects_) snap.items.push_back(doc);
    snap.resource_version = std::to_string(rv_);
    return snap;
  }

  ApiResult<std::unique_ptr<EventSource>> watch(const std::string& rv) override {
    std::lock_guard lock(mu_);
    if (fail_watches_ > 0) {
      --fail_watches_;
      return transport_error("connection refused");
    }
    long from = std::stol(rv);
    if (from < compacted_) {
      ApiError e;
      e.reason = Reason::kExpired;
      e.code = 410;
      e.message = "too old resource version";
      return e;
    }
    auto s = std::make_unique<Stream>(*this, from);
    streams_.insert(s.get());
    return std::unique_ptr<EventSource>(std::move(s));
  }

  std::string describe() const override { return "fake configmaps"; }

  class Stream final : public EventSource {
   public:
    Stream(FakeServer& server, long from) : server_(server), pos_(from) {}
    ~Stream() override {
      std::lock_guard lock(server_.mu_);
      server_.streams_.erase(this);
    }
    ApiResult<std::optional<WatchEvent>> next() override {
      std::unique_lock lock(server_.mu_);
      for (;;) {
        if (cancelled_) return transport_error("watch cancelled");
        if (broken_) return transport_error("connection reset by peer");
        for (const auto& [rv, ev] : server_.history_) {
          if (rv > pos_) {
            pos_ = rv;
            return std::optional<WatchEvent>(ev);
          }
        }
        if (ended_) return std::optional<WatchEvent>();
        if (bookmark_) {
          bookmark_ = false;
          pos_ = server_.rv_;
          auto obj = make_document(
              JsonObject{{"metadata", JsonObject{{"resourceVersion", std::to_string(pos_)}}}});
          return std::optional<WatchEvent>(WatchEvent{WatchEventType::kBookmark, obj});
        }
        server_.cv_.wait(lock);
      }
    }
    void cancel() override {
      std::lock_guard lock(server_.mu_);
      cancelled_ = true;
      server_.cv_.notify_all();
    }

   private:
    friend class FakeServer;
    FakeServer& server_;
    long pos_;
    bool cancelled_ = false;
    bool broken_ = false;
    bool ended_ = false;
    bool bookmark_ = false;
  };

 private:
  void set_all(bool Stream::*flag) {
    std::lock_guard lock(mu_);
    for (auto* s : streams_) s->*flag = true;
    cv_.notify_all();
  }

  mutable std::mutex mu_;
  std::condition_variable cv_;
  long rv_ = 100;
  long compacted_ = 0;
  std::map<std::string, Document> objects_;
  std::vector<std::pair<long, WatchEvent>> history_;
  std::set<Stream*> streams_;
  int fail_lists_ = 0;
  int fail_watches_ = 0;
};

// What the handlers were told, as a map key → data, plus a log of "kind key".
struct Recorder {
  std::mutex mu;
  std::map<std::string, std::string> mirror;
  std::vector<std::string> log;
  int resyncs = 0;

  static std::string data(const Document& d) {
    return std::string(d->as_object().at("data").as_string());
  }
  EventHandlers handlers() {
    return {
        .on_add =
            [this](const Document& o) {
              std::lock_guard l(mu);
              mirror[object_key(*o)] = data(o);
              log.push_back("add " + object_key(*o));
            },
        .on_update =
            [this](const Document& old, const Document& o) {
              std::lock_guard l(mu);
              if (old == o) {
                ++resyncs;
                return;
              }
              EXPECT_EQ(object_key(*old), object_key(*o));
              mirror[object_key(*o)] = data(o);
              log.push_back("update " + object_key(*o) + " " + data(old) + "->" + data(o));
            },
        .on_delete =
            [this](const Document& o) {
              std::lock_guard l(mu);
              mirror.erase(object_key(*o));
              log.push_back("delete " + object_key(*o));
            },
    };
  }
  std::map<std::string, std::string> snapshot() {
    std::lock_guard l(mu);
    return mirror;
  }
  std::vector<std::string> take_log() {
    std::lock_guard l(mu);
    return std::exchange(log, {});
  }
};

// Attaches `rec` to `inf`, starts it and waits for its first sync.
::testing::AssertionResult start_recording(Informer& inf, Recorder& rec) {
  inf.add_handlers(rec.handlers());
  inf.start();
  if (inf.wait_for_sync(milliseconds(5000))) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "the informer did not sync";
}

std::map<std::string, std::string> store_contents(const Informer& inf) {
  std::map<std::string, std::string> out;
  for (const auto& d : inf.store().list()) out[object_key(*d)] = Recorder::data(d);
  return out;
}

InformerOptions fast() {
  InformerOptions o;
  o.reflector.initial_backoff = milliseconds(1);
  o.reflector.max_backoff = milliseconds(20);
  return o;
}

bool caught_up(const Informer& inf, const FakeServer& server) {
  return inf.resource_version() == server.rv();
}

TEST(Informer, ListsThenDeliversWatchEventsWithOldAndNewObjects) {
  auto server = std::make_shared<FakeServer>();
  server->put("a", "1");
  server->put("b", "1");
  Informer inf(server, fast());
  Recorder rec;
  inf.add_handlers(rec.handlers());
  EXPECT_FALSE(inf.has_synced());
  inf.start();
  ASSERT_TRUE(inf.wait_for_sync(milliseconds(5000)));
  EXPECT_THAT(rec.take_log(), ::testing::ElementsAre("add ns/a", "add ns/b"));

  server->put("c", "1");
  server->put("a", "2");
  server->del("b");
  ASSERT_TRUE(eventually([&] { return caught_up(inf, *server); }));
  EXPECT_THAT(rec.take_log(),
              ::testing::ElementsAre("add ns/c", "update ns/a 1->2", "delete ns/b"));
  EXPECT_EQ(store_contents(inf), server->contents());
  EXPECT_EQ(inf.stats().lists, 1u);
  EXPECT_EQ(inf.stats().events, 3u);
}

TEST(Informer, ResumesFromLastVersionWhenTheServerEndsTheWatch) {
  auto server = std::make_shared<FakeServer>();
  Informer inf(server, fast());
  Recorder rec;
  ASSERT_TRUE(start_recording(inf, rec));
  server->put("a", "1");
  ASSERT_TRUE(eventually([&] { return caught_up(inf, *server); }));
  server->end_watches();
  server->put("b", "1");
  ASSERT_TRUE(eventually([&] { return caught_up(inf, *server); }));
  EXPECT_THAT(rec.take_log(), ::testing::ElementsAre("add ns/a", "add ns/b"));
  EXPECT_EQ(inf.stats().lists, 1u);  // resumed, no relist
  EXPECT_GE(inf.stats().watches, 2u);
}

TEST(Informer, RelistsAfterGoneAndReportsWhatWasMissed) {
  auto server = std::make_shared<FakeServer>();
  server->put("keep", "1");
  server->put("change", "1");
  server->put("drop", "1");
  Informer inf(server, fast());
  Recorder rec;
  ASSERT_TRUE(start_recording(inf, rec));
  (void)rec.take_log();

  // The connection drops; while the informer is away the server changes and compacts.
  server->fail_watches(1 << 30);
  server->break_watches();
  server->put("change", "2");
  server->del("drop");
  server->put("new", "1");
  server->compact();
  ASSERT_TRUE(eventually([&] { return inf.stats().errors >= 3; }));
  server->fail_watches(0);
  ASSERT_TRUE(eventually([&] { return caught_up(inf, *server); }));
  EXPECT_THAT(rec.take_log(), ::testing::UnorderedElementsAre(
                                  "delete ns/drop", "update ns/change 1->2", "add ns/new"));
  EXPECT_EQ(store_contents(inf), server->contents());
  auto st = inf.stats();
  EXPECT_EQ(st.lists, 2u);
  EXPECT_GE(st.gone, 1u);
  EXPECT_GE(st.errors, 3u);
  EXPECT_THAT(st.last_error, ::testing::HasSubstr("fake configmaps"));
}

TEST(Informer, BookmarksAdvanceTheResourceVersion) {
  auto server = std::make_shared<FakeServer>();
  server->put("a", "1");
  Informer inf(server, fast());
  inf.start();
  ASSERT_TRUE(inf.wait_for_sync(milliseconds(5000)));
  // Changes outside this informer's view advance the server's version; a bookmark tells it.
  server->put("b", "1");
  server->del("b");
  ASSERT_TRUE(eventually([&] { return caught_up(inf, *server); }));
  server->compact();
  server->bookmark();
  std::string want = server->rv();
  ASSERT_TRUE(eventually([&] { return inf.resource_version() == want; }));
  // Resuming from the bookmarked version needs no relist even though history was compacted.
  server->end_watches();
  server->put("c", "1");
  ASSERT_TRUE(eventually([&] { return caught_up(inf, *server); }));
  EXPECT_EQ(inf.stats().lists, 1u);
  EXPECT_EQ(inf.stats().gone, 0u);
}

TEST(Informer, BacksOffAndRetriesFailedLists) {
  auto server = std::make_shared<FakeServer>();
  server->put("a", "1");
  server->fail_lists(3);
  Informer inf(server, fast());
  inf.start();
  ASSERT_TRUE(inf.wait_for_sync(milliseconds(5000)));
  EXPECT_EQ(inf.stats().errors, 3u);
  EXPECT_EQ(store_contents(inf).size(), 1u);
}

TEST(Informer, PeriodicResyncRedeliversCachedObjects) {
  auto server = std::make_shared<FakeServer>();
  server->put("a", "1");
  server->put("b", "1");
  auto opts = fast();
  opts.resync_period = milliseconds(10);
  Informer inf(server, opts);
  Recorder rec;
  inf.add_handlers(rec.handlers());
  inf.start();
  ASSERT_TRUE(eventually([&] {
    std::lock_guard l(rec.mu);
    return rec.resyncs >= 4;
  }));
}

TEST(Informer, LateHandlersReceiveTheCachedObjectsFirst) {
  auto server = std::make_shared<FakeServer>();
  server->put("a", "1");
  Informer inf(server, fast());
  inf.start();
  ASSERT_TRUE(inf.wait_for_sync(milliseconds(5000)));
  Recorder rec;
  inf.add_handlers(rec.handlers());
  server->put("b", "1");
  ASSERT_TRUE(eventually([&] { return caught_up(inf, *server); }));
  EXPECT_THAT(rec.take_log(), ::testing::ElementsAre("add ns/a", "add ns/b"));
}

TEST(Informer, StopCancelsABlockedWatch) {
  auto server = std::make_shared<FakeServer>();
  Informer inf(server, fast());
  inf.start();
  ASSERT_TRUE(inf.wait_for_sync(milliseconds(5000)));
  inf.stop();  // would hang if the blocked next() were not cancelled
  EXPECT_TRUE(inf.has_synced());
  server->put("a", "1");
  std::this_thread::sleep_for(milliseconds(5));
  EXPECT_EQ(inf.store().size(), 0u);
}

TEST(Informer, WaitForSyncGivesUpWhenStopped) {
  auto server = std::make_shared<FakeServer>();
  server->fail_lists(1000000);
  Informer inf(server, fast());
  inf.start();
  std::thread stopper([&] {
    std::this_thread::sleep_for(milliseconds(20));
    inf.stop();
  });
  EXPECT_FALSE(inf.wait_for_sync(milliseconds(10000)));
  stopper.join();
}

// Random mutations interleaved with watch endings, breaks and compactions: the cache and what
// the handlers were told both end equal to the server.
TEST(Informer, StaysConsistentThroughRandomMutationsAndFailures) {
  auto server = std::make_shared<FakeServer>();
  Informer inf(server, fast());
  Recorder rec;
  ASSERT_TRUE(start_recording(inf, rec));
  std::mt19937 rng(42);
  for (int i = 0; i < 2000; ++i) {
    std::string name = std::string("o").append(std::to_string(rng() % 40));
    switch (rng() % 20) {
      case 0:
        server->end_watches();
        break;
      case 1:
        server->break_watches();
        break;
      case 2:
        server->compact();
        break;
      case 3:
      case 4:
      case 5:
        server->del(name);
        break;
      default:
        server->put(name, std::to_string(i));
    }
    if (i % 100 == 0) std::this_thread::sleep_for(milliseconds(1));
  }
  ASSERT_TRUE(eventually([&] { return caught_up(inf, *server); }));
  EXPECT_EQ(store_contents(inf), server->contents());
  EXPECT_EQ(rec.snapshot(), server->contents());
}

}  // namespace
}  // namespace kro::kube

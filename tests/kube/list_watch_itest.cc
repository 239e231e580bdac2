// Pagination over 1,000 objects, and watches: events, bookmarks, resume from the last
// resourceVersion without losing or repeating events, 410 for a compacted resourceVersion,
// cancellation from another thread.
#include <set>
#include <thread>

#include "itest_env.h"

namespace kro::kube::itest {
namespace {

class ListWatch : public KubeTest {};

TEST_F(ListWatch, PaginatesOverAThousandObjects) {
  constexpr int kObjects = 1000;
  constexpr int kWorkers = 4;
  std::vector<std::thread> workers;
  workers.reserve(kWorkers);
  std::atomic<int> failures{0};
  for (int w = 0; w < kWorkers; ++w) {
    workers.emplace_back([&, w] {
      for (int i = w; i < kObjects; i += kWorkers) {
        auto cm = config_map("page-" + std::to_string(i));
        cm.as_object()["metadata"].as_object()["labels"] = json(R"({"kc-page":"yes"})");
        if (!client_->create(kConfigMaps, ns_, cm).ok()) ++failures;
      }
    });
  }
  for (auto& t : workers) t.join();
  ASSERT_EQ(failures.load(), 0);

  std::set<std::string> names;
  int pages = 0;
  auto rv = client_->list_pages(kConfigMaps, ns_, {.label_selector = "kc-page=yes", .limit = 97},
                                [&](Json& page) {
                                  ++pages;
                                  for (const auto& item : find_path(page, "items")->as_array())
                                    names.insert(str_at(item, "metadata.name"));
                                  return true;
                                });
  ASSERT_TRUE(rv.ok()) << rv.error().str();
  EXPECT_FALSE(rv->empty());
  EXPECT_EQ(pages, (kObjects + 96) / 97);
  EXPECT_EQ(names.size(), static_cast<std::size_t>(kObjects));

  // A single page carries a continue token; stopping early is honoured.
  int seen_pages = 0;
  auto early = client_->list_pages(kConfigMaps, ns_, {.label_selector = "kc-page=yes", .limit = 10},
                                   [&](Json& page) {
                                     EXPECT_FALSE(str_at(page, "metadata.continue").empty());
                                     return ++seen_pages < 2;
                                   });
  ASSERT_TRUE(early.ok());
  EXPECT_EQ(seen_pages, 2);
}

TEST_F(ListWatch, WatchResumesFromLastResourceVersion) {
  auto& c = *client_;
  auto list = c.list(kConfigMaps, ns_, {.field_selector = "metadata.name=watched"});
  ASSERT_TRUE(list.ok());
  std::string rv = str_at(*list, "metadata.resourceVersion");
  ListOptions opts{.field_selector = "metadata.name=watched",
                   .resource_version = rv,
                   .allow_watch_bookmarks = true};
  auto w = c.watch(kConfigMaps, ns_, opts);
  ASSERT_TRUE(w.ok()) << w.error().str();
  ASSERT_TRUE(c.create(kConfigMaps, ns_, config_map("watched", R"({"v":"1"})")).ok());
  auto ev = (*w)->next();
  ASSERT_TRUE(ev.ok()) << ev.error().str();
  ASSERT_TRUE(ev->has_value());
  EXPECT_EQ((*ev)->type, WatchEventType::kAdded);
  EXPECT_EQ(str_at(*(*ev)->object, "data.v"), "1");
  std::string resume_rv = (*w)->resource_version();
  EXPECT_EQ(resume_rv, (*ev)->resource_version());
  (*w)->cancel();
  w->reset();

  // Changes made while nobody watches are delivered on resume, in order, exactly once.
  ASSERT_TRUE(
      c.patch(kConfigMaps, ns_, "watched", PatchType::kMerge, R"({"data":{"v":"2"}})").ok());
  ASSERT_TRUE(c.remove(kConfigMaps, ns_, "watched").ok());
  opts.resource_version = resume_rv;
  auto w2 = c.watch(kConfigMaps, ns_, opts);
  ASSERT_TRUE(w2.ok()) << w2.error().str();
  std::vector<WatchEventType> types;
  while (types.size() < 2) {
    auto e = (*w2)->next();
    ASSERT_TRUE(e.ok()) << e.error().str();
    ASSERT_TRUE(e->has_value());
    if ((*e)->type == WatchEventType::kBookmark) continue;
    types.push_back((*e)->type);
  }
  EXPECT_EQ(types,
            (std::vector<WatchEventType>{WatchEventType::kModified, WatchEventType::kDeleted}));
}

TEST_F(ListWatch, ServerTimeoutEndsStreamNormally) {
  auto list = client_->list(kConfigMaps, ns_, {.limit = 1});
  ASSERT_TRUE(list.ok());
  auto w = client_->watch(kConfigMaps, ns_,
                          {.field_selector = "metadata.name=never",
                           .resource_version = str_at(*list, "metadata.resourceVersion"),
                           .timeout_seconds = 1});
  ASSERT_TRUE(w.ok()) << w.error().str();
  while (true) {
    auto e = (*w)->next();
    ASSERT_TRUE(e.ok()) << e.error().str();
    if (!e->has_value()) break;  // end of stream: the caller resumes from resource_version()
    EXPECT_EQ((*e)->type, WatchEventType::kBookmark);
  }
  EXPECT_FALSE((*w)->resource_version().empty());
}

TEST_F(ListWatch, CancelUnblocksAnIdleWatch) {
  auto w = client_->watch(kConfigMaps, ns_, {.field_selector = "metadata.name=idle"});
  ASSERT_TRUE(w.ok()) << w.error().str();
  std::thread t([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    (*w)->cancel();
  });
  ApiResult<std::optional<WatchEvent>> e = std::optional<WatchEvent>();
  do {
    e = (*w)->next();  // the initial ADDED events of a watch without RV are for no objects here
  } while (e.ok() && e->has_value());
  t.join();
  ASSERT_FALSE(e.ok());
  EXPECT_TRUE((*w)->cancelled());
  EXPECT_NE(e.error().message.find("cancelled"), std::string::npos);
}

}  // namespace
}  // namespace kro::kube::itest

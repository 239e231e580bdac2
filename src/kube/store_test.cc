#include "kube/store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

namespace kro::kube {
namespace {

using ::testing::UnorderedElementsAre;

Document cm(std::string_view ns, std::string_view name, std::string_view rv,
            std::initializer_list<std::pair<std::string_view, std::string_view>> labels = {}) {
  JsonObject meta;
  meta["name"] = name;
  if (!ns.empty()) meta["namespace"] = ns;
  meta["resourceVersion"] = rv;
  JsonObject l;
  for (const auto& [k, v] : labels) l[k] = v;
  if (!l.empty()) meta["labels"] = std::move(l);
  JsonObject obj;
  obj["apiVersion"] = "v1";
  obj["kind"] = "ConfigMap";
  obj["metadata"] = std::move(meta);
  return make_document(std::move(obj));
}

std::vector<std::string> names(const std::vector<Document>& docs) {
  std::vector<std::string> out;
  out.reserve(docs.size());
  for (const auto& d : docs) out.push_back(object_key(*d));
  return out;
}

TEST(Store, KeysAreNamespaceSlashNameOrName) {
  EXPECT_EQ(object_key(*cm("ns", "a", "1")), "ns/a");
  EXPECT_EQ(object_key(*cm("", "node-1", "1")), "node-1");
  EXPECT_EQ(object_key(Json(JsonObject{})), "");
}

TEST(Store, UpsertGetRemove) {
  Store s;
  auto first = s.upsert(cm("ns", "a", "1"));
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(*first, nullptr);
  auto second = s.upsert(cm("ns", "a", "2"));
  ASSERT_TRUE(second.ok());
  ASSERT_NE(*second, nullptr);
  EXPECT_EQ(find_path(**second, "metadata.resourceVersion")->as_string(), "1");
  EXPECT_EQ(find_path(*s.get("ns", "a"), "metadata.resourceVersion")->as_string(), "2");
  EXPECT_EQ(s.size(), 1u);
  EXPECT_NE(s.remove("ns/a"), nullptr);
  EXPECT_EQ(s.remove("ns/a"), nullptr);
  EXPECT_EQ(s.get("ns/a"), nullptr);
  EXPECT_TRUE(s.list().empty());
}

TEST(Store, RejectsObjectsWithoutName) {
  Store s;
  auto r = s.upsert(make_document(Json(JsonObject{{"metadata", JsonObject{}}})));
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.error().message, ::testing::HasSubstr("metadata.name"));
  EXPECT_FALSE(s.upsert(nullptr).ok());
}

TEST(Store, IndexesByNamespaceAndLabelFollowUpdates) {
  Store s;
  (void)s.upsert(cm("a", "x", "1", {{"app", "web"}, {"tier", "front"}}));
  (void)s.upsert(cm("a", "y", "1", {{"app", "db"}}));
  (void)s.upsert(cm("b", "z", "1", {{"app", "web"}}));
  (void)s.upsert(cm("", "cluster", "1"));
  EXPECT_THAT(names(s.by_namespace("a")), UnorderedElementsAre("a/x", "a/y"));
  EXPECT_THAT(names(s.by_namespace("")), UnorderedElementsAre("cluster"));
  EXPECT_THAT(names(s.by_index(kLabelIndex, "app=web")), UnorderedElementsAre("a/x", "b/z"));
  EXPECT_THAT(names(s.by_labels({{"app", "web"}, {"tier", "front"}})), UnorderedElementsAre("a/x"));
  EXPECT_TRUE(s.by_labels({{"app", "none"}}).empty());
  EXPECT_EQ(s.by_labels({}).size(), 4u);

  // Relabel: the old index entries go away.
  (void)s.upsert(cm("a", "x", "2", {{"app", "db"}}));
  EXPECT_THAT(names(s.by_index(kLabelIndex, "app=web")), UnorderedElementsAre("b/z"));
  EXPECT_THAT(names(s.by_index(kLabelIndex, "app=db")), UnorderedElementsAre("a/x", "a/y"));
  EXPECT_TRUE(s.by_index(kLabelIndex, "tier=front").empty());
  (void)s.remove("b/z");
  EXPECT_TRUE(s.by_index(kLabelIndex, "app=web").empty());
  EXPECT_TRUE(s.by_index("no-such-index", "x").empty());
}

TEST(Store, IndexesOnlyTheGivenLabelKeysAndScansForOthers) {
  Store s(StoreOptions{.indexed_label_keys = std::set<std::string, std::less<>>{"app"},
                       .keep_as_text = false});
  (void)s.upsert(cm("a", "x", "1", {{"app", "web"}, {"tier", "front"}}));
  (void)s.upsert(cm("a", "y", "1", {{"app", "db"}, {"tier", "front"}}));
  EXPECT_THAT(names(s.by_index(kLabelIndex, "app=web")), UnorderedElementsAre("a/x"));
  EXPECT_TRUE(s.by_index(kLabelIndex, "tier=front").empty());  // not indexed
  // Selectors answer the same either way.
  EXPECT_THAT(names(s.by_labels({{"tier", "front"}})), UnorderedElementsAre("a/x", "a/y"));
  EXPECT_THAT(names(s.by_labels({{"app", "db"}, {"tier", "front"}})), UnorderedElementsAre("a/y"));
  EXPECT_TRUE(s.by_labels({{"tier", "back"}}).empty());
  // Replaced and removed objects leave the index (it holds views of the keys).
  auto deltas =
      s.replace({cm("a", "y", "2", {{"app", "web"}}), cm("b", "new", "1", {{"app", "web"}})});
  EXPECT_EQ(deltas.size(), 3u);
  EXPECT_THAT(names(s.by_labels({{"app", "web"}})), UnorderedElementsAre("a/y", "b/new"));
  EXPECT_TRUE(s.by_labels({{"app", "db"}}).empty());
  (void)s.remove("a/y");
  EXPECT_THAT(names(s.by_labels({{"app", "web"}})), UnorderedElementsAre("b/new"));
  EXPECT_THAT(names(s.by_namespace("b")), UnorderedElementsAre("b/new"));
}

TEST(Store, ObjectsKeptAsTextReadTheSame) {
  Store s(StoreOptions{.indexed_label_keys = std::nullopt, .keep_as_text = true});
  Document x = cm("a", "x", "1", {{"app", "web"}});
  (void)s.upsert(x);
  Document got = s.get("a/x");
  ASSERT_NE(got, nullptr);
  EXPECT_EQ(*got, *x);
  EXPECT_NE(got, x);  // a fresh parse, not the object handed in
  EXPECT_THAT(names(s.by_labels({{"app", "web"}})), UnorderedElementsAre("a/x"));
  // Updates return the previous object; an unchanged resourceVersion is no delta.
  auto old = s.upsert(cm("a", "x", "2", {{"app", "db"}}));
  ASSERT_TRUE(old.ok());
  EXPECT_EQ(**old, *x);
  EXPECT_TRUE(s.by_labels({{"app", "web"}}).empty());
  auto deltas = s.replace({cm("a", "x", "2", {{"app", "db"}}), cm("a", "y", "1")});
  ASSERT_EQ(deltas.size(), 1u);
  EXPECT_EQ(object_key(*deltas[0].object), "a/y");
  Document removed = s.remove("a/x");
  ASSERT_NE(removed, nullptr);
  EXPECT_EQ(string_at(*removed, "metadata.resourceVersion"), "2");
  EXPECT_THAT(names(s.list()), UnorderedElementsAre("a/y"));
}

TEST(Store, CustomIndexFunctions) {
  Store s;
  ASSERT_TRUE(s.add_index("owner", [](const Json& o) {
                 std::vector<std::string> out;
                 const Json* refs = find_path(o, "metadata.ownerReferences");
                 if (refs != nullptr && refs->is_array()) {
                   for (const auto& r : refs->as_array()) {
                     out.emplace_back(r.as_object().at("uid").as_string());
                   }
                 }
                 return out;
               }).ok());
  EXPECT_FALSE(s.add_index("owner", [](const Json&) { return std::vector<std::string>{}; }).ok());
  Json owned = *cm("ns", "child", "1");
  owned.as_object()["metadata"].as_object()["ownerReferences"] =
      JsonArray{JsonObject{{"uid", "u1"}}, JsonObject{{"uid", "u2"}}};
  (void)s.upsert(make_document(owned));
  (void)s.upsert(cm("ns", "orphan", "1"));
  EXPECT_THAT(names(s.by_index("owner", "u1")), UnorderedElementsAre("ns/child"));
  EXPECT_THAT(names(s.by_index("owner", "u2")), UnorderedElementsAre("ns/child"));
  // Too late for another index: existing objects would be missing from it.
  auto late = s.add_index("late", [](const Json&) { return std::vector<std::string>{}; });
  ASSERT_FALSE(late.ok());
  EXPECT_THAT(late.error().message, ::testing::HasSubstr("late"));
}

TEST(Store, ReplaceReportsDeletionsAdditionsAndRealUpdates) {
  Store s;
  (void)s.upsert(cm("ns", "keep", "1"));
  (void)s.upsert(cm("ns", "change", "1", {{"v", "old"}}));
  (void)s.upsert(cm("ns", "drop", "1", {{"v", "old"}}));
  auto deltas = s.replace(
      {cm("ns", "keep", "1"), cm("ns", "change", "5", {{"v", "new"}}), cm("ns", "new", "6")});
  ASSERT_EQ(deltas.size(), 3u);
  EXPECT_EQ(deltas[0].kind, StoreDelta::Kind::kDeleted);
  EXPECT_EQ(object_key(*deltas[0].object), "ns/drop");
  EXPECT_EQ(deltas[1].kind, StoreDelta::Kind::kUpdated);
  EXPECT_EQ(find_path(*deltas[1].old_object, "metadata.resourceVersion")->as_string(), "1");
  EXPECT_EQ(find_path(*deltas[1].object, "metadata.resourceVersion")->as_string(), "5");
  EXPECT_EQ(deltas[2].kind, StoreDelta::Kind::kAdded);
  EXPECT_EQ(deltas[2].old_object, nullptr);
  EXPECT_THAT(s.keys(), UnorderedElementsAre("ns/keep", "ns/change", "ns/new"));
  EXPECT_TRUE(s.by_index(kLabelIndex, "v=old").empty());
  EXPECT_THAT(names(s.by_index(kLabelIndex, "v=new")), UnorderedElementsAre("ns/change"));
}

TEST(Store, ReadersKeepTheirSnapshot) {
  Store s;
  (void)s.upsert(cm("ns", "a", "1"));
  Document held = s.get("ns/a");
  (void)s.upsert(cm("ns", "a", "2"));
  (void)s.remove("ns/a");
  EXPECT_EQ(find_path(*held, "metadata.resourceVersion")->as_string(), "1");
}

TEST(Store, ConcurrentReadersWhileAWriterMutates) {
  Store s;
  std::atomic<bool> stop{false};
  std::atomic<long> reads{0};
  std::atomic<bool> inconsistent{false};
  std::vector<std::thread> readers;
  readers.reserve(3);
  for (int r = 0; r < 3; ++r) {
    readers.emplace_back([&] {
      while (!stop) {
        for (const auto& d : s.by_index(kLabelIndex, "even=true")) {
          // An object found under a label must carry it: the index never runs ahead of items.
          const Json* l = find_path(*d, "metadata.labels.even");
          if (l == nullptr || l->as_string() != "true") inconsistent = true;
        }
        (void)s.list();
        ++reads;
      }
    });
  }
  for (int i = 0; i < 3000; ++i) {
    std::string name = std::string("o").append(std::to_string(i % 50));
    std::string rv = std::to_string(i);
    if (i % 7 == 0) {
      (void)s.remove(std::string("ns/").append(name));
    } else {
      (void)s.upsert(cm("ns", name, rv, {{"even", i % 2 == 0 ? "true" : "false"}}));
    }
  }
  stop = true;
  for (auto& t : readers) t.join();
  EXPECT_FALSE(inconsistent.load());
  EXPECT_GT(reads.load(), 0);
}

}  // namespace
}  // namespace kro::kube

#include "controller/managed_fields_stripper.h"

#include <gtest/gtest.h>

#include <deque>

namespace kro::controller {
namespace {

Document doc(std::string_view text) { return make_document(parse_json(text).value()); }

const char* kWithFields =
    R"({"metadata":{"name":"a","resourceVersion":"7",
        "managedFields":[{"manager":"kubectl","operation":"Apply"}]},"data":{"k":"v"}})";

class ScriptedEvents final : public kube::EventSource {
 public:
  explicit ScriptedEvents(std::deque<kube::WatchEvent> events) : events_(std::move(events)) {}
  kube::ApiResult<std::optional<kube::WatchEvent>> next() override {
    if (events_.empty()) return std::optional<kube::WatchEvent>();
    kube::WatchEvent e = std::move(events_.front());
    events_.pop_front();
    return std::optional<kube::WatchEvent>(std::move(e));
  }
  void cancel() override { cancelled = true; }
  bool cancelled = false;

 private:
  std::deque<kube::WatchEvent> events_;
};

class ScriptedSource final : public kube::ListerWatcher {
 public:
  kube::ApiResult<kube::ListSnapshot> list() override {
    return kube::ListSnapshot{{doc(kWithFields), doc(R"({"metadata":{"name":"b"}})")}, "7"};
  }
  kube::ApiResult<std::unique_ptr<kube::EventSource>> watch(const std::string& rv) override {
    if (rv == "gone") return kube::transport_error("watch refused");
    return std::unique_ptr<kube::EventSource>(std::make_unique<ScriptedEvents>(
        std::deque<kube::WatchEvent>{{kube::WatchEventType::kModified, doc(kWithFields)}}));
  }
  std::string describe() const override { return "scripted configmaps"; }
};

TEST(ManagedFieldsStripper, RemovesManagedFieldsOnly) {
  Document d = without_managed_fields(doc(kWithFields));
  EXPECT_EQ(find_path(*d, "metadata.managedFields"), nullptr);
  EXPECT_EQ(to_json(*find_path(*d, "metadata")), R"({"name":"a","resourceVersion":"7"})");
  EXPECT_EQ(to_json(*find_path(*d, "data")), R"({"k":"v"})");
  // Nothing to remove: the same document, not a copy.
  Document plain = doc(R"({"metadata":{"name":"b"}})");
  EXPECT_EQ(without_managed_fields(plain), plain);
  EXPECT_EQ(without_managed_fields(nullptr), nullptr);
}

TEST(ManagedFieldsStripper, ListAndWatchDeliverStrippedObjects) {
  ManagedFieldsStripper s(std::make_shared<ScriptedSource>());
  EXPECT_EQ(s.describe(), "scripted configmaps");
  auto snap = s.list();
  ASSERT_TRUE(snap.ok());
  ASSERT_EQ(snap->items.size(), 2U);
  EXPECT_EQ(snap->resource_version, "7");
  EXPECT_EQ(find_path(*snap->items[0], "metadata.managedFields"), nullptr);

  auto w = s.watch("7");
  ASSERT_TRUE(w.ok());
  auto e = (*w)->next();
  ASSERT_TRUE(e.ok() && e->has_value());
  EXPECT_EQ((*e)->type, kube::WatchEventType::kModified);
  EXPECT_EQ(find_path(*(*e)->object, "metadata.managedFields"), nullptr);
  EXPECT_EQ(to_json(*find_path(*(*e)->object, "data")), R"({"k":"v"})");
  auto end = (*w)->next();
  ASSERT_TRUE(end.ok());
  EXPECT_FALSE(end->has_value());

  EXPECT_FALSE(s.watch("gone").ok());
}

}  // namespace
}  // namespace kro::controller

#include "kube/transforming_source.h"

#include <gtest/gtest.h>

#include <deque>

namespace kro::kube {
namespace {

Document doc(std::string_view text) { return make_document(parse_json(text).value()); }

const char* kWithFields =
    R"({"metadata":{"name":"a","resourceVersion":"7",
        "managedFields":[{"manager":"kubectl","operation":"Apply"}]},"data":{"k":"v"}})";

class ScriptedEvents final : public EventSource {
 public:
  explicit ScriptedEvents(std::deque<WatchEvent> events) : events_(std::move(events)) {}
  ApiResult<std::optional<WatchEvent>> next() override {
    if (events_.empty()) return std::optional<WatchEvent>();
    WatchEvent e = std::move(events_.front());
    events_.pop_front();
    return std::optional<WatchEvent>(std::move(e));
  }
  void cancel() override { cancelled = true; }
  bool cancelled = false;

 private:
  std::deque<WatchEvent> events_;
};

class ScriptedSource final : public ListerWatcher {
 public:
  ApiResult<ListSnapshot> list() override {
    return ListSnapshot{{doc(kWithFields), doc(R"({"metadata":{"name":"b"}})")}, "7"};
  }
  ApiResult<std::unique_ptr<EventSource>> watch(const std::string& rv) override {
    if (rv == "gone") return transport_error("watch refused");
    return std::unique_ptr<EventSource>(std::make_unique<ScriptedEvents>(
        std::deque<WatchEvent>{{WatchEventType::kModified, doc(kWithFields)}}));
  }
  std::string describe() const override { return "scripted configmaps"; }
};

// Keeps only metadata.name, so the test sees every object went through it.
Document name_only(const Document& d) {
  return make_document(
      JsonObject{{"metadata", JsonObject{{"name", string_at(*d, "metadata.name")}}}});
}

TEST(TransformingListerWatcher, ListAndWatchDeliverTransformedObjects) {
  int calls = 0;
  TransformingListerWatcher s(std::make_shared<ScriptedSource>(), [&](const Document& d) {
    ++calls;
    return name_only(d);
  });
  EXPECT_EQ(s.describe(), "scripted configmaps");
  auto snap = s.list();
  ASSERT_TRUE(snap.ok());
  ASSERT_EQ(snap->items.size(), 2U);
  EXPECT_EQ(snap->resource_version, "7");
  EXPECT_EQ(to_json(*snap->items[0]), R"({"metadata":{"name":"a"}})");
  EXPECT_EQ(to_json(*snap->items[1]), R"({"metadata":{"name":"b"}})");

  auto w = s.watch("7");
  ASSERT_TRUE(w.ok());
  auto e = (*w)->next();
  ASSERT_TRUE(e.ok() && e->has_value());
  EXPECT_EQ((*e)->type, WatchEventType::kModified);
  EXPECT_EQ(to_json(*(*e)->object), R"({"metadata":{"name":"a"}})");
  auto end = (*w)->next();
  ASSERT_TRUE(end.ok());
  EXPECT_FALSE(end->has_value());

  EXPECT_FALSE(s.watch("gone").ok());
  EXPECT_EQ(calls, 3);  // two listed objects and one event; the end of the stream is not one
}

}  // namespace
}  // namespace kro::kube

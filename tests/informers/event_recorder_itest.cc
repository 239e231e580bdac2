// Events about a real object: created in its namespace, repeats aggregated into a count.
#include <gtest/gtest.h>

#include "itest_env.h"
#include "kube/event_recorder.h"

namespace kro::itest {
namespace {

const kube::GroupVersionResource kEvents{"", "v1", "events"};

class EventRecorderItest : public ClusterTest {};

TEST_F(EventRecorderItest, RecordsAndAggregatesEventsOnAnObject) {
  auto cm = client_->create(kConfigMaps, ns_, configmap(ns_, "target", {}, "x"));
  ASSERT_TRUE(cm.ok()) << cm.error().str();
  {
    kube::EventRecorderOptions opts;
    opts.component = "kro-itest";
    kube::EventRecorder rec(std::make_shared<kube::RestEventSink>(new_client()), opts);
    for (int i = 0; i < 3; ++i) {
      rec.record(*cm, kube::EventType::kWarning, "ReconcileFailed", "boom");
    }
    rec.record(*cm, kube::EventType::kNormal, "Synced", "ok");
    rec.flush();
    auto st = rec.stats();
    EXPECT_EQ(st.failed, 0u) << st.last_error;
    EXPECT_EQ(st.created, 2u);
    EXPECT_EQ(st.aggregated, 2u);
  }
  auto events = client_->list(kEvents, ns_);
  ASSERT_TRUE(events.ok()) << events.error().str();
  const auto& items = events->as_object().at("items").as_array();
  ASSERT_EQ(items.size(), 2u);
  for (const auto& ev : items) {
    EXPECT_EQ(*find_path(ev, "involvedObject.name"), Json("target"));
    EXPECT_EQ(*find_path(ev, "involvedObject.uid"), *find_path(*cm, "metadata.uid"));
    EXPECT_EQ(*find_path(ev, "source.component"), Json("kro-itest"));
    if (*find_path(ev, "reason") == Json("ReconcileFailed")) {
      EXPECT_EQ(*find_path(ev, "type"), Json("Warning"));
      EXPECT_EQ(find_path(ev, "count")->to_number<int>(), 3);
    } else {
      EXPECT_EQ(find_path(ev, "count")->to_number<int>(), 1);
    }
  }
}

}  // namespace
}  // namespace kro::itest

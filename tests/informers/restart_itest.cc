// A watch survives a kube-apiserver restart and an etcd compaction (the informer's
// resourceVersion is then too old: 410) without losing an event: every change made while it
// was cut off reaches the store and the handlers, as watch events or as relist differences.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <thread>

#include "apiserver_control.h"
#include "informer_watch_util.h"
#include "itest_env.h"
#include "kube/informer.h"
#include "kube/reflector_source.h"

namespace kro::itest {
namespace {

class RestartItest : public ClusterTest {};

std::string cm_name(int i) { return std::string("cm-").append(std::to_string(i)); }

TEST_F(RestartItest, WatchSurvivesApiserverRestartAndCompactedResourceVersion) {
  auto control = ApiserverControl::open(cluster_dir());
  ASSERT_TRUE(control.ok()) << control.error().str();

  kube::ResourceSelector sel;
  sel.gvr = kConfigMaps;
  sel.ns = ns_;
  kube::InformerOptions opts;
  opts.reflector.initial_backoff = std::chrono::milliseconds(200);
  opts.reflector.max_backoff = std::chrono::milliseconds(2000);
  kube::Informer inf(std::make_shared<kube::RestListerWatcher>(new_client(), sel), opts);
  HandlerMirror mirror;
  inf.add_handlers(mirror.handlers());
  inf.start();
  ASSERT_TRUE(inf.wait_for_sync(std::chrono::seconds(30))) << inf.stats().last_error;

  for (int i = 0; i < 20; ++i) {
    ASSERT_TRUE(client_->create(kConfigMaps, ns_, configmap(ns_, cm_name(i), {}, "a")).ok());
  }
  ASSERT_TRUE(eventually([&] { return mirror.snapshot().size() == 20; }));

  ASSERT_TRUE(control->stop().ok());
  auto rev = control->compact_etcd();
  ASSERT_TRUE(rev.ok()) << rev.error().str();
  ASSERT_TRUE(control->start().ok());
  ASSERT_TRUE(eventually([&] { return client_->get(kNamespaces, "", ns_).ok(); }))
      << "kube-apiserver did not come back";

  // Changes right after the restart, while the informer is still reconnecting or backing off.
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(client_->remove(kConfigMaps, ns_, cm_name(i)).ok());
  for (int i = 10; i < 20; ++i) {
    ASSERT_TRUE(client_->update(kConfigMaps, ns_, configmap(ns_, cm_name(i), {}, "b")).ok());
  }
  for (int i = 20; i < 30; ++i) {
    ASSERT_TRUE(client_->create(kConfigMaps, ns_, configmap(ns_, cm_name(i), {}, "c")).ok());
  }
  // Compact again so any resume from a version before these changes must fail with 410.
  ASSERT_TRUE(control->compact_etcd().ok());
  // And more, after the compaction.
  for (int i = 30; i < 35; ++i) {
    ASSERT_TRUE(client_->create(kConfigMaps, ns_, configmap(ns_, cm_name(i), {}, "d")).ok());
  }

  Versions want;
  ASSERT_TRUE(eventually([&] {
    want = versions_on_server(*client_, ns_, "");
    return versions_of_store(inf) == want && mirror.snapshot() == want;
  })) << "did not converge; last error: "
      << inf.stats().last_error;
  EXPECT_EQ(want.size(), 25u);
  EXPECT_EQ(mirror.deletes(), 10);
  auto st = inf.stats();
  EXPECT_GE(st.errors, 1u) << "the restart should have broken the watch";
  EXPECT_GE(st.watches, 2u);
  std::printf("after restart: %llu lists, %llu watches, %llu gone, %llu errors\n",
              static_cast<unsigned long long>(st.lists),
              static_cast<unsigned long long>(st.watches), static_cast<unsigned long long>(st.gone),
              static_cast<unsigned long long>(st.errors));
  inf.stop();
}

// Wraps the real source; while paused, watches fail as if the network were down.
class PausableSource final : public kube::ListerWatcher {
 public:
  explicit PausableSource(std::shared_ptr<kube::ListerWatcher> inner) : inner_(std::move(inner)) {}
  kube::ApiResult<kube::ListSnapshot> list() override { return inner_->list(); }
  kube::ApiResult<std::unique_ptr<kube::EventSource>> watch(const std::string& rv) override {
    if (paused_) return kube::transport_error("paused by the test");
    return inner_->watch(rv);
  }
  std::string describe() const override { return inner_->describe(); }
  std::atomic<bool> paused_{false};

 private:
  std::shared_ptr<kube::ListerWatcher> inner_;
};

// A raw watch from a compacted resourceVersion answers 410 Expired (as the HTTP status or as an
// ERROR event), and both surface as is_gone(). To make that deterministic, etcd is compacted and
// the API server restarted, so that revision 1 is older than both etcd's history and the new
// watch cache (a young API server may still replay old revisions). Runs alone (RUN_SERIAL).
TEST_F(RestartItest, WatchFromACompactedResourceVersionIsGone) {
  auto control = ApiserverControl::open(cluster_dir());
  ASSERT_TRUE(control.ok()) << control.error().str();
  ASSERT_TRUE(client_->create(kConfigMaps, ns_, configmap(ns_, "fresh", {}, "a")).ok());
  auto compacted = control->compact_etcd();
  ASSERT_TRUE(compacted.ok()) << compacted.error().str();
  ASSERT_GT(*compacted, 1);
  ASSERT_TRUE(control->stop().ok());
  ASSERT_TRUE(control->start().ok());
  bool serving = false;
  for (int i = 0; i < 300 && !serving; ++i) {
    serving = client_->list(kConfigMaps, ns_).ok();
    if (!serving) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_TRUE(serving) << "the API server did not come back within 30 s";
  auto w = client_->watch(kConfigMaps, ns_, {.resource_version = "1"});
  if (!w.ok()) {
    EXPECT_TRUE(w.error().is_gone()) << w.error().str();
    return;
  }
  auto e = (*w)->next();
  ASSERT_FALSE(e.ok()) << "expected 410, got an event";
  EXPECT_TRUE(e.error().is_gone()) << e.error().str();
  EXPECT_EQ(e.error().code, 410);
}

// The informer's resourceVersion is compacted while it is away: its next watch answers 410,
// and it relists, reporting exactly the differences as handler calls.
TEST_F(RestartItest, CompactedResourceVersionForcesARelistWithTheRightDiffs) {
  auto control = ApiserverControl::open(cluster_dir());
  ASSERT_TRUE(control.ok()) << control.error().str();
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(client_->create(kConfigMaps, ns_, configmap(ns_, cm_name(i), {}, "a")).ok());
  }
  kube::ResourceSelector sel;
  sel.gvr = kConfigMaps;
  sel.ns = ns_;
  sel.watch_timeout = std::chrono::seconds(2);  // the server ends watches often: re-watch soon
  auto source = std::make_shared<PausableSource>(
      std::make_shared<kube::RestListerWatcher>(new_client(), sel));
  kube::InformerOptions opts;
  opts.reflector.initial_backoff = std::chrono::milliseconds(100);
  opts.reflector.max_backoff = std::chrono::milliseconds(500);
  kube::Informer inf(source, opts);
  std::mutex mu;
  std::vector<std::string> log;
  kube::EventHandlers h;
  h.on_add = [&](const Document& o) {
    std::lock_guard l(mu);
    log.push_back("add " + std::string(find_path(*o, "metadata.name")->as_string()));
  };
  h.on_update = [&](const Document& old, const Document& o) {
    std::lock_guard l(mu);
    log.push_back("update " + std::string(find_path(*o, "metadata.name")->as_string()) + " " +
                  std::string(find_path(*old, "data.v")->as_string()) + "->" +
                  std::string(find_path(*o, "data.v")->as_string()));
  };
  h.on_delete = [&](const Document& o) {
    std::lock_guard l(mu);
    log.push_back("delete " + std::string(find_path(*o, "metadata.name")->as_string()));
  };
  inf.add_handlers(h);
  inf.start();
  ASSERT_TRUE(inf.wait_for_sync(std::chrono::seconds(30)));
  {
    std::lock_guard l(mu);
    EXPECT_EQ(log.size(), 3u);
    log.clear();
  }

  // Away: the server-side watch ends within ~4 s and cannot be reopened.
  source->paused_ = true;
  ASSERT_TRUE(eventually([&] { return inf.stats().errors >= 1; }));  // the open watch ended
  std::string old_rv = inf.resource_version();
  ASSERT_TRUE(client_->remove(kConfigMaps, ns_, cm_name(0)).ok());
  ASSERT_TRUE(client_->update(kConfigMaps, ns_, configmap(ns_, cm_name(1), {}, "b")).ok());
  ASSERT_TRUE(client_->create(kConfigMaps, ns_, configmap(ns_, cm_name(9), {}, "a")).ok());
  ASSERT_TRUE(control->compact_etcd().ok());
  // The API server's watch cache could still serve old_rv; a restart empties it, so only
  // compacted etcd can answer.
  ASSERT_TRUE(control->stop().ok());
  ASSERT_TRUE(control->start().ok());
  ASSERT_TRUE(eventually([&] { return client_->get(kNamespaces, "", ns_).ok(); }));
  // The raw client agrees that old_rv is gone.
  kube::ListOptions wopts;
  wopts.resource_version = old_rv;
  auto w = client_->watch(kConfigMaps, ns_, wopts);
  bool gone = !w.ok() ? w.error().is_gone() : [&] {
    auto ev = (*w)->next();
    return !ev.ok() && ev.error().is_gone();
  }();
  EXPECT_TRUE(gone) << "a watch from compacted resourceVersion " << old_rv << " should answer 410";

  auto lists_before = inf.stats().lists;
  source->paused_ = false;
  Versions want;
  ASSERT_TRUE(eventually([&] {
    want = versions_on_server(*client_, ns_, "");
    return versions_of_store(inf) == want;
  })) << inf.stats().last_error;
  auto st = inf.stats();
  EXPECT_GE(st.gone, 1u);
  EXPECT_GT(st.lists, lists_before);
  std::lock_guard l(mu);
  EXPECT_THAT(log, ::testing::UnorderedElementsAre("delete cm-0", "update cm-1 a->b", "add cm-9"));
  inf.stop();
}

}  // namespace
}  // namespace kro::itest

// An informer restricted by a label selector stays equal to the server through 500 random
// creates, updates, relabels and deletes of ConfigMaps.
#include <gtest/gtest.h>

#include <random>
#include <set>

#include "informer_watch_util.h"
#include "itest_env.h"
#include "kube/informer.h"
#include "kube/reflector_source.h"

namespace kro::itest {
namespace {

class InformerItest : public ClusterTest {};

TEST_F(InformerItest, CacheMatchesAFreshListAfter500RandomMutations) {
  const std::string selector = "kro.run/test=informers";
  // Objects before the informer starts arrive through its first list.
  for (int i = 0; i < 5; ++i) {
    std::string name = std::string("pre-").append(std::to_string(i));
    ASSERT_TRUE(
        client_
            ->create(kConfigMaps, ns_, configmap(ns_, name, {{"kro.run/test", "informers"}}, "0"))
            .ok());
  }
  kube::ResourceSelector sel;
  sel.gvr = kConfigMaps;
  sel.ns = ns_;
  sel.label_selector = selector;
  sel.page_size = 50;
  kube::Informer inf(std::make_shared<kube::RestListerWatcher>(new_client(), sel));
  HandlerMirror mirror;
  inf.add_handlers(mirror.handlers());
  inf.start();
  ASSERT_TRUE(inf.wait_for_sync(std::chrono::seconds(30))) << inf.stats().last_error;
  EXPECT_EQ(versions_of_store(inf).size(), 5u);

  std::mt19937 rng(7);
  std::set<std::string> existing;
  for (int i = 0; i < 5; ++i) existing.insert(std::string("pre-").append(std::to_string(i)));
  int creates = 0, updates = 0, deletes = 0, relabels = 0;
  for (int i = 0; i < 500; ++i) {
    std::string name = std::string("cm-").append(std::to_string(rng() % 60));
    bool exists = existing.count(name) != 0;
    unsigned dice = rng() % 10;
    std::map<std::string, std::string> labels{{"kro.run/test", "informers"}};
    if (!exists) {
      // One in five is created without the label: the informer must never see it.
      if (dice < 2) labels.clear();
      auto r = client_->create(kConfigMaps, ns_, configmap(ns_, name, labels, std::to_string(i)));
      ASSERT_TRUE(r.ok()) << r.error().str();
      existing.insert(name);
      ++creates;
    } else if (dice < 3) {
      auto r = client_->remove(kConfigMaps, ns_, name);
      ASSERT_TRUE(r.ok()) << r.error().str();
      existing.erase(name);
      ++deletes;
    } else {
      // Updates; one in five toggles the label, which moves the object in or out of view.
      if (dice == 9) {
        labels.clear();
        ++relabels;
      }
      auto r = client_->update(kConfigMaps, ns_, configmap(ns_, name, labels, std::to_string(i)));
      ASSERT_TRUE(r.ok()) << r.error().str();
      ++updates;
    }
  }
  Versions want;
  ASSERT_TRUE(eventually([&] {
    want = versions_on_server(*client_, ns_, selector);
    return versions_of_store(inf) == want && mirror.snapshot() == want;
  })) << "store and handlers did not converge to the server's "
      << want.size() << " objects";
  EXPECT_EQ(versions_of_store(inf), want);
  EXPECT_EQ(mirror.snapshot(), want);
  EXPECT_GT(mirror.deletes(), 0);
  EXPECT_GT(relabels, 0);
  // Label index agrees with the selector.
  EXPECT_EQ(inf.store().by_labels({{"kro.run/test", "informers"}}).size(), want.size());
  EXPECT_EQ(inf.store().by_namespace(ns_).size(), want.size());
  std::printf("mutations: %d creates, %d updates (%d relabels), %d deletes; %zu objects in view\n",
              creates, updates, relabels, deletes, want.size());
  inf.stop();
}

}  // namespace
}  // namespace kro::itest

// Leader election hand-over between two clients on a real coordination.k8s.io/v1 Lease.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "itest_env.h"
#include "kube/leader_election.h"

namespace kro::itest {
namespace {

const kube::GroupVersionResource kLeases{"coordination.k8s.io", "v1", "leases"};

class LeaderElectionItest : public ClusterTest {};

struct Candidate {
  std::unique_ptr<kube::LeaderElector> elector;
  std::atomic<int> started{0};
  std::atomic<int> stopped{0};
  std::jthread thread;

  Candidate(kube::RestClient client, const std::string& ns, const std::string& id, bool release) {
    kube::LeaderElectionConfig cfg;
    cfg.lease_namespace = ns;
    cfg.lease_name = "kro-controller";
    cfg.identity = id;
    cfg.lease_duration = std::chrono::seconds(3);
    cfg.renew_deadline = std::chrono::seconds(2);
    cfg.retry_period = std::chrono::milliseconds(200);
    cfg.release_on_stop = release;
    cfg.on_started_leading = [this] { ++started; };
    cfg.on_stopped_leading = [this] { ++stopped; };
    auto e =
        kube::LeaderElector::create(std::make_shared<kube::RestLeaseApi>(std::move(client)), cfg);
    EXPECT_TRUE(e.ok());
    elector = std::move(*e);
  }
  void start() {
    thread = std::jthread([this](std::stop_token st) { elector->run(std::move(st)); });
  }
  void stop() {
    thread.request_stop();
    thread.join();
  }
};

kube::LeaseRecord lease_on_server(const kube::RestClient& c, const std::string& ns) {
  auto l = c.get(kLeases, ns, "kro-controller");
  EXPECT_TRUE(l.ok());
  return l.ok() ? kube::lease_record_of(*l) : kube::LeaseRecord{};
}

TEST_F(LeaderElectionItest, HandOverOnReleaseAndAfterExpiry) {
  Candidate a(new_client(), ns_, "candidate-a", /*release=*/true);
  Candidate b(new_client(), ns_, "candidate-b", /*release=*/false);
  a.start();
  ASSERT_TRUE(eventually([&] { return a.elector->is_leader(); }, std::chrono::seconds(20)));
  b.start();
  // Once b has read the lease it knows a leads, and has not taken over.
  ASSERT_TRUE(
      eventually([&] { return b.elector->leader() == "candidate-a"; }, std::chrono::seconds(20)));
  EXPECT_FALSE(b.elector->is_leader());
  auto rec = lease_on_server(*client_, ns_);
  EXPECT_EQ(rec.holder_identity, "candidate-a");
  EXPECT_EQ(rec.lease_duration_seconds, 3);

  // Release: b takes over well before a's 3 s lease would have run out.
  auto released = std::chrono::steady_clock::now();
  a.stop();
  EXPECT_EQ(a.stopped.load(), 1);
  ASSERT_TRUE(eventually([&] { return b.elector->is_leader(); }, std::chrono::seconds(20)));
  EXPECT_LT(std::chrono::steady_clock::now() - released, std::chrono::milliseconds(2500));
  rec = lease_on_server(*client_, ns_);
  EXPECT_EQ(rec.holder_identity, "candidate-b");
  EXPECT_EQ(rec.lease_transitions, 1);

  // b goes away without releasing (as if it crashed): a new candidate must wait for expiry.
  b.stop();
  EXPECT_EQ(lease_on_server(*client_, ns_).holder_identity, "candidate-b");
  Candidate c(new_client(), ns_, "candidate-c", true);
  auto started = std::chrono::steady_clock::now();
  c.start();
  ASSERT_TRUE(eventually([&] { return c.elector->is_leader(); }, std::chrono::seconds(20)));
  EXPECT_GE(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(2900));
  rec = lease_on_server(*client_, ns_);
  EXPECT_EQ(rec.holder_identity, "candidate-c");
  EXPECT_EQ(rec.lease_transitions, 2);
  c.stop();
  EXPECT_EQ(lease_on_server(*client_, ns_).holder_identity, "");  // released on stop
}

}  // namespace
}  // namespace kro::itest

#include "kube/leader_election.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <thread>

#include "kube/test_util.h"

namespace kro::kube {
namespace {

using std::chrono::milliseconds;
using testing::eventually;

// One in-memory lease collection with resourceVersion preconditions, seen through views that
// can be cut off from it (a partitioned or crashed candidate).
class LeaseBackend {
 public:
  ApiResult<Json> get(const std::string& ns, const std::string& name) {
    std::lock_guard lock(mu_);
    ++gets_;
    auto it = leases_.find(ns + "/" + name);
    if (it == leases_.end())
      return error(Reason::kNotFound, 404, "leases \"" + name + "\" not found");
    return it->second;
  }
  ApiResult<Json> create(const std::string& ns, const Json& lease) {
    std::lock_guard lock(mu_);
    std::string key = ns + "/" + std::string(find_path(lease, "metadata.name")->as_string());
    if (leases_.count(key) != 0) return error(Reason::kAlreadyExists, 409, "already exists");
    Json stored = lease;
    stored.as_object()["metadata"].as_object()["resourceVersion"] = std::to_string(++rv_);
    leases_[key] = stored;
    return stored;
  }
  ApiResult<Json> update(const std::string& ns, const Json& lease) {
    std::lock_guard lock(mu_);
    std::string key = ns + "/" + std::string(find_path(lease, "metadata.name")->as_string());
    auto it = leases_.find(key);
    if (it == leases_.end()) return error(Reason::kNotFound, 404, "not found");
    const Json* want = find_path(lease, "metadata.resourceVersion");
    if (want != nullptr && *want != *find_path(it->second, "metadata.resourceVersion")) {
      ++conflicts_;
      return error(Reason::kConflict, 409, "the object has been modified");
    }
    Json stored = lease;
    stored.as_object()["metadata"].as_object()["resourceVersion"] = std::to_string(++rv_);
    it->second = stored;
    return stored;
  }
  LeaseRecord record(const std::string& key) {
    std::lock_guard lock(mu_);
    auto it = leases_.find(key);
    return it == leases_.end() ? LeaseRecord{} : lease_record_of(it->second);
  }
  int conflicts() {
    std::lock_guard lock(mu_);
    return conflicts_;
  }

 private:
  static ApiError error(Reason r, int code, std::string msg) {
    ApiError e;
    e.reason = r;
    e.code = code;
    e.message = std::move(msg);
    return e;
  }
  std::mutex mu_;
  std::map<std::string, Json> leases_;
  long rv_ = 0;
  int gets_ = 0;
  int conflicts_ = 0;
};

class View final : public LeaseApi {
 public:
  explicit View(std::shared_ptr<LeaseBackend> b) : b_(std::move(b)) {}
  ApiResult<Json> get(const std::string& ns, const std::string& name) override {
    ++calls;
    if (cut) return transport_error("connection refused");
    return b_->get(ns, name);
  }
  ApiResult<Json> create(const std::string& ns, const Json& lease) override {
    ++calls;
    if (cut) return transport_error("connection refused");
    const auto sent = std::chrono::steady_clock::now();
    return written(b_->create(ns, lease), sent);
  }
  ApiResult<Json> update(const std::string& ns, const Json& lease) override {
    ++calls;
    if (cut) return transport_error("connection refused");
    const auto sent = std::chrono::steady_clock::now();
    return written(b_->update(ns, lease), sent);
  }
  // When the last successful write through this view was sent: others cannot have seen it
  // earlier.
  std::chrono::steady_clock::time_point last_write() {
    std::lock_guard lock(mu_);
    return last_write_;
  }
  std::atomic<bool> cut{false};
  std::atomic<int> calls{0};  // requests tried, cut or not

 private:
  ApiResult<Json> written(ApiResult<Json> r, std::chrono::steady_clock::time_point sent) {
    std::lock_guard lock(mu_);
    if (r.ok()) last_write_ = sent;
    return r;
  }
  std::shared_ptr<LeaseBackend> b_;
  std::mutex mu_;
  std::chrono::steady_clock::time_point last_write_;
};

struct Candidate {
  std::shared_ptr<View> view;
  std::unique_ptr<LeaderElector> elector;
  std::atomic<int> started{0};
  std::atomic<int> stopped{0};
  std::atomic<bool> returned{false};
  std::jthread thread;

  Candidate(std::shared_ptr<LeaseBackend> backend, const std::string& id, bool release = true) {
    view = std::make_shared<View>(std::move(backend));
    LeaderElectionConfig cfg;
    cfg.lease_namespace = "kro-system";
    cfg.lease_name = "kro";
    cfg.identity = id;
    cfg.lease_duration = milliseconds(1000);
    cfg.renew_deadline = milliseconds(500);
    cfg.retry_period = milliseconds(50);
    cfg.release_on_stop = release;
    cfg.on_started_leading = [this] { ++started; };
    cfg.on_stopped_leading = [this] { ++stopped; };
    auto e = LeaderElector::create(view, cfg);
    EXPECT_TRUE(e.ok()) << (e.ok() ? "" : e.error().str());
    elector = std::move(*e);
  }
  void start() {
    thread = std::jthread([this](std::stop_token st) {
      elector->run(std::move(st));
      returned = true;
    });
  }
};

TEST(LeaderElection, RejectsInconsistentConfig) {
  auto api = std::make_shared<View>(std::make_shared<LeaseBackend>());
  LeaderElectionConfig cfg;
  cfg.lease_namespace = "ns";
  cfg.lease_name = "l";
  cfg.identity = "me";
  EXPECT_TRUE(LeaderElector::create(api, cfg).ok());
  auto bad = cfg;
  bad.renew_deadline = bad.lease_duration;
  auto r = LeaderElector::create(api, bad);
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.error().message, ::testing::HasSubstr("renew deadline"));
  bad = cfg;
  bad.identity.clear();
  EXPECT_FALSE(LeaderElector::create(api, bad).ok());
  bad = cfg;
  bad.retry_period = bad.renew_deadline;
  EXPECT_FALSE(LeaderElector::create(api, bad).ok());
}

TEST(LeaderElection, MicroTimeFormat) {
  auto t = std::chrono::system_clock::time_point(std::chrono::seconds(1700000000)) +
           std::chrono::microseconds(42);
  EXPECT_EQ(micro_time(t), "2023-11-14T22:13:20.000042Z");
}

TEST(LeaderElection, CreatesTheLeaseAndRenewsIt) {
  auto backend = std::make_shared<LeaseBackend>();
  Candidate a(backend, "a");
  a.start();
  ASSERT_TRUE(eventually([&] { return a.elector->is_leader(); }));
  EXPECT_EQ(a.started.load(), 1);
  LeaseRecord first = backend->record("kro-system/kro");
  EXPECT_EQ(first.holder_identity, "a");
  EXPECT_EQ(first.lease_duration_seconds, 1);
  EXPECT_EQ(first.lease_transitions, 0);
  ASSERT_TRUE(
      eventually([&] { return backend->record("kro-system/kro").renew_time != first.renew_time; }));
  LeaseRecord later = backend->record("kro-system/kro");
  EXPECT_EQ(later.acquire_time, first.acquire_time);  // renewal keeps the acquire time
  EXPECT_EQ(a.elector->leader(), "a");
}

TEST(LeaderElection, OnlyOneLeadsAndReleaseHandsOverAtOnce) {
  auto backend = std::make_shared<LeaseBackend>();
  Candidate a(backend, "a");
  Candidate b(backend, "b");
  a.start();
  b.start();
  ASSERT_TRUE(eventually([&] { return a.elector->is_leader() || b.elector->is_leader(); }));
  Candidate& leader = a.elector->is_leader() ? a : b;
  Candidate& follower = a.elector->is_leader() ? b : a;
  // Once the follower has read the lease it knows the leader, and has not taken over.
  const std::string holder = backend->record("kro-system/kro").holder_identity;
  EXPECT_EQ(holder, leader.elector->leader());
  ASSERT_TRUE(eventually([&] { return follower.elector->leader() == holder; }));
  EXPECT_TRUE(leader.elector->is_leader());
  EXPECT_FALSE(follower.elector->is_leader());

  auto released_at = std::chrono::steady_clock::now();
  leader.thread.request_stop();
  leader.thread.join();
  EXPECT_EQ(leader.stopped.load(), 1);
  ASSERT_TRUE(eventually([&] { return follower.elector->is_leader(); }));
  // Released, so the follower did not wait for the 1s lease to run out.
  EXPECT_LT(std::chrono::steady_clock::now() - released_at, milliseconds(900));
  LeaseRecord r = backend->record("kro-system/kro");
  EXPECT_EQ(r.holder_identity, follower.elector->leader());
  EXPECT_EQ(r.lease_transitions, 1);
}

TEST(LeaderElection, ACutOffLeaderStepsDownAndTheOtherTakesOverAfterExpiry) {
  auto backend = std::make_shared<LeaseBackend>();
  Candidate a(backend, "a", /*release=*/false);
  a.start();
  ASSERT_TRUE(eventually([&] { return a.elector->is_leader(); }));
  Candidate b(backend, "b");
  b.start();
  ASSERT_TRUE(eventually([&] { return b.elector->leader() == "a"; }));
  EXPECT_FALSE(b.elector->is_leader());  // a keeps renewing

  a.view->cut = true;
  // a cannot renew: after renew_deadline it stops leading and run() returns.
  ASSERT_TRUE(eventually([&] { return a.returned.load(); }));
  EXPECT_EQ(a.stopped.load(), 1);
  EXPECT_FALSE(a.elector->is_leader());
  // b waits until the record has been unchanged for the lease duration (1s), then takes it; it
  // cannot have seen a's last renewal before a sent it.
  const auto last_renewal = a.view->last_write();
  ASSERT_TRUE(eventually([&] { return b.elector->is_leader(); }));
  EXPECT_GE(std::chrono::steady_clock::now() - last_renewal, milliseconds(900));
  EXPECT_EQ(backend->record("kro-system/kro").holder_identity, "b");
}

TEST(LeaderElection, StopWhileCampaigningReturnsWithoutCallbacks) {
  auto backend = std::make_shared<LeaseBackend>();
  Candidate a(backend, "a");
  a.view->cut = true;
  a.start();
  ASSERT_TRUE(eventually([&] { return a.view->calls.load() >= 2; }));  // it has campaigned
  a.thread.request_stop();
  a.thread.join();
  EXPECT_EQ(a.started.load(), 0);
  EXPECT_EQ(a.stopped.load(), 0);
}

}  // namespace
}  // namespace kro::kube

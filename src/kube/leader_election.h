// Leader election on a coordination.k8s.io/v1 Lease, with client-go's semantics, so that
// kro-cpp replicas and upstream tools read each other's leases the same way.
//
// A candidate reads the Lease; it may take it when nobody holds it, when it already holds it,
// or when the record has not changed for lease_duration as measured by the candidate's own
// clock since it last saw it change (clocks of other machines are never trusted). Writes carry
// the resourceVersion that was read, so of two candidates racing for the same lease exactly one
// succeeds; the other gets Conflict and simply lost the round.
//
// LeaderElector::run() blocks: it retries every retry_period (with up to 20% jitter) until it
// acquires the lease, calls on_started_leading, then renews every retry_period. If renewing has
// not succeeded for renew_deadline it gives up, calls on_stopped_leading and returns (the
// caller usually exits: its view of the world may be stale). When stop is requested while
// leading, and release_on_stop is set, it clears holderIdentity so a successor need not wait for
// the lease to expire. Callbacks run on run()'s thread and must not block.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>

#include "kube/api_error.h"
#include "kube/rest_client.h"
#include "value/json.h"

namespace kro::kube {

// The three Lease verbs the elector needs; an interface so elections can be tested without a
// server. RestLeaseApi is the real one.
class LeaseApi {
 public:
  virtual ~LeaseApi() = default;
  virtual ApiResult<Json> get(const std::string& ns, const std::string& name) = 0;
  virtual ApiResult<Json> create(const std::string& ns, const Json& lease) = 0;
  // Conditional on the object's metadata.resourceVersion.
  virtual ApiResult<Json> update(const std::string& ns, const Json& lease) = 0;
};

class RestLeaseApi final : public LeaseApi {
 public:
  explicit RestLeaseApi(RestClient client);
  ApiResult<Json> get(const std::string& ns, const std::string& name) override;
  ApiResult<Json> create(const std::string& ns, const Json& lease) override;
  ApiResult<Json> update(const std::string& ns, const Json& lease) override;

 private:
  RestClient client_;
};

// client-go's defaults: 15s / 10s / 2s.
struct LeaderElectionConfig {
  std::string lease_namespace;
  std::string lease_name;
  std::string identity;  // unique per candidate, e.g. hostname + "_" + a random suffix
  std::chrono::milliseconds lease_duration{15000};
  std::chrono::milliseconds renew_deadline{10000};
  std::chrono::milliseconds retry_period{2000};
  bool release_on_stop = true;
  std::function<void()> on_started_leading;
  std::function<void()> on_stopped_leading;
  // Someone (possibly this candidate) was observed to hold the lease.
  std::function<void(const std::string& identity)> on_new_leader;
};

// The lease's spec as the elector reads and writes it.
struct LeaseRecord {
  std::string holder_identity;
  std::int64_t lease_duration_seconds = 0;
  std::string acquire_time;  // RFC 3339 with microseconds, as metav1.MicroTime
  std::string renew_time;
  std::int64_t lease_transitions = 0;
  bool operator==(const LeaseRecord&) const = default;
};

LeaseRecord lease_record_of(const Json& lease);
// metav1.MicroTime text for a point in time: "2026-01-02T03:04:05.123456Z".
std::string micro_time(std::chrono::system_clock::time_point t);

class LeaderElector {
 public:
  // Fails when the config is inconsistent (empty names, renew_deadline >= lease_duration, …).
  static Result<std::unique_ptr<LeaderElector>> create(std::shared_ptr<LeaseApi> api,
                                                       LeaderElectionConfig config);

  // Campaigns, leads, and returns when leadership is lost or stop is requested.
  void run(std::stop_token stop);

  bool is_leader() const;
  // The holder last observed; "" when none yet.
  std::string leader() const;

 private:
  LeaderElector(std::shared_ptr<LeaseApi> api, LeaderElectionConfig config);
  // One attempt to take or renew the lease.
  bool try_acquire_or_renew();
  void release();
  void observe(const LeaseRecord& record);

  std::shared_ptr<LeaseApi> api_;
  LeaderElectionConfig cfg_;

  mutable std::mutex mu_;
  std::optional<LeaseRecord> observed_;
  std::chrono::steady_clock::time_point observed_at_{};
  Json last_lease_;  // the lease as last written or read by us, for release
  bool leading_ = false;
};

}  // namespace kro::kube

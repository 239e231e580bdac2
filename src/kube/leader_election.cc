#include "kube/leader_election.h"

#include <condition_variable>
#include <ctime>
#include <random>

namespace kro::kube {
namespace {

std::string string_field(const JsonObject& o, std::string_view key) {
  auto it = o.find(key);
  return it != o.end() && it->value().is_string() ? std::string(it->value().as_string())
                                                  : std::string();
}

std::int64_t int_field(const JsonObject& o, std::string_view key) {
  auto it = o.find(key);
  if (it == o.end()) return 0;
  if (it->value().is_int64()) return it->value().as_int64();
  if (it->value().is_uint64()) return static_cast<std::int64_t>(it->value().as_uint64());
  if (it->value().is_double()) return static_cast<std::int64_t>(it->value().as_double());
  return 0;
}

JsonObject spec_of(const LeaseRecord& r) {
  JsonObject spec;
  spec["holderIdentity"] = r.holder_identity;
  spec["leaseDurationSeconds"] = r.lease_duration_seconds;
  if (!r.acquire_time.empty()) spec["acquireTime"] = r.acquire_time;
  if (!r.renew_time.empty()) spec["renewTime"] = r.renew_time;
  spec["leaseTransitions"] = r.lease_transitions;
  return spec;
}

// Sleeps d or until stop; false when stopped.
bool sleep_for(std::stop_token& stop, std::chrono::milliseconds d) {
  std::mutex m;
  std::condition_variable_any cv;
  std::unique_lock lock(m);
  cv.wait_for(lock, stop, d, [] { return false; });
  return !stop.stop_requested();
}

std::chrono::milliseconds jittered(std::chrono::milliseconds d) {
  thread_local std::minstd_rand rng{std::random_device{}()};
  std::uniform_real_distribution<double> extra(0.0, 0.2);
  return d + std::chrono::milliseconds(
                 static_cast<std::int64_t>(static_cast<double>(d.count()) * extra(rng)));
}

}  // namespace

LeaseRecord lease_record_of(const Json& lease) {
  LeaseRecord r;
  const Json* spec = find_path(lease, "spec");
  if (spec == nullptr || !spec->is_object()) return r;
  const auto& o = spec->as_object();
  r.holder_identity = string_field(o, "holderIdentity");
  r.lease_duration_seconds = int_field(o, "leaseDurationSeconds");
  r.acquire_time = string_field(o, "acquireTime");
  r.renew_time = string_field(o, "renewTime");
  r.lease_transitions = int_field(o, "leaseTransitions");
  return r;
}

std::string micro_time(std::chrono::system_clock::time_point t) {
  auto secs = std::chrono::time_point_cast<std::chrono::seconds>(t);
  auto micros = std::chrono::duration_cast<std::chrono::microseconds>(t - secs).count();
  std::time_t tt = std::chrono::system_clock::to_time_t(secs);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  char out[80];
  std::snprintf(out, sizeof out, "%s.%06lldZ", buf, static_cast<long long>(micros));
  return out;
}

Result<std::unique_ptr<LeaderElector>> LeaderElector::create(std::shared_ptr<LeaseApi> api,
                                                             LeaderElectionConfig config) {
  if (!api) return Error("leader election: no lease API");
  if (config.lease_name.empty()) return Error("leader election: lease name is empty");
  if (config.lease_namespace.empty()) return Error("leader election: lease namespace is empty");
  if (config.identity.empty()) return Error("leader election: identity is empty");
  if (config.retry_period.count() <= 0) return Error("leader election: retry period must be > 0");
  if (config.renew_deadline >= config.lease_duration) {
    return Error("leader election: lease duration must be greater than renew deadline");
  }
  if (config.renew_deadline <= config.retry_period) {
    return Error("leader election: renew deadline must be greater than retry period");
  }
  if (config.lease_duration < std::chrono::seconds(1)) {
    // The Lease stores whole seconds; a shorter duration could not be written faithfully.
    return Error("leader election: lease duration must be at least 1s");
  }
  return std::unique_ptr<LeaderElector>(new LeaderElector(std::move(api), std::move(config)));
}

LeaderElector::LeaderElector(std::shared_ptr<LeaseApi> api, LeaderElectionConfig config)
    : api_(std::move(api)), cfg_(std::move(config)) {}

bool LeaderElector::is_leader() const {
  std::lock_guard lock(mu_);
  return leading_;
}

std::string LeaderElector::leader() const {
  std::lock_guard lock(mu_);
  return observed_ ? observed_->holder_identity : std::string();
}

void LeaderElector::observe(const LeaseRecord& record) {
  bool new_leader = false;
  {
    std::lock_guard lock(mu_);
    if (!observed_ || !(*observed_ == record)) {
      new_leader = !observed_ || observed_->holder_identity != record.holder_identity;
      observed_ = record;
      observed_at_ = std::chrono::steady_clock::now();
    }
  }
  if (new_leader && !record.holder_identity.empty() && cfg_.on_new_leader) {
    cfg_.on_new_leader(record.holder_identity);
  }
}

bool LeaderElector::try_acquire_or_renew() {
  auto now = std::chrono::system_clock::now();
  LeaseRecord mine;
  mine.holder_identity = cfg_.identity;
  mine.lease_duration_seconds =
      std::chrono::duration_cast<std::chrono::seconds>(cfg_.lease_duration).count();
  mine.acquire_time = micro_time(now);
  mine.renew_time = mine.acquire_time;

  auto current = api_->get(cfg_.lease_namespace, cfg_.lease_name);
  if (!current) {
    if (!current.error().is_not_found()) return false;
    JsonObject lease;
    lease["apiVersion"] = "coordination.k8s.io/v1";
    lease["kind"] = "Lease";
    lease["metadata"] = JsonObject{{"name", cfg_.lease_name}, {"namespace", cfg_.lease_namespace}};
    lease["spec"] = spec_of(mine);
    auto created = api_->create(cfg_.lease_namespace, Json(std::move(lease)));
    if (!created) return false;  // AlreadyExists: another candidate was faster
    observe(mine);
    std::lock_guard lock(mu_);
    last_lease_ = std::move(*created);
    return true;
  }

  LeaseRecord old = lease_record_of(*current);
  observe(old);
  bool held_by_me = old.holder_identity == cfg_.identity;
  if (!old.holder_identity.empty() && !held_by_me) {
    std::lock_guard lock(mu_);
    // Expiry is judged by when we saw the record change, on our clock; leaseDurationSeconds
    // comes from the holder, as in client-go.
    auto duration = std::chrono::seconds(old.lease_duration_seconds);
    if (std::chrono::steady_clock::now() < observed_at_ + duration) return false;
  }
  if (held_by_me) {
    mine.acquire_time = old.acquire_time;
    mine.lease_transitions = old.lease_transitions;
  } else {
    mine.lease_transitions = old.lease_transitions + 1;
  }

  Json updated = std::move(*current);
  updated.as_object()["spec"] = spec_of(mine);  // metadata.resourceVersion is the precondition
  auto written = api_->update(cfg_.lease_namespace, updated);
  if (!written) return false;  // Conflict: someone else wrote first
  observe(mine);
  std::lock_guard lock(mu_);
  last_lease_ = std::move(*written);
  return true;
}

void LeaderElector::release() {
  Json lease;
  {
    std::lock_guard lock(mu_);
    lease = last_lease_;
  }
  if (!lease.is_object()) return;
  LeaseRecord r = lease_record_of(lease);
  if (r.holder_identity != cfg_.identity) return;
  auto now = micro_time(std::chrono::system_clock::now());
  // As client-go: no holder, a one-second duration, and the transitions count kept.
  r.holder_identity.clear();
  r.lease_duration_seconds = 1;
  r.acquire_time = now;
  r.renew_time = now;
  lease.as_object()["spec"] = spec_of(r);
  auto written = api_->update(cfg_.lease_namespace, lease);
  if (written) observe(r);
}

void LeaderElector::run(std::stop_token stop) {
  // Campaign.
  while (!try_acquire_or_renew()) {
    if (!sleep_for(stop, jittered(cfg_.retry_period))) return;
  }
  {
    std::lock_guard lock(mu_);
    leading_ = true;
  }
  if (cfg_.on_started_leading) cfg_.on_started_leading();

  // Lead: renew until a renewal has not succeeded for renew_deadline, or until stopped.
  auto last_renew = std::chrono::steady_clock::now();
  bool stopped = false;
  for (;;) {
    if (!sleep_for(stop, cfg_.retry_period)) {
      stopped = true;
      break;
    }
    if (try_acquire_or_renew()) {
      last_renew = std::chrono::steady_clock::now();
      continue;
    }
    if (std::chrono::steady_clock::now() - last_renew >= cfg_.renew_deadline) break;
  }
  {
    std::lock_guard lock(mu_);
    leading_ = false;
  }
  if (stopped && cfg_.release_on_stop) release();
  if (cfg_.on_stopped_leading) cfg_.on_stopped_leading();
}

}  // namespace kro::kube

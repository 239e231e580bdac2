// The kro-controller command line. Flags carry upstream kro's names and meanings
// (docs/behaviour/metrics-and-flags.md, "Flags") wherever both mean the same; durations are
// Go duration strings ("200ms", "3s", "1m30s") as upstream's flag package accepts.
//
// Differences from upstream, on purpose:
// - --dynamic-controller-concurrent-reconciles defaults to 4 (upstream: 1): our reconciles mostly
//   wait on the API server, so a few workers converge many instances much faster.
// - Logging is spdlog: --log-level (debug|info|warn|error) and --log-format (console|json);
//   upstream's --zap-log-level and --zap-encoder are accepted as aliases.
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "value/result.h"

namespace kro::controller {

// --feature-gates (upstream's pkg/features, all alpha and off by default).
struct FeatureGates {
  // One Kubernetes Event on the instance per kro condition transition.
  bool instance_condition_events = false;
  // instance_condition_current_status_seconds: how long each condition of each instance has held
  // its status.
  bool instance_condition_metrics = false;
  // Upstream gates omit() in templates behind this; our compiler always accepts omit(), so the
  // gate is accepted and has no effect.
  bool cel_omit_function = false;
};

// "Name=bool,Name=bool" as Kubernetes' --feature-gates: names are case-sensitive, values are Go's
// strconv.ParseBool spellings (1, t, T, true, TRUE, True, 0, f, F, false, FALSE, False); an
// unknown name, a missing value or a bad bool is an error naming the entry. "" sets nothing.
Result<FeatureGates> parse_feature_gates(std::string_view text);

struct ControllerOptions {
  std::string metrics_bind_address = ":8078";  // "0" disables
  std::string health_probe_bind_address = ":8079";
  bool leader_elect = false;
  std::string leader_election_namespace;  // "" → the service account's namespace, else default
  std::string leader_election_id = "controller.kro.run";
  std::chrono::milliseconds leader_election_lease_duration{15000};
  std::chrono::milliseconds leader_election_renew_deadline{10000};
  std::chrono::milliseconds leader_election_retry_period{2000};
  bool allow_crd_deletion = false;
  std::chrono::milliseconds graceful_shutdown_timeout{60000};
  int rgd_concurrent_reconciles = 1;
  int dynamic_controller_concurrent_reconciles = 4;
  int dynamic_controller_max_concurrent_reconciles = 16;
  std::chrono::milliseconds dynamic_controller_rate_limiter_min_delay{200};
  std::chrono::milliseconds dynamic_controller_rate_limiter_max_delay{1000000};
  double dynamic_controller_rate_limiter_rate_limit = 10;
  int dynamic_controller_rate_limiter_burst_limit = 100;
  int dynamic_controller_default_resync_period_seconds = 36000;
  int dynamic_controller_default_queue_max_retries = 20;
  std::chrono::milliseconds instance_requeue_interval{3000};
  // kro-cpp extension: a Warning Event when a deletion (an instance's apply-order wave, an RGD's
  // instances) has waited this long; 0 never warns.
  std::chrono::milliseconds deletion_wait_warning{std::chrono::minutes(5)};
  double client_qps = 100;
  int client_burst = 150;
  int rgd_max_collection_size = 1000;
  int rgd_max_collection_dimension_size = 10;
  std::chrono::milliseconds rgd_progress_requeue_delay{3000};
  int rgd_max_graph_revisions = 5;  // GraphRevisions kept per RGD; 0 keeps every one
  // Accepted for upstream's chart; kro-cpp has no separate GraphRevision controller (the RGD
  // controller compiles each revision once, as it issues it).
  int graph_revision_concurrent_reconciles = 1;
  bool zap_devel = false;  // accepted for upstream's chart: development logging is --log-level
  std::string kubeconfig;  // "" → $KUBECONFIG, ~/.kube/config, in-cluster
  std::string context;
  std::string log_level = "info";
  std::string log_format = "console";
  FeatureGates feature_gates;
};

// The result of parsing: options, or the text to print and the exit code (--help, --version, or
// a usage error).
struct ParsedOptions {
  ControllerOptions options;
  bool exit = false;
  int exit_code = 0;
  std::string message;
};

ParsedOptions parse_options(const std::vector<std::string>& args);  // args without argv[0]

// Go's time.ParseDuration for the units a flag needs: ns, us, ms, s, m, h, with fractions and
// sums ("1h30m", "1.5s"); a bare "0" is zero. Negative durations are rejected.
Result<std::chrono::milliseconds> parse_duration(std::string_view text);

// ":8078" → {"0.0.0.0", 8078}; "127.0.0.1:9000" → {"127.0.0.1", 9000}; "0" → disabled.
struct BindAddress {
  std::string host;
  int port = 0;
  bool disabled = false;
};
Result<BindAddress> parse_bind_address(std::string_view text);

}  // namespace kro::controller

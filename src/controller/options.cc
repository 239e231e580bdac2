#include "controller/options.h"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cctype>
#include <charconv>

#include "controller/version.h"
#include "value/strings.h"

namespace kro::controller {

Result<std::chrono::milliseconds> parse_duration(std::string_view text) {
  // Flags take no sign: a negative period or timeout means nothing.
  if (!text.empty() && (text[0] == '-' || text[0] == '+')) {
    return Error(fmt::format("invalid duration \"{}\": expected a number at offset 0", text));
  }
  KRO_ASSIGN_OR_RETURN(std::int64_t nanos, parse_go_duration(text));
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::nanoseconds(nanos));
}

Result<BindAddress> parse_bind_address(std::string_view text) {
  BindAddress out;
  if (text == "0" || text.empty()) {
    out.disabled = true;
    return out;
  }
  std::size_t colon = text.rfind(':');
  if (colon == std::string_view::npos) {
    return Error(fmt::format("invalid bind address \"{}\": want [host]:port", text));
  }
  out.host = std::string(text.substr(0, colon));
  if (out.host.empty()) out.host = "0.0.0.0";
  if (out.host.size() >= 2 && out.host.front() == '[' && out.host.back() == ']') {
    out.host = out.host.substr(1, out.host.size() - 2);
  }
  std::string_view port = text.substr(colon + 1);
  auto [ptr, ec] = std::from_chars(port.data(), port.data() + port.size(), out.port);
  if (ec != std::errc() || ptr != port.data() + port.size() || out.port < 0 || out.port > 65535) {
    return Error(fmt::format("invalid bind address \"{}\": bad port \"{}\"", text, port));
  }
  return out;
}

Result<FeatureGates> parse_feature_gates(std::string_view text) {
  FeatureGates gates;
  struct Known {
    std::string_view name;
    bool FeatureGates::*field;
  };
  static constexpr Known kKnown[] = {
      {"InstanceConditionEvents", &FeatureGates::instance_condition_events},
      {"InstanceConditionMetrics", &FeatureGates::instance_condition_metrics},
      {"CELOmitFunction", &FeatureGates::cel_omit_function},
  };
  while (!text.empty()) {
    std::size_t comma = text.find(',');
    std::string_view entry = trim(text.substr(0, comma));
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
    if (entry.empty()) continue;
    std::size_t eq = entry.find('=');
    if (eq == std::string_view::npos) {
      return Error(fmt::format("missing bool value for {}", entry));
    }
    std::string_view name = trim(entry.substr(0, eq));
    std::string_view value = trim(entry.substr(eq + 1));
    const Known* known = nullptr;
    for (const auto& k : kKnown) {
      if (k.name == name) known = &k;
    }
    if (known == nullptr) {
      return Error(
          fmt::format("unrecognized feature gate: {} (known: InstanceConditionEvents, "
                      "InstanceConditionMetrics, CELOmitFunction)",
                      name));
    }
    bool on = false;
    if (value == "1" || value == "t" || value == "T" || value == "true" || value == "TRUE" ||
        value == "True") {
      on = true;
    } else if (value == "0" || value == "f" || value == "F" || value == "false" ||
               value == "FALSE" || value == "False") {
      on = false;
    } else {
      return Error(fmt::format("invalid value of {}={}: not a bool (true or false)", name, value));
    }
    gates.*(known->field) = on;
  }
  return gates;
}

namespace {

// A Go-duration flag bound to a milliseconds field.
void duration_flag(CLI::App& app, const std::string& name, std::chrono::milliseconds& target,
                   const std::string& help) {
  app.add_option_function<std::string>(
         name,
         [&target, name](const std::string& v) {
           auto d = parse_duration(v);
           if (!d) throw CLI::ValidationError(name, d.error().message);
           target = *d;
         },
         help)
      ->default_str(fmt::format("{}ms", target.count()));
}

// Serving, leader election and shutdown.
void add_manager_flags(CLI::App& app, ControllerOptions& o) {
  app.add_option("--metrics-bind-address", o.metrics_bind_address,
                 "Address of the Prometheus /metrics endpoint; \"0\" disables it")
      ->capture_default_str();
  app.add_option("--health-probe-bind-address", o.health_probe_bind_address,
                 "Address of /healthz and /readyz; \"0\" disables them")
      ->capture_default_str();
  app.add_flag("--leader-elect", o.leader_elect,
               "Elect a leader on the Lease controller.kro.run before reconciling");
  app.add_option("--leader-election-namespace", o.leader_election_namespace,
                 "Namespace of the leader election Lease (default: the service account's, else "
                 "default)");
  duration_flag(app, "--leader-election-lease-duration", o.leader_election_lease_duration,
                "How long a non-renewed lease stays valid");
  duration_flag(app, "--leader-election-renew-deadline", o.leader_election_renew_deadline,
                "How long the leader keeps trying to renew before giving up");
  duration_flag(app, "--leader-election-retry-period", o.leader_election_retry_period,
                "Pause between attempts to acquire or renew");
  app.add_flag("--allow-crd-deletion", o.allow_crd_deletion,
               "Delete a generated CRD (and so every instance) when its RGD is deleted");
  duration_flag(app, "--graceful-shutdown-timeout", o.graceful_shutdown_timeout,
                "How long running reconciles may take to finish at shutdown");
}

// The two controllers' workers, queues and requeues, and the client's rate.
void add_reconcile_flags(CLI::App& app, ControllerOptions& o) {
  app.add_option("--resource-graph-definition-concurrent-reconciles", o.rgd_concurrent_reconciles,
                 "RGD controller workers")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  app.add_option("--dynamic-controller-concurrent-reconciles",
                 o.dynamic_controller_concurrent_reconciles,
                 "Instance reconciles that always run at once (the adaptive limit's floor)")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  app.add_option("--dynamic-controller-max-concurrent-reconciles",
                 o.dynamic_controller_max_concurrent_reconciles,
                 "Ceiling of the instance reconciles run at once while the API server answers "
                 "promptly (kro-cpp; equal to the floor: a fixed pool)")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  duration_flag(app, "--dynamic-controller-rate-limiter-min-delay",
                o.dynamic_controller_rate_limiter_min_delay, "First retry delay of a failed item");
  duration_flag(app, "--dynamic-controller-rate-limiter-max-delay",
                o.dynamic_controller_rate_limiter_max_delay, "Longest retry delay of an item");
  app.add_option("--dynamic-controller-rate-limiter-rate-limit",
                 o.dynamic_controller_rate_limiter_rate_limit, "Overall retries per second")
      ->capture_default_str();
  app.add_option("--dynamic-controller-rate-limiter-burst-limit",
                 o.dynamic_controller_rate_limiter_burst_limit, "Overall retry burst")
      ->capture_default_str();
  app.add_option("--dynamic-controller-default-resync-period",
                 o.dynamic_controller_default_resync_period_seconds,
                 "Informer resync period, in seconds")
      ->capture_default_str();
  app.add_option("--dynamic-controller-default-queue-max-retries",
                 o.dynamic_controller_default_queue_max_retries,
                 "Failures before an instance is dropped until its next event")
      ->capture_default_str();
  duration_flag(app, "--instance-requeue-interval", o.instance_requeue_interval,
                "Safety-net requeue while an instance waits; 0 relies on watch events alone");
  duration_flag(app, "--deletion-wait-warning", o.deletion_wait_warning,
                "Warning Event when a deletion waits this long on children or instances; 0 "
                "never warns (kro-cpp extension)");
  app.add_option("--client-qps", o.client_qps, "Client requests per second")->capture_default_str();
  app.add_option("--client-burst", o.client_burst, "Client request burst")->capture_default_str();
  app.add_option("--rgd-max-collection-size", o.rgd_max_collection_size,
                 "Largest forEach expansion of one resource")
      ->capture_default_str();
  app.add_option("--rgd-max-collection-dimension-size", o.rgd_max_collection_dimension_size,
                 "Most forEach dimensions of one resource")
      ->capture_default_str();
  duration_flag(app, "--rgd-progress-requeue-delay", o.rgd_progress_requeue_delay,
                "Retry delay of an RGD waiting on its CRD");
  app.add_option("--rgd-max-graph-revisions", o.rgd_max_graph_revisions,
                 "GraphRevisions kept per RGD, newest first; 0 keeps every one")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  app.add_option("--graph-revision-concurrent-reconciles", o.graph_revision_concurrent_reconciles,
                 "Accepted for compatibility; revisions are compiled by the RGD workers")
      ->capture_default_str();
}

// Where the cluster is, logging, feature gates.
void add_environment_flags(CLI::App& app, ControllerOptions& o) {
  app.add_option("--kubeconfig", o.kubeconfig,
                 "Kubeconfig file (default: $KUBECONFIG, ~/.kube/config, in-cluster)");
  app.add_option("--context", o.context, "Kubeconfig context (default: current-context)");
  app.add_option("--log-level,--zap-log-level", o.log_level, "debug, info, warn or error")
      ->capture_default_str()
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error"}));
  app.add_flag("--zap-devel", o.zap_devel,
               "Accepted for compatibility with upstream's chart; use --log-level debug");
  app.add_option("--log-format,--zap-encoder", o.log_format, "console or json")
      ->capture_default_str()
      ->check(CLI::IsMember({"console", "json"}));
  app.add_option_function<std::string>(
      "--feature-gates",
      [&o](const std::string& v) {
        auto gates = parse_feature_gates(v);
        if (!gates) throw CLI::ValidationError("--feature-gates", gates.error().message);
        o.feature_gates = *gates;
      },
      "Alpha features, Name=bool,...: InstanceConditionEvents, InstanceConditionMetrics, "
      "CELOmitFunction (accepted, no effect: omit() is always available); all default to false");
}

// The exit of a parse that stopped at --help, --version or an error.
void parse_stopped(const CLI::App& app, const CLI::ParseError& e, ParsedOptions& out) {
  out.exit = true;
  out.exit_code = e.get_exit_code();
  if (e.get_name() == "CallForHelp" || e.get_name() == "CallForAllHelp") {
    out.message = app.help();
  } else if (e.get_name() == "CallForVersion") {
    out.message = reported_version() + "\n";
  } else {
    out.message = fmt::format("kro-controller: {}\nRun with --help for the flags.\n", e.what());
  }
}

// Checks across flags that CLI11 cannot express.
void check_options(ParsedOptions& out) {
  const ControllerOptions& o = out.options;
  for (const auto& [flag, value] :
       {std::pair{"--metrics-bind-address", o.metrics_bind_address},
        std::pair{"--health-probe-bind-address", o.health_probe_bind_address}}) {
    auto addr = parse_bind_address(value);
    if (!addr) {
      out.exit = true;
      out.exit_code = 2;
      out.message = fmt::format("kro-controller: {}: {}\n", flag, addr.error().message);
      return;
    }
  }
  if (o.leader_election_renew_deadline >= o.leader_election_lease_duration) {
    out.exit = true;
    out.exit_code = 2;
    out.message =
        "kro-controller: --leader-election-renew-deadline must be shorter than "
        "--leader-election-lease-duration\n";
  }
}

}  // namespace

ParsedOptions parse_options(const std::vector<std::string>& args) {
  ParsedOptions out;
  ControllerOptions& o = out.options;
  CLI::App app("kro-controller: the kro (Kube Resource Orchestrator) controller, in C++",
               "kro-controller");
  app.set_version_flag("--version", reported_version());
  add_manager_flags(app, o);
  add_reconcile_flags(app, o);
  add_environment_flags(app, o);

  std::vector<std::string> reversed(args.rbegin(), args.rend());  // CLI11 pops from the back
  try {
    app.parse(reversed);
  } catch (const CLI::ParseError& e) {
    parse_stopped(app, e, out);
    return out;
  }
  check_options(out);
  return out;
}

}  // namespace kro::controller

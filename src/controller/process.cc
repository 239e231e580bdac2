// The kro-controller process (controller/process.h).
#include "controller/process.h"

#include <signal.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <future>
#include <string>
#include <thread>
#include <vector>

#include "controller/manager.h"
#include "controller/options.h"
#include "controller/version.h"

namespace {

void setup_logging(const kro::controller::ControllerOptions& o) {
  auto logger = spdlog::stderr_logger_mt("kro");
  if (o.log_format == "json") {
    logger->set_pattern(
        R"({"ts":"%Y-%m-%dT%H:%M:%S.%fZ","level":"%l","logger":"kro","thread":%t,"msg":"%v"})",
        spdlog::pattern_time_type::utc);
  } else {
    logger->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %^%-5l%$ %v", spdlog::pattern_time_type::utc);
  }
  logger->set_level(spdlog::level::from_str(o.log_level));
  logger->flush_on(spdlog::level::info);
  spdlog::set_default_logger(logger);
}

}  // namespace

namespace kro::controller {

int run_controller_process(const std::vector<std::string>& args) {
  ParsedOptions parsed = parse_options(args);
  if (parsed.exit) {
    std::fputs(parsed.message.c_str(), parsed.exit_code == 0 ? stdout : stderr);
    return parsed.exit_code;
  }
  setup_logging(parsed.options);

  // Every thread inherits this mask, so the signals reach only the sigwait below.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  spdlog::info("kro-controller {} starting", reported_version());
  auto manager = Manager::create(parsed.options);
  if (!manager) {
    spdlog::error("cannot start: {}", manager.error().str());
    return 1;
  }
  if (auto st = (*manager)->start(); !st) {
    spdlog::error("cannot start: {}", st.error().str());
    return 1;
  }

  // A helper thread turns "leadership lost" into the same wake-up as a signal.
  Manager* m = manager->get();
  std::atomic<bool> lost{false};
  std::thread watcher([m, &lost] {
    if (m->wait_lost_leadership()) {
      lost = true;
      kill(getpid(), SIGTERM);
    }
  });
  int sig = 0;
  sigwait(&signals, &sig);
  if (!lost) spdlog::info("received {}", sig == SIGINT ? "SIGINT" : "SIGTERM");
  // --graceful-shutdown-timeout bounds how long running reconciles may take to finish.
  std::promise<void> stopped;
  std::future<void> stopped_future = stopped.get_future();
  std::thread stopper([m, &stopped] {
    m->stop();
    stopped.set_value();
  });
  if (stopped_future.wait_for(parsed.options.graceful_shutdown_timeout) ==
      std::future_status::timeout) {
    spdlog::error("graceful shutdown did not finish within {} ms; exiting",
                  parsed.options.graceful_shutdown_timeout.count());
    spdlog::shutdown();
    std::_Exit(1);
  }
  stopper.join();
  watcher.join();
  return lost ? 1 : 0;
}

}  // namespace kro::controller

// Runs the kro-controller binary as a child process for end-to-end tests: its output goes to a
// log file (kept for failure messages), stop() sends SIGTERM and reports the exit status, so a
// test can also prove the shutdown is graceful.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace kro::e2e {

class ControllerProcess {
 public:
  ControllerProcess() = default;
  ~ControllerProcess();  // SIGKILL if still running
  ControllerProcess(const ControllerProcess&) = delete;
  ControllerProcess& operator=(const ControllerProcess&) = delete;

  // Starts `binary args...` with KUBECONFIG=kubeconfig; false when it cannot be spawned.
  bool start(const std::string& binary, const std::vector<std::string>& args,
             const std::string& kubeconfig, const std::string& log_path);
  bool running();
  // SIGTERM, then waits up to timeout_ms; the exit code, or -1 when it had to be killed or
  // died by a signal.
  int stop(int timeout_ms = 30000);
  // The last `bytes` of the log.
  std::string log_tail(std::size_t bytes = 4000) const;

  struct ServedPorts {
    int metrics = 0;
    int probes = 0;
  };
  // The ports kro-controller reports having bound (its "serving /metrics on port N, /healthz
  // and /readyz on port M" line), waiting up to timeout_ms for that line; zeros when it never
  // came. Tests pass 127.0.0.1:0 for both addresses and read the ports here, so no port is
  // guessed and none can be taken by another process between the choice and the bind.
  ServedPorts wait_for_served_ports(int timeout_ms = 30000);

 private:
  pid_t pid_ = -1;
  std::string log_path_;
};

}  // namespace kro::e2e

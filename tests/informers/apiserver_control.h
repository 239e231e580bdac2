// Stops and restarts the kube-apiserver of a dev/cluster cluster, and compacts its etcd, so
// tests can prove that watches survive both. The cluster folder is the kubeconfig's folder;
// its pids/kube-apiserver file ("<pid> <start time>") names the process, whose command line is
// reused for the restart. The new process is recorded in the same file, in the same format,
// so `dev/cluster down` still stops it.
#pragma once

#include <string>
#include <vector>

#include "value/result.h"

namespace kro::itest {

class ApiserverControl {
 public:
  // cluster_dir: the folder holding kubeconfig, pids/ and ports.env.
  static Result<ApiserverControl> open(std::string cluster_dir);

  // SIGTERM and wait (up to 30 s) until the process is gone.
  Status stop();
  // Starts the recorded command line again, in its own session, logging to the cluster's log.
  Status start();
  // Compacts etcd to its current revision through its HTTP gateway; returns that revision.
  Result<long long> compact_etcd() const;

 private:
  std::string dir_;
  std::vector<std::string> argv_;
  std::string etcd_url_;
};

}  // namespace kro::itest

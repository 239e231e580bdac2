// The kro-controller process: parses the flags (controller/options.h), sets up logging, runs
// the Manager until SIGTERM or SIGINT (then stops it gracefully, bounded by
// --graceful-shutdown-timeout) or until leadership is lost. Shared by the kro-controller
// executable and the image's multi-call binary (cmd/kro-cpp).
//
// Returns the process exit code: 0 after a signal, 1 when leadership was lost (the caches may be
// stale), the controller cannot start or the shutdown overran; --help and --version print and
// return their code. Blocks SIGTERM and SIGINT for the calling thread (and every thread it
// starts), so call it from main before starting other threads.
#pragma once

#include <string>
#include <vector>

namespace kro::controller {

int run_controller_process(const std::vector<std::string>& args);

}  // namespace kro::controller

#include "controller_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

extern char** environ;

namespace kro::e2e {

ControllerProcess::~ControllerProcess() {
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
}

bool ControllerProcess::start(const std::string& binary, const std::vector<std::string>& args,
                              const std::string& kubeconfig, const std::string& log_path) {
  log_path_ = log_path;
  std::vector<std::string> argv_s{binary};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  std::vector<char*> argv;
  argv.reserve(argv_s.size() + 1);
  for (auto& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::vector<std::string> env_s;
  for (char** e = environ; *e != nullptr; ++e) {
    if (std::string_view(*e).substr(0, 11) != "KUBECONFIG=") env_s.emplace_back(*e);
  }
  env_s.push_back("KUBECONFIG=" + kubeconfig);
  std::vector<char*> envp;
  envp.reserve(env_s.size() + 1);
  for (auto& e : env_s) envp.push_back(e.data());
  envp.push_back(nullptr);
  const pid_t parent = getpid();
  // fork + exec rather than posix_spawn, for PR_SET_PDEATHSIG: a test process that crashes must
  // not leave its controller running, reconciling the RGDs of the tests that come after it.
  // Only async-signal-safe calls between fork and exec (the test process has threads).
  pid_ = fork();
  if (pid_ < 0) return false;
  if (pid_ == 0) {
    if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != parent) _exit(127);
    int fd = open(log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0 || dup2(fd, 1) < 0 || dup2(fd, 2) < 0) _exit(127);
    if (fd > 2) close(fd);
    execve(binary.c_str(), argv.data(), envp.data());
    _exit(127);
  }
  return true;
}

bool ControllerProcess::running() {
  if (pid_ <= 0) return false;
  int status = 0;
  if (waitpid(pid_, &status, WNOHANG) == pid_) {
    pid_ = -1;
    return false;
  }
  return true;
}

int ControllerProcess::stop(int timeout_ms) {
  if (pid_ <= 0) return -1;
  kill(pid_, SIGTERM);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  int status = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  kill(pid_, SIGKILL);
  waitpid(pid_, nullptr, 0);
  pid_ = -1;
  return -1;
}

std::string ControllerProcess::log_tail(std::size_t bytes) const {
  std::ifstream f(log_path_);
  std::stringstream ss;
  ss << f.rdbuf();
  std::string s = ss.str();
  return s.size() > bytes ? s.substr(s.size() - bytes) : s;
}

ControllerProcess::ServedPorts ControllerProcess::wait_for_served_ports(int timeout_ms) {
  static const std::regex kLine(
      R"(serving /metrics on port (\d+), /healthz and /readyz on port (\d+))");
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  do {
    std::ifstream f(log_path_);
    std::stringstream ss;
    ss << f.rdbuf();
    std::string log = ss.str();
    std::smatch m;
    if (std::regex_search(log, m, kLine)) return {std::stoi(m[1].str()), std::stoi(m[2].str())};
    if (!running()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  } while (std::chrono::steady_clock::now() < deadline);
  return {};
}

}  // namespace kro::e2e

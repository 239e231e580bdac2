#include "apiserver_control.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <thread>

#include "value/json.h"

namespace kro::itest {
namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Field 22 of /proc/<pid>/stat: what dev/cluster records to recognise its processes.
std::string start_time(pid_t pid) {
  std::string stat = slurp("/proc/" + std::to_string(pid) + "/stat");
  auto close = stat.rfind(')');
  if (close == std::string::npos) return {};
  std::istringstream rest(stat.substr(close + 2));
  std::string field;
  for (int i = 3; i <= 22 && (rest >> field); ++i) {
  }
  return field;
}

bool alive(pid_t pid) { return kill(pid, 0) == 0; }

// Runs a command and returns its stdout (small outputs only).
Result<std::string> run(const std::string& cmd) {
  FILE* p = popen(cmd.c_str(), "r");
  if (p == nullptr) return Error("cannot run: " + cmd);
  std::string out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  int rc = pclose(p);
  if (rc != 0) return Error("command failed (" + std::to_string(rc) + "): " + cmd);
  return out;
}

}  // namespace

Result<ApiserverControl> ApiserverControl::open(std::string cluster_dir) {
  ApiserverControl c;
  c.dir_ = std::move(cluster_dir);
  std::string pidfile = c.dir_ + "/pids/kube-apiserver";
  std::istringstream in(slurp(pidfile));
  pid_t pid = 0;
  if (!(in >> pid) || pid <= 0) {
    return Error("no kube-apiserver pid in " + pidfile + " (is this a dev/cluster cluster?)");
  }
  std::string cmdline = slurp("/proc/" + std::to_string(pid) + "/cmdline");
  if (cmdline.empty())
    return Error("kube-apiserver pid " + std::to_string(pid) + " is not running");
  for (size_t start = 0; start < cmdline.size();) {
    size_t end = cmdline.find('\0', start);
    if (end == std::string::npos) end = cmdline.size();
    c.argv_.push_back(cmdline.substr(start, end - start));
    start = end + 1;
  }
  if (cmdline.find(c.dir_ + "/") == std::string::npos) {
    return Error("pid " + std::to_string(pid) + " does not belong to " + c.dir_);
  }
  std::istringstream ports(slurp(c.dir_ + "/ports.env"));
  for (std::string line; std::getline(ports, line);) {
    if (line.rfind("ETCD_CLIENT_PORT=", 0) == 0) {
      c.etcd_url_ = "http://127.0.0.1:" + line.substr(17);
    }
  }
  if (c.etcd_url_.empty()) return Error("no ETCD_CLIENT_PORT in " + c.dir_ + "/ports.env");
  return c;
}

Status ApiserverControl::stop() {
  std::istringstream in(slurp(dir_ + "/pids/kube-apiserver"));
  pid_t pid = 0;
  if (!(in >> pid) || pid <= 0) return Error("no kube-apiserver pid recorded");
  if (kill(pid, SIGTERM) != 0)
    return Error("cannot signal kube-apiserver pid " + std::to_string(pid));
  // A graceful shutdown can take half a minute (it waits for its own controllers); after a
  // few seconds the test treats it as a crash and kills it.
  auto start = std::chrono::steady_clock::now();
  bool killed = false;
  while (alive(pid)) {
    // Reap it if it is our child (after a restart by this process); harmless otherwise.
    waitpid(pid, nullptr, WNOHANG);
    auto waited = std::chrono::steady_clock::now() - start;
    if (!killed && waited > std::chrono::seconds(3)) {
      kill(pid, SIGKILL);
      killed = true;
    }
    if (waited > std::chrono::seconds(30)) return Error("kube-apiserver did not stop");
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return {};
}

Status ApiserverControl::start() {
  std::vector<char*> args;
  for (auto& a : argv_) args.push_back(a.data());
  args.push_back(nullptr);
  std::string log = dir_ + "/logs/kube-apiserver.log";
  int log_fd = ::open(log.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  int null_fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  if (log_fd < 0 || null_fd < 0) return Error("cannot open " + log);
  pid_t pid = fork();
  if (pid < 0) return Error("fork failed");
  if (pid == 0) {
    // Only async-signal-safe calls between fork and exec.
    setsid();
    dup2(null_fd, 0);
    dup2(log_fd, 1);
    dup2(log_fd, 2);
    execv(args[0], args.data());
    _exit(127);
  }
  ::close(log_fd);
  ::close(null_fd);
  // Wait for the exec (the command line then names the cluster folder), then record it.
  for (int i = 0; i < 200; ++i) {
    std::string cmd = slurp("/proc/" + std::to_string(pid) + "/cmdline");
    if (cmd.find(dir_ + "/") != std::string::npos) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  std::ofstream(dir_ + "/pids/kube-apiserver") << pid << " " << start_time(pid) << "\n";
  return {};
}

Result<long long> ApiserverControl::compact_etcd() const {
  auto range =
      run("curl -sf -X POST " + etcd_url_ + "/v3/kv/range -d '{\"key\":\"AA==\",\"limit\":1}'");
  if (!range) return range.error();
  auto doc = parse_json(*range);
  if (!doc) return doc.error();
  const Json* rev = find_path(*doc, "header.revision");
  if (rev == nullptr || !rev->is_string()) return Error("etcd range answer without revision");
  std::string r(rev->as_string());
  auto done = run("curl -sf -X POST " + etcd_url_ + "/v3/kv/compaction -d '{\"revision\":\"" + r +
                  "\",\"physical\":true}'");
  if (!done) return done.error();
  return std::stoll(r);
}

}  // namespace kro::itest

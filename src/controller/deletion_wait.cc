#include "controller/deletion_wait.h"

#include <algorithm>

#include "controller/instance_metrics.h"
#include "fmt/format.h"

namespace kro::controller {

namespace {

using std::chrono::seconds;

std::string meta_string(const Json& object, std::string_view key) {
  const Json* v = find_path(object, std::string("metadata.") + std::string(key));
  return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
}

std::string named_list(const std::vector<DeletionBlocker>& blockers, bool with_kind) {
  std::string out;
  std::size_t named = std::min(blockers.size(), kMaxNamedBlockers);
  for (std::size_t i = 0; i < named; ++i) {
    if (i > 0) out += ", ";
    out += describe_blocker(blockers[i], with_kind);
  }
  if (blockers.size() > named) out += fmt::format(" and {} more", blockers.size() - named);
  return out;
}

}  // namespace

DeletionBlocker deletion_blocker_of(const Json& object, std::string kind) {
  DeletionBlocker b;
  b.kind = std::move(kind);
  b.namespace_ = meta_string(object, "namespace");
  b.name = meta_string(object, "name");
  b.deletion_timestamp = meta_string(object, "deletionTimestamp");
  const Json* f = find_path(object, "metadata.finalizers");
  if (f != nullptr && f->is_array()) {
    for (const Json& e : f->as_array()) {
      if (e.is_string()) b.finalizers.emplace_back(e.as_string());
    }
  }
  return b;
}

std::optional<std::chrono::system_clock::time_point> waiting_since(
    const std::vector<DeletionBlocker>& blockers) {
  std::optional<std::chrono::system_clock::time_point> since;
  for (const auto& b : blockers) {
    auto t = parse_rfc3339(b.deletion_timestamp);
    if (t && (!since || *t < *since)) since = t;
  }
  return since;
}

seconds waited(std::chrono::system_clock::time_point since,
               std::chrono::system_clock::time_point now) {
  return now > since ? std::chrono::duration_cast<seconds>(now - since) : seconds(0);
}

std::string format_wait(seconds d) {
  long s = std::max<long>(0, static_cast<long>(d.count()));
  if (s < 60) return fmt::format("{}s", s);
  if (s < 3600) return fmt::format("{}m", s / 60);
  if (s < 86400) {
    long h = s / 3600;
    long m = (s % 3600) / 60;
    return m == 0 ? fmt::format("{}h", h) : fmt::format("{}h{}m", h, m);
  }
  long days = s / 86400;
  long h = (s % 86400) / 3600;
  return h == 0 ? fmt::format("{}d", days) : fmt::format("{}d{}h", days, h);
}

std::string describe_blocker(const DeletionBlocker& b, bool with_kind) {
  std::string out = with_kind ? b.kind + " " : std::string();
  out += b.namespace_.empty() ? b.name : b.namespace_ + "/" + b.name;
  if (b.finalizers.size() == 1) {
    out += fmt::format(" (finalizer {})", b.finalizers.front());
  } else if (!b.finalizers.empty()) {
    out += fmt::format(" (finalizers {})", fmt::join(b.finalizers, ", "));
  }
  return out;
}

std::string deletion_wait_message(const std::vector<DeletionBlocker>& blockers, seconds waited) {
  return fmt::format("waiting for {} for {}", named_list(blockers, true), format_wait(waited));
}

std::string rgd_instances_message(std::string_view kind,
                                  const std::vector<DeletionBlocker>& instances, seconds waited,
                                  bool deleting) {
  std::string count =
      fmt::format("{} instance{} of {}", instances.size(), instances.size() == 1 ? "" : "s", kind);
  std::string what = deleting ? fmt::format("deleting {} before its CRD", count)
                              : fmt::format("waiting for {} to be deleted", count);
  return fmt::format("{}: {} for {}", what, named_list(instances, false), format_wait(waited));
}

std::string stalled_event_message(const std::vector<DeletionBlocker>& blockers,
                                  std::chrono::milliseconds threshold, bool with_kind) {
  return fmt::format("deletion has waited longer than {} for {}",
                     format_wait(std::chrono::duration_cast<seconds>(threshold)),
                     named_list(blockers, with_kind));
}

bool wait_stalled(seconds waited, std::chrono::milliseconds threshold) {
  return threshold.count() > 0 && waited >= threshold;
}

std::optional<std::chrono::milliseconds> until_stalled(seconds waited,
                                                       std::chrono::milliseconds threshold) {
  if (threshold.count() <= 0 || waited >= threshold) return std::nullopt;
  // One second more: `waited` is whole seconds, so the wait has surely passed it by then.
  return threshold - std::chrono::duration_cast<std::chrono::milliseconds>(waited) +
         std::chrono::seconds(1);
}

}  // namespace kro::controller

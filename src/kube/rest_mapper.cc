#include "kube/rest_mapper.h"

#include <algorithm>
#include <cctype>

#include "value/strings.h"

namespace kro::kube {

namespace {

// Built with append, not operator+: gcc 12 gives a false -Wrestrict on "x" + std::string.
std::string quoted(std::string_view s) {
  std::string out;
  out += '"';
  out += s;
  out += '"';
  return out;
}

std::string group_kind_str(std::string_view group, std::string_view kind) {
  std::string out(kind);
  if (!group.empty()) {
    out += '.';
    out += group;
  }
  return out;
}

}  // namespace

RestMapper::RestMapper(std::shared_ptr<Discovery> discovery,
                       std::chrono::milliseconds min_refresh_interval)
    : discovery_(std::move(discovery)), min_interval_(min_refresh_interval) {}

template <typename Pred>
ApiResult<ApiResource> RestMapper::find(Pred pred, const std::string& what) {
  auto lookup = [&](const DiscoverySnapshot& s) -> const ApiResource* {
    for (const auto& r : s.resources)
      if (pred(r, s)) return &r;
    return nullptr;
  };
  auto snap = discovery_->snapshot();
  if (const ApiResource* r = lookup(*snap)) return *r;
  {
    // Refresh at most once per interval, so a burst of lookups for something that really does
    // not exist costs one discovery round, not one each.
    std::lock_guard lock(mu_);
    auto now = std::chrono::steady_clock::now();
    bool fresh_enough = discovery_->generation() > 0 && now - last_refresh_ < min_interval_;
    if (!fresh_enough) {
      last_refresh_ = now;
      KRO_RETURN_IF_ERROR(discovery_->refresh());
    }
  }
  snap = discovery_->snapshot();
  if (const ApiResource* r = lookup(*snap)) return *r;
  return client_side_error(Reason::kNotFound, "no resource found for " + what, 404);
}

ApiResult<ApiResource> RestMapper::resource_for(const GroupVersionKind& gvk) {
  return find(
      [&](const ApiResource& r, const DiscoverySnapshot&) {
        return r.kind == gvk.kind && r.gvr.group == gvk.group && r.gvr.version == gvk.version;
      },
      gvk.str());
}

ApiResult<ApiResource> RestMapper::resource_for_group_kind(std::string_view group,
                                                           std::string_view kind) {
  return find(
      [&](const ApiResource& r, const DiscoverySnapshot& s) {
        if (r.kind != kind || r.gvr.group != group) return false;
        auto p = s.preferred.find(r.gvr.group);
        return p == s.preferred.end() || p->second == r.gvr.version;
      },
      group_kind_str(group, kind));
}

ApiResult<ApiResource> RestMapper::kind_for(const GroupVersionResource& gvr) {
  return find([&](const ApiResource& r, const DiscoverySnapshot&) { return r.gvr == gvr; },
              gvr.str());
}

ApiResult<ApiResource> RestMapper::resolve(std::string_view name) {
  // "deployments.apps" / "deploy" / "Deployment" / "deployment": the part after the first dot
  // is the group; matching is case-insensitive like kubectl's.
  const std::string lower = ascii_lower(name);
  std::string res = lower;
  std::string group;
  bool has_group = false;
  if (auto dot = lower.find('.'); dot != std::string::npos) {
    res = lower.substr(0, dot);
    group = lower.substr(dot + 1);
    has_group = true;
  }
  auto lkind = [](const std::string& k) { return ascii_lower(k); };
  return find(
      [&](const ApiResource& r, const DiscoverySnapshot& s) {
        if (has_group && r.gvr.group != group) return false;
        auto p = s.preferred.find(r.gvr.group);
        if (p != s.preferred.end() && p->second != r.gvr.version) return false;
        if (r.gvr.resource == res || r.singular == res || lkind(r.kind) == res) return true;
        return std::find(r.short_names.begin(), r.short_names.end(), res) != r.short_names.end();
      },
      quoted(name));
}

}  // namespace kro::kube

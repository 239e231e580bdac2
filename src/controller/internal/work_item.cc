#include "controller/internal/work_item.h"

#include "fmt/format.h"

namespace kro::controller::internal {

std::string gvr_key(const kube::GroupVersionResource& gvr) {
  return fmt::format("{}/{}/{}", gvr.group, gvr.version, gvr.resource);
}

std::string item_key(const kube::GroupVersionResource& gvr, std::string_view ns,
                     std::string_view name) {
  return fmt::format("{}|{}/{}", gvr_key(gvr), ns, name);
}

ItemKey parse_item_key(const std::string& key) {
  ItemKey k;
  auto bar = key.find('|');
  k.gvr = key.substr(0, bar);
  std::string rest = bar == std::string::npos ? std::string() : key.substr(bar + 1);
  auto slash = rest.find('/');
  k.ns = rest.substr(0, slash);
  k.name = slash == std::string::npos ? std::string() : rest.substr(slash + 1);
  return k;
}

}  // namespace kro::controller::internal

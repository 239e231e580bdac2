// Keys of the dynamic controller's work queue: one item per instance,
// "<group>/<version>/<resource>|<namespace>/<name>". Only the controller layer uses them.
#pragma once

#include <string>
#include <string_view>

#include "kube/gvk.h"

namespace kro::controller::internal {

// "<group>/<version>/<resource>": how the controller's maps key a GVR.
std::string gvr_key(const kube::GroupVersionResource& gvr);

// The work queue item of one instance.
std::string item_key(const kube::GroupVersionResource& gvr, std::string_view ns,
                     std::string_view name);

// An item key taken apart; gvr is a gvr_key().
struct ItemKey {
  std::string gvr;
  std::string ns;
  std::string name;
};

ItemKey parse_item_key(const std::string& key);

}  // namespace kro::controller::internal

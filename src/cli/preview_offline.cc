#include "cli/preview_offline.h"

#include "controller/applyset.h"
#include "controller/labels.h"

namespace kro::cli {

Result<std::vector<Json>> OfflineCluster::members(const Json& instance) {
  using controller::label_of;
  std::string applyset = controller::applyset_id_of(instance);
  std::string name = string_at(instance, "metadata.name");
  std::string ns = string_at(instance, "metadata.namespace");
  std::string kind = string_at(instance, "kind");
  std::vector<Json> out;
  for (const auto& o : pool_.objects()) {
    bool part_of = label_of(*o, controller::kApplySetPartOfLabel) == applyset;
    bool labelled = label_of(*o, controller::kInstanceKindLabel) == kind &&
                    label_of(*o, controller::kInstanceNameLabel) == name &&
                    label_of(*o, controller::kInstanceNamespaceLabel) == ns;
    if (part_of || labelled) out.push_back(*o);
  }
  return out;
}

Result<Json> OfflineCluster::after_apply(const Json& object, const Json& live,
                                         const Json* previous) {
  return apply_offline(live, object, previous);
}

const Json* OfflineCluster::named(std::string_view api_version, std::string_view kind,
                                  std::string_view name) const {
  for (const auto& o : pool_.objects()) {
    runtime::ObjectIdentity id = runtime::identity_of(*o);
    if (id.api_version() == api_version && id.kind == kind && id.name == name) return o.get();
  }
  return nullptr;
}

std::vector<Json> OfflineCluster::all_of(std::string_view api_version,
                                         std::string_view kind) const {
  std::vector<Json> out;
  for (const auto& o : pool_.objects()) {
    runtime::ObjectIdentity id = runtime::identity_of(*o);
    if (id.api_version() == api_version && id.kind == kind) out.push_back(*o);
  }
  return out;
}

}  // namespace kro::cli

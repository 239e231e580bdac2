// `kro preview --observed DIR`: the cluster is a folder of objects (the input `kro render
// --observed` takes). The RGD and CRD in the cluster, the instances and their children all come
// from it, and an apply is simulated by preview_diff.h's apply_offline (no API server: defaulting,
// admission and other managers' claims are not known).
#pragma once

#include "cli/observed.h"
#include "cli/preview_plan.h"

namespace kro::cli {

class OfflineCluster : public PreviewCluster {
 public:
  explicit OfflineCluster(const ObservedPool& pool) : pool_(pool) {}

  const Document* find(const runtime::ObjectIdentity& id) const override { return pool_.find(id); }
  std::vector<Document> select(std::string_view api_version, std::string_view kind,
                               std::string_view namespace_, const Json& selector) const override {
    return pool_.select(api_version, kind, namespace_, selector);
  }
  bool dry_run() const override { return false; }
  // Objects that name the instance as their ApplySet parent (applyset.kubernetes.io/part-of)
  // or, for hand-written folders, as their instance (kro.run/instance-kind, -name, -namespace).
  Result<std::vector<Json>> members(const Json& instance) override;
  Result<Json> after_apply(const Json& object, const Json& live, const Json* previous) override;

  // The first object of an apiVersion and kind named `name` (any namespace), or nullptr.
  const Json* named(std::string_view api_version, std::string_view kind,
                    std::string_view name) const;
  // Every object of an apiVersion and kind.
  std::vector<Json> all_of(std::string_view api_version, std::string_view kind) const;

 private:
  const ObservedPool& pool_;
};

}  // namespace kro::cli

// `kro preview` against an API server: objects are read on demand (and kept for the run), the
// instance's children are its ApplySet's members found the way the controller's prune finds
// them (by the inventory's group-kinds and namespaces and the part-of label), and an apply is a
// server-side apply with dryRun=All under the controller's field manager (kro.run/applyset,
// force), so the server's defaulting, admission and other managers' fields all count. Nothing
// is written.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>

#include "cli/preview_plan.h"
#include "kube/rest_client.h"
#include "kube/rest_mapper.h"

namespace kro::cli {

class LiveCluster : public PreviewCluster {
 public:
  // Through a kubeconfig file ("" = the one kubectl would use) and context ("" = current).
  static Result<std::unique_ptr<LiveCluster>> connect(const std::string& kubeconfig,
                                                      const std::string& context);

  const Document* find(const runtime::ObjectIdentity& id) const override;
  std::vector<Document> select(std::string_view api_version, std::string_view kind,
                               std::string_view namespace_, const Json& selector) const override;
  bool dry_run() const override { return true; }
  Result<std::vector<Json>> members(const Json& instance) override;
  Result<Json> after_apply(const Json& object, const Json& live, const Json* previous) override;

  // A cluster-scoped or namespaced object by resource; nullopt when it does not exist.
  Result<std::optional<Json>> get(const kube::GroupVersionResource& gvr, const std::string& ns,
                                  const std::string& name) const;
  // Every object of a resource in all namespaces.
  Result<std::vector<Json>> list_all(const kube::GroupVersionResource& gvr,
                                     const std::string& label_selector = "") const;

 private:
  LiveCluster(kube::RestClient client, std::shared_ptr<kube::RestMapper> mapper)
      : client_(std::move(client)), mapper_(std::move(mapper)) {}

  kube::RestClient client_;
  std::shared_ptr<kube::RestMapper> mapper_;
  mutable std::map<std::string, Document> cache_;  // by identity; null = not found
};

}  // namespace kro::cli

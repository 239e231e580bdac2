// Schemas of the built-in Kubernetes kinds from a snapshot of a release's /openapi/v3 documents
// (dev/capture-openapi writes data/openapi/k8s-<version>/schemas.json; the build embeds it), and
// of CustomResourceDefinitions given as objects or files (`kro validate --crds DIR`).
#pragma once

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "graph/schema_resolver.h"
#include "value/json.h"
#include "value/result.h"

namespace kro::graph {

// A snapshot: {"kubernetesVersion", "kinds": [{apiVersion, kind, namespaced, schema}],
// "components": {"schemas": {...}}}; each kind's schema is a reference into the components.
class SnapshotSchemaResolver final : public SchemaResolver {
 public:
  static Result<std::shared_ptr<const SnapshotSchemaResolver>> from_json(Json snapshot);
  static Result<std::shared_ptr<const SnapshotSchemaResolver>> load(const std::string& path);
  // The snapshot embedded in the binary, parsed once on first use; an error when the build had
  // no snapshot to embed.
  static Result<std::shared_ptr<const SnapshotSchemaResolver>> builtin();

  Result<KindSchemaPtr> resolve(std::string_view api_version, std::string_view kind) const override;

  const std::string& kubernetes_version() const { return version_; }
  std::size_t kind_count() const { return kinds_.size(); }
  // The document holding the shared component schemas (ObjectMeta, PodSpec ...).
  const Document& document() const { return document_; }

 private:
  SnapshotSchemaResolver() = default;
  std::string version_;
  Document document_;
  std::map<std::pair<std::string, std::string>, KindSchemaPtr, std::less<>> kinds_;
};

// The CEL-relevant name of the ObjectMeta definition in Kubernetes' OpenAPI documents.
inline constexpr const char* kObjectMetaRef =
    "#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";

// Kinds defined by CustomResourceDefinition objects (every served version). A CRD's own schema
// says only `metadata: {type: object}`; when `refs` holds the ObjectMeta component (the
// built-in snapshot's document), metadata is typed as the API server publishes it.
class CrdSchemaResolver final : public SchemaResolver {
 public:
  // Errors name the CRD (by its metadata.name) and the offending field.
  static Result<std::shared_ptr<const CrdSchemaResolver>> from_objects(
      const std::vector<Json>& crds, Document refs = nullptr);
  // Every CustomResourceDefinition in the YAML/JSON files of a folder (*.yaml, *.yml, *.json,
  // not recursive) or in one file; other objects are skipped.
  static Result<std::shared_ptr<const CrdSchemaResolver>> load(const std::string& path,
                                                               Document refs = nullptr);

  Result<KindSchemaPtr> resolve(std::string_view api_version, std::string_view kind) const override;
  std::size_t kind_count() const { return kinds_.size(); }

 private:
  CrdSchemaResolver() = default;
  std::map<std::pair<std::string, std::string>, KindSchemaPtr, std::less<>> kinds_;
};

// The resolver offline tools use: CRDs first (when given), then the built-in snapshot.
Result<SchemaResolverPtr> offline_schema_resolver(const std::string& crd_path = "");

}  // namespace kro::graph

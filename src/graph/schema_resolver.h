// Where typing finds the OpenAPI schema of a resource kind (docs/behaviour/compile-and-typing.md):
// upstream combines compiled-in schemas of the built-in kinds with the API server's /openapi/v3
// documents. Here a SchemaResolver answers "apiVersion + kind → schema + scope"; the
// implementations are
//   - BuiltinSchemaResolver: the snapshot of a Kubernetes release's built-in kinds kept under
//     data/openapi/ (dev/capture-openapi writes it);
//   - CrdSchemaResolver: CustomResourceDefinition objects (files given to `kro validate --crds`);
//   - FunctionSchemaResolver: any lookup function (the controller wires the API server's
//     OpenAPI v3 client and discovery through it);
//   - resolve::ServerSchemaResolver: the API server (in src/resolve/, above graph and kube);
//   - ChainSchemaResolver: asks each resolver in turn, first answer wins.
// An unknown kind is an error in upstream's words:
//   cannot resolve group version kind "apps/v1, Kind=Foo": schema not found
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "value/json.h"
#include "value/result.h"

namespace kro::graph {

// The schema of one kind. `document` holds the targets of the schema's "$ref"s
// ("#/components/schemas/<name>"), when it has any; for a snapshot or server kind the schema
// itself is often just such a reference.
struct KindSchema {
  std::string api_version;
  std::string kind;
  bool namespaced = true;
  Json schema;         // an OpenAPI v3 schema object
  Document document;   // may be null
  std::string source;  // where it came from, for messages and tools ("builtin", a file, "server")

  // The target of a "$ref" inside the schema, or nullptr.
  const Json* ref(std::string_view ref) const;
  // `s` with every leading "$ref" and single-entry allOf (how generated schemas attach a
  // description to a reference) followed; nullptr when a reference does not resolve.
  const Json* deref(const Json* s) const;
};

using KindSchemaPtr = std::shared_ptr<const KindSchema>;

// "apps/v1, Kind=Deployment" (Kubernetes' GVK spelling; "/v1, Kind=Pod" for the core group).
std::string gvk_string(std::string_view api_version, std::string_view kind);
// cannot resolve group version kind "<gvk>": schema not found
Error schema_not_found(std::string_view api_version, std::string_view kind);
// The same when the API server has no OpenAPI document for the whole group-version, worded as
// apiserver's discovery resolver words it: cannot resolve group version "example.com/v1": ...
Error group_version_not_found(std::string_view api_version);
// Whether an error is either "schema not found" one (a chained resolver then asks the next).
bool is_schema_not_found(const Error& e);
// Whether it is the group-version one.
bool is_group_version_not_found(const Error& e);

class SchemaResolver {
 public:
  SchemaResolver() = default;
  SchemaResolver(const SchemaResolver&) = delete;
  SchemaResolver& operator=(const SchemaResolver&) = delete;
  virtual ~SchemaResolver() = default;

  // The schema of a kind, or an error (schema_not_found() when the kind is unknown). Must be
  // thread-safe.
  virtual Result<KindSchemaPtr> resolve(std::string_view api_version,
                                        std::string_view kind) const = 0;
};

using SchemaResolverPtr = std::shared_ptr<const SchemaResolver>;

// Answers through a function (e.g. a client of the API server's /openapi/v3 and discovery).
class FunctionSchemaResolver final : public SchemaResolver {
 public:
  using Fn =
      std::function<Result<KindSchemaPtr>(std::string_view api_version, std::string_view kind)>;
  explicit FunctionSchemaResolver(Fn fn) : fn_(std::move(fn)) {}
  Result<KindSchemaPtr> resolve(std::string_view api_version,
                                std::string_view kind) const override {
    return fn_(api_version, kind);
  }

 private:
  Fn fn_;
};

// Asks each resolver in order; a "schema not found" answer passes to the next one, any other
// error stops the search.
class ChainSchemaResolver final : public SchemaResolver {
 public:
  explicit ChainSchemaResolver(std::vector<SchemaResolverPtr> resolvers);
  Result<KindSchemaPtr> resolve(std::string_view api_version, std::string_view kind) const override;

 private:
  std::vector<SchemaResolverPtr> resolvers_;
};

}  // namespace kro::graph

// Synthesis of the CustomResourceDefinition that kro generates for an RGD's instance kind, as
// upstream's pkg/graph/crd (crd.go, defaults.go) plus the labels its RGD controller stamps on
// the CRD. The output is the CRD as a JSON object with members in the Go struct order of
// apiextensions.k8s.io/v1 (what the API server returns), ready for server-side apply or for
// `kro crd` to print.
//
//   metadata.name           <plural>.<group>, plural = flect-pluralize(lowercase(kind))
//   spec.names              plural, singular (lowercase kind), shortNames, kind, listKind
//                           (kind + "List"), categories
//   spec.versions[0]        name = apiVersion, served, storage, the schema, the status
//                           subresource, printer columns (the RGD's, else State/Ready/Age)
//   openAPIV3Schema         {apiVersion, kind: string; metadata: object; spec; status}
//   status                  the user's status schema plus kro's `state` and `conditions`
//                           unless the user's schema already has them
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "schema/openapi_schema.h"
#include "value/json.h"
#include "value/result.h"

namespace kro::schema {

struct CrdOptions {
  std::string group = "kro.run";
  std::string api_version;           // e.g. "v1alpha1"
  std::string kind;                  // e.g. "Application"
  std::string scope = "Namespaced";  // or "Cluster"
  Schema spec;                       // from simple_schema_to_openapi
  Schema status;                     // the user part, inferred from CEL output types
  // schema.additionalPrinterColumns (apiextensions CustomResourceColumnDefinition objects); when
  // empty the default State/Ready/Age columns are used.
  std::vector<Json> printer_columns;
  std::vector<std::string> short_names;
  std::vector<std::string> categories;
  // schema.metadata.labels / annotations, applied to the CRD object.
  std::vector<std::pair<std::string, std::string>> labels;
  std::vector<std::pair<std::string, std::string>> annotations;
  // kro's ownership labels; left out when rgd_name is empty (offline output).
  std::string rgd_name;
  std::string rgd_uid;
  std::string kro_version;  // "+" is replaced by "-" as upstream does for label values
};

// The schema of kro's `status.state` and `status.conditions` fields.
Schema default_state_schema();
Schema default_conditions_schema();
// The State / Ready / Age printer columns.
std::vector<Json> default_printer_columns();

// Adds kro's `state` and `conditions` to the user's status schema (type object) unless present.
Schema merge_status_schema(Schema user_status);

// The whole openAPIV3Schema of the instance kind.
Schema instance_schema(const Schema& spec, const Schema& status);

// The CRD. Errors: missing kind/apiVersion, a scope other than Namespaced/Cluster, malformed
// printer columns (each names its index, e.g. "spec.schema.additionalPrinterColumns[1].name").
Result<Json> synthesize_crd(const CrdOptions& options);

// kro's labels for a generated CRD (docs/behaviour/labels-and-applyset.md, "Generated CRD").
inline constexpr const char* kOwnedLabel = "kro.run/owned";
inline constexpr const char* kKroVersionLabel = "kro.run/kro-version";
inline constexpr const char* kRgdIdLabel = "kro.run/resource-graph-definition-id";
inline constexpr const char* kRgdNameLabel = "kro.run/resource-graph-definition-name";

}  // namespace kro::schema

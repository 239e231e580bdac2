// The ResourceGraphDefinition model (kro.run/v1alpha1): every field of spec.schema and
// spec.resources[], read from a YamlDocument. Each part remembers the JSON pointer it came from,
// and the model shares the document's SourceMap, so that any later phase (naming, extraction,
// references, graph, typing) can report file:line:col for the node it complains about.
//
// The reader checks presence and JSON types only — what the API server's CRD schema would reject
// (missing `id`, `template` that is not an object, template and externalRef together, a
// deletionPolicy outside its enum or beside externalRef, ...).
// kro's own build-time rules live in naming.h, extract.h and builder.h.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "value/json.h"
#include "value/result.h"
#include "value/yaml.h"

namespace kro::graph {

inline constexpr std::string_view kRgdApiVersion = "kro.run/v1alpha1";
inline constexpr std::string_view kRgdKind = "ResourceGraphDefinition";
inline constexpr std::string_view kDefaultGroup = "kro.run";

// A string from the document and where it sits (JSON pointer into the RGD).
struct Text {
  std::string value;
  std::string pointer;
};

// spec.schema.
struct SchemaDef {
  Text kind;
  Text api_version;
  Text group;   // defaulted to "kro.run" (pointer empty when defaulted)
  Text scope;   // "Namespaced" (default) or "Cluster"
  Json spec;    // SimpleSchema of the instance spec; an empty object when absent
  Json types;   // custom SimpleSchema types; an empty object when absent
  Json status;  // status projection (leaves are ${...}); an empty object when absent
  // additionalPrinterColumns as written; when empty, the CRD gets kro's default columns.
  JsonArray printer_columns;
  std::vector<Text> short_names;
  std::vector<Text> categories;
  JsonObject crd_labels;       // schema.metadata.labels (strings)
  JsonObject crd_annotations;  // schema.metadata.annotations (strings)
  std::string pointer = "/spec/schema";

  bool cluster_scoped() const { return scope.value == "Cluster"; }
};

// spec.resources[].externalRef.
struct ExternalRef {
  Text api_version;
  Text kind;
  std::optional<Text> name;  // exactly one of name and selector
  std::optional<Text> namespace_;
  // metav1.LabelSelector, kept as written: an object whose values may hold CEL, or one
  // standalone expression (a string) that resolves to one.
  std::optional<Json> selector;
  std::string pointer;

  bool is_collection() const { return selector.has_value(); }
};

// One forEach dimension: `{name: "${expr}"}`.
struct ForEachDef {
  Text name;        // pointer of the map key (…/forEach/0/name)
  Text expression;  // the string as written, "${...}"
};

// spec.resources[i].deletionPolicy, a kro-cpp extension (upstream kro #1419, KREP-014): what
// deleting the instance, or pruning the resource, does to the resource's objects. Delete (the
// default, upstream's only behaviour) deletes them; Orphan leaves them in the cluster, released
// from kro (docs/controller.md, "Beyond upstream").
enum class DeletionPolicy { kDelete, kOrphan };
inline constexpr std::string_view kDeletionPolicyDelete = "Delete";
inline constexpr std::string_view kDeletionPolicyOrphan = "Orphan";

// spec.resources[i].
struct ResourceDef {
  Text id;
  std::size_t index = 0;          // declaration order, the topological tie-breaker
  std::optional<Json> template_;  // an object when present
  std::optional<ExternalRef> external_ref;
  std::vector<Text> ready_when;  // strings as written ("${...}")
  std::vector<Text> include_when;
  std::vector<ForEachDef> for_each;
  // Delete unless the resource says Orphan; never set on an externalRef.
  DeletionPolicy deletion_policy = DeletionPolicy::kDelete;
  std::string pointer;  // "/spec/resources/<i>"

  std::string template_pointer() const { return pointer + "/template"; }
};

struct Rgd {
  Text name;      // metadata.name
  Json metadata;  // the whole metadata object
  SchemaDef schema;
  std::vector<ResourceDef> resources;
  std::shared_ptr<const SourceMap> positions;  // never null after read_rgd

  // Where the node at a JSON pointer was written (nearest known ancestor otherwise).
  SourcePos pos(std::string_view pointer) const;
  // Where the key of the member at pointer was written.
  SourcePos key_pos(std::string_view pointer) const;
  // An error about the node at pointer: position from the source map, path in the dotted
  // spelling of the RGD ("spec.resources[0].id").
  Error error_at(std::string_view pointer, std::string message) const;
};

// Reads an RGD, collecting every problem into `errors` (in document order). Returns the model
// when no error was found.
std::optional<Rgd> read_rgd(const YamlDocument& doc, std::vector<Error>& errors);
// The same, stopping at the first problem.
Result<Rgd> read_rgd(const YamlDocument& doc);

}  // namespace kro::graph

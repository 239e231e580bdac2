// Breaking-change detection between the schema of an existing CRD and the one kro would now
// generate, with upstream kro's rules (pkg/graph/crd/compat) and wording:
//
//   breaking      property removed, type changed, required added (on an existing property, or a
//                 new required property without default), enum value removed, pattern added or
//                 changed, default removed from a required field, minimum/minLength/minItems
//                 added or raised, maximum/maxLength/maxItems added or lowered, served turned
//                 off, status subresource removed, version renamed
//   non-breaking  property added, description or default changed, required removed, enum value
//                 added, pattern removed, constraints removed or relaxed, printer columns changed
//
// Properties, required names and enum values are visited in sorted order so that reports are
// deterministic (upstream iterates Go maps, so its order varies from run to run).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "schema/openapi_schema.h"
#include "value/json.h"
#include "value/result.h"

namespace kro::schema {

enum class ChangeType {
  kPropertyRemoved,
  kTypeChanged,
  kRequiredAdded,
  kEnumRestricted,
  kPatternChanged,
  kPatternAdded,
  kRequiredDefaultRemoved,
  kMinimumAdded,
  kMinimumIncreased,
  kMaximumAdded,
  kMaximumDecreased,
  kMinLengthAdded,
  kMinLengthIncreased,
  kMaxLengthAdded,
  kMaxLengthDecreased,
  kMinItemsAdded,
  kMinItemsIncreased,
  kMaxItemsAdded,
  kMaxItemsDecreased,
  kPropertyAdded,
  kDescriptionChanged,
  kDefaultChanged,
  kRequiredRemoved,
  kEnumExpanded,
  kPatternRemoved,
  kAdditionalPrinterColumnsChanged,
  kMinimumRemoved,
  kMinimumDecreased,
  kMaximumRemoved,
  kMaximumIncreased,
  kMinLengthRemoved,
  kMinLengthDecreased,
  kMaxLengthRemoved,
  kMaxLengthIncreased,
  kMinItemsRemoved,
  kMinItemsDecreased,
  kMaxItemsRemoved,
  kMaxItemsIncreased,
};

// Upstream's identifier, e.g. "PROPERTY_REMOVED".
std::string_view change_type_name(ChangeType t);

struct Change {
  std::string path;  // e.g. ".properties.spec.properties.port.type"
  ChangeType type;
  std::string old_value;
  std::string new_value;

  // Human-readable sentence, e.g. "Type changed from string to integer".
  std::string description() const;
};

struct CompatReport {
  std::vector<Change> breaking;
  std::vector<Change> non_breaking;

  bool compatible() const { return breaking.empty(); }
  bool has_changes() const { return !breaking.empty() || !non_breaking.empty(); }
  // Upstream's summary: the first three breaking changes joined by "; ", then
  // "and N more changes"; "no breaking changes" when there are none.
  std::string summary() const;
};

CompatReport compare_schemas(const Schema& old_schema, const Schema& new_schema);

// Compares two CRD objects (JSON) that each have exactly one version: the version name, its
// openAPIV3Schema, `served`, the status subresource and the printer columns.
Result<CompatReport> compare_crds(const Json& old_crd, const Json& new_crd);

}  // namespace kro::schema

// What `kro preview` found, and how it is printed: a summary first (the RGD, its CRD's schema
// change, instances affected, objects created / changed / deleted), then the details of every
// instance; or all of it as one JSON object for tools (-o json).
#pragma once

#include <string>
#include <vector>

#include "cli/preview_diff.h"
#include "value/json.h"

namespace kro::cli {

enum class Action { kCreate, kUpdate, kDelete, kUnchanged };

// "create", "update", "delete", "unchanged".
std::string_view action_name(Action a);

// One child of an instance.
struct ObjectPreview {
  Action action = Action::kUnchanged;
  std::string node_id;  // the RGD resource it belongs to ("" when unknown)
  std::string api_version;
  std::string kind;
  std::string namespace_;
  std::string name;
  std::vector<FieldChange> changes;  // kUpdate: the fields that change
  std::string note;                  // why deleted, a release instead of a delete, a failure
};

struct InstancePreview {
  std::string namespace_;
  std::string name;
  std::vector<ObjectPreview> objects;
  // What the preview cannot tell: resources pending on values only the cluster will produce,
  // evaluation errors, refused dry-runs.
  std::vector<std::string> notes;

  bool changed() const;
};

// The RGD's generated CRD: created, or its schema compared by the controller's check.
struct SchemaPreview {
  std::string crd_name;
  bool exists = false;                // false: the CRD would be created
  std::vector<std::string> breaking;  // "<path>: <description>"
  std::vector<std::string> non_breaking;
  // The RGD file carries kro.run/allow-breaking-changes: "true", so the controller goes ahead.
  bool breaking_allowed = false;
};

struct Preview {
  std::string rgd_name;
  bool rgd_exists = false;
  std::vector<FieldChange> rgd_changes;  // of the RGD's spec (paths start with "spec")
  // True: changes come from the API server's dry-run apply; false: offline, from the rendered
  // desired state merged into the observed objects.
  bool dry_run = false;
  SchemaPreview schema;
  std::vector<InstancePreview> instances;
  std::vector<std::string> notes;  // about the whole preview

  // Anything at all would change: the RGD, its CRD, or any child.
  bool has_changes() const;
};

std::string preview_text(const Preview& p);
Json preview_json(const Preview& p);

}  // namespace kro::cli

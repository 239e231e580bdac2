#include "controller/labels.h"

#include <algorithm>
#include <cctype>

#include "controller/child_release.h"
#include "controller/internal/object_fields.h"
#include "kube/object_meta.h"
#include "value/strings.h"

namespace kro::controller {

namespace {

Labels string_map(const Json* v) {
  Labels out;
  if (v == nullptr || !v->is_object()) return out;
  for (const auto& [k, val] : v->as_object()) {
    if (val.is_string()) out.emplace(std::string(k), std::string(val.as_string()));
  }
  return out;
}

const Json* meta_map(const Json& object, std::string_view field) {
  const Json* meta = find_path(object, "metadata");
  if (meta == nullptr || !meta->is_object()) return nullptr;
  return meta->as_object().if_contains(field);
}

}  // namespace

std::string kro_version_label_value(std::string_view version) {
  std::string out(version);
  std::replace(out.begin(), out.end(), '+', '-');
  return out;
}

Labels instance_labels(std::string_view kro_version, std::string_view rgd_name,
                       std::string_view rgd_uid) {
  return {
      {std::string(kOwnedLabel), "true"},
      {std::string(kKroVersionLabel), kro_version_label_value(kro_version)},
      {std::string(kRgdIdLabel), std::string(rgd_uid)},
      {std::string(kRgdNameLabel), std::string(rgd_name)},
  };
}

InstanceRef instance_ref_of(const Json& instance) {
  InstanceRef ref;
  ref.uid = string_at(instance, "metadata.uid");
  ref.name = string_at(instance, "metadata.name");
  ref.namespace_ = string_at(instance, "metadata.namespace");
  std::string api_version = string_at(instance, "apiVersion");
  auto slash = api_version.find('/');
  if (slash == std::string::npos) {
    ref.version = api_version;
  } else {
    ref.group = api_version.substr(0, slash);
    ref.version = api_version.substr(slash + 1);
  }
  ref.kind = string_at(instance, "kind");
  return ref;
}

Labels child_labels(const InstanceRef& instance, std::string_view node_id,
                    std::string_view kro_version) {
  Labels out{
      {std::string(kOwnedLabel), "true"},
      {std::string(kKroVersionLabel), kro_version_label_value(kro_version)},
      {std::string(kInstanceIdLabel), instance.uid},
      {std::string(kInstanceNameLabel), instance.name},
      {std::string(kInstanceGroupLabel), instance.group},
      {std::string(kInstanceVersionLabel), instance.version},
      {std::string(kInstanceKindLabel), instance.kind},
      {std::string(kManagedByLabel), std::string(kManagedByKro)},
      {std::string(kNodeIdLabel), std::string(node_id)},
  };
  // Cluster-scoped instances have no namespace to record (upstream leaves the label out).
  if (!instance.namespace_.empty()) {
    out.emplace(std::string(kInstanceNamespaceLabel), instance.namespace_);
  }
  return out;
}

void decorate_child(Json& object, const Labels& child, std::optional<std::size_t> index,
                    std::size_t collection_size, int apply_order, bool orphan) {
  JsonObject& meta = internal::metadata_of(object);
  JsonObject& labels = internal::ensure_object(meta, "labels");
  for (const auto& [k, v] : child) labels[k] = v;
  if (index) {
    labels[kCollectionIndexLabel] = std::to_string(*index);
    labels[kCollectionSizeLabel] = std::to_string(collection_size);
  }
  JsonObject& annotations = internal::ensure_object(meta, "annotations");
  annotations[kApplyOrderAnnotation] = std::to_string(apply_order);
  if (orphan) annotations[kDeletionPolicyAnnotation] = kDeletionPolicyOrphan;
}

bool is_suspended(const Json& instance) {
  std::string v = ascii_lower(annotation_of(instance, kReconcileAnnotation));
  return v == "suspended" || v == "disabled";
}

bool is_kro_owned(const Json& object) {
  const Json* labels = meta_map(object, "labels");
  if (labels != nullptr && labels->is_object()) {
    if (const Json* owned = labels->as_object().if_contains(kOwnedLabel)) {
      return owned->is_string() && owned->as_string() == "true";
    }
  }
  return label_of(object, kManagedByLabel) == kManagedByKro;
}

std::string label_of(const Json& object, std::string_view key) { return kube::label(object, key); }

std::string annotation_of(const Json& object, std::string_view key) {
  return kube::annotation(object, key);
}

Labels labels_of(const Json& object) { return string_map(meta_map(object, "labels")); }
Labels annotations_of(const Json& object) { return string_map(meta_map(object, "annotations")); }

}  // namespace kro::controller

#include "controller/child_release.h"

#include <functional>
#include <string>

#include "controller/applyset.h"
#include "controller/labels.h"

namespace kro::controller {

namespace {

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// Whether `element` has every member of the associative-list key `key` with the same value.
bool matches_key(const Json& element, const JsonObject& key) {
  const JsonObject* e = element.if_object();
  if (e == nullptr) return false;
  for (const auto& kv : key) {
    const Json* v = e->if_contains(kv.key());
    if (v == nullptr || !deep_equal(*v, kv.value())) return false;
  }
  return true;
}

// The owned part of one list element: what its sub-set names, plus the key fields that identify
// it to server-side apply.
std::optional<Json> owned_element(const Json& element, const Json& subset, const JsonObject* key) {
  std::optional<Json> part = owned_part(element, subset);
  if (key == nullptr) return part;
  if (!part || !part->is_object()) part = Json(JsonObject{});
  for (const auto& kv : *key) part->as_object()[kv.key()] = kv.value();
  return part;
}

// A list: the elements the set names ("k:" by key, "v:" by value, "i:" by index), in live order.
std::optional<Json> owned_list(const JsonArray& list, const JsonObject& set) {
  JsonArray out;
  for (std::size_t i = 0; i < list.size(); ++i) {
    for (const auto& kv : set) {
      std::string_view k = kv.key();
      if (starts_with(k, "k:")) {
        auto key = parse_json(k.substr(2));
        if (!key || !key->is_object() || !matches_key(list[i], key->as_object())) continue;
        if (auto e = owned_element(list[i], kv.value(), &key->as_object())) out.push_back(*e);
        break;
      }
      if (starts_with(k, "v:")) {
        auto v = parse_json(k.substr(2));
        if (!v || !deep_equal(*v, list[i])) continue;
        out.push_back(list[i]);
        break;
      }
      if (starts_with(k, "i:") && k.substr(2) == std::to_string(i)) {
        if (auto e = owned_element(list[i], kv.value(), nullptr)) out.push_back(*e);
        break;
      }
    }
  }
  if (out.empty()) return std::nullopt;
  return Json(std::move(out));
}

}  // namespace

bool has_orphan_policy(const Json& child) {
  return annotation_of(child, kDeletionPolicyAnnotation) == kDeletionPolicyOrphan;
}

bool is_kro_label(std::string_view key, std::string_view value) {
  if (starts_with(key, "kro.run/")) return true;
  if (key == kApplySetPartOfLabel) return true;
  return key == kManagedByLabel && value == kManagedByKro;
}

bool is_kro_annotation(std::string_view key) {
  return key == kApplyOrderAnnotation || key == kDeletionPolicyAnnotation;
}

std::optional<Json> owned_part(const Json& value, const Json& fields_v1) {
  const JsonObject* set = fields_v1.if_object();
  // A leaf (or an atomic value) is owned whole.
  if (set == nullptr || set->empty()) return value;
  if (const JsonArray* list = value.if_array()) return owned_list(*list, *set);
  const JsonObject* obj = value.if_object();
  if (obj == nullptr) return value;
  JsonObject out;
  for (const auto& kv : *set) {
    std::string_view k = kv.key();
    if (!starts_with(k, "f:")) continue;
    const Json* member = obj->if_contains(k.substr(2));
    if (member == nullptr) continue;
    if (auto part = owned_part(*member, kv.value())) out[k.substr(2)] = std::move(*part);
  }
  // An empty map would claim the map itself: only when the set says the node is owned (".").
  if (out.empty() && !set->contains(".")) return std::nullopt;
  return Json(std::move(out));
}

namespace {

// The identity every apply body starts from.
Json identity_of(const Json& object) {
  JsonObject meta;
  meta["name"] = string_at(object, "metadata.name");
  std::string ns = string_at(object, "metadata.namespace");
  if (!ns.empty()) meta["namespace"] = ns;
  std::string rv = string_at(object, "metadata.resourceVersion");
  if (!rv.empty()) meta["resourceVersion"] = rv;
  JsonObject body;
  body["apiVersion"] = string_at(object, "apiVersion");
  body["kind"] = string_at(object, "kind");
  body["metadata"] = std::move(meta);
  return Json(std::move(body));
}

// kro.run/applyset's field set of an Apply on the main resource, or null.
const Json* applyset_fields(const Json& live) {
  const Json* entries = find_path(live, "metadata.managedFields");
  if (entries == nullptr || !entries->is_array()) return nullptr;
  for (const auto& e : entries->as_array()) {
    if (string_at(e, "manager") == kApplySetManager && string_at(e, "operation") == "Apply" &&
        string_at(e, "subresource").empty()) {
      return find_path(e, "fieldsV1");
    }
  }
  return nullptr;
}

// Removes kro's metadata (and what must never be applied) from an owned part's metadata.
void drop_kro_metadata(JsonObject& meta) {
  for (const char* key : {"name", "namespace", "resourceVersion", "uid", "generation",
                          "creationTimestamp", "managedFields", "selfLink"}) {
    meta.erase(key);
  }
  auto keep = [&](const char* field, const std::function<bool(const json::key_value_pair&)>& kro) {
    const Json* m = meta.if_contains(field);
    if (m == nullptr || !m->is_object()) return;
    JsonObject kept;
    for (const auto& kv : m->as_object()) {
      if (!kro(kv)) kept[kv.key()] = kv.value();
    }
    if (kept.empty()) {
      meta.erase(field);
    } else {
      meta[field] = std::move(kept);
    }
  };
  keep("labels", [](const json::key_value_pair& kv) {
    return kv.value().is_string() && is_kro_label(kv.key(), kv.value().as_string());
  });
  keep("annotations", [](const json::key_value_pair& kv) { return is_kro_annotation(kv.key()); });
}

}  // namespace

Json transfer_body(const Json& live) {
  Json body = identity_of(live);
  const Json* fields = applyset_fields(live);
  if (fields == nullptr) return body;
  std::optional<Json> owned = owned_part(live, *fields);
  if (!owned || !owned->is_object()) return body;
  JsonObject& out = body.as_object();
  for (auto& kv : owned->as_object()) {
    if (kv.key() == "apiVersion" || kv.key() == "kind") continue;
    if (kv.key() == "metadata") {
      if (!kv.value().is_object()) continue;
      JsonObject meta = kv.value().as_object();
      drop_kro_metadata(meta);
      for (auto& m : meta) out["metadata"].as_object()[m.key()] = std::move(m.value());
      continue;
    }
    out[kv.key()] = std::move(kv.value());
  }
  return body;
}

Json release_body(const Json& object) { return identity_of(object); }

std::optional<Json> leftover_patch(const Json& object) {
  JsonObject labels;
  for (const auto& [k, v] : labels_of(object)) {
    if (is_kro_label(k, v)) labels[k] = nullptr;
  }
  JsonObject annotations;
  for (const auto& [k, v] : annotations_of(object)) {
    if (is_kro_annotation(k)) annotations[k] = nullptr;
  }
  if (labels.empty() && annotations.empty()) return std::nullopt;
  JsonObject meta;
  if (!labels.empty()) meta["labels"] = std::move(labels);
  if (!annotations.empty()) meta["annotations"] = std::move(annotations);
  meta["resourceVersion"] = string_at(object, "metadata.resourceVersion");
  JsonObject patch;
  patch["metadata"] = std::move(meta);
  return Json(std::move(patch));
}

}  // namespace kro::controller

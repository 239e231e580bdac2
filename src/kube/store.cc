#include "kube/store.h"

#include <algorithm>
#include <mutex>

namespace kro::kube {
namespace {

std::vector<std::string> namespace_of(const Json& object) {
  return {std::string(string_view_at(object, "metadata.namespace"))};
}

// The label index function: every string label, or those whose key is in `keys`.
IndexFunc labels_of(std::optional<std::set<std::string, std::less<>>> keys) {
  return [keys = std::move(keys)](const Json& object) {
    std::vector<std::string> out;
    const Json* labels = find_path(object, "metadata.labels");
    if (labels == nullptr || !labels->is_object()) return out;
    for (const auto& kv : labels->as_object()) {
      if (keys && !keys->contains(std::string_view(kv.key()))) continue;
      if (kv.value().is_string()) {
        out.push_back(label_index_value(kv.key(), kv.value().as_string()));
      }
    }
    return out;
  };
}

bool has_labels(const Json& object, const std::map<std::string, std::string>& wanted) {
  const Json* labels = find_path(object, "metadata.labels");
  if (labels == nullptr || !labels->is_object()) return false;
  return std::all_of(wanted.begin(), wanted.end(), [&](const auto& kv) {
    const Json* v = labels->as_object().if_contains(kv.first);
    return v != nullptr && v->is_string() && v->as_string() == kv.second;
  });
}

}  // namespace

std::string object_key(const Json& object) {
  std::string_view name = string_view_at(object, "metadata.name");
  if (name.empty()) return {};
  std::string_view ns = string_view_at(object, "metadata.namespace");
  if (ns.empty()) return std::string(name);
  std::string key;
  key.reserve(ns.size() + 1 + name.size());
  key.append(ns).append("/").append(name);
  return key;
}

std::string label_index_value(std::string_view key, std::string_view value) {
  std::string out;
  out.reserve(key.size() + 1 + value.size());
  out.append(key).append("=").append(value);
  return out;
}

Store::Store(StoreOptions options)
    : label_keys_(options.indexed_label_keys), as_text_(options.keep_as_text) {
  indexes_.emplace(std::string(kNamespaceIndex), Index{namespace_of, {}});
  indexes_.emplace(std::string(kLabelIndex),
                   Index{labels_of(std::move(options.indexed_label_keys)), {}});
}

Status Store::add_index(std::string name, IndexFunc fn) {
  std::unique_lock lock(mu_);
  if (indexes_.count(name) != 0) return Error("index \"" + name + "\" already exists");
  if (!items_.empty()) {
    return Error("index \"" + name + "\" added after the store received objects");
  }
  indexes_.emplace(std::move(name), Index{std::move(fn), {}});
  return {};
}

void Store::index_locked(std::string_view key, const Json& object) {
  for (auto& [name, index] : indexes_) {
    for (auto& value : index.fn(object)) index.buckets[value].insert(key);
  }
}

void Store::unindex_locked(std::string_view key, const Json& object) {
  for (auto& [name, index] : indexes_) {
    for (auto& value : index.fn(object)) {
      auto it = index.buckets.find(value);
      if (it == index.buckets.end()) continue;
      it->second.erase(key);
      // Empty buckets are dropped so label churn does not grow the index forever.
      if (it->second.empty()) index.buckets.erase(it);
    }
  }
}

Result<Document> Store::upsert(const Document& object) {
  std::string key = object ? object_key(*object) : std::string();
  if (key.empty()) return Error("object has no metadata.name; cannot be cached");
  std::unique_lock lock(mu_);
  Document old;
  auto it = items_.find(key);
  if (it != items_.end()) {
    old = it->second.document();
    unindex_locked(it->first, *old);
    it->second = StoredObject(object, as_text_);
  } else {
    it = items_.emplace(std::move(key), StoredObject(object, as_text_)).first;
  }
  index_locked(it->first, *object);
  return old;
}

Document Store::remove(const std::string& key) {
  std::unique_lock lock(mu_);
  auto it = items_.find(key);
  if (it == items_.end()) return nullptr;
  Document old = it->second.document();
  unindex_locked(it->first, *old);
  items_.erase(it);
  return old;
}

std::vector<StoreDelta> Store::replace(const std::vector<Document>& objects) {
  std::unordered_map<std::string, Document> incoming;
  std::vector<std::string> order;
  incoming.reserve(objects.size());
  for (const auto& obj : objects) {
    if (!obj) continue;
    std::string key = object_key(*obj);
    if (key.empty()) continue;
    if (incoming.insert_or_assign(key, obj).second) order.push_back(std::move(key));
  }

  std::vector<StoreDelta> deltas;
  std::unique_lock lock(mu_);
  std::vector<std::string> gone;
  for (const auto& [key, obj] : items_) {
    if (incoming.count(key) == 0) gone.push_back(key);
  }
  std::sort(gone.begin(), gone.end());
  for (const auto& key : gone) {
    auto it = items_.find(key);
    Document old = it->second.document();
    unindex_locked(it->first, *old);
    items_.erase(it);
    deltas.push_back({StoreDelta::Kind::kDeleted, old, old});
  }
  for (const auto& key : order) {
    const Document& obj = incoming[key];
    auto it = items_.find(key);
    if (it == items_.end()) {
      it = items_.emplace(key, StoredObject(obj, as_text_)).first;
      index_locked(it->first, *obj);
      deltas.push_back({StoreDelta::Kind::kAdded, nullptr, obj});
      continue;
    }
    std::string_view old_rv = it->second.resource_version();
    if (!old_rv.empty() && old_rv == string_view_at(*obj, "metadata.resourceVersion")) continue;
    Document old = it->second.document();
    unindex_locked(it->first, *old);
    it->second = StoredObject(obj, as_text_);
    index_locked(it->first, *obj);
    deltas.push_back({StoreDelta::Kind::kUpdated, old, obj});
  }
  return deltas;
}

Document Store::get(const std::string& key) const {
  std::shared_lock lock(mu_);
  auto it = items_.find(key);
  return it == items_.end() ? nullptr : it->second.document();
}

Document Store::get(std::string_view ns, std::string_view name) const {
  std::string key;
  if (!ns.empty()) key.append(ns).append("/");
  key.append(name);
  return get(key);
}

std::vector<Document> Store::list() const {
  std::shared_lock lock(mu_);
  std::vector<Document> out;
  out.reserve(items_.size());
  for (const auto& [key, obj] : items_) out.push_back(obj.document());
  return out;
}

std::vector<std::string> Store::keys() const {
  std::shared_lock lock(mu_);
  std::vector<std::string> out;
  out.reserve(items_.size());
  for (const auto& [key, obj] : items_) out.push_back(key);
  return out;
}

std::size_t Store::size() const {
  std::shared_lock lock(mu_);
  return items_.size();
}

std::vector<Document> Store::collect_locked(const Bucket& keys) const {
  std::vector<Document> out;
  out.reserve(keys.size());
  for (const auto& key : keys) {
    auto it = items_.find(key);
    if (it != items_.end()) out.push_back(it->second.document());
  }
  return out;
}

std::vector<Document> Store::by_index(std::string_view index, std::string_view value) const {
  std::shared_lock lock(mu_);
  auto idx = indexes_.find(index);
  if (idx == indexes_.end()) return {};
  auto bucket = idx->second.buckets.find(std::string(value));
  if (bucket == idx->second.buckets.end()) return {};
  return collect_locked(bucket->second);
}

std::vector<Document> Store::by_namespace(std::string_view ns) const {
  return by_index(kNamespaceIndex, ns);
}

std::vector<Document> Store::by_labels(const std::map<std::string, std::string>& labels) const {
  if (labels.empty()) return list();
  std::shared_lock lock(mu_);
  if (label_keys_ && !std::all_of(labels.begin(), labels.end(), [&](const auto& kv) {
        return label_keys_->contains(kv.first);
      })) {
    return scan_labels_locked(labels);
  }
  const auto& buckets = indexes_.find(kLabelIndex)->second.buckets;
  // Start from the smallest bucket and filter by the others: cheapest for kro's selectors,
  // where one label (the owning instance) is far more selective than the rest.
  const Bucket* smallest = nullptr;
  std::vector<const Bucket*> all;
  for (const auto& [k, v] : labels) {
    auto it = buckets.find(label_index_value(k, v));
    if (it == buckets.end()) return {};
    all.push_back(&it->second);
    if (smallest == nullptr || it->second.size() < smallest->size()) smallest = &it->second;
  }
  std::vector<Document> out;
  for (const auto& key : *smallest) {
    bool everywhere =
        std::all_of(all.begin(), all.end(), [&](const Bucket* b) { return b->count(key) != 0; });
    if (everywhere) out.push_back(items_.find(key)->second.document());
  }
  return out;
}

std::vector<Document> Store::scan_labels_locked(
    const std::map<std::string, std::string>& labels) const {
  std::vector<Document> out;
  for (const auto& [key, obj] : items_) {
    Document d = obj.document();
    if (d && has_labels(*d, labels)) out.push_back(std::move(d));
  }
  return out;
}

}  // namespace kro::kube

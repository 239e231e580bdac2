// Store: the informer's indexed in-memory cache of Kubernetes objects.
//
// Objects are immutable kro::Documents keyed by "namespace/name" ("name" when cluster-scoped),
// the key client-go's MetaNamespaceKeyFunc produces and the work queue carries. Readers get
// shared pointers: an object handed out stays valid and unchanged however the store moves on,
// so a reconcile works on a consistent snapshot without copying and without holding a lock.
//
// Two indexes are always present: kNamespaceIndex (value: the namespace, "" for cluster-scoped)
// and kLabelIndex (one value per label, "key=value"). Callers may add their own index functions
// (for example owner UID) before the first object arrives; an index function returns every value
// under which the object is found. A store that is only ever asked for a few label keys may
// index just those (StoreOptions): a label index over every label of thousands of objects costs
// about as much as a tenth of the objects themselves. The indexes refer to the objects' keys
// without copying them.
//
// Thread-safe: any number of concurrent readers while one writer (the reflector) mutates.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "kube/stored_object.h"
#include "value/json.h"
#include "value/result.h"

namespace kro::kube {

inline constexpr std::string_view kNamespaceIndex = "namespace";
inline constexpr std::string_view kLabelIndex = "label";

using IndexFunc = std::function<std::vector<std::string>(const Json& object)>;

// "namespace/name" or "name"; "" when the object has no metadata.name.
std::string object_key(const Json& object);
// The label index value for one label.
std::string label_index_value(std::string_view key, std::string_view value);

// What replace() changed, for the informer to turn into handler calls.
struct StoreDelta {
  enum class Kind { kAdded, kUpdated, kDeleted };
  Kind kind;
  Document old_object;  // null for kAdded
  Document object;      // the new object; for kDeleted the last known state
};

struct StoreOptions {
  // The label keys kLabelIndex covers; every key when unset. by_labels() with another key
  // scans the store instead.
  std::optional<std::set<std::string, std::less<>>> indexed_label_keys;
  // Keep objects as compact JSON text, parsed again for each reader (stored_object.h).
  bool keep_as_text = false;
};

class Store {
 public:
  explicit Store(StoreOptions options = {});
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  // Adds an index. Fails when the name is taken or the store already holds objects (an index
  // added later would miss them).
  Status add_index(std::string name, IndexFunc fn);

  // Inserts or replaces the object under its key; returns the previous object (null if none).
  // Fails when the object has no name.
  Result<Document> upsert(const Document& object);
  // Removes by key; returns the removed object (null if absent).
  Document remove(const std::string& key);
  // Makes the store hold exactly `objects`, returning the differences in a stable order
  // (deletions, then additions and updates in the order given). An object whose
  // resourceVersion is unchanged produces no delta. Objects without a name are skipped.
  std::vector<StoreDelta> replace(const std::vector<Document>& objects);

  Document get(const std::string& key) const;
  Document get(std::string_view ns, std::string_view name) const;
  std::vector<Document> list() const;
  std::vector<std::string> keys() const;
  std::size_t size() const;
  // Objects whose index `index` produced `value`; empty for an unknown index.
  std::vector<Document> by_index(std::string_view index, std::string_view value) const;
  std::vector<Document> by_namespace(std::string_view ns) const;
  // Objects carrying every given label with the given value (an empty map matches all); from
  // the label index when it covers every key, else by a scan.
  std::vector<Document> by_labels(const std::map<std::string, std::string>& labels) const;

 private:
  // Views of the keys of items_ (whose nodes never move): an object is unindexed before its
  // entry goes.
  using Bucket = std::unordered_set<std::string_view>;
  struct Index {
    IndexFunc fn;
    std::unordered_map<std::string, Bucket> buckets;
  };

  void index_locked(std::string_view key, const Json& object);
  void unindex_locked(std::string_view key, const Json& object);
  std::vector<Document> collect_locked(const Bucket& keys) const;
  std::vector<Document> scan_labels_locked(const std::map<std::string, std::string>& labels) const;

  std::optional<std::set<std::string, std::less<>>> label_keys_;
  bool as_text_ = false;
  mutable std::shared_mutex mu_;
  // Found by std::string_view too (the indexes hold views).
  struct KeyHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, StoredObject, KeyHash, std::equal_to<>> items_;
  std::map<std::string, Index, std::less<>> indexes_;
};

}  // namespace kro::kube

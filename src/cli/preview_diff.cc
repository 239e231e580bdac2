#include "cli/preview_diff.h"

#include <algorithm>
#include <cctype>

namespace kro::cli {

namespace {

bool is_identifier(const std::string& key) {
  if (key.empty()) return false;
  for (char c : key) {
    if (std::isalnum(static_cast<unsigned char>(c)) == 0 && c != '_' && c != '-') return false;
  }
  return true;
}

// The member that names the items of both lists ("name", else "id"), or "" when the items are
// not all objects named by the same one: such lists are compared by name, not by index, so that
// an item added or removed in the middle is one change.
std::string list_key(const JsonArray& a, const JsonArray& b) {
  if (a.empty() || b.empty()) return "";
  for (const char* key : {"name", "id"}) {
    auto named = [key](const Json& item) {
      const JsonObject* o = item.if_object();
      const Json* k = o != nullptr ? o->if_contains(key) : nullptr;
      return k != nullptr && k->is_string();
    };
    if (std::all_of(a.begin(), a.end(), named) && std::all_of(b.begin(), b.end(), named)) {
      return key;
    }
  }
  return "";
}

const Json* item_with(const JsonArray& items, const std::string& key, const Json& value) {
  for (const auto& i : items) {
    if (i.get_object().at(key) == value) return &i;
  }
  return nullptr;
}

void diff_into(const std::string& path, const Json& before, const Json& after,
               std::vector<FieldChange>& out);

// Lists of named items: "containers[name=web]".
void diff_keyed(const std::string& path, const std::string& key, const JsonArray& b,
                const JsonArray& a, std::vector<FieldChange>& out) {
  auto at = [&](const Json& item) {
    return path + "[" + key + "=" + std::string(item.get_object().at(key).get_string()) + "]";
  };
  for (const auto& item : b) {
    const Json* other = item_with(a, key, item.get_object().at(key));
    if (other == nullptr) {
      out.push_back({at(item), item, std::nullopt});
    } else {
      diff_into(at(item), item, *other, out);
    }
  }
  for (const auto& item : a) {
    if (item_with(b, key, item.get_object().at(key)) == nullptr) {
      out.push_back({at(item), std::nullopt, item});
    }
  }
}

void diff_into(const std::string& path, const Json& before, const Json& after,
               std::vector<FieldChange>& out) {
  if (before.is_object() && after.is_object()) {
    const JsonObject& b = before.get_object();
    const JsonObject& a = after.get_object();
    for (const auto& kv : b) {
      std::string key(kv.key());
      const Json* other = a.if_contains(kv.key());
      if (other == nullptr) {
        out.push_back({join_path(path, key), kv.value(), std::nullopt});
      } else {
        diff_into(join_path(path, key), kv.value(), *other, out);
      }
    }
    for (const auto& kv : a) {
      if (b.if_contains(kv.key()) == nullptr) {
        out.push_back({join_path(path, std::string(kv.key())), std::nullopt, kv.value()});
      }
    }
    return;
  }
  if (before.is_array() && after.is_array()) {
    const JsonArray& b = before.get_array();
    const JsonArray& a = after.get_array();
    if (std::string key = list_key(b, a); !key.empty()) {
      diff_keyed(path, key, b, a, out);
      return;
    }
    for (std::size_t i = 0; i < std::max(a.size(), b.size()); ++i) {
      std::string at = path + "[" + std::to_string(i) + "]";
      if (i >= a.size()) {
        out.push_back({at, b[i], std::nullopt});
      } else if (i >= b.size()) {
        out.push_back({at, std::nullopt, a[i]});
      } else {
        diff_into(at, b[i], a[i], out);
      }
    }
    return;
  }
  if (!deep_equal(before, after)) out.push_back({path, before, after});
}

const Json* member(const Json* object, std::string_view key) {
  if (object == nullptr || !object->is_object()) return nullptr;
  return object->get_object().if_contains(key);
}

// The `name` of a list item, or nullptr when it has none.
const Json* item_name(const Json& item) {
  const Json* n = member(&item, "name");
  return n != nullptr && n->is_string() ? n : nullptr;
}

bool all_named(const JsonArray& items) {
  for (const auto& i : items) {
    if (item_name(i) == nullptr) return false;
  }
  return true;
}

bool all_objects(const JsonArray& items) {
  for (const auto& i : items) {
    if (!i.is_object()) return false;
  }
  return true;
}

const Json* find_named(const Json* list, const Json& name) {
  if (list == nullptr || !list->is_array()) return nullptr;
  for (const auto& i : list->get_array()) {
    const Json* n = item_name(i);
    if (n != nullptr && *n == name) return &i;
  }
  return nullptr;
}

Json merge(const Json* live, const Json& desired, const Json* previous);

// Items matched by name: desired's in its order, merged into the live ones; then the live items
// desired does not name, unless the previous render named them (kro set them, and drops them).
Json merge_named(const JsonArray& live, const JsonArray& desired, const Json* previous) {
  JsonArray out;
  Json live_list(live);
  for (const auto& d : desired) {
    const Json& name = *item_name(d);
    out.push_back(merge(find_named(&live_list, name), d, find_named(previous, name)));
  }
  Json desired_list(desired);
  for (const auto& l : live) {
    const Json& name = *item_name(l);
    if (find_named(&desired_list, name) == nullptr && find_named(previous, name) == nullptr) {
      out.push_back(l);
    }
  }
  return out;
}

Json merge_list(const JsonArray& live, const JsonArray& desired, const Json* previous) {
  if (!desired.empty() && all_named(desired) && all_named(live)) {
    return merge_named(live, desired, previous);
  }
  if (live.size() == desired.size() && all_objects(live) && all_objects(desired)) {
    JsonArray out;
    const JsonArray* prev =
        previous != nullptr && previous->is_array() ? &previous->get_array() : nullptr;
    for (std::size_t i = 0; i < desired.size(); ++i) {
      const Json* p = prev != nullptr && i < prev->size() ? &(*prev)[i] : nullptr;
      out.push_back(merge(&live[i], desired[i], p));
    }
    return out;
  }
  return desired;
}

Json merge(const Json* live, const Json& desired, const Json* previous) {
  if (live != nullptr && live->is_object() && desired.is_object()) {
    JsonObject out = live->get_object();
    for (const auto& kv : desired.get_object()) {
      out[kv.key()] = merge(member(live, kv.key()), kv.value(), member(previous, kv.key()));
    }
    if (previous != nullptr && previous->is_object()) {
      for (const auto& kv : previous->get_object()) {
        if (desired.get_object().if_contains(kv.key()) == nullptr) out.erase(kv.key());
      }
    }
    return out;
  }
  if (live != nullptr && live->is_array() && desired.is_array()) {
    return merge_list(live->get_array(), desired.get_array(), previous);
  }
  return desired;
}

}  // namespace

std::string join_path(const std::string& parent, const std::string& key) {
  if (!is_identifier(key)) return parent + "[" + to_json(Json(key)) + "]";
  return parent.empty() ? key : parent + "." + key;
}

std::vector<FieldChange> diff_objects(const Json& before, const Json& after) {
  std::vector<FieldChange> out;
  diff_into("", before, after, out);
  return out;
}

Json comparable(const Json& object) {
  Json out = object;
  JsonObject* o = out.if_object();
  if (o == nullptr) return out;
  o->erase("status");
  if (JsonObject* meta = (*o)["metadata"].if_object()) {
    for (const char* f : {"managedFields", "resourceVersion", "generation", "uid",
                          "creationTimestamp", "selfLink"}) {
      meta->erase(f);
    }
  } else {
    o->erase("metadata");
  }
  return out;
}

Json apply_offline(const Json& live, const Json& desired, const Json* previous) {
  return merge(&live, desired, previous);
}

}  // namespace kro::cli

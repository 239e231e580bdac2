#include "kube/object_meta.h"

#include <algorithm>

namespace kro::kube {

namespace {

bool is(const Json& v, std::string_view s) { return v.is_string() && v.get_string() == s; }

const JsonArray* finalizers_of(const Json& object) {
  const Json* f = find_path(object, "metadata.finalizers");
  return f != nullptr ? f->if_array() : nullptr;
}

std::string string_in(const Json& object, std::string_view map, std::string_view key) {
  const Json* m = find_path(object, map);
  const JsonObject* o = m != nullptr ? m->if_object() : nullptr;
  const Json* v = o != nullptr ? o->if_contains(key) : nullptr;
  return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
}

}  // namespace

bool has_finalizer(const Json& object, std::string_view finalizer) {
  const JsonArray* f = finalizers_of(object);
  return f != nullptr &&
         std::any_of(f->begin(), f->end(), [&](const Json& v) { return is(v, finalizer); });
}

JsonArray finalizers_with(const Json& object, std::string_view finalizer) {
  const JsonArray* f = finalizers_of(object);
  JsonArray out = f != nullptr ? *f : JsonArray();
  if (!has_finalizer(object, finalizer)) out.emplace_back(json::string(finalizer));
  return out;
}

JsonArray finalizers_without(const Json& object, std::string_view finalizer) {
  JsonArray out;
  if (const JsonArray* f = finalizers_of(object)) {
    for (const Json& v : *f) {
      if (!is(v, finalizer)) out.push_back(v);
    }
  }
  return out;
}

bool is_terminating(const Json& object) {
  return find_path(object, "metadata.deletionTimestamp") != nullptr;
}

std::string label(const Json& object, std::string_view key) {
  return string_in(object, "metadata.labels", key);
}

std::string annotation(const Json& object, std::string_view key) {
  return string_in(object, "metadata.annotations", key);
}

}  // namespace kro::kube

#include "cli/observed.h"

#include <algorithm>

#include "cli/input.h"

namespace kro::cli {

namespace {

const json::string* label_value(const Json& labels, std::string_view key) {
  const JsonObject* o = labels.if_object();
  const Json* v = o != nullptr ? o->if_contains(key) : nullptr;
  return v != nullptr ? v->if_string() : nullptr;
}

bool expression_matches(const Json& expr, const Json& labels) {
  const JsonObject* e = expr.if_object();
  if (e == nullptr) return false;
  const Json* key = e->if_contains("key");
  const Json* op = e->if_contains("operator");
  if (key == nullptr || !key->is_string() || op == nullptr || !op->is_string()) return false;
  const json::string* have = label_value(labels, key->get_string());
  const Json* values = e->if_contains("values");
  auto in_values = [&] {
    if (have == nullptr || values == nullptr || !values->is_array()) return false;
    const JsonArray& vs = values->get_array();
    return std::any_of(vs.begin(), vs.end(),
                       [&](const Json& v) { return v.is_string() && v.get_string() == *have; });
  };
  const std::string_view o = op->get_string();
  if (o == "In") return in_values();
  if (o == "NotIn") return !in_values();
  if (o == "Exists") return have != nullptr;
  if (o == "DoesNotExist") return have == nullptr;
  return false;
}

}  // namespace

bool selector_matches(const Json& selector, const Json& labels) {
  if (selector.is_null()) return true;
  const JsonObject* s = selector.if_object();
  if (s == nullptr) return false;
  if (const Json* ml = s->if_contains("matchLabels")) {
    const JsonObject* m = ml->if_object();
    if (m == nullptr) return false;
    for (const auto& kv : *m) {
      const json::string* have = label_value(labels, kv.key());
      if (have == nullptr || !kv.value().is_string() || *have != kv.value().get_string()) {
        return false;
      }
    }
  }
  if (const Json* me = s->if_contains("matchExpressions")) {
    const JsonArray* list = me->if_array();
    if (list == nullptr) return false;
    for (const auto& expr : *list) {
      if (!expression_matches(expr, labels)) return false;
    }
  }
  return true;
}

Result<ObservedPool> ObservedPool::load(const std::string& dir, SourceCache& cache) {
  auto files = list_manifest_files(dir);
  if (!files.ok()) return std::move(files).take_error();
  ObservedPool pool;
  for (const auto& file : *files) {
    auto docs = read_documents(file, cache);
    if (!docs.ok()) return std::move(docs).take_error();
    for (auto& doc : *docs) {
      const JsonObject* o = doc.value.if_object();
      if (o == nullptr) return Error("expected a Kubernetes object", doc.positions.at(""));
      const Json* kind = o->if_contains("kind");
      const Json* items = o->if_contains("items");
      if (kind != nullptr && kind->is_string() && kind->get_string().ends_with("List") &&
          items != nullptr && items->is_array()) {
        for (const auto& item : items->get_array()) pool.add(item);
        continue;
      }
      pool.add(std::move(doc.value));
    }
  }
  return pool;
}

void ObservedPool::add(Json object) { objects_.push_back(make_document(std::move(object))); }

const Document* ObservedPool::find(const runtime::ObjectIdentity& id) const {
  for (const auto& o : objects_) {
    if (runtime::identity_of(*o) == id) return &o;
  }
  return nullptr;
}

std::vector<Document> ObservedPool::select(std::string_view api_version, std::string_view kind,
                                           std::string_view namespace_,
                                           const Json& selector) const {
  std::vector<Document> out;
  for (const auto& o : objects_) {
    runtime::ObjectIdentity id = runtime::identity_of(*o);
    if (id.api_version() != api_version || id.kind != kind) continue;
    if (!namespace_.empty() && id.namespace_ != namespace_) continue;
    const Json* labels = find_path(*o, "metadata.labels");
    if (!selector_matches(selector, labels != nullptr ? *labels : Json(nullptr))) continue;
    out.push_back(o);
  }
  return out;
}

}  // namespace kro::cli

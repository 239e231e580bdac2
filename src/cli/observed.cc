#include "cli/observed.h"

#include "cli/input.h"
#include "kube/label_selector.h"

namespace kro::cli {

// The controller's matcher, so that `kro render --observed` selects exactly what the controller
// would read from its cache.
bool selector_matches(const Json& selector, const Json& labels) {
  auto parsed = kube::LabelSelector::parse(selector);
  return parsed.ok() && parsed->matches_labels(&labels);
}

Result<ObservedPool> ObservedPool::load(const std::string& dir, SourceCache& cache) {
  KRO_ASSIGN_OR_RETURN(auto files, list_manifest_files(dir));
  ObservedPool pool;
  for (const auto& file : files) {
    KRO_ASSIGN_OR_RETURN(auto docs, read_documents(file, cache));
    for (auto& doc : docs) {
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

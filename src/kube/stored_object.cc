#include "kube/stored_object.h"

namespace kro::kube {

StoredObject::StoredObject(Document object, bool as_text)
    : resource_version_(object ? string_view_at(*object, "metadata.resourceVersion") : "") {
  if (as_text && object) {
    text_ = to_json(*object);
    text_.shrink_to_fit();
  } else {
    tree_ = std::move(object);
  }
}

Document StoredObject::document() const {
  if (tree_ || text_.empty()) return tree_;
  // The text is our own serialization of a valid tree: it parses.
  auto parsed = parse_json(text_);
  return parsed.ok() ? make_document(std::move(*parsed)) : Document();
}

}  // namespace kro::kube

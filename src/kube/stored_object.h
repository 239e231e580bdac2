// StoredObject: one object as a Store keeps it. Either the tree itself (a Document, shared with
// every reader), or its compact JSON text, parsed again for each reader.
//
// Text is about a third of the size of even a compact tree (value/compact_json.h), which is
// what a store holding one object per instance and child wants: its objects are read a few
// times per reconcile, and a parse of a few kilobytes costs microseconds next to the
// milliseconds of the API requests that reconcile makes. A store that is scanned often (the
// external references' stores, filtered by each reader's selector) keeps trees.
#pragma once

#include <string>
#include <string_view>

#include "value/json.h"

namespace kro::kube {

class StoredObject {
 public:
  StoredObject(Document object, bool as_text);

  // The object: the stored tree, or a fresh parse of the text.
  Document document() const;
  std::string_view resource_version() const { return resource_version_; }

 private:
  Document tree_;     // null when kept as text
  std::string text_;  // empty when kept as a tree
  std::string resource_version_;
};

}  // namespace kro::kube

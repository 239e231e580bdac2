// The cluster state `kro render --observed DIR` reads: live objects from files, matched to the
// RGD's resources the way the controller finds them (by identity for templates and named
// external refs; by kind, namespace and label selector for external collections).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "cli/diagnostics.h"
#include "cli/settle.h"
#include "runtime/runtime.h"
#include "value/json.h"
#include "value/result.h"

namespace kro::cli {

// Whether a label map satisfies a metav1.LabelSelector (matchLabels and matchExpressions with
// In, NotIn, Exists, DoesNotExist). An empty selector selects everything. A malformed selector
// selects nothing.
bool selector_matches(const Json& selector, const Json& labels);

class ObservedPool : public ObservedSource {
 public:
  // Every object of every YAML/JSON file below dir (kubectl `List`s are unpacked).
  static Result<ObservedPool> load(const std::string& dir, SourceCache& cache);

  void add(Json object);
  std::size_t size() const { return objects_.size(); }
  // The object with this identity (namespace compared as given), or nullptr.
  const Document* find(const runtime::ObjectIdentity& id) const override;
  // Objects of an apiVersion/kind in a namespace ("" = all namespaces) matching a selector.
  std::vector<Document> select(std::string_view api_version, std::string_view kind,
                               std::string_view namespace_, const Json& selector) const override;
  const std::vector<Document>& objects() const { return objects_; }

 private:
  std::vector<Document> objects_;
};

}  // namespace kro::cli

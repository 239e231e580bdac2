// LabelSelector: a parsed metav1.LabelSelector (matchLabels and matchExpressions with In,
// NotIn, Exists, DoesNotExist), matched against an object's labels without asking the API
// server. The controller uses it to answer external-collection reads from a cache and to map a
// watched object's labels (old and new) to the instances selecting it.
//
//   auto sel = LabelSelector::parse(*find_path(ref, "metadata.selector"));
//   if (!sel) ... sel.error() ...          // "matchExpressions[0].operator: ..."
//   if (sel->matches(object)) ...          // metadata.labels of a Kubernetes object
//   client.list(gvr, ns, {.label_selector = sel->str()});
//
// As the API server: an empty selector ({} or null) selects everything; requirements are ANDed;
// matchLabels k: v is the requirement "k in (v)".
#pragma once

#include <string>
#include <vector>

#include "value/json.h"
#include "value/result.h"

namespace kro::kube {

class LabelSelector {
 public:
  enum class Operator { kIn, kNotIn, kExists, kDoesNotExist };
  struct Requirement {
    std::string key;
    Operator op = Operator::kExists;
    std::vector<std::string> values;  // sorted, unique; empty for Exists / DoesNotExist

    bool operator==(const Requirement&) const = default;
    bool operator<(const Requirement& o) const;  // key, operator, values
  };

  // The selector that selects everything.
  LabelSelector() = default;

  // Parses a metav1.LabelSelector object. Errors name the offending field, e.g.
  // `matchExpressions[1].values: operator In needs at least one value`.
  static Result<LabelSelector> parse(const Json& selector);

  // Whether a labels map (a JSON object of strings; null or absent = no labels) is selected.
  bool matches_labels(const Json* labels) const;
  // Whether a Kubernetes object is selected (by its metadata.labels).
  bool matches(const Json& object) const;

  bool selects_everything() const { return requirements_.empty(); }
  const std::vector<Requirement>& requirements() const { return requirements_; }

  // The API server's selector syntax ("a=b,c in (x,y),!d"), canonical: requirements are sorted,
  // so equal selectors give equal strings.
  std::string str() const;

  bool operator==(const LabelSelector&) const = default;
  bool operator<(const LabelSelector& o) const { return requirements_ < o.requirements_; }

 private:
  std::vector<Requirement> requirements_;  // sorted
};

}  // namespace kro::kube

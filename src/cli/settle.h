// Evaluating one instance the way the controller's reconciles progress: evaluate, observe what
// resolved, evaluate again, until nothing new can be observed. `kro render` and `kro preview`
// share it; they differ only in where observed objects come from.
#pragma once

#include <string_view>
#include <vector>

#include "graph/compiled.h"
#include "runtime/runtime.h"
#include "value/json.h"

namespace kro::cli {

// Where the live objects come from (a folder of files, or a cluster).
class ObservedSource {
 public:
  virtual ~ObservedSource() = default;
  // The object with this identity, or nullptr.
  virtual const Document* find(const runtime::ObjectIdentity& id) const = 0;
  // Objects of an apiVersion/kind in a namespace ("" = all namespaces) matching a selector.
  virtual std::vector<Document> select(std::string_view api_version, std::string_view kind,
                                       std::string_view namespace_, const Json& selector) const = 0;
};

// What stands in for an object the source does not hold.
enum class WhenMissing {
  kUnobserved,  // nothing: what reads it stays pending (render --observed)
  kDesired,     // its desired object, what the cluster would hold right after the apply
};

// Evaluates until settled. Without a source every desired object stands in for its observed
// one and external collections stay unobserved; with one, its objects are observed and
// `missing` says what happens to the others.
runtime::Evaluation evaluate_until_settled(const runtime::Executable& exe,
                                           const graph::CompiledGraph& compiled,
                                           const Document& instance_doc,
                                           const ObservedSource* source, WhenMissing missing);

}  // namespace kro::cli

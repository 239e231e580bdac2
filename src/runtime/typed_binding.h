// Schema-aware binding of observed objects for typed executables. The checker types a string
// field by its OpenAPI format — `byte` as bytes, `date-time`/`date` as timestamp, `duration` as
// duration — and picks overloads accordingly (string(bytes), timestamp - timestamp, ...), so the
// values bound at run time must have those kinds too; Kubernetes' CEL (UnstructuredToVal) does
// the same conversion. A FormatTree holds the paths of a kind's schema that lead to such fields;
// binding converts only along them and reads everything else in place.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "cel/common/value.h"
#include "graph/schema_resolver.h"
#include "value/json.h"

namespace kro::runtime {

class FormatTree {
 public:
  enum class Format { kNone, kBytes, kTimestamp, kDuration };

  // The tree of a kind's schema; null when no field of the kind has such a format.
  static std::shared_ptr<const FormatTree> build(const graph::KindSchema& schema);

  // The object as a CEL value, formatted fields converted (a value that does not parse stays a
  // string, as the API server validated it on the way in). `tree` may be null: a plain view.
  static cel::Value bind(const FormatTree* tree, const Document& doc);

  struct Node {
    Format format = Format::kNone;
    std::map<std::string, std::shared_ptr<const Node>, std::less<>> fields;
    std::shared_ptr<const Node> items;   // array items
    std::shared_ptr<const Node> values;  // additionalProperties (map values)
  };

 private:
  std::shared_ptr<const Node> root_;
};

}  // namespace kro::runtime

// Parsing kro's field-path spelling (field_path.h) back into segments, so the typing phase can
// walk a resource schema along a template field's path:
//   spec.containers[0].image          → spec, containers, [0], image
//   metadata.annotations["a.b/c"]     → metadata, annotations, a.b/c
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "value/result.h"

namespace kro::graph {

struct PathSegment {
  std::string name;                  // a field name (empty for an index)
  std::optional<std::size_t> index;  // an array index
};

Result<std::vector<PathSegment>> parse_field_path(std::string_view path);

}  // namespace kro::graph

// kro's naming rules (upstream pkg/graph/validation.go), checked before anything else because
// resource ids and forEach iterators become CEL variable names:
// - schema.kind is UpperCamelCase `^[A-Z][a-zA-Z0-9]*$`;
// - resource ids are lowerCamelCase `^[a-z][a-zA-Z0-9]*$`, not reserved words, unique;
// - forEach iterator names are lowerCamelCase, not reserved, not a resource id, unique within
//   their resource; a resource has at most `max_dimensions` forEach dimensions;
// - schema.apiVersion is a Kubernetes version (v1, v1alpha1, v2beta3).
// Messages are upstream's, word for word.
#pragma once

#include <set>
#include <string_view>
#include <vector>

#include "graph/model.h"
#include "value/result.h"

namespace kro::graph {

// Upstream's --rgd-max-collection-dimension-size default.
inline constexpr std::size_t kDefaultMaxForEachDimensions = 10;

// kro's reserved words plus CEL's reserved symbols.
bool is_reserved_word(std::string_view word);
bool is_lower_camel_case(std::string_view s);
bool is_upper_camel_case(std::string_view s);
bool is_kubernetes_version(std::string_view s);

// Every naming problem of the RGD, in the order upstream checks them (kind, then resources in
// declaration order, then forEach iterators); upstream stops at the first, which is front().
// `unusable`, when given, receives the indexes of the resources the later phases cannot build:
// a reserved or repeated id, an invalid forEach iterator name (they would be CEL variables).
std::vector<Error> check_naming(const Rgd& rgd,
                                std::size_t max_dimensions = kDefaultMaxForEachDimensions,
                                std::set<std::size_t>* unusable = nullptr);

}  // namespace kro::graph

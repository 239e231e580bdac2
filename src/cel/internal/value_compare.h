// Internal to src/cel/common: the numeric comparison shared by value equality (value_compare.cc)
// and map lookups (value.cc).
#pragma once

#include <optional>

#include "cel/common/value.h"

namespace kro::cel::detail {

inline bool is_numeric(Kind k) { return k == Kind::kInt || k == Kind::kUint || k == Kind::kDouble; }

// Numeric comparison across int/uint/double (-1, 0, 1); nullopt when a NaN is involved. As in
// cel-go an integer within range is converted to double against a double.
std::optional<int> compare_numeric(const Value& a, const Value& b);

}  // namespace kro::cel::detail

// Shared shorthands for the standard-library registration files (not a public header).
#pragma once

#include <string>

#include "cel/common/errors.h"
#include "cel/common/function_registry.h"
#include "value/utf8.h"

namespace kro::cel::lib::detail {

inline ParamKind param_kind(Kind k) { return ParamKind::of(k); }
inline ParamKind dyn() { return ParamKind::dyn(); }

// A kro::Result turned into a Value (error values carry the message).
template <typename T, typename F>
Value from_result(const Result<T>& r, F&& make) {
  if (!r.ok()) return Value::error(r.error().message);
  return make(*r);
}

// Number of Unicode code points in valid UTF-8 (continuation bytes are not counted).
inline int64_t code_points(std::string_view s) { return static_cast<int64_t>(utf8::count(s)); }

}  // namespace kro::cel::lib::detail

// Helpers shared by the syntax tests.
#pragma once

#include <string>

#include "cel/syntax/parser.h"
#include "cel/syntax/unparser.h"

namespace kro::cel::syntax::testing {

// DebugString of the parse of `src`, or "ERROR: ..." text.
inline std::string ParseDebug(std::string_view src, const Parser& p = Parser()) {
  auto r = p.Parse(src);
  if (!r.ok()) return r.error().message;
  return DebugString(*r->expr);
}

}  // namespace kro::cel::syntax::testing

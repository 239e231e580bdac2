// Helpers shared by the syntax tests.
#pragma once

#include <string>

#include "cel/syntax/parser.h"
#include "cel/syntax/unparser.h"

namespace kro::cel::syntax::testing {

// debug_string of the parse of `src`, or "ERROR: ..." text.
inline std::string parse_debug(std::string_view src, const Parser& p = Parser()) {
  auto r = p.parse(src);
  if (!r.ok()) return r.error().message;
  return debug_string(*r->expr);
}

}  // namespace kro::cel::syntax::testing

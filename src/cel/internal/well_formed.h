// Internal to src/cel/check: the structural test the checker runs before its walk, for trees
// built by hand rather than by the parser.
#pragma once

#include <cstdint>

#include "cel/syntax/ast.h"

namespace kro::cel::check {

// The id of the first node missing a required child (-1 when that node has id 0), or 0 when the
// tree is complete.
int64_t first_malformed(const syntax::Expr& root);

}  // namespace kro::cel::check

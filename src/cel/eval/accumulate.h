// Recognises comprehensions that build a list by appending to their accumulator: the expansions
// of map(), filter(), transformList() and their filtered forms, whose step is
// `@result + [e]` or `cond ? @result + [e] : @result` and whose result is `@result`. Evaluated
// literally, each step copies the list built so far (quadratic in the list's length); the
// planner evaluates these with one growing vector instead (see AccuAppendNode).
#pragma once

#include <string_view>

#include "cel/syntax/ast.h"

namespace kro::cel::eval {

// Whether `name` is read anywhere in `e`, honouring the scopes comprehensions open.
bool mentions(const syntax::Expr& e, std::string_view name);

// Whether `c` is a list-appending comprehension as described above.
bool is_list_append_comprehension(const syntax::Comprehension& c);

}  // namespace kro::cel::eval

// Shorthands for the files that declare checker signatures (not a public header): a Sig is one
// overload; kGlobal / kReceiver say whether it is called as f(x) or x.f().
#pragma once

#include "cel/check/decls.h"
#include "cel/syntax/strcat.h"

namespace kro::cel::lib {

using Sig = check::SignatureDecl;
using syntax::cat;

inline constexpr bool kGlobal = false;
inline constexpr bool kReceiver = true;

}  // namespace kro::cel::lib

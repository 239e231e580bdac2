// Cat(a, b, ...): string concatenation by appending. gcc 12 at -O3 reports false -Wrestrict
// errors on chains of `std::string + ...`; appending into one buffer avoids them (and copies).
#pragma once

#include <string>
#include <string_view>

namespace kro::cel::syntax {

template <typename... T>
std::string cat(const T&... parts) {
  std::string out;
  (out.append(std::string_view(parts)), ...);
  return out;
}

}  // namespace kro::cel::syntax

// Fuzzes the CEL parser: any input must either parse or give issues with a rendering; a parsed
// tree must unparse, and the unparsed text must parse again to an equal tree (ids aside). A
// second parse may hit a size or depth limit (the unparser adds parentheses to balanced `&&`/`||`
// chains), which is not a bug.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <utility>

#include "cel/lib/kro/runtime_lib.h"
#include "cel/syntax/parser.h"
#include "cel/syntax/unparser.h"

using kro::cel::syntax::equal;
using kro::cel::syntax::Parser;
using kro::cel::syntax::unparse;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // Every macro kro parses with: the generic set plus the only library macro, runtime.newCondition
  // (what lib::kro_macros() returns, without linking every library into the target).
  static const Parser parser{[] {
    auto macros = kro::cel::syntax::generic_macros();
    for (auto& m : kro::cel::lib::runtime_macros()) macros.push_back(std::move(m));
    return kro::cel::syntax::MacroRegistry(std::move(macros));
  }()};
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = parser.parse(text);
  if (!parsed.ok()) {
    if (parsed.error().message.empty()) std::abort();
    return 0;
  }
  auto unparsed = unparse(*parsed);
  if (!unparsed.ok()) {
    std::fprintf(stderr, "unparse failed: %s\n", unparsed.error().message.c_str());
    std::abort();
  }
  auto again = parser.parse(*unparsed);
  if (!again.ok()) {
    if (again.error().message.find("limit") != std::string::npos) return 0;
    std::fprintf(stderr, "unparsed text does not parse:\n%s\n%s\n", unparsed->c_str(),
                 again.error().message.c_str());
    std::abort();
  }
  if (!equal(*parsed->expr, *again->expr, /*compare_ids=*/false)) {
    std::fprintf(stderr, "round trip changed the tree: %s\n", unparsed->c_str());
    std::abort();
  }
  return 0;
}

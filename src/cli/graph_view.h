// Pictures of a compiled graph for `kro graph`: a text outline by apply wave, Graphviz DOT, and
// SVG laid out by the Graphviz library. Markings: includeWhen (dashed border), readyWhen (double
// border), forEach (stacked box, "forEach: x in ..."), externalRef (grey fill, "externalRef"),
// and the instance's status reading its dependencies.
#pragma once

#include <string>

#include "graph/compiled.h"
#include "value/result.h"

namespace kro::cli {

std::string graph_text(const graph::CompiledGraph& g);
std::string graph_dot(const graph::CompiledGraph& g);
// The Graphviz library dot_to_svg loads at run time (Debian's libgvc6).
inline constexpr const char* kGraphvizLibrary = "libgvc.so.6";
// Lays out DOT with Graphviz's dot engine, loading gvc_library on first use; an error naming
// the missing library (and the `-o dot` way round it) when it cannot be loaded, or when
// Graphviz fails.
Result<std::string> dot_to_svg(const std::string& dot, const char* gvc_library = kGraphvizLibrary);

}  // namespace kro::cli

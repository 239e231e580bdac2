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
// Lays out DOT with Graphviz's dot engine; an error when Graphviz is not built in or fails.
Result<std::string> dot_to_svg(const std::string& dot);

}  // namespace kro::cli

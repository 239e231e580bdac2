// kro graph: compiles one RGD and prints its dependency graph.
#include "cli/commands.h"
#include "cli/compile.h"
#include "cli/graph_view.h"

namespace kro::cli {

int run_graph(const GraphArgs& args, Io io) {
  SourceCache cache;
  auto compiled = compile_one_rgd(args.file, args.sources, cache, io.err);
  if (!compiled) return 1;
  switch (args.format) {
    case GraphFormat::kText:
      io.out << graph_text(*compiled);
      return 0;
    case GraphFormat::kDot:
      io.out << graph_dot(*compiled);
      return 0;
    case GraphFormat::kSvg: {
      auto svg = dot_to_svg(graph_dot(*compiled));
      if (!svg.ok()) {
        io.err << format_diagnostic(svg.error(), Severity::kError, cache);
        return 1;
      }
      io.out << *svg;
      return 0;
    }
  }
  return 0;
}

}  // namespace kro::cli

// kro graph: compiles one RGD and prints its dependency graph.
#include "cli/commands.h"
#include "cli/graph_view.h"
#include "cli/input.h"

namespace kro::cli {

int run_graph(const GraphArgs& args, Io io) {
  SourceCache cache;
  std::vector<Error> errors;
  auto fail = [&](const Error& e) {
    io.err << format_diagnostic(e, Severity::kError, cache);
    return 1;
  };
  auto rgd = read_one_rgd(args.file, cache, errors);
  if (!rgd.ok()) {
    for (const auto& e : errors) io.err << format_diagnostic(e, Severity::kError, cache);
    return errors.empty() ? fail(rgd.error()) : 1;
  }
  auto options = make_compile_options(args.sources, {*rgd}, cache);
  if (!options.ok()) return fail(options.error());
  auto compiled = graph::compile_rgd(*rgd, *options);
  if (!compiled.ok()) return fail(compiled.error());
  switch (args.format) {
    case GraphFormat::kText:
      io.out << graph_text(*compiled);
      return 0;
    case GraphFormat::kDot:
      io.out << graph_dot(*compiled);
      return 0;
    case GraphFormat::kSvg: {
      auto svg = dot_to_svg(graph_dot(*compiled));
      if (!svg.ok()) return fail(svg.error());
      io.out << *svg;
      return 0;
    }
  }
  return 0;
}

}  // namespace kro::cli

// The compiler as the CLI drives it: where kind schemas come from (the built-in snapshot, CRD
// files given with --crds, the other RGDs named on the same command line, and, with
// --kubeconfig, the API server) and the compile options every command shares.
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "cli/diagnostics.h"
#include "graph/compiled.h"
#include "graph/model.h"
#include "value/result.h"

namespace kro::cli {

struct SchemaSources {
  std::vector<std::string> crd_dirs;  // --crds: folders (or files) of CRD / RGD manifests
  std::string kubeconfig;             // --kubeconfig: resolve other kinds on that cluster
  std::string context;                // --context: the kubeconfig context ("" = current)
};

// Compile options for a set of RGDs read together: kinds defined by any of `rgds` resolve to
// their generated CRDs, so an RGD may use another's kind (nested RGDs). Errors name the file or
// folder that could not be read.
Result<graph::CompileOptions> make_compile_options(const SchemaSources& sources,
                                                   const std::vector<graph::Rgd>& rgds,
                                                   SourceCache& cache);

// What the commands that act on one graph (render, graph) start with: reads the one RGD of
// `path` and compiles it. On failure every problem goes to `err` as a diagnostic and the result
// is empty (the command exits 1).
std::optional<graph::CompiledGraph> compile_one_rgd(const std::string& path,
                                                    const SchemaSources& sources,
                                                    SourceCache& cache, std::ostream& err);

}  // namespace kro::cli

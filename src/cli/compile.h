// The compiler as the CLI drives it: where kind schemas come from (the built-in snapshot, CRD
// files given with --crds, the other RGDs named on the same command line, and, with
// --kubeconfig, the API server) and the compile options every command shares.
#pragma once

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

}  // namespace kro::cli

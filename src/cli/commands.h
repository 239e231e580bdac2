// The `kro` subcommands (run_<name> in <name>_cmd.cc), each a function of its parsed arguments
// writing to two streams and returning the process exit code (0 success, 1 problems found, 2 usage
// errors) — so tests run them in-process and the binary is a thin main.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "cli/compile.h"
#include "cli/output.h"

namespace kro::cli {

struct Io {
  std::ostream& out;
  std::ostream& err;
};

// kro validate <rgd.yaml>...: every problem of every RGD as a compiler-style diagnostic on
// stderr; "ok" lines on stdout for the RGDs that compile.
struct ValidateArgs {
  std::vector<std::string> files;
  SchemaSources sources;
};
int run_validate(const ValidateArgs& args, Io io);

// kro crd <rgd.yaml>: the generated CustomResourceDefinition of each RGD in the file.
struct CrdArgs {
  std::string file;
  SchemaSources sources;
  Format format = Format::kYaml;
};
int run_crd(const CrdArgs& args, Io io);

// kro render <rgd.yaml> <instance.yaml>: the objects the controller would apply, in order.
struct RenderArgs {
  std::string rgd_file;
  std::string instance_file;
  std::string observed_dir;  // empty: each desired object stands in for the observed one
  SchemaSources sources;
  Format format = Format::kYaml;
};
int run_render(const RenderArgs& args, Io io);

// kro graph <rgd.yaml>: the dependency graph as text, Graphviz DOT or SVG.
enum class GraphFormat { kText, kDot, kSvg };
struct GraphArgs {
  std::string file;
  SchemaSources sources;
  GraphFormat format = GraphFormat::kText;
};
int run_graph(const GraphArgs& args, Io io);

// kro preview <rgd.yaml>: what applying the RGD file would change in the cluster (its CRD's
// schema, every instance's children), from a server-side dry-run; with --observed, offline
// from a folder of objects. Exit code 0: nothing changes; 2: something does; 1: error.
struct PreviewArgs {
  std::string rgd_file;
  std::string observed_dir;       // empty: the cluster of the kubeconfig
  SchemaSources sources;          // kubeconfig and context also name the cluster previewed
  Format format = Format::kYaml;  // kYaml: the text report; kJson: one JSON object
};
int run_preview(const PreviewArgs& args, Io io);

// The version of this build ("0.1.0") and the line `kro version` prints.
std::string kro_version();
std::string version_text();

}  // namespace kro::cli

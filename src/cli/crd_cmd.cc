// kro crd: the CustomResourceDefinition kro would create for each RGD of a file, stamped with
// the CLI version as upstream's `kro generate crd` does.
#include "cli/commands.h"
#include "cli/input.h"

namespace kro::cli {

int run_crd(const CrdArgs& args, Io io) {
  SourceCache cache;
  std::vector<Error> errors;
  std::size_t count = 0;
  auto rgds = read_rgds(args.file, cache, errors, &count);
  if (errors.empty() && count == 0) {
    errors.emplace_back("no ResourceGraphDefinition found", SourcePos{args.file});
  }
  std::vector<Json> crds;
  if (errors.empty()) {
    auto options = make_compile_options(args.sources, rgds, cache);
    if (!options.ok()) {
      errors.push_back(options.error());
    } else {
      for (const auto& rgd : rgds) {
        auto compiled = graph::compile_rgd(rgd, *options);
        if (!compiled.ok()) {
          errors.push_back(compiled.error());
          continue;
        }
        Json crd = compiled->crd;
        Json& metadata = crd.as_object()["metadata"];
        if (!metadata.is_object()) metadata.emplace_object();
        Json& annotations = metadata.as_object()["annotations"];
        if (!annotations.is_object()) annotations.emplace_object();
        annotations.as_object()["kro.run/cli-version"] = kro_version();
        crds.push_back(std::move(crd));
      }
    }
  }
  for (const auto& e : errors) io.err << format_diagnostic(e, Severity::kError, cache);
  if (!errors.empty()) {
    io.err << diagnostic_summary(errors.size(), 0) << '\n';
    return 1;
  }
  io.out << emit_all(crds, args.format);
  return 0;
}

}  // namespace kro::cli

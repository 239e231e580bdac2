// kro validate: reads every file, reports every problem the reader and the compiler find (not
// just the first), then one "ok" line per RGD that compiles.
#include <string>
#include <utility>

#include "cli/commands.h"
#include "cli/input.h"

namespace kro::cli {

namespace {

std::string describe(const graph::CompiledGraph& g) {
  std::string out = "ResourceGraphDefinition \"" + g.rgd.name.value + "\" (" + g.kind + "." +
                    g.group + "/" + g.version + ", " + std::to_string(g.graph.nodes.size()) +
                    (g.graph.nodes.size() == 1 ? " resource" : " resources");
  if (!g.typed) out += ", not type-checked";
  return out + ")";
}

}  // namespace

int run_validate(const ValidateArgs& args, Io io) {
  SourceCache cache;
  std::size_t errors = 0;
  std::size_t warnings = 0;
  auto report = [&](const Error& e, Severity s) {
    io.err << format_diagnostic(e, s, cache);
    (s == Severity::kError ? errors : warnings) += 1;
  };

  struct Input {
    std::string file;
    std::vector<graph::Rgd> rgds;
  };
  std::vector<Input> inputs;
  std::vector<graph::Rgd> all;
  for (const auto& file : args.files) {
    std::vector<Error> read_errors;
    std::size_t count = 0;
    Input in{file, read_rgds(file, cache, read_errors, &count)};
    for (const auto& e : read_errors) report(e, Severity::kError);
    if (count == 0 && read_errors.empty()) {
      report(Error("no ResourceGraphDefinition found", SourcePos{file}), Severity::kWarning);
    }
    all.insert(all.end(), in.rgds.begin(), in.rgds.end());
    inputs.push_back(std::move(in));
  }

  auto options = make_compile_options(args.sources, all, cache);
  if (!options.ok()) {
    report(options.error(), Severity::kError);
    io.err << diagnostic_summary(errors, warnings) << '\n';
    return 1;
  }

  std::size_t valid = 0;
  for (const auto& in : inputs) {
    for (const auto& rgd : in.rgds) {
      // Every problem, in document order.
      auto problems = graph::validate_rgd(rgd, *options);
      for (const auto& e : problems) report(e, Severity::kError);
      if (!problems.empty()) continue;
      // validate_rgd found nothing, so this compiles; it also yields the warnings and the
      // summary of what was checked.
      auto compiled = graph::compile_rgd(rgd, *options);
      if (!compiled.ok()) {
        report(compiled.error(), Severity::kError);
        continue;
      }
      for (const auto& w : compiled->warnings) report(w, Severity::kWarning);
      io.out << in.file << ": ok: " << describe(*compiled) << '\n';
      ++valid;
    }
  }
  if (errors > 0 || warnings > 0) io.err << diagnostic_summary(errors, warnings) << '\n';
  if (errors > 0) return 1;
  io.out << "ok: " << valid
         << (valid == 1 ? " ResourceGraphDefinition" : " ResourceGraphDefinitions") << " valid\n";
  return 0;
}

}  // namespace kro::cli

#include "cli/app.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <string>
#include <vector>

#include "cli/commands.h"

namespace kro::cli {

std::string kro_version() { return KRO_VERSION; }

std::string version_text() {
  return "kro " + kro_version() + " (kro-cpp; API kro.run/v1alpha1, compatible with kro v0.9)";
}

namespace {

// -o/--output, one of `formats`, with its default shown in --help.
void add_output_flag(CLI::App* cmd, std::string& format, std::vector<std::string> formats) {
  cmd->add_option("-o,--output", format, "Output format")
      ->check(CLI::IsMember(std::move(formats)))
      ->capture_default_str();
}

constexpr const char* kKubeconfigHelp =
    "Resolve kinds that are neither built in nor given with --crds on this cluster (its "
    "/openapi/v3)";

void add_schema_flags(CLI::App* cmd, SchemaSources& sources,
                      const char* kubeconfig_help = kKubeconfigHelp) {
  cmd->add_option("--crds", sources.crd_dirs,
                  "Folder (or file) of CustomResourceDefinition or ResourceGraphDefinition "
                  "manifests giving the schemas of custom kinds; repeatable")
      ->type_name("DIR");
  cmd->add_option("--kubeconfig", sources.kubeconfig, kubeconfig_help)->type_name("PATH");
  cmd->add_option("--context", sources.context, "Context of the kubeconfig (default: current)")
      ->type_name("NAME");
}

Format to_format(const std::string& s) { return s == "json" ? Format::kJson : Format::kYaml; }

// The parsed arguments of every subcommand, and the exit code of the one that ran; they must
// outlive the parse, whose callbacks fill them in.
struct Commands {
  ValidateArgs validate;
  CrdArgs crd;
  std::string crd_format = "yaml";
  RenderArgs render;
  std::string render_format = "yaml";
  GraphArgs graph;
  std::string graph_format = "text";
  PreviewArgs preview;
  std::string preview_format = "text";
  int code = 0;
};

void add_validate(CLI::App& app, Commands& cmds, Io io) {
  auto* v = app.add_subcommand(
      "validate", "Check ResourceGraphDefinitions: every problem, as file:line:col diagnostics");
  v->add_option("files", cmds.validate.files, "RGD files (YAML or JSON; - for stdin)")
      ->required()
      ->type_name("RGD.yaml");
  add_schema_flags(v, cmds.validate.sources);
  v->callback([&cmds, io] { cmds.code = run_validate(cmds.validate, io); });
}

void add_crd(CLI::App& app, Commands& cmds, Io io) {
  auto* c = app.add_subcommand("crd", "Print the CustomResourceDefinition generated for an RGD");
  c->add_option("file", cmds.crd.file, "RGD file")->required()->type_name("RGD.yaml");
  add_output_flag(c, cmds.crd_format, {"yaml", "json"});
  add_schema_flags(c, cmds.crd.sources);
  c->callback([&cmds, io] {
    cmds.crd.format = to_format(cmds.crd_format);
    cmds.code = run_crd(cmds.crd, io);
  });
}

void add_render(CLI::App& app, Commands& cmds, Io io) {
  auto* r = app.add_subcommand(
      "render",
      "Print the objects the controller would apply for an instance, in apply order, naming "
      "skipped resources and pending expressions");
  r->add_option("rgd", cmds.render.rgd_file, "RGD file")->required()->type_name("RGD.yaml");
  r->add_option("instance", cmds.render.instance_file, "Instance of the RGD's kind")
      ->required()
      ->type_name("INSTANCE.yaml");
  r->add_option("--observed", cmds.render.observed_dir,
                "Folder of live objects (YAML/JSON) standing for the cluster's state; without "
                "it each resource's desired object stands in for its observed one")
      ->type_name("DIR");
  add_output_flag(r, cmds.render_format, {"yaml", "json"});
  add_schema_flags(r, cmds.render.sources);
  r->callback([&cmds, io] {
    cmds.render.format = to_format(cmds.render_format);
    cmds.code = run_render(cmds.render, io);
  });
}

void add_graph(CLI::App& app, Commands& cmds, Io io) {
  auto* g = app.add_subcommand(
      "graph", "Print the dependency graph (includeWhen, readyWhen, forEach, externalRef marked)");
  g->add_option("file", cmds.graph.file, "RGD file")->required()->type_name("RGD.yaml");
  add_output_flag(g, cmds.graph_format, {"text", "dot", "svg"});
  add_schema_flags(g, cmds.graph.sources);
  g->callback([&cmds, io] {
    cmds.graph.format = cmds.graph_format == "dot"   ? GraphFormat::kDot
                        : cmds.graph_format == "svg" ? GraphFormat::kSvg
                                                     : GraphFormat::kText;
    cmds.code = run_graph(cmds.graph, io);
  });
}

void add_preview(CLI::App& app, Commands& cmds, Io io) {
  auto* p = app.add_subcommand(
      "preview",
      "Show what applying an RGD would change: its CRD's schema (breaking or not) and, for "
      "every instance, the children created, changed (server-side dry-run) and pruned. Exit "
      "code 0: no change, 2: changes, 1: error (a kro-cpp extension)");
  p->add_option("rgd", cmds.preview.rgd_file, "RGD file")->required()->type_name("RGD.yaml");
  p->add_option("--observed", cmds.preview.observed_dir,
                "Offline: a folder of objects (YAML/JSON) standing for the cluster: the RGD, "
                "its CRD, instances and children; no dry-run")
      ->type_name("DIR");
  add_output_flag(p, cmds.preview_format, {"text", "json"});
  add_schema_flags(p, cmds.preview.sources,
                   "The cluster to preview against (default: kubectl's: $KUBECONFIG, "
                   "~/.kube/config, in-cluster), which also resolves the kinds it serves");
  p->callback([&cmds, io] {
    cmds.preview.format = to_format(cmds.preview_format);
    cmds.code = run_preview(cmds.preview, io);
  });
}

}  // namespace

int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  CLI::App app{"kro: compile, check and preview kro ResourceGraphDefinitions offline", "kro"};
  app.require_subcommand(1);
  app.set_help_all_flag("--help-all", "Help for every command");
  Io io{out, err};
  Commands cmds;
  add_validate(app, cmds, io);
  add_crd(app, cmds, io);
  add_render(app, cmds, io);
  add_graph(app, cmds, io);
  add_preview(app, cmds, io);
  app.add_subcommand("version", "Print the version")->callback([&] {
    out << version_text() << '\n';
  });

  // CLI11 parses from the back of the vector.
  std::vector<std::string> reversed(args.rbegin(), args.rend());
  try {
    app.parse(reversed);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e, out, err);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e, out, err);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e, out, err);
    return rc == 0 ? 0 : 2;
  }
  return cmds.code;
}

}  // namespace kro::cli

// kro preview <rgd.yaml>: what applying an RGD file would change, before it is applied. The RGD
// of the same name is read from the cluster (or, with --observed, from a folder), its CRD's
// schema is compared with the new one by the controller's own compatibility check
// (schema/compat.h), and every instance is previewed (preview_plan.h). Exit code: 0 nothing
// changes, 2 something does, 1 error. A kro-cpp extension, for upstream's proposals on rolling
// out RGD changes (kro #883, KREP-006); KREP-014 points to `kro preview` for safe adoption and
// the kro CLI proposal (KREP-021) sketches it.
#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "cli/commands.h"
#include "cli/input.h"
#include "cli/preview_live.h"
#include "cli/preview_offline.h"
#include "controller/labels.h"
#include "controller/version.h"
#include "kube/kubeconfig.h"
#include "schema/compat.h"

namespace kro::cli {

namespace {

const kube::GroupVersionResource kRgdResource{"kro.run", "v1alpha1", "resourcegraphdefinitions"};
// controller::kAllowBreakingChangesAnnotation (rgd_controller.h, whose includes clash with
// labels.h's in one translation unit).
constexpr std::string_view kAllowBreakingChanges = "kro.run/allow-breaking-changes";
const kube::GroupVersionResource kCrdResource{"apiextensions.k8s.io", "v1",
                                              "customresourcedefinitions"};

// What the cluster holds, whichever way it was read.
struct ClusterState {
  std::unique_ptr<PreviewCluster> cluster;
  std::unique_ptr<ObservedPool> pool;  // offline (the cluster refers to it: it must not move)
  LiveCluster* live = nullptr;         // live: cluster, typed
  OfflineCluster* offline = nullptr;
};

Result<ClusterState> open_cluster(const PreviewArgs& args, SourceCache& cache) {
  ClusterState s;
  if (!args.observed_dir.empty()) {
    KRO_ASSIGN_OR_RETURN(auto pool, ObservedPool::load(args.observed_dir, cache));
    s.pool = std::make_unique<ObservedPool>(std::move(pool));
    auto offline = std::make_unique<OfflineCluster>(*s.pool);
    s.offline = offline.get();
    s.cluster = std::move(offline);
    return s;
  }
  KRO_ASSIGN_OR_RETURN(auto live,
                       LiveCluster::connect(args.sources.kubeconfig, args.sources.context));
  s.live = live.get();
  s.cluster = std::move(live);
  return s;
}

Result<std::optional<Json>> cluster_object(const ClusterState& s,
                                           const kube::GroupVersionResource& gvr,
                                           std::string_view kind, const std::string& name) {
  if (s.live != nullptr) return s.live->get(gvr, "", name);
  std::string api_version = gvr.group + "/" + gvr.version;
  const Json* found = s.offline->named(api_version, kind, name);
  return found != nullptr ? std::optional<Json>(*found) : std::optional<Json>();
}

Result<std::vector<Json>> instances_of(const ClusterState& s, const graph::CompiledGraph& g) {
  std::vector<Json> out;
  if (s.live != nullptr) {
    KRO_ASSIGN_OR_RETURN(out, s.live->list_all({g.group, g.version, g.plural}));
    for (auto& i : out) {
      i.as_object()["apiVersion"] = g.api_version();
      i.as_object()["kind"] = g.kind;
    }
  } else {
    out = s.offline->all_of(g.api_version(), g.kind);
  }
  auto key = [](const Json& i) {
    return string_at(i, "metadata.namespace") + "/" + string_at(i, "metadata.name");
  };
  std::sort(out.begin(), out.end(), [&](const Json& a, const Json& b) { return key(a) < key(b); });
  return out;
}

// The RGD document of the file, as written.
Result<Json> rgd_document(const std::string& file, SourceCache& cache) {
  KRO_ASSIGN_OR_RETURN(auto docs, read_documents(file, cache));
  for (const auto& d : docs) {
    if (string_at(d.value, "kind") == graph::kRgdKind) return d.value;
  }
  return Error("no ResourceGraphDefinition in " + file);
}

// The RGD in the cluster compiled as the controller compiles it; null (with a note) when it
// does not compile.
std::shared_ptr<const runtime::Executable> compile_current(const Json& rgd,
                                                           const SchemaSources& sources,
                                                           SourceCache& cache, Preview& p) {
  auto fail = [&](const Error& e) {
    p.notes.push_back("the ResourceGraphDefinition in the cluster does not compile (" + e.message +
                      "): fields it no longer sets are not known");
    return nullptr;
  };
  std::string name = "cluster:" + string_at(rgd, "metadata.name");
  auto doc = parse_yaml(to_json(rgd), name);
  if (!doc.ok()) return fail(doc.error());
  auto model = graph::read_rgd(*doc);
  if (!model.ok()) return fail(model.error());
  auto options = make_compile_options(sources, {*model}, cache);
  if (!options.ok()) return fail(options.error());
  auto compiled = graph::compile_rgd(*model, *options);
  if (!compiled.ok()) return fail(compiled.error());
  auto exe =
      runtime::make_executable(std::make_shared<const graph::CompiledGraph>(std::move(*compiled)));
  if (!exe.ok()) return fail(exe.error());
  return *exe;
}

// The spec as the API server stores it: the RGD CRD's two defaults filled in.
Json stored_spec(const Json& rgd) {
  const Json* spec = find_path(rgd, "spec");
  Json out = spec != nullptr ? *spec : Json(JsonObject());
  if (JsonObject* schema = out.is_object() ? out.as_object()["schema"].if_object() : nullptr) {
    if (!schema->contains("group")) (*schema)["group"] = "kro.run";
    if (!schema->contains("scope")) (*schema)["scope"] = "Namespaced";
  }
  JsonObject wrapped;
  wrapped["spec"] = std::move(out);
  return wrapped;
}

Status compare_schema(const std::optional<Json>& live_crd, const Json& next_crd, Preview& p) {
  p.schema.crd_name = string_at(next_crd, "metadata.name");
  p.schema.exists = live_crd.has_value();
  if (!live_crd) return {};
  KRO_ASSIGN_OR_RETURN(schema::CompatReport report, schema::compare_crds(*live_crd, next_crd));
  for (const auto& c : report.breaking)
    p.schema.breaking.push_back(c.path + ": " + c.description());
  for (const auto& c : report.non_breaking) {
    p.schema.non_breaking.push_back(c.path + ": " + c.description());
  }
  return {};
}

// The kubeconfig the schema resolver reads when none is named: kubectl's first choice.
std::string default_kubeconfig() {
  if (const char* env = std::getenv("KUBECONFIG"); env != nullptr && *env != '\0') {
    auto files = kube::split_kubeconfig_env(env);
    if (!files.empty()) return files.front();
  }
  const char* home = std::getenv("HOME");
  std::string path = std::string(home != nullptr ? home : "") + "/.kube/config";
  std::error_code ec;
  return std::filesystem::exists(path, ec) ? path : std::string();
}

// The RGD file: its document as written, and compiled.
struct FileRgd {
  Json document;
  std::shared_ptr<const runtime::Executable> exe;
};

// `schemas` are the schema sources (with the kubeconfig that names the previewed cluster filled
// in, in live mode); `args` name the cluster.
Result<Preview> build_preview(const PreviewArgs& args, const SchemaSources& schemas,
                              const FileRgd& file, SourceCache& cache) {
  const graph::CompiledGraph& next = file.exe->compiled();
  KRO_ASSIGN_OR_RETURN(ClusterState state, open_cluster(args, cache));
  Preview p;
  p.rgd_name = next.rgd.name.value;
  p.dry_run = state.cluster->dry_run();
  KRO_ASSIGN_OR_RETURN(auto live_rgd,
                       cluster_object(state, kRgdResource, graph::kRgdKind, p.rgd_name));
  p.rgd_exists = live_rgd.has_value();
  PreviewGraphs graphs{file.exe, nullptr};
  if (live_rgd) {
    p.rgd_changes = diff_objects(stored_spec(*live_rgd), stored_spec(file.document));
    graphs.current = compile_current(*live_rgd, schemas, cache, p);
  }
  // The kind whose instances exist: the cluster's RGD's, when it compiles.
  std::shared_ptr<const runtime::Executable> served = graphs.current ? graphs.current : file.exe;
  const graph::CompiledGraph& kind_of = served->compiled();
  KRO_ASSIGN_OR_RETURN(auto live_crd,
                       cluster_object(state, kCrdResource, "CustomResourceDefinition",
                                      string_at(kind_of.crd, "metadata.name")));
  if (!live_crd && state.offline != nullptr && graphs.current) live_crd = kind_of.crd;
  if (kind_of.api_version() != next.api_version() || kind_of.kind != next.kind) {
    p.notes.push_back("the RGD's kind changes from " + kind_of.kind + " (" + kind_of.api_version() +
                      ") to " + next.kind + " (" + next.api_version() +
                      "): a new CRD; instances of the old kind stay as they are");
    live_crd.reset();
  }
  KRO_RETURN_IF_ERROR(compare_schema(live_crd, next.crd, p));
  p.schema.breaking_allowed =
      controller::annotation_of(file.document, kAllowBreakingChanges) == "true";
  if (!live_crd) return p;  // no CRD yet: no instances either
  KRO_ASSIGN_OR_RETURN(auto instances, instances_of(state, kind_of));
  for (const auto& instance : instances) {
    std::string version = controller::label_of(instance, controller::kKroVersionLabel);
    if (version.empty()) version = controller::reported_version();
    p.instances.push_back(preview_instance(instance, graphs, *state.cluster, version));
  }
  return p;
}

}  // namespace

int run_preview(const PreviewArgs& args, Io io) {
  SourceCache cache;
  auto fail = [&](const Error& e) {
    io.err << format_diagnostic(e, Severity::kError, cache);
    return 1;
  };
  // Live, the previewed cluster also types the kinds it serves.
  SchemaSources schemas = args.sources;
  if (args.observed_dir.empty() && schemas.kubeconfig.empty()) {
    schemas.kubeconfig = default_kubeconfig();
  }
  auto compiled = compile_one_rgd(args.rgd_file, schemas, cache, io.err);
  if (!compiled) return 1;
  FileRgd file;
  auto document = rgd_document(args.rgd_file, cache);
  if (!document.ok()) return fail(document.error());
  file.document = std::move(*document);
  auto exe =
      runtime::make_executable(std::make_shared<const graph::CompiledGraph>(std::move(*compiled)));
  if (!exe.ok()) return fail(exe.error());
  file.exe = *exe;
  auto preview = build_preview(args, schemas, file, cache);
  if (!preview.ok()) return fail(preview.error());
  if (args.format == Format::kJson) {
    io.out << to_pretty_json(preview_json(*preview)) << '\n';
  } else {
    io.out << preview_text(*preview);
  }
  return preview->has_changes() ? 2 : 0;
}

}  // namespace kro::cli

// Schema sources, first answer wins: CRDs (from --crds and the RGDs read together), the
// built-in snapshot of Kubernetes' kinds, then (with --kubeconfig) the API server.
//
// RGDs given together may use each other's kinds. Their CRDs are made in two passes: first
// without type checking (every kind known, status fields untyped), then with the first pass's
// CRDs available, so an RGD that instantiates another one sees that kind's typed status as
// well, one level of nesting deep (deeper chains still type-check, with untyped status).
#include "cli/compile.h"

#include <filesystem>
#include <optional>

#include "cli/input.h"
#include "graph/schema_resolver_builtin.h"
#include "kube/kubeconfig.h"
#include "kube/rest_client.h"
#include "resolve/server_schema_resolver.h"

namespace kro::cli {

namespace {

bool has_kind(const Json& v, std::string_view kind) {
  const JsonObject* o = v.if_object();
  const Json* k = o != nullptr ? o->if_contains("kind") : nullptr;
  return k != nullptr && k->is_string() && k->get_string() == kind;
}

// CRD objects of the files below `path` (a folder or one file), and the RGDs found there.
Status read_crd_sources(const std::string& path, SourceCache& cache, std::vector<Json>& crds,
                        std::vector<graph::Rgd>& rgds) {
  std::vector<std::string> files;
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    KRO_ASSIGN_OR_RETURN(files, list_manifest_files(path));
  } else {
    files.push_back(path);
  }
  for (const auto& file : files) {
    KRO_ASSIGN_OR_RETURN(auto docs, read_documents(file, cache));
    for (const auto& doc : docs) {
      if (has_kind(doc.value, "CustomResourceDefinition")) {
        crds.push_back(doc.value);
      } else if (has_kind(doc.value, graph::kRgdKind)) {
        KRO_ASSIGN_OR_RETURN(graph::Rgd rgd, graph::read_rgd(doc));
        rgds.push_back(std::move(rgd));
      }
    }
  }
  return {};
}

// The resolvers in the order they are asked; `server` may be null.
struct Sources {
  std::shared_ptr<const graph::SnapshotSchemaResolver> builtin;
  graph::SchemaResolverPtr server;
};

Result<graph::SchemaResolverPtr> chain(const std::vector<Json>& crds, const Sources& sources) {
  std::vector<graph::SchemaResolverPtr> chain;
  if (!crds.empty()) {
    KRO_ASSIGN_OR_RETURN(auto from_crds,
                         graph::CrdSchemaResolver::from_objects(crds, sources.builtin->document()));
    chain.push_back(from_crds);
  }
  chain.push_back(sources.builtin);
  if (sources.server) chain.push_back(sources.server);
  if (chain.size() == 1) return chain.front();
  return graph::SchemaResolverPtr(std::make_shared<graph::ChainSchemaResolver>(std::move(chain)));
}

// The API server's /openapi/v3 and discovery, through a kubeconfig.
Result<graph::SchemaResolverPtr> server_resolver(const SchemaSources& sources) {
  KRO_ASSIGN_OR_RETURN(kube::Kubeconfig kubeconfig,
                       kube::load_kubeconfig_files({sources.kubeconfig}));
  KRO_ASSIGN_OR_RETURN(kube::RestConfig config, kubeconfig.rest_config(sources.context));
  KRO_ASSIGN_OR_RETURN(kube::RestClient client, kube::RestClient::create(config));
  return graph::SchemaResolverPtr(std::make_shared<resolve::ServerSchemaResolver>(
      std::make_shared<kube::OpenApiV3>(client), std::make_shared<kube::Discovery>(client)));
}

// The CRD of each RGD that compiles with `options`, else its entry of `fallback`.
std::vector<std::optional<Json>> crds_of(const std::vector<graph::Rgd>& rgds,
                                         const graph::CompileOptions& options,
                                         const std::vector<std::optional<Json>>& fallback) {
  std::vector<std::optional<Json>> out;
  for (std::size_t i = 0; i < rgds.size(); ++i) {
    auto compiled = graph::compile_rgd(rgds[i], options);
    if (compiled.ok()) {
      out.emplace_back(compiled->crd);
    } else {
      out.push_back(i < fallback.size() ? fallback[i] : std::nullopt);
    }
  }
  return out;
}

std::vector<Json> with(std::vector<Json> crds, const std::vector<std::optional<Json>>& more) {
  for (const auto& c : more) {
    if (c) crds.push_back(*c);
  }
  return crds;
}

}  // namespace

Result<graph::CompileOptions> make_compile_options(const SchemaSources& sources,
                                                   const std::vector<graph::Rgd>& rgds,
                                                   SourceCache& cache) {
  Sources resolvers;
  KRO_ASSIGN_OR_RETURN(resolvers.builtin, graph::SnapshotSchemaResolver::builtin());
  if (!sources.kubeconfig.empty()) {
    KRO_ASSIGN_OR_RETURN(resolvers.server, server_resolver(sources));
  }

  std::vector<Json> crds;
  std::vector<graph::Rgd> defining = rgds;
  for (const auto& path : sources.crd_dirs) {
    KRO_RETURN_IF_ERROR(read_crd_sources(path, cache, crds, defining));
  }
  // Pass 1: every kind defined here, untyped; pass 2: typed against pass 1's CRDs.
  auto untyped = crds_of(defining, graph::CompileOptions{}, {});
  graph::CompileOptions typed;
  KRO_ASSIGN_OR_RETURN(typed.resolver, chain(with(crds, untyped), resolvers));
  auto typed_crds = crds_of(defining, typed, untyped);
  KRO_ASSIGN_OR_RETURN(typed.resolver, chain(with(crds, typed_crds), resolvers));
  return typed;
}

std::optional<graph::CompiledGraph> compile_one_rgd(const std::string& path,
                                                    const SchemaSources& sources,
                                                    SourceCache& cache, std::ostream& err) {
  std::vector<Error> errors;
  auto report = [&](const Error& e) { err << format_diagnostic(e, Severity::kError, cache); };
  auto rgd = read_one_rgd(path, cache, errors);
  if (!rgd.ok()) {
    if (errors.empty()) errors.push_back(rgd.error());
    for (const auto& e : errors) report(e);
    return std::nullopt;
  }
  auto options = make_compile_options(sources, {*rgd}, cache);
  if (!options.ok()) {
    report(options.error());
    return std::nullopt;
  }
  auto compiled = graph::compile_rgd(*rgd, *options);
  if (!compiled.ok()) {
    report(compiled.error());
    return std::nullopt;
  }
  return std::move(*compiled);
}

}  // namespace kro::cli

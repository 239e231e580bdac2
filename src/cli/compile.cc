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
    auto listed = list_manifest_files(path);
    if (!listed.ok()) return std::move(listed).take_error();
    files = std::move(*listed);
  } else {
    files.push_back(path);
  }
  for (const auto& file : files) {
    auto docs = read_documents(file, cache);
    if (!docs.ok()) return std::move(docs).take_error();
    for (const auto& doc : *docs) {
      if (has_kind(doc.value, "CustomResourceDefinition")) {
        crds.push_back(doc.value);
      } else if (has_kind(doc.value, graph::kRgdKind)) {
        auto rgd = graph::read_rgd(doc);
        if (!rgd.ok()) return std::move(rgd).take_error();
        rgds.push_back(std::move(*rgd));
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
    auto from_crds = graph::CrdSchemaResolver::from_objects(crds, sources.builtin->document());
    if (!from_crds.ok()) return std::move(from_crds).take_error();
    chain.push_back(*from_crds);
  }
  chain.push_back(sources.builtin);
  if (sources.server) chain.push_back(sources.server);
  if (chain.size() == 1) return chain.front();
  return graph::SchemaResolverPtr(std::make_shared<graph::ChainSchemaResolver>(std::move(chain)));
}

// The API server's /openapi/v3 and discovery, through a kubeconfig.
Result<graph::SchemaResolverPtr> server_resolver(const SchemaSources& sources) {
  auto kubeconfig = kube::load_kubeconfig_files({sources.kubeconfig});
  if (!kubeconfig.ok()) return std::move(kubeconfig).take_error();
  auto config = kubeconfig->rest_config(sources.context);
  if (!config.ok()) return std::move(config).take_error();
  auto client = kube::RestClient::create(*config);
  if (!client.ok()) return std::move(client).take_error();
  return graph::SchemaResolverPtr(std::make_shared<resolve::ServerSchemaResolver>(
      std::make_shared<kube::OpenApiV3>(*client), std::make_shared<kube::Discovery>(*client)));
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
  auto builtin = graph::SnapshotSchemaResolver::builtin();
  if (!builtin.ok()) return std::move(builtin).take_error();
  resolvers.builtin = *builtin;
  if (!sources.kubeconfig.empty()) {
    auto server = server_resolver(sources);
    if (!server.ok()) return std::move(server).take_error();
    resolvers.server = *server;
  }

  std::vector<Json> crds;
  std::vector<graph::Rgd> defining = rgds;
  for (const auto& path : sources.crd_dirs) {
    if (auto st = read_crd_sources(path, cache, crds, defining); !st.ok()) {
      return std::move(st).take_error();
    }
  }
  // Pass 1: every kind defined here, untyped; pass 2: typed against pass 1's CRDs.
  auto untyped = crds_of(defining, graph::CompileOptions{}, {});
  graph::CompileOptions typed;
  auto resolver = chain(with(crds, untyped), resolvers);
  if (!resolver.ok()) return std::move(resolver).take_error();
  typed.resolver = *resolver;
  auto typed_crds = crds_of(defining, typed, untyped);
  resolver = chain(with(crds, typed_crds), resolvers);
  if (!resolver.ok()) return std::move(resolver).take_error();
  typed.resolver = *resolver;
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

#include "graph/schema_resolver.h"

#include <utility>

namespace kro::graph {

namespace {
constexpr std::string_view kComponentsPrefix = "#/components/schemas/";
constexpr std::string_view kNotFoundSuffix = "\": schema not found";
}  // namespace

const Json* KindSchema::ref(std::string_view ref) const {
  if (!document || ref.substr(0, kComponentsPrefix.size()) != kComponentsPrefix) return nullptr;
  const auto* root = document->if_object();
  if (root == nullptr) return nullptr;
  const Json* components = root->if_contains("components");
  if (components == nullptr || !components->is_object()) return nullptr;
  const Json* schemas = components->get_object().if_contains("schemas");
  if (schemas == nullptr || !schemas->is_object()) return nullptr;
  return schemas->get_object().if_contains(ref.substr(kComponentsPrefix.size()));
}

const Json* KindSchema::deref(const Json* s) const {
  for (int depth = 0; s != nullptr && depth < 64; ++depth) {
    const auto* o = s->if_object();
    if (o == nullptr) return s;
    if (const Json* r = o->if_contains("$ref"); r != nullptr && r->is_string()) {
      s = ref(r->get_string());
      continue;
    }
    const Json* all = o->if_contains("allOf");
    if (all != nullptr && !o->contains("type") && !o->contains("properties") && all->is_array() &&
        all->get_array().size() == 1) {
      s = &all->get_array()[0];
      continue;
    }
    return s;
  }
  return nullptr;
}

std::string gvk_string(std::string_view api_version, std::string_view kind) {
  std::string out;
  auto slash = api_version.find('/');
  if (slash == std::string_view::npos) {
    out.append("/").append(api_version);  // core group: empty group before the slash
  } else {
    out.append(api_version);
  }
  out.append(", Kind=").append(kind);
  return out;
}

Error schema_not_found(std::string_view api_version, std::string_view kind) {
  return Error("cannot resolve group version kind \"" + gvk_string(api_version, kind) +
               std::string(kNotFoundSuffix));
}

Error group_version_not_found(std::string_view api_version) {
  return Error("cannot resolve group version \"" + std::string(api_version) +
               std::string(kNotFoundSuffix));
}

bool is_group_version_not_found(const Error& e) {
  return e.message.rfind("cannot resolve group version \"", 0) == 0 && is_schema_not_found(e);
}

bool is_schema_not_found(const Error& e) {
  const std::string& m = e.message;
  return m.size() >= kNotFoundSuffix.size() &&
         m.compare(m.size() - kNotFoundSuffix.size(), kNotFoundSuffix.size(), kNotFoundSuffix) == 0;
}

ChainSchemaResolver::ChainSchemaResolver(std::vector<SchemaResolverPtr> resolvers)
    : resolvers_(std::move(resolvers)) {}

Result<KindSchemaPtr> ChainSchemaResolver::resolve(std::string_view api_version,
                                                   std::string_view kind) const {
  // Not found anywhere: the kind-level error when any resolver knows the group-version.
  bool group_version_known = false;
  for (const auto& r : resolvers_) {
    if (!r) continue;
    auto ks = r->resolve(api_version, kind);
    if (ks.ok() || !is_schema_not_found(ks.error())) return ks;
    group_version_known = group_version_known || !is_group_version_not_found(ks.error());
  }
  return group_version_known ? schema_not_found(api_version, kind)
                             : group_version_not_found(api_version);
}

}  // namespace kro::graph

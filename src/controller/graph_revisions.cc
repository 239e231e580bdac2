#include "controller/graph_revisions.h"

#include <fmt/format.h>

#include <algorithm>

#include "controller/rgd_conditions.h"
#include "kube/object_meta.h"
#include "schema/crd.h"

namespace kro::controller {

const kube::GroupVersionResource kGraphRevisionGvr{"internal.kro.run", "v1alpha1",
                                                   "graphrevisions"};

namespace {

constexpr std::size_t kMaxNameLength = 253;
constexpr std::string_view kFinalizerName = "kro.run/finalizer";

std::string fnv32a_hex(std::string_view s) {
  std::uint32_t h = 2166136261U;
  for (unsigned char c : s) {
    h ^= c;
    h *= 16777619U;
  }
  return fmt::format("{:08x}", h);
}

// A condition with upstream's fields; keeps `previous`'s transition time when the status is the
// same.
Json condition(std::string_view type, std::string_view status, std::string_view reason,
               std::string_view message, std::int64_t generation, const std::string& now,
               const Json* previous) {
  std::string time = now;
  if (previous != nullptr && string_at(*previous, "status") == status) {
    std::string kept = string_at(*previous, "lastTransitionTime");
    if (!kept.empty()) time = kept;
  }
  return JsonObject{
      {"type", type},       {"status", status},           {"reason", reason},
      {"message", message}, {"lastTransitionTime", time}, {"observedGeneration", generation}};
}

const Json* condition_in(const Json* status, std::string_view type) {
  const Json* conds = status != nullptr ? find_path(*status, "conditions") : nullptr;
  if (conds == nullptr || !conds->is_array()) return nullptr;
  for (const Json& c : conds->as_array()) {
    if (string_at(c, "type") == type) return &c;
  }
  return nullptr;
}

}  // namespace

std::string graph_revision_name(std::string_view rgd_name, std::int64_t revision) {
  std::string suffix = fmt::format("-r{:05d}", revision);
  if (rgd_name.size() + suffix.size() <= kMaxNameLength) return std::string(rgd_name) + suffix;
  suffix = fmt::format("-r{:05d}-{}", revision, fnv32a_hex(rgd_name));
  std::string cut(rgd_name.substr(0, kMaxNameLength - suffix.size()));
  while (!cut.empty() && (cut.back() == '.' || cut.back() == '-')) cut.pop_back();
  if (cut.empty()) cut = "gr";
  return cut + suffix;
}

Json make_graph_revision(const Json& rgd, std::int64_t revision, const std::string& spec_hash,
                         std::string_view kro_version) {
  const std::string name = string_at(rgd, "metadata.name");
  const Json* spec = find_path(rgd, "spec");
  JsonObject labels{{schema::kOwnedLabel, "true"},
                    {schema::kKroVersionLabel, kro_version},
                    {schema::kRgdNameLabel, name},
                    {kGraphRevisionHashLabel, spec_hash}};
  JsonObject owner{{"apiVersion", "kro.run/v1alpha1"},
                   {"kind", "ResourceGraphDefinition"},
                   {"name", name},
                   {"uid", string_at(rgd, "metadata.uid")},
                   {"controller", true}};
  return JsonObject{
      {"apiVersion", "internal.kro.run/v1alpha1"},
      {"kind", "GraphRevision"},
      {"metadata", JsonObject{{"name", graph_revision_name(name, revision)},
                              {"labels", std::move(labels)},
                              {"ownerReferences", JsonArray{std::move(owner)}},
                              {"finalizers", JsonArray{kFinalizerName}}}},
      {"spec",
       JsonObject{{"revision", revision},
                  {"snapshot", JsonObject{{"name", name},
                                          {"generation", int_at(rgd, "metadata.generation")},
                                          {"spec", spec != nullptr ? *spec : JsonObject{}}}}}}};
}

Json graph_revision_status(const Json* current, const graph::CompiledGraph* compiled,
                           const std::string& error, std::int64_t generation,
                           const std::string& now) {
  JsonObject status;
  if (compiled != nullptr) {
    const Json verified =
        condition(kGraphVerified, "True", "Verified", "graph revision compiled and verified",
                  generation, now, condition_in(current, kGraphVerified));
    const Json ready = condition(kReadyCondition, "True", "Ready", "", generation, now,
                                 condition_in(current, kReadyCondition));
    status["conditions"] = JsonArray{verified, ready};
    status["topologicalOrder"] = JsonArray(compiled->graph.topological_order.begin(),
                                           compiled->graph.topological_order.end());
    Json resources = resources_info(compiled->graph);
    if (!resources.as_array().empty()) status["resources"] = std::move(resources);
  } else {
    const Json verified = condition(kGraphVerified, "False", "InvalidGraph", error, generation, now,
                                    condition_in(current, kGraphVerified));
    const Json ready = condition(kReadyCondition, "False", "InvalidGraph", error, generation, now,
                                 condition_in(current, kReadyCondition));
    status["conditions"] = JsonArray{verified, ready};
  }
  return status;
}

Json resources_info(const graph::Graph& g) {
  JsonArray out;
  for (const std::string& id : g.topological_order) {
    const graph::Node* n = g.node(id);
    if (n == nullptr || n->dependencies.empty()) continue;
    JsonArray deps;
    for (const std::string& d : n->dependencies) deps.push_back(JsonObject{{"id", d}});
    out.push_back(JsonObject{{"id", id}, {"dependencies", std::move(deps)}});
  }
  return out;
}

std::int64_t revision_number(const Json& gr) { return int_at(gr, "spec.revision"); }

const Json* ListedRevisions::latest() const {
  const Json* best = nullptr;
  for (const Json& gr : live) {
    if (best == nullptr || revision_number(gr) > revision_number(*best)) best = &gr;
  }
  return best;
}

ListedRevisions split_revisions(const Json& list) {
  ListedRevisions out;
  const Json* items = find_path(list, "items");
  if (items == nullptr || !items->is_array()) return out;
  for (const Json& gr : items->as_array()) {
    (kube::is_terminating(gr) ? out.terminating : out.live).push_back(gr);
  }
  return out;
}

std::optional<RevisionRegistry::Entry> RevisionRegistry::get(const std::string& rgd,
                                                             std::int64_t revision) const {
  std::lock_guard lock(mu_);
  auto it = entries_.find(rgd);
  if (it == entries_.end()) return std::nullopt;
  auto e = it->second.find(revision);
  if (e == it->second.end()) return std::nullopt;
  return e->second;
}

void RevisionRegistry::put(const std::string& rgd, std::int64_t revision, Entry entry) {
  std::lock_guard lock(mu_);
  entries_[rgd][revision] = std::move(entry);
}

void RevisionRegistry::erase(const std::string& rgd, std::int64_t revision) {
  std::lock_guard lock(mu_);
  auto it = entries_.find(rgd);
  if (it == entries_.end()) return;
  it->second.erase(revision);
  if (it->second.empty()) entries_.erase(it);
}

void RevisionRegistry::erase_all(const std::string& rgd) {
  std::lock_guard lock(mu_);
  entries_.erase(rgd);
}

}  // namespace kro::controller

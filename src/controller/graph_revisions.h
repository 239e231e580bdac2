// GraphRevisions (internal.kro.run/v1alpha1): the immutable snapshots of an RGD's spec that
// upstream kro v0.9.4 issues on every accepted spec change (docs/behaviour/rgd-api.md
// #graphrevision, docs/behaviour/rgd-controller-and-crds.md). This file holds what a revision
// is: its name, its object, its status, and the in-memory registry of which revisions are
// compiled. The RGD controller issues, adopts and garbage-collects them (rgd_controller.cc).
//
// Unlike upstream, kro-cpp compiles a revision once: the RGD controller has just compiled the
// spec it issues, so it records the result and writes GraphVerified itself, where upstream's
// GraphRevision controller compiles the same spec a second time. Only revisions found already
// existing (after a restart, or taken over from upstream) are compiled from their snapshot.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "graph/compiled.h"
#include "kube/gvk.h"
#include "value/json.h"

namespace kro::controller {

extern const kube::GroupVersionResource kGraphRevisionGvr;
inline constexpr std::string_view kGraphRevisionHashLabel = "kro.run/graph-revision-hash";
inline constexpr std::string_view kGraphVerified = "GraphVerified";
inline constexpr int kDefaultMaxGraphRevisions = 5;  // --rgd-max-graph-revisions

// "<rgd>-r00001"; a name that would pass 253 characters is cut (and trailing '.' or '-'
// dropped) and gets "-r00001-<fnv32a of the whole RGD name>".
std::string graph_revision_name(std::string_view rgd_name, std::int64_t revision);

// The revision object for `rgd` (its name, uid, generation and spec) numbered `revision`, with
// kro's labels, the spec hash, the RGD as controlling owner and kro's finalizer.
Json make_graph_revision(const Json& rgd, std::int64_t revision, const std::string& spec_hash,
                         std::string_view kro_version);

// The status a revision gets once compiled: GraphVerified and Ready True with
// topologicalOrder and resources, or both False (InvalidGraph) with the compile error.
// Conditions already in `current` keep their transition time when their status is unchanged,
// so re-verifying an unchanged revision writes nothing.
Json graph_revision_status(const Json* current, const graph::CompiledGraph* compiled,
                           const std::string& error, std::int64_t generation,
                           const std::string& now);

// status.resources of an RGD or revision: every node with dependencies, in topological order.
Json resources_info(const graph::Graph& g);

// One RGD's revisions as listed from the API server.
struct ListedRevisions {
  std::vector<Json> live;  // not being deleted
  std::vector<Json> terminating;
  // The live revision with the highest spec.revision, if any.
  const Json* latest() const;
};
ListedRevisions split_revisions(const Json& list);
std::int64_t revision_number(const Json& gr);

// Which revisions this process has compiled, by RGD name and revision number.
class RevisionRegistry {
 public:
  struct Entry {
    std::string spec_hash;
    std::shared_ptr<const graph::CompiledGraph> compiled;  // null: the revision failed
    std::string error;                                     // why it failed
  };
  std::optional<Entry> get(const std::string& rgd, std::int64_t revision) const;
  void put(const std::string& rgd, std::int64_t revision, Entry entry);
  void erase(const std::string& rgd, std::int64_t revision);
  void erase_all(const std::string& rgd);

 private:
  mutable std::mutex mu_;
  std::map<std::string, std::map<std::int64_t, Entry>> entries_;
};

}  // namespace kro::controller

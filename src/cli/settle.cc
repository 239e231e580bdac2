// Each round, every resolved resource that has no observed state yet gets one, and the graph is
// evaluated again; each round observes at least one more node, so this ends within one round
// per node.
#include "cli/settle.h"

namespace kro::cli {

namespace {

using graph::NodeType;
using runtime::NodeState;

struct Observer {
  const ObservedSource* source;
  WhenMissing missing;

  // The stand-in for one desired object: the source's, else (when allowed) itself.
  const Document* lookup(const runtime::DesiredObject& d) const {
    if (source != nullptr) {
      if (const Document* found = source->find(d.identity)) return found;
      if (missing == WhenMissing::kUnobserved) return nullptr;
    }
    return &d.object;
  }

  // An external collection's members, by selector; nothing stands in for objects someone else
  // creates, so without a source it stays unobserved and what reads it stays pending.
  bool observe_selected(const runtime::NodeResult& n, runtime::ObservedState& seen) const {
    if (source == nullptr || n.desired.empty()) return false;
    const Json& ref = *n.desired.front().object;
    // The graph keeps the selector where the RGD writes it (metadata.selector).
    const Json* selector = find_path(ref, "metadata.selector");
    if (selector == nullptr) selector = find_path(ref, "selector");
    seen.set_items(n.id, source->select(string_at(ref, "apiVersion"), string_at(ref, "kind"),
                                        string_at(ref, "metadata.namespace"),
                                        selector != nullptr ? *selector : Json(nullptr)));
    return true;
  }

  // Gives the resolved nodes without an observation one; true when anything was added.
  bool observe(const runtime::Evaluation& ev, runtime::ObservedState& seen) const {
    bool changed = false;
    for (const auto& n : ev.nodes) {
      if (n.state != NodeState::kResolved || seen.contains(n.id)) continue;
      switch (n.type) {
        case NodeType::kResource:
        case NodeType::kExternal: {
          if (n.desired.empty()) break;
          if (const Document* found = lookup(n.desired.front())) {
            seen.set(n.id, *found);
            changed = true;
          }
          break;
        }
        case NodeType::kCollection: {
          std::vector<Document> items;
          for (const auto& d : n.desired) {
            if (const Document* found = lookup(d)) items.push_back(*found);
          }
          // A source holding none of the items leaves the collection unobserved.
          if (source == nullptr || !items.empty() || n.desired.empty()) {
            seen.set_items(n.id, std::move(items));
            changed = true;
          }
          break;
        }
        case NodeType::kExternalCollection:
          changed = observe_selected(n, seen) || changed;
          break;
      }
    }
    return changed;
  }
};

}  // namespace

runtime::Evaluation evaluate_until_settled(const runtime::Executable& exe,
                                           const graph::CompiledGraph& compiled,
                                           const Document& instance_doc,
                                           const ObservedSource* source, WhenMissing missing) {
  Observer observer{source, missing};
  runtime::ObservedState seen;
  runtime::Evaluation ev = runtime::evaluate(exe, instance_doc, seen);
  for (std::size_t round = 0; round <= compiled.graph.nodes.size(); ++round) {
    if (!observer.observe(ev, seen)) break;
    ev = runtime::evaluate(exe, instance_doc, seen);
  }
  return ev;
}

}  // namespace kro::cli

// evaluate_offline(): desired objects standing in for observed ones (runtime.h).
#include "runtime/runtime.h"

namespace kro::runtime {

Evaluation evaluate_offline(const Executable& executable, const Document& instance,
                            ObservedState observed) {
  Evaluation ev = evaluate(executable, instance, observed);
  // Each round can only add stand-ins, one per node at most, so this terminates.
  for (std::size_t round = 0; round <= ev.nodes.size(); ++round) {
    bool added = false;
    for (const auto& n : ev.nodes) {
      if (n.state != NodeState::kResolved || observed.contains(n.id)) continue;
      if (n.type == graph::NodeType::kResource) {
        observed.set(n.id, n.desired.front().object);
        added = true;
      } else if (n.type == graph::NodeType::kCollection) {
        std::vector<Document> items;
        items.reserve(n.desired.size());
        for (const auto& d : n.desired) items.push_back(d.object);
        observed.set_items(n.id, std::move(items));
        added = true;
      }
    }
    if (!added) break;
    ev = evaluate(executable, instance, observed);
  }
  return ev;
}

}  // namespace kro::runtime

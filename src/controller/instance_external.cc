// External references (externalRef by name or by selector): read for the graph, never written,
// never members of the instance's ApplySet.
#include "controller/internal/instance_run.h"

namespace kro::controller {

void InstanceReconciler::Run::read_external(const runtime::NodeResult& node,
                                            runtime::ObservedState& observed) {
  // The source records what this instance reads, and a change of it (or an object starting or
  // ceasing to match a selector) wakes the instance by a watch event: no polling.
  const InstanceKey reader{kind.gvr, ref.namespace_, ref.name};
  for (const auto& d : node.desired) {
    auto res = source.resource_for({d.identity.group, d.identity.version, d.identity.kind});
    if (!res) {
      node_errors[node.id] = res.error().str();
      continue;
    }
    if (node.type == graph::NodeType::kExternal) {
      auto obj = source.get_external(reader, *res, res->namespaced ? d.identity.namespace_ : "",
                                     d.identity.name);
      if (!obj) {
        node_errors[node.id] = obj.error().str();
      } else if (*obj) {
        observed.set(node.id, *obj);
      }
    } else {
      const Json* sel = find_path(*d.object, "selector");
      Json selector = sel != nullptr ? *sel : Json(JsonObject());
      auto items = source.list_external(reader, *res, res->namespaced ? d.identity.namespace_ : "",
                                        selector);
      if (!items) {
        node_errors[node.id] = items.error().str();
      } else {
        observed.set_items(node.id, std::move(*items));
      }
    }
  }
}

}  // namespace kro::controller

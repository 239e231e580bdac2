#include "graph/typing_status.h"

#include <map>
#include <string>
#include <string_view>

namespace kro::graph {

namespace {

class StatusWalker {
 public:
  StatusWalker(const Graph& graph, const LeafSchema& leaf) : leaf_(leaf) {
    for (const auto& fe : graph.status) by_pointer_.emplace(fe.expr.pointer, &fe);
  }

  schema::Schema walk(const Json& v, const std::string& pointer) const {
    if (const auto* obj = v.if_object()) {
      schema::Schema s;
      s.type = "object";
      for (const auto& kv : *obj) {
        s.set_property(std::string(kv.key()), walk(kv.value(), pointer_join(pointer, kv.key())));
      }
      return s;
    }
    if (const auto* arr = v.if_array()) {
      schema::Schema s;
      s.type = "array";
      // A list's items share one schema: the elements' common schema, anything when they
      // differ (or when the list is empty).
      std::optional<schema::Schema> items;
      bool uniform = true;
      for (std::size_t i = 0; i < arr->size(); ++i) {
        schema::Schema item = walk((*arr)[i], pointer_join(pointer, i));
        if (!items) {
          items = std::move(item);
        } else if (!schema::equal(*items, item)) {
          uniform = false;
        }
      }
      if (items && uniform) {
        s.items = std::move(*items);
      } else {
        s.items = any();
      }
      return s;
    }
    if (auto it = by_pointer_.find(pointer); it != by_pointer_.end()) return leaf_(*it->second);
    // build_graph rejects literal leaves; keep the schema permissive if one slips through.
    return any();
  }

  static schema::Schema any() {
    schema::Schema s;
    s.preserve_unknown_fields = true;
    return s;
  }

 private:
  const LeafSchema& leaf_;
  std::map<std::string, const FieldExpression*, std::less<>> by_pointer_;
};

}  // namespace

schema::Schema infer_status_schema(const Rgd& rgd, const Graph& graph, const LeafSchema& leaf) {
  StatusWalker walker(graph, leaf);
  schema::Schema out;
  out.type = "object";
  const JsonObject* status = rgd.schema.status.if_object();
  if (status == nullptr) return out;
  const std::string base = rgd.schema.pointer + "/status";
  for (const auto& kv : *status) {
    if (kv.key() == "conditions") continue;  // author conditions: kro's schema replaces them
    out.set_property(std::string(kv.key()), walker.walk(kv.value(), pointer_join(base, kv.key())));
  }
  return out;
}

}  // namespace kro::graph

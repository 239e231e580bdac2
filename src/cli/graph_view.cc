#include "cli/graph_view.h"

#include <string_view>

namespace kro::cli {

namespace {

using graph::Node;
using graph::NodeType;

std::string_view type_word(NodeType t) {
  switch (t) {
    case NodeType::kResource:
      return "resource";
    case NodeType::kCollection:
      return "collection";
    case NodeType::kExternal:
      return "externalRef";
    case NodeType::kExternalCollection:
      return "externalRef collection";
  }
  return "resource";
}

// "Deployment apps/v1".
std::string kind_of(const Node& n) {
  return string_at(n.object, "kind") + " " + string_at(n.object, "apiVersion");
}

std::string join(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (const auto& s : items) {
    if (!out.empty()) out += sep;
    out += s;
  }
  return out;
}

// The lines describing a node's conditions, shared by the text and DOT views.
std::vector<std::string> annotations(const Node& n) {
  std::vector<std::string> out;
  for (const auto& d : n.for_each) out.push_back("forEach: " + d.name + " in " + d.expr.cel);
  for (const auto& e : n.include_when) out.push_back("includeWhen: " + e.cel);
  for (const auto& e : n.ready_when) out.push_back("readyWhen: " + e.cel);
  return out;
}

// A DOT double-quoted string.
std::string quote(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out + "\"";
}

}  // namespace

std::string graph_text(const graph::CompiledGraph& g) {
  std::string out = "ResourceGraphDefinition " + g.rgd.name.value + ": " + g.kind + "." + g.group +
                    "/" + g.version + (g.cluster_scoped ? " (Cluster)" : " (Namespaced)") + "\n";
  out += "topological order: " + join(g.graph.topological_order, ", ") + "\n";
  for (std::size_t w = 0; w < g.graph.apply_waves.size(); ++w) {
    out += "\nwave " + std::to_string(w + 1) + "\n";
    for (const auto& id : g.graph.apply_waves[w]) {
      const Node* n = g.graph.node(id);
      if (n == nullptr) continue;
      out += "  " + n->id + ": " + kind_of(*n) + " [" + std::string(type_word(n->type)) + "]\n";
      if (!n->dependencies.empty()) out += "    depends on: " + join(n->dependencies, ", ") + "\n";
      for (const auto& line : annotations(*n)) out += "    " + line + "\n";
    }
  }
  if (!g.graph.instance_dependencies.empty()) {
    out += "\ninstance status reads: " + join(g.graph.instance_dependencies, ", ") + "\n";
  }
  return out;
}

std::string graph_dot(const graph::CompiledGraph& g) {
  std::string out = "digraph " + quote(g.rgd.name.value) + " {\n";
  out += "  rankdir=LR;\n";
  out += "  node [shape=box, style=rounded, fontname=\"Helvetica\", fontsize=11];\n";
  out += "  edge [fontname=\"Helvetica\", fontsize=9];\n";
  for (const auto& id : g.graph.topological_order) {
    const Node* n = g.graph.node(id);
    if (n == nullptr) continue;
    std::string label = n->id + "\n" + kind_of(*n);
    if (n->type == NodeType::kExternal || n->type == NodeType::kExternalCollection) {
      label += "\n" + std::string(type_word(n->type));
    }
    for (const auto& line : annotations(*n)) label += "\n" + line;
    std::vector<std::string> attrs = {"label=" + quote(label)};
    std::vector<std::string> style = {"rounded"};
    if (!n->include_when.empty()) style.emplace_back("dashed");
    if (n->type == NodeType::kExternal || n->type == NodeType::kExternalCollection) {
      style.emplace_back("filled");
      attrs.emplace_back("fillcolor=\"#e8e8e8\"");
    }
    if (n->type == NodeType::kCollection || n->type == NodeType::kExternalCollection) {
      attrs.emplace_back("shape=box3d");
    }
    if (!n->ready_when.empty()) attrs.emplace_back("peripheries=2");
    attrs.push_back("style=" + quote(join(style, ",")));
    out += "  " + quote(n->id) + " [" + join(attrs, ", ") + "];\n";
  }
  const std::string instance = "schema";
  out += "  " + quote(instance) + " [label=" + quote(g.kind + "\ninstance status") +
         ", shape=doubleoctagon];\n";
  for (const auto& id : g.graph.topological_order) {
    const Node* n = g.graph.node(id);
    if (n == nullptr) continue;
    for (const auto& dep : n->dependencies) out += "  " + quote(dep) + " -> " + quote(id) + ";\n";
  }
  for (const auto& dep : g.graph.instance_dependencies) {
    out += "  " + quote(dep) + " -> " + quote(instance) + " [style=dotted];\n";
  }
  out += "}\n";
  return out;
}

}  // namespace kro::cli

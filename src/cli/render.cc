// kro render: the runtime's evaluation of one instance, repeated until nothing new can be
// observed. Each round, every resolved resource that has no observed state yet gets one — from
// --observed DIR when given, else its own desired object (what the cluster would hold right
// after the apply, minus what only the cluster fills in: status, uid, defaults) — and the graph
// is evaluated again, exactly as the controller's reconciles progress.
#include <algorithm>

#include "cli/commands.h"
#include "cli/compile.h"
#include "cli/input.h"
#include "cli/instance.h"
#include "cli/observed.h"
#include "runtime/runtime.h"

namespace kro::cli {

namespace {

using graph::NodeType;
using runtime::NodeState;

// Gives the resolved nodes without an observation one; true when anything was added.
bool observe(const runtime::Evaluation& ev, const ObservedPool* pool,
             runtime::ObservedState& seen) {
  bool changed = false;
  for (const auto& n : ev.nodes) {
    if (n.state != NodeState::kResolved || seen.contains(n.id)) continue;
    switch (n.type) {
      case NodeType::kResource:
      case NodeType::kExternal: {
        if (n.desired.empty()) break;
        if (pool == nullptr) {
          seen.set(n.id, n.desired.front().object);
          changed = true;
        } else if (const Document* found = pool->find(n.desired.front().identity)) {
          seen.set(n.id, *found);
          changed = true;
        }
        break;
      }
      case NodeType::kCollection: {
        std::vector<Document> items;
        for (const auto& d : n.desired) {
          if (pool == nullptr) {
            items.push_back(d.object);
          } else if (const Document* found = pool->find(d.identity)) {
            items.push_back(*found);
          }
        }
        if (pool == nullptr || !items.empty() || n.desired.empty()) {
          seen.set_items(n.id, std::move(items));
          changed = true;
        }
        break;
      }
      case NodeType::kExternalCollection: {
        // Nothing stands in for objects someone else creates: without --observed the external
        // collection stays unobserved, and what reads it stays pending.
        if (pool == nullptr || n.desired.empty()) break;
        const Json& ref = *n.desired.front().object;
        // The graph keeps the selector where the RGD writes it (metadata.selector).
        const Json* selector = find_path(ref, "metadata.selector");
        if (selector == nullptr) selector = find_path(ref, "selector");
        seen.set_items(n.id, pool->select(string_at(ref, "apiVersion"), string_at(ref, "kind"),
                                          string_at(ref, "metadata.namespace"),
                                          selector != nullptr ? *selector : Json(nullptr)));
        changed = true;
        break;
      }
    }
  }
  return changed;
}

std::string where(const runtime::ObjectIdentity& id) {
  std::string out = id.kind + " " + id.api_version() + " ";
  if (!id.namespace_.empty()) out += id.namespace_ + "/";
  return out + id.name;
}

// One line about a node that is not applied, or nothing for applied ones.
std::string note_for(const runtime::NodeResult& n, bool observed_given) {
  switch (n.state) {
    case NodeState::kSkipped:
      return n.id + ": skipped: " + n.reason;
    case NodeState::kPending: {
      return n.id + ": pending: " + n.reason;
    }
    case NodeState::kError:
      return n.id + ": error: " + (n.errors.empty() ? n.reason : n.errors.front().message);
    case NodeState::kResolved:
      if (n.type == NodeType::kExternal || n.type == NodeType::kExternalCollection) {
        std::string text = n.id + ": external reference, read and never applied";
        if (!n.desired.empty()) {
          const auto& id = n.desired.front().identity;
          text += ": " + id.kind + " " + id.api_version();
          if (n.type == NodeType::kExternalCollection) {
            text += id.namespace_.empty() ? " in all namespaces" : " in namespace " + id.namespace_;
            text += observed_given ? " (by label selector)"
                                   : " (by label selector; not observed: external collections "
                                     "are only read from --observed)";
          } else {
            text += " " + (id.namespace_.empty() ? "" : id.namespace_ + "/") + id.name;
          }
        }
        return text;
      }
      return "";
  }
  return "";
}

}  // namespace

int run_render(const RenderArgs& args, Io io) {
  SourceCache cache;
  auto fail = [&](const Error& e) {
    io.err << format_diagnostic(e, Severity::kError, cache);
    return 1;
  };
  auto compiled = compile_one_rgd(args.rgd_file, args.sources, cache, io.err);
  if (!compiled) return 1;
  auto shared = std::make_shared<const graph::CompiledGraph>(std::move(*compiled));
  auto exe = runtime::make_executable(shared);
  if (!exe.ok()) return fail(exe.error());

  auto docs = read_documents(args.instance_file, cache);
  if (!docs.ok()) return fail(docs.error());
  if (docs->size() != 1) {
    return fail(Error("expected one instance document, found " + std::to_string(docs->size()),
                      SourcePos{args.instance_file}));
  }
  auto instance = prepare_instance(docs->front(), *shared);
  if (!instance.ok()) return fail(instance.error());
  Document instance_doc = make_document(std::move(*instance));

  std::optional<ObservedPool> pool;
  if (!args.observed_dir.empty()) {
    auto loaded = ObservedPool::load(args.observed_dir, cache);
    if (!loaded.ok()) return fail(loaded.error());
    pool = std::move(*loaded);
  }

  runtime::ObservedState seen;
  runtime::Evaluation ev = runtime::evaluate(**exe, instance_doc, seen);
  // Each round observes at least one more node, so this ends within one round per node.
  for (std::size_t round = 0; round <= shared->graph.nodes.size(); ++round) {
    if (!observe(ev, pool ? &*pool : nullptr, seen)) break;
    ev = runtime::evaluate(**exe, instance_doc, seen);
  }

  const bool yaml = args.format == Format::kYaml;
  const std::string instance_name = string_at(*instance_doc, "metadata.name");
  const std::string instance_ns = string_at(*instance_doc, "metadata.namespace");
  std::string header = shared->kind + " " +
                       (instance_ns.empty() ? instance_name : instance_ns + "/" + instance_name) +
                       " (ResourceGraphDefinition " + shared->rgd.name.value + ")\n";
  header += "apply order: ";
  for (std::size_t i = 0; i < shared->graph.topological_order.size(); ++i) {
    header += (i > 0 ? ", " : "") + shared->graph.topological_order[i];
  }
  header += '\n';
  if (yaml) {
    io.out << yaml_comment(header);
  } else {
    io.err << header;
  }

  std::vector<Json> applied;
  bool first_document = true;
  std::string pending_notes;  // comments waiting for the next document (YAML)
  for (const auto& n : ev.nodes) {
    std::string note = note_for(n, pool.has_value());
    if (!note.empty()) {
      if (yaml) {
        pending_notes += yaml_comment(note);
      } else {
        io.err << note << '\n';
      }
      continue;
    }
    if (n.type != NodeType::kResource && n.type != NodeType::kCollection) continue;
    for (const auto& d : n.desired) {
      applied.push_back(*d.object);
      if (!yaml) continue;
      if (!first_document) io.out << "---\n";
      first_document = false;
      io.out << pending_notes;
      pending_notes.clear();
      std::string id = n.id;
      if (d.index) id += "[" + std::to_string(*d.index) + "]";
      auto order = shared->graph.apply_orders.find(n.id);
      std::string line = id + ": " + where(d.identity) + ", apply order " +
                         (order != shared->graph.apply_orders.end() ? std::to_string(order->second)
                                                                    : std::string("?"));
      const graph::Node* node = shared->graph.node(n.id);
      if (node != nullptr && !node->ready_when.empty()) {
        line +=
            d.readiness == runtime::Readiness::kReady ? ", ready" : ", not ready yet (readyWhen)";
      }
      io.out << yaml_comment(line);
      io.out << emit(*d.object, Format::kYaml);
    }
  }

  std::string status_note = "instance status (projected; state and conditions are kro's):\n";
  status_note += ev.status.as_object().empty() ? std::string("{}\n") : to_yaml(ev.status);
  if (!ev.pending_status.empty()) {
    status_note += "pending status fields:";
    for (std::size_t i = 0; i < ev.pending_status.size(); ++i) {
      status_note += (i == 0 ? " " : ", ") + ev.pending_status[i];
    }
    status_note += '\n';
  }
  for (const auto& c : ev.conditions) {
    status_note += "condition " + c.type + "=" + c.status;
    if (!c.reason.empty()) status_note += " reason=" + c.reason;
    if (!c.message.empty()) status_note += " message=\"" + c.message + "\"";
    status_note += '\n';
  }
  if (yaml) {
    if (!first_document) io.out << "---\n";
    io.out << pending_notes << yaml_comment(status_note);
  } else {
    io.err << status_note;
    io.out << emit_all(applied, Format::kJson);
  }

  for (const auto& e : ev.errors) io.err << format_diagnostic(e, Severity::kError, cache);
  if (!ev.errors.empty()) {
    io.err << diagnostic_summary(ev.errors.size(), 0) << '\n';
    return 1;
  }
  return 0;
}

}  // namespace kro::cli

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
#include "cli/settle.h"
#include "runtime/runtime.h"

namespace kro::cli {

namespace {

using graph::NodeType;
using runtime::NodeState;

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

// The one instance document of `file`, defaulted and checked against the RGD's schema.
Result<Document> read_instance(const std::string& file, const graph::CompiledGraph& compiled,
                               SourceCache& cache) {
  KRO_ASSIGN_OR_RETURN(auto docs, read_documents(file, cache));
  if (docs.size() != 1) {
    return Error("expected one instance document, found " + std::to_string(docs.size()),
                 SourcePos{file});
  }
  KRO_ASSIGN_OR_RETURN(Json instance, prepare_instance(docs.front(), compiled));
  return make_document(std::move(instance));
}

// The instance, its RGD and the apply order.
std::string header_text(const graph::CompiledGraph& compiled, const Json& instance) {
  const std::string instance_name = string_at(instance, "metadata.name");
  const std::string instance_ns = string_at(instance, "metadata.namespace");
  std::string header = compiled.kind + " " +
                       (instance_ns.empty() ? instance_name : instance_ns + "/" + instance_name) +
                       " (ResourceGraphDefinition " + compiled.rgd.name.value + ")\n";
  header += "apply order: ";
  for (std::size_t i = 0; i < compiled.graph.topological_order.size(); ++i) {
    header += (i > 0 ? ", " : "") + compiled.graph.topological_order[i];
  }
  header += '\n';
  return header;
}

// The comment above one applied object's YAML document.
std::string object_line(const graph::CompiledGraph& compiled, const runtime::NodeResult& n,
                        const runtime::DesiredObject& d) {
  std::string id = n.id;
  if (d.index) id += "[" + std::to_string(*d.index) + "]";
  auto order = compiled.graph.apply_orders.find(n.id);
  std::string line = id + ": " + where(d.identity) + ", apply order " +
                     (order != compiled.graph.apply_orders.end() ? std::to_string(order->second)
                                                                 : std::string("?"));
  const graph::Node* node = compiled.graph.node(n.id);
  if (node != nullptr && !node->ready_when.empty()) {
    line += d.readiness == runtime::Readiness::kReady ? ", ready" : ", not ready yet (readyWhen)";
  }
  return line;
}

// What the objects part of the output leaves for the status part.
struct Printed {
  std::vector<Json> applied;
  bool first_document = true;
  std::string pending_notes;  // comments waiting for the next document (YAML)
};

// The applied objects in order (YAML: one document each, with its notes; JSON: collected) and a
// note per node that is not applied.
Printed print_objects(const runtime::Evaluation& ev, const graph::CompiledGraph& compiled,
                      bool observed_given, bool yaml, Io io) {
  Printed p;
  for (const auto& n : ev.nodes) {
    std::string note = note_for(n, observed_given);
    if (!note.empty()) {
      if (yaml) {
        p.pending_notes += yaml_comment(note);
      } else {
        io.err << note << '\n';
      }
      continue;
    }
    if (n.type != NodeType::kResource && n.type != NodeType::kCollection) continue;
    for (const auto& d : n.desired) {
      p.applied.push_back(*d.object);
      if (!yaml) continue;
      if (!p.first_document) io.out << "---\n";
      p.first_document = false;
      io.out << p.pending_notes;
      p.pending_notes.clear();
      io.out << yaml_comment(object_line(compiled, n, d));
      io.out << emit(*d.object, Format::kYaml);
    }
  }
  return p;
}

// The projected status, pending status fields and author conditions.
std::string status_text(const runtime::Evaluation& ev) {
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
  return status_note;
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
  auto instance_doc = read_instance(args.instance_file, *shared, cache);
  if (!instance_doc.ok()) return fail(instance_doc.error());
  std::optional<ObservedPool> pool;
  if (!args.observed_dir.empty()) {
    auto loaded = ObservedPool::load(args.observed_dir, cache);
    if (!loaded.ok()) return fail(loaded.error());
    pool = std::move(*loaded);
  }
  runtime::Evaluation ev = evaluate_until_settled(
      **exe, *shared, *instance_doc, pool ? &*pool : nullptr, WhenMissing::kUnobserved);

  const bool yaml = args.format == Format::kYaml;
  std::string header = header_text(*shared, **instance_doc);
  if (yaml) {
    io.out << yaml_comment(header);
  } else {
    io.err << header;
  }
  Printed printed = print_objects(ev, *shared, pool.has_value(), yaml, io);
  std::string status_note = status_text(ev);
  if (yaml) {
    if (!printed.first_document) io.out << "---\n";
    io.out << printed.pending_notes << yaml_comment(status_note);
  } else {
    io.err << status_note;
    io.out << emit_all(printed.applied, Format::kJson);
  }

  for (const auto& e : ev.errors) io.err << format_diagnostic(e, Severity::kError, cache);
  if (!ev.errors.empty()) {
    io.err << diagnostic_summary(ev.errors.size(), 0) << '\n';
    return 1;
  }
  return 0;
}

}  // namespace kro::cli

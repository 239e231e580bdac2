// Text layout, after the upstream kro CLI proposal's sketch (KREP-021, "Preview"): one line per
// object, "UPDATE: Kind ns/name (apiVersion) [instance: ns/name]", each changed field under it as a
// removed (-) and an added (+) line.
#include "cli/preview_report.h"

#include <algorithm>

namespace kro::cli {

namespace {

std::string qualified(const std::string& ns, const std::string& name) {
  return ns.empty() ? name : ns + "/" + name;
}

struct Counts {
  std::size_t create = 0;
  std::size_t update = 0;
  std::size_t remove = 0;
  std::size_t unchanged = 0;
  std::size_t affected = 0;
};

Counts count(const Preview& p) {
  Counts c;
  for (const auto& i : p.instances) {
    if (i.changed()) ++c.affected;
    for (const auto& o : i.objects) {
      switch (o.action) {
        case Action::kCreate:
          ++c.create;
          break;
        case Action::kUpdate:
          ++c.update;
          break;
        case Action::kDelete:
          ++c.remove;
          break;
        case Action::kUnchanged:
          ++c.unchanged;
          break;
      }
    }
  }
  return c;
}

std::string upper(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return out;
}

void field_lines(const std::vector<FieldChange>& changes, std::string& out) {
  for (const auto& c : changes) {
    if (c.before) out += "  - " + c.path + ": " + to_json(*c.before) + "\n";
    if (c.after) out += "  + " + c.path + ": " + to_json(*c.after) + "\n";
  }
}

std::string schema_text(const Preview& p) {
  const SchemaPreview& s = p.schema;
  if (!s.exists) return "CustomResourceDefinition " + s.crd_name + ": would be created\n";
  std::string out = "CustomResourceDefinition " + s.crd_name + ": ";
  if (s.breaking.empty() && s.non_breaking.empty()) return out + "schema unchanged\n";
  out += s.breaking.empty() ? "compatible schema change" : "BREAKING schema change";
  out += " (" + std::to_string(s.breaking.size()) + " breaking, " +
         std::to_string(s.non_breaking.size()) + " compatible)\n";
  for (const auto& b : s.breaking) out += "  breaking: " + b + "\n";
  for (const auto& n : s.non_breaking) out += "  compatible: " + n + "\n";
  if (!s.breaking.empty() && s.breaking_allowed) {
    out += "  allowed by the RGD's annotation kro.run/allow-breaking-changes: \"true\"\n";
  } else if (!s.breaking.empty()) {
    out +=
        "  the controller refuses this update, and changes no instance, unless the RGD has "
        "the annotation kro.run/allow-breaking-changes: \"true\"; the changes below are "
        "those it would make then\n";
  }
  return out;
}

std::string instance_text(const InstancePreview& i) {
  std::string who = qualified(i.namespace_, i.name);
  std::string out;
  for (const auto& o : i.objects) {
    out += upper(action_name(o.action)) + ": " + o.kind + " " + qualified(o.namespace_, o.name) +
           " (" + o.api_version + ")";
    if (!o.node_id.empty()) out += " resource " + o.node_id;
    out += " [instance: " + who + "]\n";
    if (!o.note.empty()) out += "  " + o.note + "\n";
    field_lines(o.changes, out);
  }
  for (const auto& n : i.notes) {
    out += "NOTE: ";
    out += n;
    out += " [instance: " + who + "]\n";
  }
  return out;
}

Json change_json(const FieldChange& c) {
  JsonObject o;
  o["path"] = c.path;
  if (c.before) o["before"] = *c.before;
  if (c.after) o["after"] = *c.after;
  return o;
}

Json object_json(const ObjectPreview& o) {
  JsonObject j;
  j["action"] = action_name(o.action);
  j["resource"] = o.node_id;
  j["apiVersion"] = o.api_version;
  j["kind"] = o.kind;
  if (!o.namespace_.empty()) j["namespace"] = o.namespace_;
  j["name"] = o.name;
  if (!o.note.empty()) j["note"] = o.note;
  if (o.action == Action::kUpdate) {
    JsonArray changes;
    for (const auto& c : o.changes) changes.push_back(change_json(c));
    j["changes"] = std::move(changes);
  }
  return j;
}

JsonArray strings(const std::vector<std::string>& v) {
  JsonArray out;
  for (const auto& s : v) out.emplace_back(s);
  return out;
}

}  // namespace

std::string_view action_name(Action a) {
  switch (a) {
    case Action::kCreate:
      return "create";
    case Action::kUpdate:
      return "update";
    case Action::kDelete:
      return "delete";
    case Action::kUnchanged:
      return "unchanged";
  }
  return "unchanged";
}

bool InstancePreview::changed() const {
  return std::any_of(objects.begin(), objects.end(),
                     [](const ObjectPreview& o) { return o.action != Action::kUnchanged; });
}

bool Preview::has_changes() const {
  return !rgd_exists || !rgd_changes.empty() || !schema.exists || !schema.breaking.empty() ||
         !schema.non_breaking.empty() ||
         std::any_of(instances.begin(), instances.end(),
                     [](const InstancePreview& i) { return i.changed(); });
}

std::string preview_text(const Preview& p) {
  Counts c = count(p);
  std::string out = "ResourceGraphDefinition " + p.rgd_name + ": ";
  out += !p.rgd_exists           ? "would be created\n"
         : p.rgd_changes.empty() ? "spec unchanged\n"
                                 : "spec changes\n";
  out += schema_text(p);
  out += "instances: " + std::to_string(p.instances.size()) +
         ", affected: " + std::to_string(c.affected) + "\n";
  out += "objects: " + std::to_string(c.create) + " to create, " + std::to_string(c.update) +
         " to change, " + std::to_string(c.remove) + " to delete, " + std::to_string(c.unchanged) +
         " unchanged\n";
  out += p.dry_run ? "changes: the API server's answer to a server-side dry-run apply\n"
                   : "changes: offline, the rendered desired state against the observed objects "
                     "(no dry-run: server defaulting and admission not included)\n";
  for (const auto& n : p.notes) out += "NOTE: " + n + "\n";
  if (!p.rgd_changes.empty()) {
    out += "\nUPDATE: ResourceGraphDefinition " + p.rgd_name + " (kro.run/v1alpha1)\n";
    field_lines(p.rgd_changes, out);
  }
  for (const auto& i : p.instances) {
    out += "\n" + instance_text(i);
  }
  return out;
}

Json preview_json(const Preview& p) {
  Counts c = count(p);
  JsonObject j;
  JsonObject rgd;
  rgd["name"] = p.rgd_name;
  rgd["exists"] = p.rgd_exists;
  JsonArray rgd_changes;
  for (const auto& ch : p.rgd_changes) rgd_changes.push_back(change_json(ch));
  rgd["specChanges"] = std::move(rgd_changes);
  j["resourceGraphDefinition"] = std::move(rgd);
  JsonObject schema;
  schema["crd"] = p.schema.crd_name;
  schema["exists"] = p.schema.exists;
  schema["compatible"] = p.schema.breaking.empty();
  schema["breaking"] = strings(p.schema.breaking);
  schema["nonBreaking"] = strings(p.schema.non_breaking);
  schema["breakingAllowed"] = p.schema.breaking_allowed;
  j["schema"] = std::move(schema);
  j["dryRun"] = p.dry_run;
  JsonObject summary;
  summary["instances"] = p.instances.size();
  summary["affected"] = c.affected;
  summary["create"] = c.create;
  summary["update"] = c.update;
  summary["delete"] = c.remove;
  summary["unchanged"] = c.unchanged;
  summary["changes"] = p.has_changes();
  j["summary"] = std::move(summary);
  JsonArray instances;
  for (const auto& i : p.instances) {
    JsonObject io;
    if (!i.namespace_.empty()) io["namespace"] = i.namespace_;
    io["name"] = i.name;
    JsonArray objects;
    for (const auto& o : i.objects) objects.push_back(object_json(o));
    io["objects"] = std::move(objects);
    io["notes"] = strings(i.notes);
    instances.push_back(std::move(io));
  }
  j["instances"] = std::move(instances);
  j["notes"] = strings(p.notes);
  return j;
}

}  // namespace kro::cli

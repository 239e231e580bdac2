#include "controller/applyset.h"

#include <openssl/evp.h>
#include <openssl/sha.h>

#include <array>
#include <cctype>

#include "controller/template_kind.h"
#include "fmt/format.h"
#include "value/strings.h"

namespace kro::controller {

namespace {

std::string base64url_nopad(const unsigned char* data, std::size_t n) {
  std::string out(4 * ((n + 2) / 3) + 1, '\0');
  int len =
      EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), data, static_cast<int>(n));
  out.resize(static_cast<std::size_t>(len));
  while (!out.empty() && out.back() == '=') out.pop_back();
  for (char& c : out) {
    if (c == '+') c = '-';
    if (c == '/') c = '_';
  }
  return out;
}

std::string sha256_b64url(std::string_view payload) {
  std::array<unsigned char, SHA256_DIGEST_LENGTH> sum{};
  SHA256(reinterpret_cast<const unsigned char*>(payload.data()), payload.size(), sum.data());
  return base64url_nopad(sum.data(), sum.size());
}

bool is_dns1123_label(std::string_view s) {
  if (s.empty() || s.size() > 63) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (!alnum && !(c == '-' && i != 0 && i + 1 != s.size())) return false;
  }
  return true;
}

bool is_dns1123_subdomain(std::string_view s) {
  if (s.empty() || s.size() > 253) return false;
  std::size_t start = 0;
  while (true) {
    std::size_t dot = s.find('.', start);
    std::string_view part = s.substr(start, dot == std::string_view::npos ? s.npos : dot - start);
    if (!is_dns1123_label(part)) return false;
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

// Calls fn on every trimmed comma-separated entry of raw (none when raw is empty), stopping at
// the first error.
template <typename Fn>
Status for_each_entry(std::string_view raw, Fn fn) {
  if (raw.empty()) return {};
  std::size_t start = 0;
  while (start <= raw.size()) {
    std::size_t comma = raw.find(',', start);
    KRO_RETURN_IF_ERROR(
        fn(std::string(trim(raw.substr(start, comma == raw.npos ? raw.npos : comma - start)))));
    if (comma == raw.npos) break;
    start = comma + 1;
  }
  return {};
}

Result<std::set<std::string>> parse_group_kinds(std::string_view raw) {
  std::set<std::string> out;
  KRO_RETURN_IF_ERROR(for_each_entry(raw, [&](std::string entry) -> Status {
    if (entry.empty()) return Error("contains an empty group-kind");
    std::size_t dot = entry.find('.');
    std::string kind = entry.substr(0, dot);
    if (kind.empty() || kind.find_first_of(" \t\r\n") != std::string::npos) {
      return Error(fmt::format("invalid kind \"{}\"", kind));
    }
    if (dot != std::string::npos && !is_dns1123_subdomain(entry.substr(dot + 1))) {
      return Error(fmt::format("invalid group \"{}\"", entry.substr(dot + 1)));
    }
    out.insert(std::move(entry));
    return {};
  }));
  return out;
}

Result<std::set<std::string>> parse_namespaces(std::string_view raw) {
  std::set<std::string> out;
  KRO_RETURN_IF_ERROR(for_each_entry(raw, [&](std::string entry) -> Status {
    if (!is_dns1123_label(entry)) return Error(fmt::format("invalid namespace \"{}\"", entry));
    out.insert(std::move(entry));
    return {};
  }));
  return out;
}

// A template string with no ${...} in it.
std::optional<std::string> literal_string(const Json& object, std::string_view dotted) {
  const Json* v = find_path(object, dotted);
  if (v == nullptr || !v->is_string()) return std::nullopt;
  std::string s(v->as_string());
  if (s.find("${") != std::string::npos) return std::nullopt;
  return s;
}

bool has_annotation(const Json& object, std::string_view key) {
  const Json* ann = find_path(object, "metadata.annotations");
  return ann != nullptr && ann->is_object() && ann->as_object().contains(key);
}

}  // namespace

std::string applyset_id(std::string_view name, std::string_view ns, std::string_view kind,
                        std::string_view group) {
  return "applyset-" + sha256_b64url(fmt::format("{}.{}.{}.{}", name, ns, kind, group)) + "-v1";
}

std::string applyset_id_of(const Json& instance) {
  InstanceRef ref = instance_ref_of(instance);
  return applyset_id(ref.name, ref.namespace_, ref.kind, ref.group);
}

std::string group_kind_string(std::string_view group, std::string_view kind) {
  return group.empty() ? std::string(kind) : fmt::format("{}.{}", kind, group);
}

void ApplySetInventory::merge(const ApplySetInventory& other) {
  group_kinds.insert(other.group_kinds.begin(), other.group_kinds.end());
  namespaces.insert(other.namespaces.begin(), other.namespaces.end());
}

ApplySetInventory literal_inventory(const graph::Graph& graph, const std::set<std::string>& skipped,
                                    std::string_view instance_namespace,
                                    const ResourceResolver& resolve) {
  ApplySetInventory out;
  for (const auto& node : graph.nodes) {
    if (skipped.count(node.id) != 0) continue;
    std::optional<kube::GroupVersionKind> gvk = literal_template_kind(node);
    if (!gvk) continue;
    std::optional<kube::ApiResource> res = resolve(*gvk);
    if (!res) continue;
    out.group_kinds.insert(group_kind_string(res->gvr.group, res->kind));
    if (!res->namespaced) continue;
    const Json* ns_value = find_path(node.object, "metadata.namespace");
    std::optional<std::string> ns = literal_string(node.object, "metadata.namespace");
    if (ns_value != nullptr && !ns) continue;  // templated: known only later
    if (ns && !ns->empty() && *ns != instance_namespace) out.namespaces.insert(*ns);
  }
  return out;
}

std::string join_sorted(const std::set<std::string>& items) {
  std::string out;
  for (const auto& s : items) {
    if (!out.empty()) out += ',';
    out += s;
  }
  return out;
}

std::string inventory_hash(std::string_view id, const ApplySetInventory& inventory) {
  std::string payload(id);
  payload += '\0';
  payload += join_sorted(inventory.group_kinds);
  payload += '\0';
  payload += join_sorted(inventory.namespaces);
  return "sha256:" + sha256_b64url(payload);
}

void set_parent_inventory(JsonObject& metadata, std::string_view id, const Labels& annotations) {
  JsonObject labels;
  labels[kApplySetIdLabel] = id;
  metadata["labels"] = std::move(labels);
  JsonObject ann;
  for (const auto& [k, v] : annotations) ann[k] = v;
  metadata["annotations"] = std::move(ann);
}

Labels inventory_annotations(std::string_view id, std::string_view kro_version,
                             const ApplySetInventory& inventory) {
  return {
      {std::string(kApplySetToolingAnnotation), fmt::format("kro/{}", kro_version)},
      {std::string(kApplySetGroupKindsAnnotation), join_sorted(inventory.group_kinds)},
      {std::string(kApplySetNamespacesAnnotation), join_sorted(inventory.namespaces)},
      {std::string(kApplySetInventoryHashAnnotation), inventory_hash(id, inventory)},
  };
}

Result<ApplySetInventory> parse_inventory(const Json& instance) {
  ApplySetInventory inv;
  auto gks = parse_group_kinds(annotation_of(instance, kApplySetGroupKindsAnnotation));
  if (!gks) {
    return Error(fmt::format("invalid {} annotation: {}", kApplySetGroupKindsAnnotation,
                             gks.error().message));
  }
  auto nss = parse_namespaces(annotation_of(instance, kApplySetNamespacesAnnotation));
  if (!nss) {
    return Error(fmt::format("invalid {} annotation: {}", kApplySetNamespacesAnnotation,
                             nss.error().message));
  }
  inv.group_kinds = std::move(*gks);
  inv.namespaces = std::move(*nss);
  return inv;
}

bool has_any_inventory_key(const Json& instance) {
  return !label_of(instance, kApplySetIdLabel).empty() ||
         has_annotation(instance, kApplySetToolingAnnotation) ||
         has_annotation(instance, kApplySetGroupKindsAnnotation) ||
         has_annotation(instance, kApplySetNamespacesAnnotation) ||
         has_annotation(instance, kApplySetInventoryHashAnnotation);
}

Status validate_parent_inventory(const Json& instance) {
  std::string expected = applyset_id_of(instance);
  std::string actual = label_of(instance, kApplySetIdLabel);
  if (actual != expected) {
    return Error(fmt::format("invalid {} label: got \"{}\", want \"{}\"", kApplySetIdLabel, actual,
                             expected));
  }
  std::string tooling = annotation_of(instance, kApplySetToolingAnnotation);
  if (!has_annotation(instance, kApplySetToolingAnnotation) || tooling.rfind("kro/", 0) != 0) {
    return Error(fmt::format("invalid {} annotation: \"{}\" is not owned by kro",
                             kApplySetToolingAnnotation, tooling));
  }
  for (std::string_view key : {kApplySetGroupKindsAnnotation, kApplySetNamespacesAnnotation}) {
    if (!has_annotation(instance, key)) {
      return Error(fmt::format("missing required {} annotation", key));
    }
  }
  KRO_ASSIGN_OR_RETURN(ApplySetInventory inv, parse_inventory(instance));
  if (has_annotation(instance, kApplySetInventoryHashAnnotation)) {
    std::string want = inventory_hash(expected, inv);
    std::string got = annotation_of(instance, kApplySetInventoryHashAnnotation);
    if (got != want) {
      return Error(fmt::format("invalid {} annotation: got \"{}\", want \"{}\"",
                               kApplySetInventoryHashAnnotation, got, want));
    }
  }
  return {};
}

}  // namespace kro::controller

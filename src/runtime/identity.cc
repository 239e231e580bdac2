// Object identity, namespace defaulting and duplicate detection (runtime.h).
#include <map>
#include <string>

#include "runtime/runtime.h"

namespace kro::runtime {

namespace {

std::string_view string_at(const JsonObject& obj, std::string_view key) {
  const Json* v = obj.if_contains(key);
  if (v == nullptr || !v->is_string()) return {};
  const json::string& s = v->get_string();
  return {s.data(), s.size()};
}

}  // namespace

std::string ObjectIdentity::api_version() const {
  if (group.empty()) return version;
  return group + "/" + version;
}

std::string ObjectIdentity::str() const {
  std::string out;
  out.reserve(group.size() + version.size() + kind.size() + namespace_.size() + name.size() + 4);
  out += group;
  out += '/';
  out += version;
  out += '/';
  out += kind;
  out += '/';
  out += namespace_;
  out += '/';
  out += name;
  return out;
}

ObjectIdentity identity_of(const Json& object) {
  ObjectIdentity id;
  const JsonObject* obj = object.if_object();
  if (obj == nullptr) return id;
  std::string_view api_version = string_at(*obj, "apiVersion");
  if (auto slash = api_version.find('/'); slash != std::string_view::npos) {
    id.group = std::string(api_version.substr(0, slash));
    id.version = std::string(api_version.substr(slash + 1));
  } else {
    id.version = std::string(api_version);
  }
  id.kind = std::string(string_at(*obj, "kind"));
  if (const Json* md = obj->if_contains("metadata"); md != nullptr && md->is_object()) {
    id.namespace_ = std::string(string_at(md->get_object(), "namespace"));
    id.name = std::string(string_at(md->get_object(), "name"));
  }
  return id;
}

Status default_namespace(Json& object, bool kind_namespaced, std::string_view instance_namespace) {
  JsonObject* obj = object.if_object();
  if (obj == nullptr) return Error("object is not a map");
  Json& md = (*obj)["metadata"];
  if (md.is_null()) md = JsonObject();
  JsonObject* mdo = md.if_object();
  if (mdo == nullptr) return Error("metadata is not a map");
  std::string_view ns = string_at(*mdo, "namespace");
  if (!kind_namespaced) {
    if (!ns.empty()) {
      return Error("cluster-scoped " + std::string(string_at(*obj, "kind")) +
                   " must not set metadata.namespace (got \"" + std::string(ns) + "\")");
    }
    return {};
  }
  if (!ns.empty()) return {};
  if (instance_namespace.empty()) {
    return Error("namespaced " + std::string(string_at(*obj, "kind")) +
                 " must resolve metadata.namespace when the instance is cluster-scoped");
  }
  (*mdo)["namespace"] = instance_namespace;
  return {};
}

std::vector<Error> find_duplicates(const std::vector<NodeResult>& nodes) {
  std::vector<Error> out;
  std::map<std::string, const NodeResult*> seen;
  for (const auto& n : nodes) {
    if (n.state != NodeState::kResolved) continue;
    if (n.type == graph::NodeType::kExternal || n.type == graph::NodeType::kExternalCollection) {
      continue;  // read, never applied: two nodes may read the same object
    }
    for (const auto& d : n.desired) {
      auto [it, inserted] = seen.try_emplace(d.identity.str(), &n);
      if (inserted) continue;
      Error e;
      if (it->second == &n) {
        e.message =
            "node \"" + n.id + "\" identity collision: duplicate identity: " + d.identity.str();
      } else {
        e.message = "resourceID: " + n.id + " conflicts with resourceID: " + it->second->id;
      }
      e.path = n.id;
      out.push_back(std::move(e));
    }
  }
  return out;
}

}  // namespace kro::runtime

// Object identity, namespace defaulting and duplicate detection (runtime.h).
#include <map>
#include <string>

#include "runtime/runtime.h"

namespace kro::runtime {

namespace {}  // namespace

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
  if (!object.is_object()) return id;
  std::string_view api_version = string_view_at(object, "apiVersion");
  if (auto slash = api_version.find('/'); slash != std::string_view::npos) {
    id.group = std::string(api_version.substr(0, slash));
    id.version = std::string(api_version.substr(slash + 1));
  } else {
    id.version = std::string(api_version);
  }
  id.kind = string_at(object, "kind");
  id.namespace_ = string_at(object, "metadata.namespace");
  id.name = string_at(object, "metadata.name");
  return id;
}

Status default_namespace(Json& object, bool kind_namespaced, std::string_view instance_namespace) {
  JsonObject* obj = object.if_object();
  if (obj == nullptr) return Error("object is not a map");
  Json& md = (*obj)["metadata"];
  if (md.is_null()) md = JsonObject();
  JsonObject* mdo = md.if_object();
  if (mdo == nullptr) return Error("metadata is not a map");
  std::string_view ns = string_view_at(md, "namespace");
  if (!kind_namespaced) {
    if (!ns.empty()) {
      return Error("cluster-scoped " + string_at(object, "kind") +
                   " must not set metadata.namespace (got \"" + std::string(ns) + "\")");
    }
    return {};
  }
  if (!ns.empty()) return {};
  if (instance_namespace.empty()) {
    return Error("namespaced " + string_at(object, "kind") +
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

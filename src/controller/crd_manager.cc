#include "controller/crd_manager.h"

#include <fmt/format.h>

#include <thread>

#include "kube/object_meta.h"
#include "schema/compat.h"
#include "schema/crd.h"

namespace kro::controller {
namespace {

const kube::GroupVersionResource kCrdGvr{"apiextensions.k8s.io", "v1", "customresourcedefinitions"};

bool is_established(const Json& crd) {
  const Json* conds = find_path(crd, "status.conditions");
  if (conds == nullptr || !conds->is_array()) return false;
  for (const Json& c : conds->as_array()) {
    if (!c.is_object()) continue;
    const auto* type = c.as_object().if_contains("type");
    const auto* status = c.as_object().if_contains("status");
    if (type != nullptr && status != nullptr && type->is_string() && status->is_string() &&
        type->as_string() == "Established" && status->as_string() == "True") {
      return true;
    }
  }
  return false;
}

// A names list as a comparable value: absent, null and [] are all the empty list.
Json names_list(const Json& crd, std::string_view field) {
  const Json* v = find_path(crd, "spec.names." + std::string(field));
  if (v == nullptr || !v->is_array() || v->as_array().empty()) return Json(nullptr);
  return *v;
}

}  // namespace

std::optional<Json> names_patch(const Json& live, const Json& desired) {
  JsonObject names;
  bool differ = false;
  for (std::string_view field : {"shortNames", "categories"}) {
    Json want = names_list(desired, field);
    differ = differ || !deep_equal(names_list(live, field), want);
    names[field] = std::move(want);
  }
  if (!differ) return std::nullopt;
  JsonObject spec;
  spec["names"] = std::move(names);
  JsonObject patch;
  patch["spec"] = std::move(spec);
  return Json(std::move(patch));
}

bool holds_all(const Json& live, const Json& desired) {
  if (desired.is_object()) {
    if (!live.is_object()) return false;
    const JsonObject& l = live.as_object();
    for (const auto& [key, value] : desired.as_object()) {
      const Json* have = l.if_contains(key);
      if (have == nullptr || !holds_all(*have, value)) return false;
    }
    return true;
  }
  return deep_equal(live, desired);
}

Result<CrdEnsureResult> CrdManager::ensure(const Json& desired, const std::string& rgd_name,
                                           const std::string& rgd_uid,
                                           bool allow_breaking_changes) {
  CrdEnsureResult out;
  const Json* name_j = find_path(desired, "metadata.name");
  if (name_j == nullptr || !name_j->is_string()) return Error("generated CRD has no name");
  std::string name(name_j->as_string());

  auto live = client_.get(kCrdGvr, "", name);
  if (!live.ok() && live.error().is_not_found()) {
    kube::WriteOptions wo;
    wo.field_manager = std::string(kCrdFieldManager);
    auto created = client_.create(kCrdGvr, "", desired, wo);
    if (created.ok()) {
      out.created = true;
      return out;
    }
    if (!created.error().is_already_exists()) {
      return Error("failed to create CRD: " + created.error().message);
    }
    live = client_.get(kCrdGvr, "", name);  // lost a race: judge the winner's CRD below
  }
  if (!live.ok()) return Error("failed to check for existing CRD: " + live.error().message);

  const Json& existing = *live;
  if (kube::label(existing, schema::kOwnedLabel) != "true") {
    return Error(
        fmt::format("failed to update CRD {}: CRD already exists and is not owned by KRO", name));
  }
  std::string owner = kube::label(existing, schema::kRgdNameLabel);
  if (!owner.empty() && owner != rgd_name) {
    return Error(
        fmt::format("failed to update CRD {}: CRD is owned by another ResourceGraphDefinition {}",
                    name, owner));
  }
  (void)rgd_uid;  // a different UID under the same name is a re-created RGD: adopted below

  auto report = schema::compare_crds(existing, desired);
  if (!report) {
    return Error("failed to check schema compatibility: " + report.error().message);
  }
  if (!report->compatible() && !allow_breaking_changes) {
    return Error(fmt::format("cannot update CRD {}: breaking changes detected: {}", name,
                             report->summary()));
  }
  std::optional<Json> names = names_patch(existing, desired);
  if (holds_all(existing, desired) && !names) return out;

  kube::ApplyOptions ao;
  ao.field_manager = std::string(kCrdFieldManager);
  ao.force = true;
  auto applied = client_.apply(kCrdGvr, "", desired, ao);
  if (!applied.ok()) {
    return Error("failed to patch CRD: " + applied.error().message);
  }
  if (names) {
    kube::WriteOptions wo;
    wo.field_manager = std::string(kCrdFieldManager);
    auto patched = client_.patch(kCrdGvr, "", name, kube::PatchType::kMerge, to_json(*names), wo);
    if (!patched.ok()) return Error("failed to patch CRD: " + patched.error().message);
  }
  out.updated = true;
  return out;
}

Status CrdManager::wait_established(const std::string& crd_name, std::chrono::milliseconds timeout,
                                    const std::stop_token& stop, std::chrono::milliseconds poll) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  std::string last = "not found";
  while (!stop.stop_requested()) {
    auto crd = client_.get(kCrdGvr, "", crd_name);
    if (crd.ok()) {
      if (is_established(*crd)) return {};
      last = "not established yet";
    } else {
      last = crd.error().message;
    }
    if (std::chrono::steady_clock::now() + poll > deadline) break;
    std::this_thread::sleep_for(poll);
  }
  return Error(fmt::format("CRD {} did not become established: {}", crd_name, last));
}

Result<bool> CrdManager::owned_by(const std::string& crd_name, const std::string& rgd_name) {
  auto live = client_.get(kCrdGvr, "", crd_name);
  if (!live.ok()) {
    if (live.error().is_not_found()) return false;
    return Error(fmt::format("cannot read CRD {}: {}", crd_name, live.error().message));
  }
  return kube::label(*live, schema::kRgdNameLabel) == rgd_name;
}

Result<bool> CrdManager::remove_if_owned(const std::string& crd_name, const std::string& rgd_name) {
  auto live = client_.get(kCrdGvr, "", crd_name);
  if (!live.ok()) {
    if (live.error().is_not_found()) return true;
    return Error(fmt::format("cannot read CRD {}: {}", crd_name, live.error().message));
  }
  if (kube::label(*live, schema::kRgdNameLabel) != rgd_name) return false;
  kube::DeleteOptions opts;
  const Json* uid = find_path(*live, "metadata.uid");
  if (uid != nullptr && uid->is_string()) opts.precondition_uid = std::string(uid->as_string());
  auto removed = client_.remove(kCrdGvr, "", crd_name, opts);
  if (!removed.ok() && !removed.error().is_not_found()) {
    return Error(fmt::format("cannot delete CRD {}: {}", crd_name, removed.error().message));
  }
  return true;
}

}  // namespace kro::controller

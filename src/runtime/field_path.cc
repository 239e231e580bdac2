#include "runtime/field_path.h"

namespace kro::runtime {

Json* find_at(Json& root, const std::vector<PathStep>& steps) {
  Json* cur = &root;
  for (const auto& step : steps) {
    if (const auto* name = std::get_if<std::string>(&step)) {
      auto* obj = cur->if_object();
      if (obj == nullptr) return nullptr;
      cur = obj->if_contains(*name);
    } else {
      auto* arr = cur->if_array();
      std::size_t index = std::get<std::size_t>(step);
      if (arr == nullptr || index >= arr->size()) return nullptr;
      cur = &(*arr)[index];
    }
    if (cur == nullptr) return nullptr;
  }
  return cur;
}

Status upsert_at(Json& root, const std::vector<PathStep>& steps, Json value) {
  Json* cur = &root;
  for (std::size_t k = 0; k < steps.size(); ++k) {
    const bool last = k + 1 == steps.size();
    Json* next = nullptr;
    if (const auto* name = std::get_if<std::string>(&steps[k])) {
      if (cur->is_null()) *cur = JsonObject();
      auto* obj = cur->if_object();
      if (obj == nullptr) return Error("cannot set field \"" + *name + "\" on a non-object");
      next = &(*obj)[*name];
    } else {
      std::size_t index = std::get<std::size_t>(steps[k]);
      if (cur->is_null()) *cur = JsonArray();
      auto* arr = cur->if_array();
      if (arr == nullptr) {
        return Error("cannot set index " + std::to_string(index) + " on a non-array");
      }
      if (index >= arr->size()) arr->resize(index + 1);
      next = &(*arr)[index];
    }
    if (last) {
      *next = std::move(value);
      return {};
    }
    cur = next;
  }
  return {};
}

bool erase_at(Json& root, const std::vector<PathStep>& steps) {
  if (steps.empty()) return false;
  std::vector<PathStep> parent_steps(steps.begin(), steps.end() - 1);
  Json* parent = find_at(root, parent_steps);
  if (parent == nullptr) return false;
  if (const auto* name = std::get_if<std::string>(&steps.back())) {
    auto* obj = parent->if_object();
    return obj != nullptr && obj->erase(*name) > 0;
  }
  auto* arr = parent->if_array();
  std::size_t index = std::get<std::size_t>(steps.back());
  if (arr == nullptr || index >= arr->size()) return false;
  arr->erase(arr->begin() + static_cast<std::ptrdiff_t>(index));
  return true;
}

}  // namespace kro::runtime

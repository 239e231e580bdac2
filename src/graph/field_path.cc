#include "graph/field_path.h"

#include <charconv>

namespace kro::graph {

namespace {

// Undoes one JSON-pointer step's escaping (~1 → '/', ~0 → '~').
std::string unescape_step(std::string_view step) {
  std::string out;
  for (std::size_t i = 0; i < step.size(); ++i) {
    if (step[i] == '~' && i + 1 < step.size()) {
      out += step[i + 1] == '1' ? '/' : '~';
      ++i;
    } else {
      out += step[i];
    }
  }
  return out;
}

}  // namespace

std::string pointer_to_path(std::string_view pointer, const Json& root) {
  std::string path;
  const Json* node = &root;
  std::size_t pos = 0;
  while (pos < pointer.size() && pointer[pos] == '/') {
    std::size_t next = pointer.find('/', pos + 1);
    std::string step = unescape_step(
        pointer.substr(pos + 1, next == std::string_view::npos ? next : next - pos - 1));
    std::size_t index = 0;
    auto [end, ec] = std::from_chars(step.data(), step.data() + step.size(), index);
    bool numeric = ec == std::errc() && end == step.data() + step.size() && !step.empty();
    if (numeric && (node == nullptr || node->is_array())) {
      path = join_index(path, index);
      const JsonArray* arr = node != nullptr ? node->if_array() : nullptr;
      node = arr != nullptr && index < arr->size() ? &(*arr)[index] : nullptr;
    } else {
      path = join_field(path, step);
      const JsonObject* obj = node != nullptr ? node->if_object() : nullptr;
      node = obj != nullptr ? obj->if_contains(step) : nullptr;
    }
    if (next == std::string_view::npos) break;
    pos = next;
  }
  return path;
}

}  // namespace kro::graph

// ObservedState and the small accessors of the result types (runtime.h).
#include <algorithm>
#include <array>

#include "runtime/runtime.h"

namespace kro::runtime {

void ObservedState::set(std::string id, Document object) {
  Entry e;
  e.object = std::move(object);
  entries_.insert_or_assign(std::move(id), std::move(e));
}

void ObservedState::set_items(std::string id, std::vector<Document> items) {
  Entry e;
  e.is_list = true;
  e.items = std::move(items);
  entries_.insert_or_assign(std::move(id), std::move(e));
}

void ObservedState::erase(std::string_view id) {
  auto it = entries_.find(id);
  if (it != entries_.end()) entries_.erase(it);
}

bool ObservedState::contains(std::string_view id) const {
  return entries_.find(id) != entries_.end();
}

const Document* ObservedState::object(std::string_view id) const {
  auto it = entries_.find(id);
  if (it == entries_.end() || it->second.is_list || it->second.object == nullptr) return nullptr;
  return &it->second.object;
}

const std::vector<Document>* ObservedState::items(std::string_view id) const {
  auto it = entries_.find(id);
  if (it == entries_.end() || !it->second.is_list) return nullptr;
  return &it->second.items;
}

std::string_view to_string(NodeState s) {
  switch (s) {
    case NodeState::kSkipped:
      return "Skipped";
    case NodeState::kPending:
      return "Pending";
    case NodeState::kResolved:
      return "Resolved";
    case NodeState::kError:
      return "Error";
  }
  return "Unknown";
}

std::string_view to_string(Readiness r) {
  switch (r) {
    case Readiness::kUnknown:
      return "Unknown";
    case Readiness::kNotObserved:
      return "NotObserved";
    case Readiness::kNotReady:
      return "NotReady";
    case Readiness::kReady:
      return "Ready";
  }
  return "Unknown";
}

const NodeResult* Evaluation::node(std::string_view id) const {
  for (const auto& n : nodes) {
    if (n.id == id) return &n;
  }
  return nullptr;
}

bool Evaluation::all_resolved() const {
  return std::all_of(nodes.begin(), nodes.end(), [](const NodeResult& n) {
    return n.state == NodeState::kResolved || n.state == NodeState::kSkipped;
  });
}

bool Evaluation::all_ready() const {
  return std::all_of(nodes.begin(), nodes.end(), [](const NodeResult& n) {
    return n.state == NodeState::kSkipped ||
           (n.state == NodeState::kResolved && n.readiness == Readiness::kReady);
  });
}

std::vector<std::string> Evaluation::ids_in(NodeState s) const {
  std::vector<std::string> out;
  for (const auto& n : nodes) {
    if (n.state == s) out.push_back(n.id);
  }
  return out;
}

bool is_data_pending_message(std::string_view message) {
  static constexpr std::array<std::string_view, 4> kPatterns = {
      "no such key", "no such field", "no such attribute", "index out of bounds"};
  return std::any_of(kPatterns.begin(), kPatterns.end(), [message](std::string_view p) {
    return message.find(p) != std::string_view::npos;
  });
}

}  // namespace kro::runtime

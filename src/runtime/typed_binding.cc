#include "runtime/typed_binding.h"

#include <optional>
#include <set>
#include <utility>
#include <vector>

#include "cel/common/time.h"
#include "cel/lib/ext/base64.h"

namespace kro::runtime {

namespace {

using Node = FormatTree::Node;
using NodePtr = std::shared_ptr<const Node>;

FormatTree::Format format_of(std::string_view f) {
  if (f == "byte") return FormatTree::Format::kBytes;
  if (f == "date-time" || f == "date") return FormatTree::Format::kTimestamp;
  if (f == "duration") return FormatTree::Format::kDuration;
  return FormatTree::Format::kNone;
}

std::string_view string_member(const JsonObject& o, std::string_view key) {
  const Json* v = o.if_contains(key);
  if (v == nullptr || !v->is_string()) return {};
  return {v->get_string().data(), v->get_string().size()};
}

// Walks a schema; shared sub-schemas ($ref targets such as ObjectMeta) are built once.
// Recursive schemas are cut where they re-enter themselves.
class Builder {
 public:
  explicit Builder(const graph::KindSchema& ks) : ks_(ks) {}

  NodePtr walk(const Json* s, int depth) {
    s = ks_.deref(s);
    if (s == nullptr || !s->is_object() || depth > 64) return nullptr;
    if (auto it = done_.find(s); it != done_.end()) return it->second;
    if (!active_.insert(s).second) return nullptr;  // a cycle: nothing formatted through it
    NodePtr out = build(s->get_object(), depth);
    active_.erase(s);
    done_.emplace(s, out);
    return out;
  }

 private:
  NodePtr build(const JsonObject& o, int depth) {
    auto node = std::make_shared<Node>();
    bool any = false;
    if (string_member(o, "type") == "string") {
      node->format = format_of(string_member(o, "format"));
      any = node->format != FormatTree::Format::kNone;
    }
    if (const Json* props = o.if_contains("properties"); props != nullptr && props->is_object()) {
      for (const auto& kv : props->get_object()) {
        if (NodePtr child = walk(&kv.value(), depth + 1)) {
          node->fields.emplace(std::string(kv.key()), std::move(child));
          any = true;
        }
      }
    }
    if (const Json* ap = o.if_contains("additionalProperties"); ap != nullptr && ap->is_object()) {
      node->values = walk(ap, depth + 1);
      any = any || node->values != nullptr;
    }
    if (const Json* items = o.if_contains("items"); items != nullptr && items->is_object()) {
      node->items = walk(items, depth + 1);
      any = any || node->items != nullptr;
    }
    return any ? NodePtr(std::move(node)) : nullptr;
  }

  const graph::KindSchema& ks_;
  std::map<const Json*, NodePtr> done_;
  std::set<const Json*> active_;
};

// The converted value of a formatted string; nullopt when it does not parse (it then stays a
// string, as the API server validated it on the way in).
std::optional<cel::Value> convert_string(const Json& j, FormatTree::Format f) {
  const json::string& s = j.get_string();
  std::string_view text(s.data(), s.size());
  switch (f) {
    case FormatTree::Format::kBytes:
      if (auto b = cel::ext::base64_decode_strict(text, true); b.ok()) {
        return cel::Value::bytes(std::move(*b));
      }
      break;
    case FormatTree::Format::kTimestamp:
      if (auto t = cel::parse_timestamp(text); t.ok() && cel::timestamp_in_range(*t)) {
        return cel::Value::timestamp(*t);
      }
      if (text.size() == 10) {  // format: date ("2026-01-02") is midnight UTC
        if (auto t = cel::parse_timestamp(std::string(text) + "T00:00:00Z"); t.ok()) {
          return cel::Value::timestamp(*t);
        }
      }
      break;
    case FormatTree::Format::kDuration:
      if (auto d = cel::parse_duration(text); d.ok()) return cel::Value::duration(*d);
      break;
    case FormatTree::Format::kNone:
      break;
  }
  return std::nullopt;
}

// The converted form of j, or nullopt when nothing in it converts (the caller then reads it in
// place): only the spine from the root to the converted fields is rebuilt.
std::optional<cel::Value> convert(const Document& doc, const Json& j, const Node* n) {
  if (n == nullptr) return std::nullopt;
  if (j.is_string()) {
    if (n->format == FormatTree::Format::kNone) return std::nullopt;
    return convert_string(j, n->format);
  }
  if (const JsonObject* o = j.if_object(); o != nullptr && (!n->fields.empty() || n->values)) {
    std::vector<std::pair<std::size_t, cel::Value>> changed;
    std::size_t i = 0;
    for (const auto& kv : *o) {
      const Node* child = n->values.get();
      if (auto it = n->fields.find(std::string_view(kv.key().data(), kv.key().size()));
          it != n->fields.end()) {
        child = it->second.get();
      }
      if (auto v = convert(doc, kv.value(), child)) changed.emplace_back(i, std::move(*v));
      ++i;
    }
    if (changed.empty()) return std::nullopt;
    std::vector<std::pair<cel::Value, cel::Value>> entries;
    entries.reserve(o->size());
    auto next = changed.begin();
    i = 0;
    for (const auto& kv : *o) {
      cel::Value key = cel::Value::string(std::string(kv.key()));
      if (next != changed.end() && next->first == i) {
        entries.emplace_back(std::move(key), std::move(next->second));
        ++next;
      } else {
        entries.emplace_back(std::move(key), cel::Value::from_json(doc, kv.value()));
      }
      ++i;
    }
    return cel::Value::map(std::move(entries));
  }
  if (const JsonArray* a = j.if_array(); a != nullptr && n->items) {
    std::vector<std::pair<std::size_t, cel::Value>> changed;
    for (std::size_t i = 0; i < a->size(); ++i) {
      if (auto v = convert(doc, (*a)[i], n->items.get())) changed.emplace_back(i, std::move(*v));
    }
    if (changed.empty()) return std::nullopt;
    std::vector<cel::Value> items;
    items.reserve(a->size());
    auto next = changed.begin();
    for (std::size_t i = 0; i < a->size(); ++i) {
      if (next != changed.end() && next->first == i) {
        items.push_back(std::move(next->second));
        ++next;
      } else {
        items.push_back(cel::Value::from_json(doc, (*a)[i]));
      }
    }
    return cel::Value::list(std::move(items));
  }
  return std::nullopt;
}

}  // namespace

std::shared_ptr<const FormatTree> FormatTree::build(const graph::KindSchema& schema) {
  Builder b(schema);
  NodePtr root = b.walk(&schema.schema, 0);
  if (root == nullptr) return nullptr;
  auto tree = std::make_shared<FormatTree>();
  tree->root_ = std::move(root);
  return tree;
}

cel::Value FormatTree::bind(const FormatTree* tree, const Document& doc) {
  if (tree != nullptr) {
    if (auto v = convert(doc, *doc, tree->root_.get())) return std::move(*v);
  }
  return cel::Value::from_json(doc);
}

}  // namespace kro::runtime

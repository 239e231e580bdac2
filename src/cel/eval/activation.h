// Activation: the variables an expression is evaluated against, looked up by (qualified) name.
//
// kro binds each resource id to the JSON document of the object (Value::from_json), so a
// binding is a reference-count increment, never a conversion.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "cel/common/value.h"

namespace kro::cel::eval {

class Activation {
 public:
  virtual ~Activation() = default;
  // The value bound to `name` (a plain or dotted name such as "x.y"); nullopt when unbound.
  virtual std::optional<Value> find(std::string_view name) const = 0;
};

// An activation backed by a hash map.
class MapActivation final : public Activation {
 public:
  void bind(std::string name, Value value) {
    vars_.insert_or_assign(std::move(name), std::move(value));
  }
  std::optional<Value> find(std::string_view name) const override {
    auto it = vars_.find(name);
    if (it == vars_.end()) return std::nullopt;
    return it->second;
  }

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, Value, Hash, std::equal_to<>> vars_;
};

}  // namespace kro::cel::eval

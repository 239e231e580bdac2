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

  // Optional fast paths for the interpreter; the defaults are always correct.
  // The bound value itself, for activations that store their values (valid while the activation
  // lives and is not modified); nullptr when unbound or not stored (then find() is asked).
  virtual const Value* find_stored(std::string_view name) const {
    (void)name;
    return nullptr;
  }
  // False when no bound name contains a dot, so qualified candidates like "a.b" for `a.b` need
  // no lookup.
  virtual bool may_bind_dotted_names() const { return true; }
};

// An activation backed by a hash map.
class MapActivation final : public Activation {
 public:
  void bind(std::string name, Value value) {
    if (name.find('.') != std::string::npos) dotted_ = true;
    vars_.insert_or_assign(std::move(name), std::move(value));
  }
  std::optional<Value> find(std::string_view name) const override {
    auto it = vars_.find(name);
    if (it == vars_.end()) return std::nullopt;
    return it->second;
  }
  const Value* find_stored(std::string_view name) const override {
    auto it = vars_.find(name);
    return it == vars_.end() ? nullptr : &it->second;
  }
  bool may_bind_dotted_names() const override { return dotted_; }

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, Value, Hash, std::equal_to<>> vars_;
  bool dotted_ = false;
};

}  // namespace kro::cel::eval

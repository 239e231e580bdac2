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
  // find_stored() with the name's name_hash() computed in advance (the planner hashes each
  // variable name once, so hashed activations need not hash it per evaluation).
  virtual const Value* find_stored_hashed(std::string_view name, std::size_t hash) const {
    (void)hash;
    return find_stored(name);
  }
  static std::size_t name_hash(std::string_view name) {
    return std::hash<std::string_view>{}(name);
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
  const Value* find_stored_hashed(std::string_view name, std::size_t hash) const override {
    auto it = vars_.find(HashedName{name, hash});
    return it == vars_.end() ? nullptr : &it->second;
  }
  bool may_bind_dotted_names() const override { return dotted_; }

 private:
  // A name with its name_hash(): looked up without hashing it again.
  struct HashedName {
    std::string_view name;
    std::size_t hash;
    friend bool operator==(const HashedName& a, const std::string& b) { return a.name == b; }
  };
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return name_hash(s); }
    std::size_t operator()(const HashedName& h) const { return h.hash; }
  };
  std::unordered_map<std::string, Value, Hash, std::equal_to<>> vars_;
  bool dotted_ = false;
};

}  // namespace kro::cel::eval
